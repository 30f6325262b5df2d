import assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { seedCaseToPlan } from '../server/documents-case.ts';
import {
  apiClientFor,
  assertAccessible,
  DEMO_PASSWORD,
  launchBrowser,
  logInAs,
  saveScreenshot,
  startUiServer,
  type TestBrowser,
  type UiServer,
} from './browser-harness.ts';

/**
 * The document template editor in the real app: the demo practice lead renames, moves and
 * narrows the child protection plan's sections, watches the preview of the draft on a case
 * follow, and publishes; the demo practitioner then issues the plan on that case and sees the
 * renamed section.
 */
describe('web app: the document template editor', function () {
  this.timeout(180_000);
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

  /** Waits until a check on the page holds (the preview is redrawn a moment after an edit). */
  async function until(check: () => Promise<boolean>, what: string, ms = 20_000) {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) assert.fail(`Timed out waiting: ${what}`);
      await page.waitForTimeout(200);
    }
  }

  /** The h2 headings of the document in a preview frame, in order. */
  async function headingsIn(frame: FrameLocator): Promise<string[]> {
    return frame.locator('h2').allTextContents();
  }

  it('renames, moves and narrows a section with the preview following, publishes, and the next plan issued reads so', async () => {
    const caseId = await seedCaseToPlan(await apiClientFor(server, 'practitioner'));
    // A practice lead lands on the forms.
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Username').fill('practice_lead');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Forms' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Document templates' })
      .click();
    await page.getByRole('link', { name: 'Child protection plan', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Child protection plan' }).waitFor();
    const frame = page.frameLocator('iframe[title="Preview of the child protection plan"]');
    await frame.getByRole('heading', { level: 2, name: 'Why there is a plan' }).waitFor();
    await frame.getByText('Every 10 working days').waitFor();
    assert.equal(
      await page
        .locator('iframe[title="Preview of the child protection plan"]')
        .getAttribute('sandbox'),
      '',
    );
    const before = await headingsIn(frame);
    assert.deepEqual(before.slice(1, 3), ['Why there is a plan', 'The plan']);

    // Rename section 2.
    await page.getByRole('button', { name: 'Rename section 2, Why there is a plan' }).click();
    await page.getByLabel('New heading for section 2').fill('What the plan is for');
    await page.getByRole('button', { name: 'Save the heading' }).click();
    await frame.getByRole('heading', { level: 2, name: 'What the plan is for' }).waitFor();

    // Move it below the plan.
    await page.getByRole('button', { name: 'Move down section 2, What the plan is for' }).click();
    await page.getByRole('button', { name: 'Move up section 3, What the plan is for' }).waitFor();
    await until(async () => {
      const hs = await headingsIn(frame);
      return hs[1] === 'The plan' && hs[2] === 'What the plan is for';
    }, 'the preview shows the plan before the renamed section');

    // Undo and redo the move.
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Move down section 2, What the plan is for' }).waitFor();
    await page.getByRole('button', { name: 'Redo' }).click();
    await page.getByRole('button', { name: 'Move up section 3, What the plan is for' }).waitFor();

    // The plan section (now 2) no longer shows how often the worker visits.
    await page.getByRole('button', { name: 'Choose what it shows in section 2, The plan' }).click();
    const panel = page.getByTestId('section-panel');
    const visits = panel.getByRole('checkbox', {
      name: 'How often the social worker will visit the child',
    });
    assert.equal(await visits.isChecked(), true);
    await visits.uncheck();
    await until(
      async () => (await frame.getByText('Every 10 working days').count()) === 0,
      'the preview no longer shows the visits',
    );
    await frame.getByText(/Kayleigh to take Freya to the dentist/).waitFor();
    await page.getByTestId('save-status').getByText('Draft saved').waitFor({ timeout: 20_000 });
    await assertAccessible(page, 'the document template editor');
    await saveScreenshot(page, 'template-designer');

    await page.getByLabel('What changed and why').fill('A plainer heading, after the plan');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page
      .getByText(/Version 2 is published/)
      .first()
      .waitFor();
    await page.getByText(/Version 2, .* by Lee Practice-Lead: A plainer heading/).waitFor();

    // The practitioner issues the plan on the case: the new version.
    const worker = await browser.newPage();
    await logInAs(worker, server.url, 'practitioner');
    await worker.goto(`${server.url}/cases/${caseId}`);
    await worker.getByRole('heading', { level: 2, name: 'Documents' }).waitFor();
    const group = worker.getByRole('group', { name: 'Create the child protection plan:' });
    await group.getByRole('button', { name: 'PDF' }).click();
    await worker
      .getByTestId('issued-documents')
      .getByRole('cell', { name: /^Child protection plan: Freya Fictional/ })
      .waitFor();
    await group.getByRole('button', { name: 'Preview' }).click();
    const issuedFrame = worker.frameLocator('iframe[title="Preview of the child protection plan"]');
    await issuedFrame.getByRole('heading', { level: 2, name: 'What the plan is for' }).waitFor();
    const after = await headingsIn(issuedFrame);
    assert.deepEqual(after.slice(1, 3), ['The plan', 'What the plan is for']);
    assert.equal(await issuedFrame.getByText('Every 10 working days').count(), 0);
    const documents = await (await apiClientFor(server, 'practitioner'))(
      'GET',
      `/api/cases/${caseId}/documents`,
    );
    const issued = (documents.body as { issued: { templateVersion: number }[] }).issued;
    assert.equal(issued[0]?.templateVersion, 2);
  });
});
