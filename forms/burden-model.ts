import type { FieldKind } from './form-field.ts';

/**
 * The burden model: seconds a practitioner spends on one field of each kind. Rough, and meant to
 * compare forms and versions rather than to time anyone. Long text is professional analysis
 * (a multi-line box, or maxLength over 200) and dominates, as it should: the model makes a form
 * of tick boxes look cheap only when it really has few of them. A prefilled field costs a glance
 * to check. Groups and lists cost nothing themselves; their fields are counted once. Kept apart
 * from burden.ts so that the web app's designer estimates with the same numbers.
 */
export const secondsPerField: Record<Exclude<FieldKind, 'group' | 'list'>, number> = {
  text: 20,
  'long-text': 300,
  choice: 10,
  date: 15,
  number: 15,
};

/** Seconds to check a value that prefill already filled in. */
export const secondsPerPrefilledField = 3;
