import type { ErrorObject } from 'ajv';
import { labelFromPointerTokens, problemMessage } from './error-words.ts';
import { escapeToken, fieldPointerFor, pointerTokens } from './json-pointer.ts';
import type { LoadedForm } from './loaded-form.ts';

/** One problem with a submission, in the words its user sees. */
export interface SubmissionError {
  /** JSON pointer of the field in the data, e.g. /child/dateOfBirth or /members/0/name. */
  pointer: string;
  /** The field's label as the user sees it. */
  label: string;
  /** What to do about it, in plain words. */
  message: string;
  /** The JSON Schema keyword that failed, for code that needs to tell problems apart. */
  keyword: string;
}

/**
 * The data pointer of the field an ajv error is about. Errors that name a missing, extra or
 * badly named property point at that property, not at the object holding it.
 */
export function fieldPointerOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const child =
    params.missingProperty ??
    params.additionalProperty ??
    (error.keyword === 'propertyNames' ? params.propertyName : undefined);
  return typeof child === 'string'
    ? `${error.instancePath}/${escapeToken(child)}`
    : error.instancePath;
}

/** Maps one ajv error to the field it concerns and a message a practitioner can act on. */
export function describeError(error: ErrorObject, form: LoadedForm): SubmissionError {
  const pointer = fieldPointerOf(error);
  const field = form.fieldByPointer.get(fieldPointerFor(pointer));
  const label = field?.label ?? labelFromPointer(pointer, form.title);
  return {
    pointer,
    label,
    message: problemMessage(error, label, field?.kind),
    keyword: error.keyword,
  };
}

function labelFromPointer(pointer: string, formTitle: string): string {
  return labelFromPointerTokens(pointerTokens(pointer), formTitle);
}
