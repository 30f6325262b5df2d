import type { FormDefinition } from '../schemas/generated/form-definition.ts';
import type { FormValidators } from './compile-validators.ts';
import type { FormFinding } from './errors.ts';
import type { FormField } from './form-field.ts';

/** A checked form, ready to validate submissions. Immutable, and shared through the cache. */
export interface LoadedForm {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  /** The definition as loaded: a frozen copy, never the caller's object. */
  readonly definition: Readonly<FormDefinition>;
  /** Every field in schema order, groups and lists included. */
  readonly fields: readonly FormField[];
  /** Fields by data pointer (list items as *), for naming the field an error is about. */
  readonly fieldByPointer: ReadonlyMap<string, FormField>;
  /** What lintForm warned about; a form with warnings still loads. */
  readonly warnings: readonly FormFinding[];
  /** The compiled ajv validators; use validateSubmission, which names fields in plain words. */
  readonly validators: FormValidators;
}
