/**
 * forms/: form definitions written in JSON Schema. Pure: no I/O, clock or randomness.
 */
export type { DuplicateQuestion, FormBurden, PackBurden } from './burden.ts';
export { formBurden, packBurden, secondsPerField, secondsPerPrefilledField } from './burden.ts';
export { createAjv, familyKeyword } from './create-ajv.ts';
export type { FieldRef, FormDiff } from './diff-forms.ts';
export { diffForms } from './diff-forms.ts';
export type { SubmissionError } from './error-messages.ts';
export { describeError, fieldPointerOf } from './error-messages.ts';
export type { FormErrorCode, FormFinding } from './errors.ts';
export { FormError, formErrorCatalog, isFormError } from './errors.ts';
export type { FieldKind, FormField } from './form-field.ts';
export { formLimits } from './limits.ts';
export { lintForm } from './lint-form.ts';
export { loadForm } from './load-form.ts';
export type { LoadedForm } from './loaded-form.ts';
export type { EarlierSubmission } from './prefill.ts';
export { prefillFor } from './prefill.ts';
export type { FormRefusalCode } from './refusals.ts';
export { formRefusals } from './refusals.ts';
export { unsafePatternReason } from './safe-pattern.ts';
export type { SubmissionResult } from './validate-submission.ts';
export { validateSubmission } from './validate-submission.ts';
