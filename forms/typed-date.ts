/**
 * Reads a date as people type it in a search box ("14/03/2019", "14 March 2019") into the ISO
 * form cases are stored and searched by. The web app and the server's search both read dates
 * here, so a date typed into either means the same day. Pure.
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

/** "14/03/2019" or "14 Mar 2019" → "2019-03-14"; null for text that is not such a date. */
export function isoDateOf(text: string): string | null {
  const trimmed = text.trim();
  const numeric = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  if (numeric) return iso(numeric[3]!, numeric[2]!, numeric[1]!);
  const named = /^(\d{1,2})\s+([a-z]{3,})\s+(\d{4})$/i.exec(trimmed);
  if (!named) return null;
  // A month is its name or any start of it from three letters: "Mar", "Sept", "March".
  const word = named[2]!.toLowerCase();
  const month = months.findIndex((m) => m.startsWith(word));
  return month < 0 ? null : iso(named[3]!, String(month + 1), named[1]!);
}

function iso(year: string, month: string, day: string): string {
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}
