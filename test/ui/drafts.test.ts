import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  apiClientFor,
  assertAccessible,
  launchBrowser,
  logInAs,
  saveScreenshot,
  startUiServer,
  type TestBrowser,
  type UiServer,
} from './browser-harness.ts';

describe('web app: drafts that someone else changed, and leaving unsaved work', function () {
  this.timeout(60_000);
  let server: UiServer;
  let browser: TestBrowser;
  let page: Page;
  let formUrl = '';
  let otherSession: Awaited<ReturnType<typeof apiClientFor>>;
  let caseId = '';

  before(async function () {
    this.timeout(180_000);
    server = await startUiServer({ pack: 'child-protection' });
    otherSession = await apiClientFor(server, 'practitioner');
  });
  // Each test has a case of its own, a fresh browser profile and its own session.
  beforeEach(async () => {
    const created = await otherSession('POST', '/api/cases', {
      workflowId: 'child-protection',
      subject: { firstName: 'Noah', lastName: 'Clarke' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    caseId = created.body.id;
    formUrl = `${server.url}/cases/${caseId}/forms/contact`;
    browser = await launchBrowser();
    page = await browser.newPage();
    await logInAs(page, server.url, 'practitioner');
    await page.goto(formUrl);
    await page.getByTestId('save-status').waitFor();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await saveScreenshot(page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
    await browser.close();
  });
  after(() => server.close());

  /** Saves a draft from the other session on top of whatever is there now. */
  async function saveElsewhere(data: Record<string, unknown>) {
    const current = await otherSession('GET', `/api/cases/${caseId}/forms/contact`);
    const saved = await otherSession('PUT', `/api/cases/${caseId}/forms/contact/draft`, {
      data,
      revision: current.body.revision,
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
  }

  it('shows what someone else saved first and lets the user take theirs', async () => {
    const address = page.getByLabel("Family's home address");
    await address.fill('1 First Street');
    await page.keyboard.press('Tab');
    await page
      .getByTestId('save-status')
      .getByText(/Saved at/)
      .waitFor();
    await saveElsewhere({ address: '2 Second Street', referrer: 'Health visitor' });
    await address.fill('3 Third Street');
    await page.keyboard.press('Tab');
    const dialog = page.getByRole('dialog', { name: 'Someone else saved this form first' });
    await dialog.waitFor();
    await dialog
      .getByRole('row', { name: /Family's home address\s+3 Third Street\s+2 Second Street/ })
      .waitFor();
    await assertAccessible(page, 'draft conflict');
    await saveScreenshot(page, 'form-conflict');
    await dialog.getByRole('button', { name: 'Take theirs' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await address.inputValue(), '2 Second Street');
    assert.equal(await page.getByLabel('Who contacted us').inputValue(), 'Health visitor');
  });

  it('lets the user keep their own version over the other one', async () => {
    await saveElsewhere({ address: '4 Fourth Street' });
    const address = page.getByLabel("Family's home address");
    await address.fill('5 Fifth Street');
    await page.keyboard.press('Tab');
    const dialog = page.getByRole('dialog', { name: 'Someone else saved this form first' });
    await dialog.getByRole('button', { name: 'Keep mine' }).click();
    await page
      .getByTestId('save-status')
      .getByText(/Saved at/)
      .waitFor();
    const stored = await otherSession('GET', `/api/cases/${caseId}/forms/contact`);
    assert.equal(stored.body.data.address, '5 Fifth Street');
  });

  it('asks before leaving a form with changes not yet saved', async () => {
    await page.getByLabel('What we were told').fill('A neighbour heard shouting late at night.');
    let asked = '';
    page.once('dialog', async (dialog) => {
      asked = dialog.message();
      await dialog.dismiss();
    });
    await page.getByRole('link', { name: 'Caseload' }).click();
    await page.waitForTimeout(200);
    assert.match(asked, /changes that are not saved yet/);
    assert.equal(new URL(page.url()).pathname, `/cases/${caseId}/forms/contact`);
    await page
      .getByTestId('save-status')
      .getByText(/Saved at/)
      .waitFor();
    await page.getByRole('link', { name: 'Caseload' }).click();
    await page.getByRole('heading', { level: 1, name: 'Caseload' }).waitFor();
  });
});
