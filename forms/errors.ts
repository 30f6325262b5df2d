/**
 * The errors forms/ raises. forms/ is pure and knows nothing of HTTP: the server maps these codes
 * to statuses (both are client mistakes: 400, or 413 for a definition that is too large).
 */

export const formErrorCatalog = {
  LF_FORM_INVALID: { message: 'The form definition is not valid.' },
  LF_FORM_TOO_LARGE: { message: 'The form definition is too large or too deeply nested.' },
} as const satisfies Record<string, { message: string }>;

/** A stable error code of forms/. */
export type FormErrorCode = keyof typeof formErrorCatalog;

/** One problem lintForm found, located by a JSON pointer into the definition. */
export interface FormFinding {
  severity: 'error' | 'warning';
  /** Stable, kebab-case: what kind of problem, e.g. unsafe-pattern, unknown-scope. */
  code: string;
  /** JSON pointer into the definition, e.g. /schema/properties/name/pattern. */
  path: string;
  message: string;
}

/** An error with a forms/ code; details.problems lists every finding that stopped the load. */
export class FormError extends Error {
  readonly code: FormErrorCode;
  readonly details: { problems: FormFinding[] };

  constructor(code: FormErrorCode, problems: FormFinding[], subject = 'The form definition') {
    super(describeProblems(subject, code, problems));
    this.name = 'FormError';
    this.code = code;
    this.details = { problems };
  }
}

/** True when `value` is a FormError, optionally with the given code. */
export function isFormError(value: unknown, code?: FormErrorCode): value is FormError {
  return value instanceof FormError && (code === undefined || value.code === code);
}

function describeProblems(subject: string, code: FormErrorCode, problems: FormFinding[]): string {
  const headline = formErrorCatalog[code].message.replace('The form definition', subject);
  const lines = problems.map((p) => `- ${p.path || '/'}: ${p.message}`);
  return [headline, ...lines].join('\n');
}
