import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { sampleSubmission } from '../packs/sample-data.ts';
import {
  apiClientFor,
  assertAccessible,
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

  it('opens a case for a brother or sister, whose form starts with the family’s address', async () => {
    const practitioner = await apiClientFor(server, 'practitioner');
    const older = await practitioner('POST', '/api/cases', {
      workflowId: 'child-protection',
      subject: { firstName: 'Alfie', lastName: 'Umeh', dateOfBirth: '2016-05-04' },
    });
    assert.equal(older.status, 201, JSON.stringify(older.body));
    const contact = sampleSubmission('contact');
    const submitted = await practitioner(
      'POST',
      `/api/cases/${older.body.id}/forms/contact/submit`,
      { data: contact, idempotencyKey: randomUUID() },
    );
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    await logInAs(page, server.url, 'practitioner');
    await page.goto(`${server.url}/cases/new`);
    await page.getByLabel('First name').fill('Bella');
    await page.getByLabel('Last name').fill('Umeh');
    await page.getByRole('button', { name: 'Search for existing records' }).click();
    await page.getByLabel(`Yes, of Alfie Umeh (${older.body.reference})`).check();
    await assertAccessible(page, 'new case with a sibling chosen');
    await page
      .getByRole('button', {
        name: 'None of these: start a new case for Bella Umeh in the same family',
      })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Bella Umeh' }).waitFor();
    await page
      .getByRole('link', { name: /Fill in/ })
      .first()
      .click();
    await page.getByTestId('save-status').waitFor();
    assert.equal(await page.getByLabel("Family's home address").inputValue(), contact.address);
  });
});
