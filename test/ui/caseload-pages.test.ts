import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  apiClientFor,
  launchBrowser,
  logInAs,
  saveScreenshot,
  startUiServer,
  type TestBrowser,
  type UiServer,
} from './browser-harness.ts';

describe('web app: a long caseload', function () {
  this.timeout(60_000);
  let server: UiServer;
  let browser: TestBrowser;
  let page: Page;

  before(async function () {
    this.timeout(180_000);
    server = await startUiServer({ pack: 'child-protection' });
    const practitioner = await apiClientFor(server, 'practitioner');
    for (let i = 0; i < 27; i += 1) {
      const created = await practitioner('POST', '/api/cases', {
        workflowId: 'child-protection',
        subject: {
          firstName: `Child${String.fromCharCode(65 + (i % 26))}`,
          lastName: `Family${i}`,
        },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
    }
  });
  // The cases are only read; each test has a fresh browser profile and session.
  beforeEach(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
    await logInAs(page, server.url, 'practitioner');
    await page.getByTestId('result-count').getByText('25 cases shown on this page.').waitFor();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await saveScreenshot(page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
    await browser.close();
  });
  after(() => server.close());

  const rows = () => page.getByTestId('case-table').locator('tbody tr');

  it('pages through the cases 25 at a time, forwards and back', async () => {
    await page.getByTestId('result-count').getByText('25 cases shown on this page.').waitFor();
    const first = await rows().first().textContent();
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByTestId('result-count').getByText('2 cases shown.').waitFor();
    assert.equal(await rows().count(), 2);
    assert.equal(await page.getByRole('button', { name: 'Next page' }).count(), 0);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByTestId('result-count').getByText('25 cases shown on this page.').waitFor();
    assert.equal(await rows().first().textContent(), first);
  });

  it('sorts the page by a column and says so to assistive technology', async () => {
    const header = page.getByRole('columnheader', { name: "Child's name" });
    await header.getByRole('button').click();
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    const names = (await rows().locator('td:nth-child(2)').allTextContents()).map((t) => t.trim());
    const surnames = names.map((n) => n.split(/\s+/)[1]!.toLowerCase());
    assert.deepEqual(surnames, [...surnames].sort());
    await header.getByRole('button').click();
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
  });
});
