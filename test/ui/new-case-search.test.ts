import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  apiClientFor,
  launchBrowser,
  logInAs,
  startUiServer,
  type TestBrowser,
  tearDownAfterSuite,
  type UiServer,
} from './browser-harness.ts';

/** Search before create must show every child it matches, however many pages they take. */
describe('web app: searching before a new case', function () {
  this.timeout(120_000);
  let server: UiServer;
  let browser: TestBrowser;
  let page: Page;

  before(async function () {
    this.timeout(180_000);
    server = await startUiServer({ pack: 'child-protection' });
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  tearDownAfterSuite(() => ({ page, browser, server }));

  it('lists every existing record of a common surname, past the first page', async () => {
    const practitioner = await apiClientFor(server, 'practitioner');
    const total = 130;
    for (let i = 0; i < total; i++) {
      const created = await practitioner('POST', '/api/cases', {
        workflowId: 'child-protection',
        subject: { firstName: `Child${i}`, lastName: 'Okafor' },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
    }
    await logInAs(page, server.url, 'practitioner');
    await page.goto(`${server.url}/cases/new`);
    await page.getByLabel('First name').fill('Ngozi');
    await page.getByLabel('Last name').fill('Okafor');
    await page.getByRole('button', { name: 'Search for existing records' }).click();
    await page.getByText('Existing records that may be this child').first().waitFor();
    const rows = page.getByTestId('case-table').locator('tbody tr');
    assert.equal(await rows.count(), total);
  });
});
