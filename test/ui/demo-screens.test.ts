import assert from 'node:assert/strict';
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

/**
 * The demo as `npm start` seeds it: every screen over the fictional cases is checked with axe,
 * and the README's screenshots (docs/screenshots, with LOWFORM_UPDATE_SCREENSHOTS=1) come from
 * here because the demo shows every timescale status.
 */
describe('web app: the demo cases', function () {
  this.timeout(90_000);
  let server: UiServer;
  let browser: TestBrowser;
  let page: Page;

  // The demo server is shared by the tests that only read; each test has a fresh browser
  // profile and session, and the one that moves a case has a demo server of its own.
  before(async function () {
    this.timeout(180_000);
    server = await startUiServer({ demo: true });
  });
  beforeEach(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
    await logInAs(page, server.url, 'practitioner');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await saveScreenshot(page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
    await browser.close();
  });
  after(() => server.close());

  it('lists the team caseload with overdue, due-soon and on-track deadlines', async () => {
    await page.getByLabel("My team's cases").check();
    const table = page.getByTestId('case-table');
    await table.getByText('Overdue by').first().waitFor();
    const text = (await table.textContent()) ?? '';
    for (const status of ['Overdue', 'Due soon', 'On track'])
      assert.match(text, new RegExp(status));
    await page.getByLabel('Overdue only').check();
    await page
      .getByTestId('result-count')
      .getByText(/^\s*1 case shown/)
      .waitFor();
    await page.getByLabel('Overdue only').uncheck();
    await table.getByText('On track').first().waitFor();
    await assertAccessible(page, 'demo caseload');
    await saveScreenshot(page, 'caseload', { docs: true });
  });

  it('shows every demo case page without serious accessibility problems', async () => {
    await page.getByLabel("My team's cases").check();
    await page.getByTestId('case-table').getByText('Overdue by').first().waitFor();
    const references = await page.getByTestId('case-table').getByRole('link').allTextContents();
    assert.ok(references.length >= 6, `only ${references.length} demo cases`);
    for (const reference of references) {
      await page.getByRole('link', { name: reference.trim() }).click();
      await page.getByText('Chronology').first().waitFor();
      await assertAccessible(page, `case ${reference}`);
      if ((await page.getByText('Stage: First core group meeting').count()) > 0) {
        await saveScreenshot(page, 'case', { docs: true });
      }
      await page.goBack();
      await page.getByTestId('case-table').waitFor();
    }
  });

  it('opens a demo form prefilled from earlier forms', async () => {
    await page.getByRole('link', { name: /CP-/ }).first().click();
    await page.getByText('Chronology').first().waitFor();
    await page
      .getByRole('link', { name: /Fill in|Continue|View or change/ })
      .first()
      .click();
    await page.getByTestId('save-status').waitFor();
    await assertAccessible(page, 'demo form');
    await saveScreenshot(page, 'form', { docs: true });
  });

  it('asks why when an action is late and records the reason in the chronology', async function () {
    this.timeout(180_000);
    const own = await startUiServer({ demo: true });
    try {
      await askWhyLate(own.url);
    } finally {
      await own.close();
    }
  });

  async function askWhyLate(url: string) {
    await logInAs(page, url, 'practitioner');
    await page.getByLabel("My team's cases").check();
    await page.getByLabel('Overdue only').check();
    await page
      .getByTestId('result-count')
      .getByText(/^\s*1 case shown/)
      .waitFor();
    await page.getByTestId('case-table').getByRole('link').first().click();
    await page.getByText('Late: you will be asked for a reason.').first().waitFor();
    const late = page.getByRole('button', { name: 'Record the decision on the contact' });
    await late.click();
    const dialog = page.getByRole('dialog', { name: 'This is late' });
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByText('Enter a reason').waitFor();
    await assertAccessible(page, 'late reason prompt');
    await dialog.getByRole('textbox').fill('The referrer sent the school report a week late.');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('main').getByText('Done: Record the decision on the contact.').waitFor();
    await page
      .getByTestId('chronology')
      .getByText('Reason given: The referrer sent the school report a week late.')
      .waitFor();
  }
});
