/**
 * Search without text indexes: a case keeps the folded words of the child's name, date of birth
 * and reference, and a query matches the start of those words, ignoring case and accents.
 */
import { isoDateOf } from '../../forms/typed-date.ts';

/** Lower-case, accent-free text: "Zoë Brontë" → "zoe bronte". */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Dates as people type them (14/03/2019, 14-3-2019) in ISO form; anything else unchanged. */
export function normaliseDateWord(word: string): string {
  return isoDateOf(word) ?? word;
}

/** The words a query is made of, folded. */
export function searchWords(text: string): string[] {
  return foldText(text)
    .split(/[\s,]+/)
    .map((w) => normaliseDateWord(w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')))
    .filter((w) => w.length > 0);
}

/** The words a case can be found by. */
export function caseSearchTerms(
  subject: { firstName: string; lastName: string; dateOfBirth?: string },
  reference: string,
): string[] {
  const words = new Set([
    ...searchWords(`${subject.firstName} ${subject.lastName}`),
    foldText(reference),
  ]);
  if (subject.dateOfBirth) words.add(subject.dateOfBirth);
  // Hyphenated surnames are found by each part too.
  for (const word of [...words]) for (const part of word.split('-')) if (part) words.add(part);
  return [...words];
}
