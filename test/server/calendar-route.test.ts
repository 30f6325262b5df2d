import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  importBankHolidays,
  parseGovUkBankHolidays,
} from '../../server/services/calendar-import.ts';
import { loginAs, startTestApp, type TestApp } from './harness.ts';

const sample = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'fixtures',
  'bank-holidays-2031.json',
);

describe('GET /api/calendar: the bank holidays deadlines skip', () => {
  let test: TestApp;
  beforeEach(async () => {
    test = await startTestApp('embedded');
  });
  afterEach(() => test.close());

  it('gives the shipped England and Wales list to any signed-in user, and its range', async () => {
    const admin = await loginAs(test, 'admin', ['admin']);
    const response = await admin.request({ method: 'GET', url: '/api/calendar' });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json() as { holidays: string[]; range: { first: string; last: string } };
    assert.deepEqual(body.range, { first: '2024-01-01', last: '2030-12-31' });
    for (const day of ['2026-12-25', '2026-12-28', '2027-01-01'])
      assert.ok(body.holidays.includes(day), day);
    assert.equal(body.holidays.includes('2026-12-24'), false);
    const anonymous = await test.app.inject({ method: 'GET', url: '/api/calendar' });
    assert.equal(anonymous.statusCode, 401);
  });

  it('includes an imported list for the years it covers, as lint counts them', async () => {
    const list = parseGovUkBankHolidays(await readFile(sample, 'utf8'), 'sample');
    await importBankHolidays(test.store, list, 'system', new Date('2030-11-25T10:00:00Z'));
    const practitioner = await loginAs(test, 'practitioner', ['practitioner']);
    const body = (await practitioner.request({ method: 'GET', url: '/api/calendar' })).json() as {
      holidays: string[];
      range: { first: string; last: string };
    };
    assert.deepEqual(body.range, { first: '2024-01-01', last: '2031-12-31' });
    assert.ok(body.holidays.includes('2031-04-11'), 'Good Friday 2031');
    assert.ok(body.holidays.includes('2026-12-25'), 'shipped years kept');
  });
});
