import type { PrefillSource } from '../schemas/generated/form-definition.ts';
import type { SchemaNode } from './walk-schema.ts';

/**
 * The annotation keyword marking a top-level field whose one answer applies to every child in a
 * family. create-ajv.ts registers it so ajv's strict mode accepts it; it validates nothing.
 */
export const familyKeyword = 'x-family';

/** How a field is answered, which decides its burden and its messages. */
export type FieldKind = 'group' | 'list' | 'text' | 'long-text' | 'choice' | 'date' | 'number';

/** One field of a form as users see it. */
export interface FormField {
  /** Data pointer, e.g. /child/dateOfBirth; within a list, * stands for the item's index. */
  pointer: string;
  /** The key of the field in its object. */
  key: string;
  /** JSON Forms scope, e.g. #/properties/child/properties/dateOfBirth. */
  scope: string;
  /** The label users see: the layout's, else the schema title, else the humanised key. */
  label: string;
  /** False when the label was made from the key because neither layout nor schema gives one. */
  labelled: boolean;
  kind: FieldKind;
  /** Type signature for comparing versions: string, string:date, integer, array<string> ... */
  type: string;
  /** Required by the object that holds it. */
  required: boolean;
  /** Marked x-family: one answer for every child in the family. */
  family: boolean;
  /** Where the field takes its first value from, if anywhere. */
  prefill: PrefillSource | undefined;
  /** The values a choice allows, if the field lists them. */
  choices: readonly unknown[] | undefined;
  /** True when the layout shows a control for the field or for a group or list holding it. */
  placed: boolean;
  /**
   * True when users cannot change the answer: the form is read-only, the layout says
   * options.readonly, the schema says readOnly, or the group or list holding it is read-only.
   */
  readonly: boolean;
  /** The field's schema, $refs followed. */
  schema: SchemaNode;
}
