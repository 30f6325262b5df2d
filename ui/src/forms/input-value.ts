/**
 * Turns what is typed into a field into the value stored, never losing a character: text that
 * is not a number yet stays text (validation then says what is wrong) rather than vanishing.
 * Also converts between the browser's date and time inputs and JSON Schema's formats. Pure.
 */

/** The value to store for the text of a number or integer field; empty text is no value. */
export function valueFromText(kind: 'number' | 'integer', text: string): unknown {
  if (text === '') return undefined;
  const trimmed = text.trim();
  const parsed = Number(trimmed);
  const ok = trimmed !== '' && Number.isFinite(parsed) && /^-?\d*\.?\d+(e-?\d+)?$/i.test(trimmed);
  if (!ok) return text;
  return kind === 'integer' && !Number.isInteger(parsed) ? text : parsed;
}

/** The text an input shows for a stored value. */
export function textFromValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

/** The `time` value ("09:30:00") for what a time input holds ("09:30"). */
export function timeFromInput(text: string): string | undefined {
  if (text === '') return undefined;
  return /^\d\d:\d\d$/.test(text) ? `${text}:00` : text;
}

/** What a time input shows for a stored `time` ("09:30:00" → "09:30:00", seconds kept). */
export function inputFromTime(value: unknown): string {
  return typeof value === 'string' ? value.replace(/(?:Z|[+-]\d\d:?\d\d)$/i, '') : '';
}

/**
 * The `date-time` value (an instant in UTC, "2026-03-12T09:30:00.000Z") for what a local
 * date-and-time input holds ("2026-03-12T09:30"), read in the browser's time zone.
 */
export function dateTimeFromInput(text: string): string | undefined {
  if (text === '') return undefined;
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? text : instant.toISOString();
}

/** What a local date-and-time input shows for a stored `date-time`, in the browser's time zone. */
export function inputFromDateTime(value: unknown): string {
  if (typeof value !== 'string') return '';
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return '';
  const local = new Date(instant.getTime() - instant.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
