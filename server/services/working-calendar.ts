/**
 * The working-day calendar the server counts deadlines with: the bank holidays shipped in
 * schemas/calendars/, with the latest list imported by `npm run lowform -- calendar import FILE`
 * taking over for the years it covers. The import lives in the store, so every server process
 * sees it: each re-reads the latest version at most once a refresh interval (a minute).
 */
import {
  addMonths,
  type Calendar,
  createCalendar,
  deadlinesPastCalendar,
  englandAndWales,
  englandAndWalesHolidays,
  englandAndWalesRange,
  londonDate,
} from '../../engine/index.ts';
import type { WorkflowDefinition } from '../../schemas/generated/workflow-definition.ts';
import type { Store } from '../store/store.ts';
import { type BankHolidayList, CALENDAR_ID } from './calendar-import.ts';
import { allLatestPublished, latestPublished } from './definition-registry.ts';

/** The calendar from the store: the shipped holidays, with the imported ones for their years. */
export async function storedCalendar(store: Store): Promise<Calendar> {
  const latest = await latestPublished(store.calendars, CALENDAR_ID);
  if (!latest) return englandAndWales;
  // Versions never change in a store: one Calendar object per store and version keeps the
  // engine's due-date cache (another store's version 1 is another list).
  let built = builtByStore.get(store);
  if (!built) {
    built = new Map();
    builtByStore.set(store, built);
  }
  let calendar = built.get(latest.id);
  if (!calendar) {
    calendar = mergeCalendar(JSON.parse(latest.definition) as BankHolidayList);
    if (built.size >= 16) built.clear();
    built.set(latest.id, calendar);
  }
  return calendar;
}

const builtByStore = new WeakMap<Store, Map<string, Calendar>>();

function mergeCalendar(imported: BankHolidayList): Calendar {
  const { first, last } = imported.range;
  const shipped = englandAndWalesRange;
  // The shipped list still counts where the import does not reach, if the two ranges touch.
  const touching = !(nextDay(last) < shipped.first || nextDay(shipped.last) < first);
  const holidays = imported.holidays.map((h) => h.date);
  if (!touching) return createCalendar({ holidays, range: imported.range });
  return createCalendar({
    holidays: [...englandAndWalesHolidays.filter((d) => d < first || d > last), ...holidays],
    // ISO dates sort as text: the earlier first day and the later last day.
    range: { first: [first, shipped.first].sort()[0]!, last: [last, shipped.last].sort()[1]! },
  });
}

function nextDay(date: string): string {
  return new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10);
}

/** The calendar a server process uses now, kept fresh from the store. */
export interface CalendarSource {
  /** The calendar as last read; the shipped one until the first read. */
  current(): Calendar;
  /** Reads the store again (at most once per refresh interval unless forced). */
  refresh(force?: boolean): Promise<Calendar>;
}

/** A calendar source over the store; current() starts a background refresh when it is due. */
export function createCalendarSource(
  store: Store,
  options: { refreshMs?: number; now?: () => Date } = {},
): CalendarSource {
  const refreshMs = options.refreshMs ?? 60_000;
  const now = options.now ?? (() => new Date());
  let calendar = englandAndWales;
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<Calendar> | null = null;
  const refresh = (force = false): Promise<Calendar> => {
    if (!force && now().getTime() - readAt < refreshMs) return Promise.resolve(calendar);
    reading ??= storedCalendar(store)
      .then((read) => {
        calendar = read;
        readAt = now().getTime();
        return read;
      })
      .finally(() => {
        reading = null;
      });
    return reading;
  };
  return {
    current() {
      // A failed read keeps the last calendar; the next call tries again.
      if (now().getTime() - readAt >= refreshMs) refresh().catch(() => {});
      return calendar;
    },
    refresh,
  };
}

/** How far ahead start-up looks: deadlines started within it should count the right holidays. */
export const CALENDAR_WARNING_MONTHS = 6;

/**
 * Warnings for start-up: each published workflow's working-day deadlines that, started within
 * the next months, could fall due past the dates the calendar's bank holidays are known for.
 */
export async function calendarWarnings(store: Store, now: Date): Promise<string[]> {
  const calendar = await storedCalendar(store);
  const horizon = addMonths(londonDate(now), CALENDAR_WARNING_MONTHS);
  const warnings: string[] = [];
  for (const record of await allLatestPublished(store.workflows)) {
    const definition = JSON.parse(record.definition) as WorkflowDefinition;
    const past = deadlinesPastCalendar(definition, horizon, calendar);
    const longest = past.sort((a, b) => b.amount - a.amount)[0];
    if (!longest) continue;
    warnings.push(
      `Warning: the ${calendar.name} bank holidays are known up to ${calendar.range?.last}. In workflow ${record.definitionId}, "${longest.label}" (${longest.amount} working days) started on ${horizon} would fall due on ${longest.dueOn}, counting no bank holidays after ${calendar.range?.last}. Import the current list: npm run lowform -- calendar import FILE (see the README).`,
    );
  }
  return warnings;
}
