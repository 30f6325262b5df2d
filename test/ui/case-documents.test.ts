import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { seedCaseToPlan } from '../server/documents-case.ts';
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

/**
 * Documents on the case page, in the real app: the stage's documents as actions, the preview
 * in a sandboxed frame, issuing from the keyboard, and the issued list with who and when.
 * Each test seeds its own case through the API.
 */
describe('web app: documents on the case page', function () {
  this.timeout(90_000);
  let server: UiServer;
  let browser: TestBrowser;
  let page: Page;

  before(async function () {
    this.timeout(180_000);
    server = await startUiServer({ pack: 'child-protection' });
  });
  beforeEach(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await saveScreenshot(page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
    await browser.close();
  });
  after(() => server.close());

  async function openSeededCase(): Promise<string> {
    const caseId = await seedCaseToPlan(await apiClientFor(server, 'practitioner'));
    await logInAs(page, server.url, 'practitioner');
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByRole('heading', { level: 2, name: 'Documents' }).waitFor();
    return caseId;
  }

  it('offers the stage’s documents as actions and previews one in a sandboxed frame', async () => {
    await openSeededCase();
    const group = page.getByRole('group', { name: 'Create the chronology:' });
    await group.getByRole('button', { name: 'PDF' }).waitFor();
    await group.getByRole('button', { name: 'Word' }).waitFor();
    await page
      .getByRole('group', { name: 'Create the child protection plan:' })
      .getByRole('button', { name: 'Preview' })
      .click();
    const heading = page.getByRole('heading', { level: 3, name: 'Preview: Child protection plan' });
    await heading.waitFor();
    // Runs in the page: a string, because the Node side has no DOM types.
    assert.equal(
      await page.evaluate('document.activeElement?.id'),
      'document-preview-heading',
      'focus moves to the preview',
    );
    const frame = page.locator('iframe[title="Preview of the child protection plan"]');
    assert.equal(await frame.getAttribute('sandbox'), '');
    const inside = page.frameLocator('iframe[title="Preview of the child protection plan"]');
    await inside.getByRole('heading', { level: 1, name: 'Child protection plan' }).waitFor();
    await inside.getByRole('heading', { level: 2, name: 'The plan', exact: true }).waitFor();
    await inside.getByText('Freya Fictional').first().waitFor();
    await assertAccessible(page, 'case documents with a preview');
    await saveScreenshot(page, 'case-documents-preview');
  });

  it('issues a document from the keyboard and lists it with who issued it and when, to download', async () => {
    const caseId = await openSeededCase();
    const pdf = page
      .getByRole('group', { name: 'Create the chronology:' })
      .getByRole('button', { name: 'PDF' });
    await pdf.focus();
    await page.keyboard.press('Enter');
    const issued = page.getByTestId('issued-documents');
    await issued.getByRole('cell', { name: /^Chronology: Freya Fictional/ }).waitFor();
    const row = issued.locator('tbody tr').first();
    assert.match(
      String(await row.textContent()),
      /Chronology: Freya Fictional \(PDF, \d+ KB\)\s*Pat Practitioner\s*\d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2}/,
    );
    // The chronology on the page shows the issue once.
    await page.getByTestId('chronology').getByText('Chronology issued').waitFor();
    assert.equal(await page.getByTestId('chronology').getByText('Chronology issued').count(), 1);
    const link = row.getByRole('link', {
      name: /^Download Chronology: Freya Fictional, PDF, issued /,
    });
    const href = await link.getAttribute('href');
    // The page sends an idempotency key, so the document's id is made from it (doc-...).
    assert.match(
      String(href),
      new RegExp(`^/api/cases/${caseId}/documents/doc-[A-Za-z0-9_-]{40}$`),
    );
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), /^CP-\d{4}-\d{6}-chronology\.pdf$/);
    await assertAccessible(page, 'case documents with an issued document');
  });
});
