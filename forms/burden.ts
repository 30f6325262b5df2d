import { secondsPerField, secondsPerPrefilledField } from './burden-model.ts';
import type { FormField } from './form-field.ts';
import { normaliseLabel } from './humanise.ts';
import type { LoadedForm } from './loaded-form.ts';

export { secondsPerField, secondsPerPrefilledField };

/** How much a form asks of whoever fills it in. */
export interface FormBurden {
  /** Questions asked: fields other than groups and lists. */
  fields: number;
  requiredFields: number;
  /** Short and long text typed in the user's own words. */
  freeTextFields: number;
  /** Fields answered by choosing: lists of options, yes/no. */
  choiceFields: number;
  /** Fields prefilled from an earlier form: shown, not asked again. */
  prefilledFields: number;
  /** The definition's estimatedMinutes when it gives one, else the model's, rounded up. */
  estimatedMinutes: number;
}

/** The burden of one form under the model above. */
export function formBurden(form: LoadedForm): FormBurden {
  const questions = form.fields.filter(isQuestion);
  let seconds = 0;
  for (const field of questions) {
    const kind = field.kind as keyof typeof secondsPerField;
    seconds += field.prefill ? secondsPerPrefilledField : secondsPerField[kind];
  }
  return {
    fields: questions.length,
    requiredFields: questions.filter((f) => f.required).length,
    freeTextFields: questions.filter((f) => f.kind === 'text' || f.kind === 'long-text').length,
    choiceFields: questions.filter((f) => f.kind === 'choice').length,
    prefilledFields: questions.filter((f) => f.prefill).length,
    estimatedMinutes: form.definition.estimatedMinutes ?? Math.ceil(seconds / 60),
  };
}

/** The same question asked on more than one form of a pack. */
export interface DuplicateQuestion {
  /** The normalised label, or the key and type, that the occurrences share. */
  question: string;
  occurrences: { formId: string; pointer: string; label: string }[];
}

/** The burden of a pack of forms: totals, each form's, and the questions asked twice. */
export interface PackBurden extends FormBurden {
  forms: { id: string; version: number; burden: FormBurden }[];
  duplicates: DuplicateQuestion[];
}

/**
 * Adds up the burden of a pack and finds questions asked on more than one form: the same
 * normalised label, or the same key with the same type. A prefilled field is not asked, so it is
 * never a duplicate; that is how a pack fixes one.
 */
export function packBurden(forms: readonly LoadedForm[]): PackBurden {
  const perForm = forms.map((form) => ({
    id: form.id,
    version: form.version,
    burden: formBurden(form),
  }));
  const sum = (key: keyof FormBurden) => perForm.reduce((total, f) => total + f.burden[key], 0);
  return {
    fields: sum('fields'),
    requiredFields: sum('requiredFields'),
    freeTextFields: sum('freeTextFields'),
    choiceFields: sum('choiceFields'),
    prefilledFields: sum('prefilledFields'),
    estimatedMinutes: sum('estimatedMinutes'),
    forms: perForm,
    duplicates: findDuplicates(forms),
  };
}

interface Occurrence {
  formId: string;
  field: FormField;
}

function findDuplicates(forms: readonly LoadedForm[]): DuplicateQuestion[] {
  const asked: Occurrence[] = forms.flatMap((form) =>
    form.fields
      .filter((f) => isQuestion(f) && !f.prefill)
      .map((field) => ({ formId: form.id, field })),
  );
  // Occurrences sharing a label or a key-and-type are one question: union them into groups.
  const parent = asked.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i]!;
    return i;
  };
  const firstWith = new Map<string, number>();
  asked.forEach((occurrence, i) => {
    for (const key of questionKeys(occurrence.field)) {
      const j = firstWith.get(key);
      if (j === undefined) firstWith.set(key, i);
      else parent[root(i)] = root(j);
    }
  });
  const groups = new Map<number, Occurrence[]>();
  asked.forEach((occurrence, i) => {
    const group = groups.get(root(i)) ?? [];
    group.push(occurrence);
    groups.set(root(i), group);
  });
  return [...groups.values()]
    .filter((group) => new Set(group.map((o) => o.formId)).size > 1)
    .map((group) => ({
      question: normaliseLabel(group[0]!.field.label),
      occurrences: group.map((o) => ({
        formId: o.formId,
        pointer: o.field.pointer,
        label: o.field.label,
      })),
    }));
}

function questionKeys(field: FormField): string[] {
  return [`label:${normaliseLabel(field.label)}`, `key:${field.key}:${field.type}`];
}

function isQuestion(field: FormField): boolean {
  return field.kind !== 'group' && field.kind !== 'list';
}
