/**
 * `npm run lowform -- calendar import FILE`: stores the England and Wales bank holidays of a
 * GOV.UK-format file (https://www.gov.uk/bank-holidays.json) in the configured store.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { isLowformError } from '../errors.ts';
import { importBankHolidays, parseGovUkBankHolidays } from '../services/calendar-import.ts';
import { storedCalendar } from '../services/working-calendar.ts';
import { openStore } from '../store/index.ts';

/** The usage line of the command. */
export const calendarImportUsage = 'npm run lowform -- calendar import FILE';

/** Runs `calendar import` with its arguments after `calendar`; returns the exit code. */
export async function runCalendarImport(args: string[]): Promise<number> {
  const [verb, file, ...rest] = args;
  if (verb !== 'import' || !file || rest.length > 0) {
    console.error(
      `Usage: ${calendarImportUsage}\nFILE is in the format of https://www.gov.uk/bank-holidays.json.`,
    );
    return 2;
  }
  let list: ReturnType<typeof parseGovUkBankHolidays>;
  try {
    list = parseGovUkBankHolidays(await readFile(file, 'utf8'), path.basename(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (isLowformError(error) || code === 'ENOENT' || code === 'EISDIR') {
      console.error(isLowformError(error) ? error.message : `Cannot read ${file}: ${code}.`);
      return 2;
    }
    throw error;
  }
  const config = loadConfig();
  const store = await openStore({ dataDir: config.dataDir, mongodbUri: config.mongodbUri });
  try {
    const { version, created } = await importBankHolidays(store, list, 'system', new Date());
    const calendar = await storedCalendar(store);
    const span = `${list.range.first} to ${list.range.last}`;
    console.log(
      created
        ? `Stored ${list.holidays.length} England and Wales bank holidays for ${span} (version ${version}).`
        : `These ${list.holidays.length} England and Wales bank holidays for ${span} are stored already (version ${version}).`,
    );
    console.log(
      `Deadlines now count bank holidays from ${calendar.range?.first} to ${calendar.range?.last}; running servers use them within a minute.`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
