/**
 * Turns what people type as a date ("14/03/2019", "14 March 2019") into the ISO form the API
 * searches by; anything else is sent unchanged. Pure.
 */

const months = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** "14/03/2019" → "2019-03-14"; text that is not a date is returned trimmed. */
export function normaliseSearch(text: string): string {
  const trimmed = text.trim();
  const numeric = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  if (numeric) return iso(numeric[3]!, numeric[2]!, numeric[1]!);
  const words = /^(\d{1,2})\s+([a-z]+)\s+(\d{4})$/i.exec(trimmed);
  if (words) {
    const month = months.findIndex((m) => m.startsWith(words[2]!.toLowerCase().slice(0, 3)));
    if (month >= 0) return iso(words[3]!, String(month + 1), words[1]!);
  }
  return trimmed;
}

function iso(year: string, month: string, day: string): string {
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}
