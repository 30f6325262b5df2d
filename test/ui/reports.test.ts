import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import {
  assertAccessible,
  launchBrowser,
  logInAs,
  saveScreenshot,
  startUiServer,
  type TestBrowser,
  type UiServer,
} from './browser-harness.ts';

/** Splits CSV text (RFC 4180, CRLF rows) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

/** The demo manager's reports: the indicators, the cases behind a number, its CSV. */
describe('web app: reports', function () {
  this.timeout(120_000);
  let server: UiServer;
  let browser: TestBrowser;
  let page: Page;

  before(async function () {
    this.timeout(240_000);
    server = await startUiServer({ demo: true });
  });
  beforeEach(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
    await logInAs(page, server.url, 'manager');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await saveScreenshot(page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
    await browser.close();
  });
  after(() => server.close());

  it('opens the reports, follows a number to its cases and downloads them as CSV', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Reports' })
      .click();
    await page.getByRole('heading', { level: 2, name: 'Timescales' }).waitFor();
    await assertAccessible(page, 'reports');

    // Every demo case was referred in the last weeks: the re-referral number has them all.
    const number = page.locator('[data-indicator="re-referrals"]');
    const text = (await number.textContent()) ?? '';
    const [, , denominator] = /(\d+) of (\d+)/.exec(text) ?? [];
    assert.ok(Number(denominator) >= 6, `re-referrals: ${text}`);
    await number.click();
    const table = page.getByTestId('report-cases');
    await table.waitFor();
    const onScreen = await table.locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) =>
        [...row.querySelectorAll('td')].slice(0, 2).map((td) => {
          // The reference cell also holds the access log link.
          const link = td.querySelector('a');
          return (link ?? td).textContent?.trim() ?? '';
        }),
      ),
    );
    assert.equal(onScreen.length, Number(denominator));
    await assertAccessible(page, 'reports: the cases behind a number');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download these cases (CSV)' }).click(),
    ]);
    const file = await download.path();
    const rows = parseCsv(await readFile(file!, 'utf8'));
    assert.deepEqual(rows[0]?.slice(0, 2), ['Reference', 'Child']);
    assert.deepEqual(
      rows
        .slice(1)
        .map((r) => r.slice(0, 2))
        .sort(),
      [...onScreen].sort(),
      'the CSV has the rows the screen shows',
    );
    await page
      .getByTestId('export-progress')
      .getByText(`${onScreen.length} rows downloaded`)
      .waitFor();
    await saveScreenshot(page, 'reports');
  });

  it("shows a case's access log with the report's reads, filtered by person", async () => {
    await page.goto(`${server.url}/reports`);
    await page.locator('[data-indicator="re-referrals"]').click();
    const table = page.getByTestId('report-cases');
    const firstReference = (await table.locator('tbody tr td a').first().textContent())?.trim();
    await table.getByRole('link', { name: `Access log of ${firstReference}` }).click();
    await page.getByRole('heading', { level: 1, name: 'Access log' }).waitFor();
    await page.getByRole('cell', { name: 'report listed' }).first().waitFor();
    await assertAccessible(page, 'access log');
    const person = page.getByLabel('Person');
    const options = await person.locator('option').allTextContents();
    const manager = options.find((o) => /manager/i.test(o));
    assert.ok(manager, `no manager among ${options.join(', ')}`);
    await person.selectOption({ label: manager });
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByRole('cell', { name: 'report listed' }).first().waitFor();
    const who = await page.locator('tbody tr td:nth-child(2)').allTextContents();
    assert.ok(who.length > 0 && who.every((w) => w === who[0]), `one person: ${who.join(', ')}`);
  });
});
