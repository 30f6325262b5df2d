/**
 * Bank holidays from a file in GOV.UK's format (https://www.gov.uk/bank-holidays.json:
 * `{"england-and-wales": {"division", "events": [{"title", "date", "notes", "bunting"}]}, ...}`),
 * checked and stored as a new version of the England and Wales calendar in the store, where
 * every server process reads it (working-calendar.ts). Only England and Wales is taken.
 */
import { toIsoDate } from '../../engine/index.ts';
import { LowformError } from '../errors.ts';
import type { DefinitionRecord, Store } from '../store/store.ts';
import { latestPublished } from './definition-registry.ts';

/** The stored calendar's id. */
export const CALENDAR_ID = 'england-and-wales';

/** A list of bank holidays and the whole years it covers. */
export interface BankHolidayList {
  range: { first: string; last: string };
  holidays: { date: string; title: string }[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads and checks a GOV.UK bank-holidays file; errors name the file and the JSON path. */
export function parseGovUkBankHolidays(text: string, source: string): BankHolidayList {
  const fail = (path: string, problem: string) =>
    new LowformError('LF_VALIDATION', `${source}: ${path} ${problem}.`, [
      { in: 'file', path, problem },
    ]);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw fail('/', `is not JSON (${(error as Error).message})`);
  }
  const division = isObject(data) ? data['england-and-wales'] : undefined;
  if (!isObject(division))
    throw fail('/england-and-wales', 'must be an object with the events of England and Wales');
  const events = division.events;
  if (!Array.isArray(events)) throw fail('/england-and-wales/events', 'must be a list');
  if (events.length === 0) throw fail('/england-and-wales/events', 'has no events');
  const holidays = events.map((event: unknown, i) => {
    const at = `/england-and-wales/events/${i}`;
    if (!isObject(event)) throw fail(at, 'must be an object');
    if (typeof event.title !== 'string' || event.title.trim() === '')
      throw fail(`${at}/title`, 'must be the name of the holiday');
    if (typeof event.date !== 'string' || !ISO_DATE.test(event.date) || !isDate(event.date))
      throw fail(
        `${at}/date`,
        `must be a date such as 2031-01-01, not ${JSON.stringify(event.date)}`,
      );
    if (event.notes !== undefined && typeof event.notes !== 'string')
      throw fail(`${at}/notes`, 'must be text');
    if (event.bunting !== undefined && typeof event.bunting !== 'boolean')
      throw fail(`${at}/bunting`, 'must be true or false');
    return { date: event.date, title: event.title.trim() };
  });
  holidays.sort((a, b) => a.date.localeCompare(b.date));
  // GOV.UK lists whole years, so the years of the first and last events are the range.
  const range = {
    first: `${holidays[0]!.date.slice(0, 4)}-01-01`,
    last: `${holidays.at(-1)!.date.slice(0, 4)}-12-31`,
  };
  return { range, holidays };
}

/** Stores the list as the next version, unless it is the latest already. */
export async function importBankHolidays(
  store: Store,
  list: BankHolidayList,
  actor: string,
  now: Date,
): Promise<{ version: number; created: boolean }> {
  const latest = await latestPublished(store.calendars, CALENDAR_ID);
  const definition = JSON.stringify({ name: 'England and Wales', ...list });
  if (latest?.definition === definition)
    return { version: latest.definitionVersion, created: false };
  const version = (latest?.definitionVersion ?? 0) + 1;
  const at = now.toISOString();
  const record: DefinitionRecord = {
    id: `${CALENDAR_ID}@${version}`,
    version: 1,
    definitionId: CALENDAR_ID,
    definitionVersion: version,
    status: 'published',
    definition,
    createdAt: at,
    updatedAt: at,
    updatedBy: actor,
    publishedAt: at,
    publishedBy: actor,
  };
  const { created } = await store.calendars.insertOnce(record);
  return { version, created };
}

function isDate(value: string): boolean {
  try {
    return toIsoDate(value) === value;
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
