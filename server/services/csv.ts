/**
 * CSV for exports (RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled),
 * with cells that a spreadsheet would run as a formula defused: one starting with `=`, `+`, `-`,
 * `@`, a tab or a carriage return gets a leading single quote, so it shows as text.
 */

/** A value for one cell; null and undefined are empty. */
export type CsvValue = string | number | boolean | null | undefined;

const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\r\n]/;

/** One cell as CSV text, defused against formulas and quoted when it must be. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value);
  // Numbers are numbers; only text can smuggle a formula in (a negative number stays one).
  if (typeof value === 'string' && formulaStart.test(text)) text = `'${text}`;
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line of CSV, ended with CRLF. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** A London ISO date (YYYY-MM-DD) as dd/MM/yyyy, as the Annex A lists write dates. */
export function annexDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}
