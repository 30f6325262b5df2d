/**
 * Calendar dates and working days. Deadlines are civil dates in England, written as ISO
 * `YYYY-MM-DD`: an instant counts on the date it has in Europe/London (00:30 BST on the 30th is
 * the 30th, though it is still the 29th in UTC). A working day is a Monday to Friday that is not a
 * closed day of the calendar (by default the bank holidays of England and Wales, 2024 to 2030).
 * A calendar knows the dates its holidays cover; past them it counts no bank holidays at all,
 * which callers flag (calendarCovers).
 */
import englandAndWalesData from '../schemas/calendars/england-and-wales.json' with { type: 'json' };
import { EngineError } from './errors.ts';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(T.*)?$/;
// The time zone is data, not the machine's setting: a server in UTC counts London dates too.
const london = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Days on which no one works besides Saturdays and Sundays. */
export interface Calendar {
  readonly name: string;
  /** The closed days as ISO dates, sorted. */
  readonly closedDays: readonly string[];
  /** The same days as day numbers (days since 1970-01-01), for quick lookup. */
  readonly closed: ReadonlySet<number>;
  /** The first and last dates the holidays are known for; null when it claims every year. */
  readonly range: DateRange | null;
}

/** A span of ISO dates, both ends included. */
export interface DateRange {
  first: string;
  last: string;
}

/** What a calendar is made of: its bank holidays and any extra closure days. */
export interface CalendarOptions {
  name?: string;
  /** Bank holidays as ISO dates; the England and Wales list when left out. */
  holidays?: readonly string[];
  /** Extra days the service is closed (e.g. a council's office closure days). */
  closures?: readonly string[];
  /** The dates the holidays are complete for; the whole years they fall in when left out. */
  range?: DateRange;
}

/** The bank holidays of England and Wales, as shipped in schemas/calendars/. */
export const englandAndWalesHolidays: readonly string[] = englandAndWalesData.holidays.map(
  (h) => h.date,
);

/** The dates the shipped England and Wales list covers. */
export const englandAndWalesRange: DateRange = {
  first: englandAndWalesData.from,
  last: englandAndWalesData.until,
};

/** Builds a calendar; every date given must be a valid ISO date. */
export function createCalendar(options: CalendarOptions = {}): Calendar {
  const holidays = (options.holidays ?? englandAndWalesHolidays).map(toIsoDate).sort();
  const days = [...holidays, ...(options.closures ?? []).map(toIsoDate)];
  const closedDays = [...new Set(days)].sort();
  const range =
    options.range ?? (options.holidays === undefined ? englandAndWalesRange : yearsOf(holidays));
  return {
    name: options.name ?? 'England and Wales',
    closedDays,
    closed: new Set(closedDays.map(toDayNumber)),
    range: range && { first: toIsoDate(range.first), last: toIsoDate(range.last) },
  };
}

/** True when the calendar's holidays are known for this date (so its working days are right). */
export function calendarCovers(calendar: Calendar, date: Date | string): boolean {
  if (calendar.range === null) return true;
  const day = toIsoDate(date);
  return day >= calendar.range.first && day <= calendar.range.last;
}

function yearsOf(sorted: readonly string[]): DateRange | null {
  if (sorted.length === 0) return null;
  return { first: `${sorted[0]!.slice(0, 4)}-01-01`, last: `${sorted.at(-1)!.slice(0, 4)}-12-31` };
}

/** The default calendar: weekends and the bank holidays of England and Wales. */
export const englandAndWales: Calendar = createCalendar();

/** The date of an instant in Europe/London (an ISO date stays as it is), as `YYYY-MM-DD`. */
export function toIsoDate(value: Date | string): string {
  return fromDayNumber(toDayNumber(value));
}

/** The civil date in Europe/London of an instant, as `YYYY-MM-DD`: the date deadlines count. */
export function londonDate(instant: Date | string): string {
  return toIsoDate(instant);
}

// Since 1972 London is on UTC or one hour ahead of it, so only an instant in the last UTC hour of
// a day can be on the next London day; the time-zone database (Intl, about 35 µs a call) decides
// that hour once per day. Were the UK to leave GMT/BST, LONDON_SIMPLE_UNTIL is where to stop.
const LONDON_SIMPLE_FROM = Date.UTC(1972, 0, 1);
const LONDON_SIMPLE_UNTIL = Date.UTC(2200, 0, 1);
const HOUR_MS = 3_600_000;
const lateHourIsNextDay = new Map<number, boolean>();

function londonDayNumber(ms: number): number {
  const utcDay = Math.floor(ms / DAY_MS);
  if (ms < LONDON_SIMPLE_FROM || ms >= LONDON_SIMPLE_UNTIL) return zoneDayNumber(ms);
  if (ms - utcDay * DAY_MS < 23 * HOUR_MS) return utcDay;
  let next = lateHourIsNextDay.get(utcDay);
  if (next === undefined) {
    next = zoneDayNumber(utcDay * DAY_MS + 23 * HOUR_MS) > utcDay;
    if (lateHourIsNextDay.size >= 4_096) lateHourIsNextDay.clear();
    lateHourIsNextDay.set(utcDay, next);
  }
  return next ? utcDay + 1 : utcDay;
}

function zoneDayNumber(ms: number): number {
  const parts = london.formatToParts(ms);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(part('year'), part('month') - 1, part('day')) / DAY_MS;
}

/** True when the date is a Monday to Friday that the calendar does not close. */
export function isWorkingDay(date: Date | string, calendar: Calendar = englandAndWales): boolean {
  return isWorkingDayNumber(toDayNumber(date), calendar);
}

/** The date `n` calendar days after `date` (before it when `n` is negative). */
export function addCalendarDays(date: Date | string, n: number): string {
  return fromDayNumber(toDayNumber(date) + wholeNumber(n));
}

/** The date `n` working days after `date`; the start date itself never counts. */
export function addWorkingDays(
  date: Date | string,
  n: number,
  calendar: Calendar = englandAndWales,
): string {
  const step = n < 0 ? -1 : 1;
  let day = toDayNumber(date);
  for (let left = Math.abs(wholeNumber(n)); left > 0; ) {
    day += step;
    if (isWorkingDayNumber(day, calendar)) left--;
  }
  return fromDayNumber(day);
}

/** The date `n` months after `date`; a day past the end of the month becomes its last day. */
export function addMonths(date: Date | string, n: number): string {
  const [year, month, day] = toIsoDate(date).split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + wholeNumber(n);
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return fromDayNumber(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay)) / DAY_MS);
}

/** The working days after `from` up to and including `to`; negative when `to` is earlier. */
export function workingDaysBetween(
  from: Date | string,
  to: Date | string,
  calendar: Calendar = englandAndWales,
): number {
  const start = toDayNumber(from);
  const end = toDayNumber(to);
  const [low, high, sign] = start <= end ? [start, end, 1] : [end, start, -1];
  let count = 0;
  for (let day = low + 1; day <= high; day++) if (isWorkingDayNumber(day, calendar)) count++;
  return sign * count;
}

/** The calendar days after `from` up to and including `to`. */
export function calendarDaysBetween(from: Date | string, to: Date | string): number {
  return toDayNumber(to) - toDayNumber(from);
}

function isWorkingDayNumber(day: number, calendar: Calendar): boolean {
  // 1970-01-01 was a Thursday, so (day + 4) % 7 is 0 on Sundays and 6 on Saturdays.
  const weekday = (((day + 4) % 7) + 7) % 7;
  return weekday !== 0 && weekday !== 6 && !calendar.closed.has(day);
}

function toDayNumber(value: Date | string): number {
  if (typeof value === 'string') {
    const match = ISO_DATE.exec(value);
    // Date.parse would quietly turn 30 February into 2 March, so the date part is checked first.
    if (match) {
      const [y, m, d] = match.slice(1, 4).map(Number) as [number, number, number];
      if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) throw invalidDate(value);
      if (match[4] === undefined) return Date.UTC(y, m - 1, d) / DAY_MS;
    }
  }
  const ms = typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (Number.isNaN(ms)) throw invalidDate(value);
  return londonDayNumber(ms);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function wholeNumber(n: number): number {
  if (!Number.isInteger(n)) {
    throw new EngineError('LF_DATE_INVALID', `A number of days or months must be whole, not ${n}.`);
  }
  return n;
}

function invalidDate(value: unknown): EngineError {
  return new EngineError(
    'LF_DATE_INVALID',
    `${JSON.stringify(String(value))} is not a date: use an ISO date such as 2026-03-12 or an ISO instant.`,
  );
}
