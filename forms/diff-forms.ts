import type { FormField } from './form-field.ts';
import { normaliseLabel } from './humanise.ts';
import type { LoadedForm } from './loaded-form.ts';

/** A field as a diff names it. */
export interface FieldRef {
  pointer: string;
  label: string;
  type: string;
}

/** What changed between two versions of a form, and whether answers to the old one still fit. */
export interface FormDiff {
  added: FieldRef[];
  removed: FieldRef[];
  /**
   * A field removed and one added with the same type and the same label, or the same place
   * among the keys of the same object (a key renamed): probably the same question.
   */
  renamed: { from: FieldRef; to: FieldRef }[];
  retyped: { pointer: string; label: string; from: string; to: string; breaking: boolean }[];
  madeRequired: FieldRef[];
  /** Choices that answers to the old version may hold but the new one refuses. */
  narrowedChoices: { pointer: string; label: string; removed: unknown[] }[];
  /** Questions still in the schema (their answers kept) that the layout no longer shows. */
  hidden: FieldRef[];
  /** Questions the layout shows again. */
  shown: FieldRef[];
  madeOptional: FieldRef[];
  /** Questions whose words changed (their key, and so their answers, did not). */
  relabelled: { pointer: string; from: string; to: string }[];
  /** Choices a question offers that it did not before. */
  addedChoices: { pointer: string; label: string; added: unknown[] }[];
  /** The change in plain words: "2 questions hidden, 1 made optional; nothing breaking". */
  summary: string;
  /** True when a submission valid against a may be invalid against b, or lose answers. */
  breaking: boolean;
  /** One sentence for each breaking change. */
  reasons: string[];
}

/**
 * Compares two versions of a form field by field (by data pointer). Removing, renaming or
 * retyping a field, making one required (or adding a required one) and narrowing its choices
 * break existing submissions; adding optional fields and widening types do not.
 */
export function diffForms(a: LoadedForm, b: LoadedForm): FormDiff {
  const before = new Map(a.fields.map((f) => [f.pointer, f]));
  const after = new Map(b.fields.map((f) => [f.pointer, f]));
  const removedFields = outermost(a.fields.filter((f) => !after.has(f.pointer)));
  const addedFields = outermost(b.fields.filter((f) => !before.has(f.pointer)));
  const renamed = pairRenames(
    removedFields,
    addedFields,
    siblingIndex(a.fields),
    siblingIndex(b.fields),
  );
  const paired = new Set(renamed.flatMap((r) => [r.from, r.to]));
  const diff: FormDiff = {
    added: addedFields.filter((f) => !paired.has(f)).map(refOf),
    removed: removedFields.filter((f) => !paired.has(f)).map(refOf),
    renamed: renamed.map((r) => ({ from: refOf(r.from), to: refOf(r.to) })),
    retyped: [],
    madeRequired: [],
    narrowedChoices: [],
    hidden: [],
    shown: [],
    madeOptional: [],
    relabelled: [],
    addedChoices: [],
    breaking: false,
    reasons: [],
    summary: '',
  };
  for (const [pointer, old] of before) {
    const now = after.get(pointer);
    if (now) compareField(old, now, diff);
  }
  diff.reasons.unshift(
    ...diff.removed.map((f) => `"${f.label}" (${f.pointer}) was removed.`),
    ...diff.renamed.map((r) =>
      sameParent(r.from.pointer, r.to.pointer)
        ? `"${r.from.label}" has a new key (${r.from.pointer} became ${r.to.pointer}): answers already given stay under the old key, and what reads the old key no longer finds them.`
        : `"${r.from.label}" moved from ${r.from.pointer} to ${r.to.pointer}.`,
    ),
    ...addedFields
      .filter((f) => f.required && !paired.has(f))
      .map((f) => `"${f.label}" (${f.pointer}) was added as a required field.`),
  );
  diff.breaking = diff.reasons.length > 0;
  diff.summary = summarise(diff);
  return diff;
}

/** The diff in plain words, counting each kind of change. */
function summarise(diff: FormDiff): string {
  const count = (n: number, what: string) =>
    n === 0 ? [] : [`${n} ${n === 1 ? 'question' : 'questions'} ${what}`];
  const choices = diff.addedChoices.reduce((n, c) => n + c.added.length, 0);
  const parts = [
    ...count(diff.added.length, 'added'),
    ...count(diff.removed.length, 'removed'),
    ...count(diff.renamed.filter((r) => !sameParent(r.from.pointer, r.to.pointer)).length, 'moved'),
    ...count(
      diff.renamed.filter((r) => sameParent(r.from.pointer, r.to.pointer)).length,
      'given a new key',
    ),
    ...count(diff.hidden.length, 'hidden'),
    ...count(diff.shown.length, 'shown again'),
    ...count(diff.madeOptional.length, 'made optional'),
    ...count(diff.madeRequired.length, 'made required'),
    ...count(diff.relabelled.length, 'reworded'),
    ...count(diff.retyped.length, 'given another answer type'),
    ...(choices === 0 ? [] : [`${choices} ${choices === 1 ? 'choice' : 'choices'} added`]),
    ...count(diff.narrowedChoices.length, 'offering fewer choices'),
  ];
  const what = parts.length === 0 ? 'No change to the questions' : parts.join(', ');
  const breaking = diff.reasons.length;
  return `${what}; ${breaking === 0 ? 'nothing breaking' : `${breaking} breaking ${breaking === 1 ? 'change' : 'changes'}`}.`;
}

function compareField(old: FormField, now: FormField, diff: FormDiff): void {
  if (old.type !== now.type) {
    const breaking = !widens(old.type, now.type);
    diff.retyped.push({
      pointer: now.pointer,
      label: now.label,
      from: old.type,
      to: now.type,
      breaking,
    });
    if (breaking)
      diff.reasons.push(`"${now.label}" (${now.pointer}) changed from ${old.type} to ${now.type}.`);
  }
  if (now.required && !old.required) {
    diff.madeRequired.push(refOf(now));
    diff.reasons.push(`"${now.label}" (${now.pointer}) is now required.`);
  }
  if (old.required && !now.required) diff.madeOptional.push(refOf(now));
  if (old.placed && !now.placed) diff.hidden.push(refOf(now));
  if (!old.placed && now.placed) diff.shown.push(refOf(now));
  // A question hidden or shown takes its label from elsewhere (the schema, not the layout).
  if (old.label !== now.label && old.placed === now.placed)
    diff.relabelled.push({ pointer: now.pointer, from: old.label, to: now.label });
  if (old.choices && now.choices) {
    const had = new Set(old.choices.map((c) => JSON.stringify(c)));
    const added = now.choices.filter((c) => !had.has(JSON.stringify(c)));
    if (added.length > 0) diff.addedChoices.push({ pointer: now.pointer, label: now.label, added });
  }
  if (now.choices) {
    const kept = new Set(now.choices.map((c) => JSON.stringify(c)));
    const removed = (old.choices ?? []).filter((c) => !kept.has(JSON.stringify(c)));
    if (removed.length > 0 || !old.choices) {
      diff.narrowedChoices.push({ pointer: now.pointer, label: now.label, removed });
      diff.reasons.push(
        old.choices
          ? `"${now.label}" (${now.pointer}) no longer offers ${removed.map(String).join(', ')}.`
          : `"${now.label}" (${now.pointer}) now only allows a fixed list of answers.`,
      );
    }
  }
}

/** True when every value of type `from` is also a value of type `to`. */
function widens(from: string, to: string): boolean {
  const types = (signature: string) => signature.split('|').map((t) => t.split(':'));
  const targets = types(to);
  return types(from).every(([type, format]) =>
    targets.some(
      ([t, f]) =>
        (t === type || (t === 'number' && type === 'integer')) && (f === undefined || f === format),
    ),
  );
}

/** True when two data pointers name keys of the same object: a key renamed, not moved. */
function sameParent(a: string, b: string): boolean {
  return a.slice(0, a.lastIndexOf('/')) === b.slice(0, b.lastIndexOf('/'));
}

/** Drops fields inside another field of the list: removing a group says enough. */
function outermost(fields: FormField[]): FormField[] {
  const pointers = fields.map((f) => f.pointer);
  return fields.filter((f) => !pointers.some((p) => f.pointer.startsWith(`${p}/`)));
}

function pairRenames(
  removed: FormField[],
  added: FormField[],
  indexBefore: Map<FormField, number>,
  indexAfter: Map<FormField, number>,
): { from: FormField; to: FormField }[] {
  // The same type, and the same words or (a key renamed in the designer, reworded too) the same
  // place among the keys of the same object.
  const alike = (x: FormField, y: FormField) =>
    x.type === y.type &&
    (normaliseLabel(x.label) === normaliseLabel(y.label) ||
      (sameParent(x.pointer, y.pointer) && indexBefore.get(x) === indexAfter.get(y)));
  const pairs: { from: FormField; to: FormField }[] = [];
  for (const from of removed) {
    const candidates = added.filter((to) => alike(from, to));
    // Only an unambiguous match is a likely rename; otherwise report the removal and addition.
    if (candidates.length !== 1) continue;
    const to = candidates[0]!;
    if (removed.filter((r) => alike(r, to)).length === 1) pairs.push({ from, to });
  }
  return pairs;
}

/** Each field's place among the keys of the object holding it. */
function siblingIndex(fields: readonly FormField[]): Map<FormField, number> {
  const counts = new Map<string, number>();
  const index = new Map<FormField, number>();
  for (const field of fields) {
    const parent = field.pointer.slice(0, field.pointer.lastIndexOf('/'));
    const n = counts.get(parent) ?? 0;
    index.set(field, n);
    counts.set(parent, n + 1);
  }
  return index;
}

function refOf(field: FormField): FieldRef {
  return { pointer: field.pointer, label: field.label, type: field.type };
}
