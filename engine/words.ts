/** Plain-English phrasing shared by the reasons, labels and lint messages the engine writes. */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Joins words as English does: "a", "a or b", "a, b or c". */
export function joinWords(words: readonly string[], conjunction: 'and' | 'or'): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/** A recorded value as a reader sees it: text in quotes, anything else as JSON. */
export function quoteValue(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (value === undefined) return 'nothing';
  return JSON.stringify(value);
}

/** An ISO calendar date as a reader sees it: "2026-03-12" becomes "12 March 2026". */
export function longDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `${day} ${MONTHS[(month ?? 1) - 1]} ${year}`;
}

/** "the Assessment form", or the title alone when it already ends in "form". */
export function formName(title: string, withNoun = true): string {
  if (!withNoun || /\bform$/i.test(title)) return title;
  return `${title} form`;
}

/** A guarded field as words: its label, or the answer to its name. */
export function fieldName(field: { field: string; label?: string }): string {
  return field.label === undefined ? `the answer to "${field.field}"` : `the ${field.label}`;
}

/** The text with its first letter in capitals. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
