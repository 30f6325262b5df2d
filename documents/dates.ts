/**
 * Dates as people in England write them in documents: "14 March 2026", on London's calendar,
 * in the engine's words (engine/words.ts), written out by hand rather than with Intl so that a
 * document's words never depend on the machine's locale data.
 */
import { londonDate } from '../engine/calendar.ts';
import { longDate as longCalendarDate } from '../engine/words.ts';

/**
 * A calendar date (2026-03-14) or an instant (2026-03-14T09:00:00Z, taken on London's
 * calendar) as "14 March 2026"; anything else is returned as it is.
 */
export function longDate(value: string): string {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : instantDate(value);
  if (!iso) return value;
  const [, month, day] = iso.split('-').map(Number) as [number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31) return value;
  return longCalendarDate(iso);
}

function instantDate(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(Date.parse(value))) return null;
  return londonDate(value);
}

/** The London calendar date of an instant, as YYYY-MM-DD (a calendar date stays as it is). */
export function calendarDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : londonDate(value);
}
