import type { ErrorObject } from 'ajv';
import { describeError, type SubmissionError } from './error-messages.ts';
import { fieldPointerFor } from './json-pointer.ts';
import type { LoadedForm } from './loaded-form.ts';

/** Whether a submission (or draft) is acceptable, and if not, what to fix where. */
export interface SubmissionResult {
  ok: boolean;
  errors: SubmissionError[];
}

const valid: SubmissionResult = Object.freeze({ ok: true, errors: Object.freeze([]) as never });

/**
 * Checks data against a loaded form. With draft: true, missing answers are fine at any depth but
 * wrong ones are not. Never throws: a failure to check is returned as an error on the root.
 */
export function validateSubmission(
  form: LoadedForm,
  data: unknown,
  options: { draft?: boolean } = {},
): SubmissionResult {
  try {
    const validate = options.draft ? form.validators.draft : form.validators.full;
    if (validate(data)) return valid;
    return { ok: false, errors: describeErrors(validate.errors ?? [], form) };
  } catch (error) {
    const message = `The answers could not be checked: ${(error as Error)?.message ?? String(error)}`;
    return {
      ok: false,
      errors: [{ pointer: '', label: form?.title ?? '', message, keyword: 'error' }],
    };
  }
}

/**
 * Plain-words errors, one per problem, in the order the form asks its questions (answers to
 * questions it does not ask come last). The details ajv gives inside a failed oneOf or anyOf, an
 * if/then, or a property-name check repeat what the outer error says, so they are dropped; but a
 * oneOf or anyOf of a single schema (an if/then wrapped in anyOf, say) says nothing its schema's
 * own errors do not say better, so for it the inner errors are kept instead.
 */
function describeErrors(errors: ErrorObject[], form: LoadedForm): SubmissionError[] {
  const result: { error: SubmissionError; position: number }[] = [];
  const seen = new Set<string>();
  const single = singleAlternatives(errors);
  for (const error of errors) {
    if (!isReported(error, single)) continue;
    const described = describeError(error, form);
    const key = `${described.pointer}\n${described.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const field = form.fieldByPointer.get(fieldPointerFor(described.pointer));
    const position = field ? form.fields.indexOf(field) : form.fields.length;
    result.push({ error: described, position });
  }
  return result.sort((a, b) => a.position - b.position).map((r) => r.error);
}

/** Schema paths of the failed oneOfs and anyOfs that have one alternative only. */
function singleAlternatives(errors: ErrorObject[]): Set<string> {
  return new Set(
    errors
      .filter((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf') && isSingle(e.schema))
      .map((e) => e.schemaPath),
  );
}

function isSingle(alternatives: unknown): boolean {
  return Array.isArray(alternatives) && alternatives.length === 1;
}

const detailKeywords = new Set(['oneOf', 'anyOf', 'propertyNames']);

function isReported(error: ErrorObject, single: Set<string>): boolean {
  if (error.keyword === 'if') return false;
  if (single.has(error.schemaPath)) return false;
  const tokens = error.schemaPath.split('/');
  // Reported unless it lies inside a combinator, where only a single alternative lets it through.
  for (let i = 0; i < tokens.length - 1; i++) {
    if (!detailKeywords.has(tokens[i]!)) continue;
    if (!single.has(tokens.slice(0, i + 1).join('/'))) return false;
  }
  return true;
}
