import { pointerTokens, valueAt } from './json-pointer.ts';
import type { LoadedForm } from './loaded-form.ts';
import { isSchemaNode } from './walk-schema.ts';

/** A submission of an earlier form on the same case or family, as prefill reads it. */
export interface EarlierSubmission {
  formId: string;
  data: unknown;
  /** ISO 8601 instant; the latest submission of a form is the one prefill reads. */
  submittedAt: string;
}

/**
 * The first values of a form's prefilled fields ("ask once"), taken from the latest earlier
 * submission of each source form; fields whose source has no answer are left out. Which
 * submissions count (this case, siblings in the family) is the caller's choice. Values are copied,
 * so editing the result changes no earlier submission.
 */
export function prefillFor(
  form: LoadedForm,
  earlierSubmissions: readonly EarlierSubmission[],
): Record<string, unknown> {
  const latest = new Map<string, EarlierSubmission>();
  for (const submission of earlierSubmissions) {
    const current = latest.get(submission.formId);
    // Ties go to the later entry, so a caller listing oldest first gets the newest.
    if (!current || submission.submittedAt >= current.submittedAt)
      latest.set(submission.formId, submission);
  }
  const data: Record<string, unknown> = {};
  for (const [target, source] of Object.entries(form.definition.prefill ?? {})) {
    const submission = latest.get(source.form);
    if (!submission) continue;
    const value = valueAt(submission.data, source.field.split('/'));
    if (value !== undefined) setAt(data, pointerTokens(`/${target}`), structuredClone(value));
  }
  return data;
}

function setAt(data: Record<string, unknown>, tokens: string[], value: unknown): void {
  let node = data;
  for (const token of tokens.slice(0, -1)) {
    const next = node[token];
    if (!isSchemaNode(next)) node[token] = {};
    node = node[token] as Record<string, unknown>;
  }
  node[tokens.at(-1)!] = value;
}
