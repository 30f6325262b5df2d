/**
 * What changed between two versions of a form, in the practice lead's words, from the designer's
 * view of their questions (edit-form.ts): hidden, made optional, reworded, choices added ...
 */
import type { FormDefinition } from '../schemas/generated/form-definition.ts';
import { allQuestions, type Question } from './edit-form.ts';

function counted(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * What changed between two versions, in words for the practice lead: one sentence for each kind of
 * change, naming the questions ("2 questions hidden: ...").
 */
export function describeChanges(before: FormDefinition, after: FormDefinition): string[] {
  const old = new Map(allQuestions(before).map((q) => [q.scope, q]));
  const now = allQuestions(after);
  const names = (qs: Question[]) => qs.map((q) => `“${q.label}”`).join(', ');
  const sentences: string[] = [];
  const report = (qs: Question[], one: string, many: string) => {
    if (qs.length > 0) sentences.push(`${counted(qs.length, one, many)}: ${names(qs)}.`);
  };
  // A key renamed (renameKey) leaves the question's control where it was, under a new scope.
  const kept = new Set(now.map((q) => q.scope));
  const gone = [...old.values()].filter((q) => !kept.has(q.scope));
  const rekeyed = new Map(
    now.flatMap((q) => {
      const was = old.has(q.scope) ? undefined : gone.find((g) => g.layoutPath === q.layoutPath);
      return was ? [[q.scope, was] as const] : [];
    }),
  );
  const pairs = now.flatMap((q) => {
    const was = old.get(q.scope) ?? rekeyed.get(q.scope);
    return was ? [{ was, q }] : [];
  });
  report(
    now.filter((q) => !old.has(q.scope) && !rekeyed.has(q.scope)),
    'question added',
    'questions added',
  );
  const renamedFrom = new Set([...rekeyed.values()].map((q) => q.scope));
  report(
    gone.filter((q) => !renamedFrom.has(q.scope)),
    'question removed',
    'questions removed',
  );
  const keys = pairs.filter((p) => p.was.key !== p.q.key);
  if (keys.length > 0) {
    const what = keys.map((p) => `“${p.q.label}” (${p.was.key} to ${p.q.key})`).join(', ');
    sentences.push(
      `${counted(keys.length, 'question given a new key', 'questions given a new key')}: ${what}; answers already given stay under the old key.`,
    );
  }
  report(
    pairs.filter((p) => !p.was.hidden && p.q.hidden).map((p) => p.q),
    'question hidden',
    'questions hidden',
  );
  report(
    pairs.filter((p) => p.was.hidden && !p.q.hidden).map((p) => p.q),
    'question shown again',
    'questions shown again',
  );
  report(
    pairs.filter((p) => p.was.required && !p.q.required && !p.q.hidden).map((p) => p.q),
    'question made optional',
    'questions made optional',
  );
  report(
    pairs.filter((p) => !p.was.required && p.q.required).map((p) => p.q),
    'question made required',
    'questions made required',
  );
  report(
    pairs.filter((p) => p.was.answerType !== p.q.answerType).map((p) => p.q),
    'question given another answer type',
    'questions given another answer type',
  );
  report(
    pairs.filter((p) => p.was.label !== p.q.label).map((p) => p.q),
    'question reworded',
    'questions reworded',
  );
  report(
    pairs.filter((p) => p.was.hint !== p.q.hint).map((p) => p.q),
    'hint changed',
    'hints changed',
  );
  const choicesAdded = pairs.flatMap((p) =>
    p.q.choices
      .filter((c) => !p.was.choices.some((w) => w.value === c.value))
      .map((c) => ({ c, q: p.q })),
  );
  if (choicesAdded.length > 0) {
    const what = choicesAdded.map(({ c, q }) => `“${c.label}” to “${q.label}”`).join(', ');
    sentences.push(`${counted(choicesAdded.length, 'choice added', 'choices added')}: ${what}.`);
  }
  const choicesRemoved = pairs.flatMap((p) =>
    p.was.choices
      .filter((c) => !p.q.choices.some((w) => w.value === c.value))
      .map((c) => ({ c, q: p.q })),
  );
  if (choicesRemoved.length > 0) {
    const what = choicesRemoved.map(({ c, q }) => `“${c.label}” from “${q.label}”`).join(', ');
    sentences.push(
      `${counted(choicesRemoved.length, 'choice removed', 'choices removed')}: ${what}.`,
    );
  }
  const renamed = pairs.flatMap((p) =>
    p.q.choices
      .filter((c) => p.was.choices.some((w) => w.value === c.value && w.label !== c.label))
      .map((c) => ({ c, q: p.q })),
  );
  if (renamed.length > 0) {
    const what = renamed.map(({ c, q }) => `“${c.label}” in “${q.label}”`).join(', ');
    sentences.push(`${counted(renamed.length, 'choice reworded', 'choices reworded')}: ${what}.`);
  }
  report(
    pairs.filter((p) => !p.was.prefillFrom && p.q.prefillFrom).map((p) => p.q),
    'question now copied from an earlier form',
    'questions now copied from an earlier form',
  );
  report(
    pairs.filter((p) => p.was.prefillFrom && !p.q.prefillFrom).map((p) => p.q),
    'question no longer copied from an earlier form',
    'questions no longer copied from an earlier form',
  );
  report(
    pairs.filter((p) => !p.was.family && p.q.family).map((p) => p.q),
    'question made family-level',
    'questions made family-level',
  );
  report(
    pairs.filter((p) => p.was.family && !p.q.family).map((p) => p.q),
    'question now answered for each child',
    'questions now answered for each child',
  );
  report(
    pairs
      .filter((p) => JSON.stringify(p.was.showOnlyIf) !== JSON.stringify(p.q.showOnlyIf))
      .map((p) => p.q),
    'condition for showing changed',
    'conditions for showing changed',
  );
  const order = (qs: Iterable<Question>) =>
    [...qs]
      .filter((q) => kept.has(q.scope) && old.has(q.scope))
      .map((q) => q.scope)
      .join();
  if (order(old.values()) !== order(now))
    sentences.push('Questions were put in a different order.');
  return sentences;
}
