import assert from 'node:assert/strict';
import {
  apiClientFor,
  launchBrowser,
  logInAs,
  startUiServer,
  type TestBrowser,
  type UiServer,
} from './browser-harness.ts';

/** The form page measures active recording time and sends it with autosave. */
describe('web app: recording time', function () {
  this.timeout(120_000);
  let server: UiServer;
  let browser: TestBrowser;

  before(async function () {
    this.timeout(180_000);
    server = await startUiServer({ pack: 'child-protection' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
    await server.close();
  });

  it('sends the time spent typing, not a pause of over a minute, with the draft', async () => {
    const practitioner = await apiClientFor(server, 'practitioner');
    const created = await practitioner('POST', '/api/cases', {
      workflowId: 'child-protection',
      subject: { firstName: 'Ivy', lastName: 'Timer' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const caseId = created.body.id;
    const page = await browser.newPage();
    await page.clock.install();
    await logInAs(page, server.url, 'practitioner');
    await page.goto(`${server.url}/cases/${caseId}/forms/contact`);
    await page.getByTestId('save-status').waitFor();
    const address = page.getByLabel("Family's home address");
    await address.click();
    await address.pressSequentially('1 First');
    await page.clock.runFor(20_000); // 20 s thinking between words: counted
    await address.pressSequentially(' Street');
    await page.clock.runFor(5 * 60_000); // away for five minutes: not counted
    await address.pressSequentially(', Leeds');
    await page.keyboard.press('Tab');
    await page
      .getByTestId('save-status')
      .getByText(/Saved at/)
      .waitFor();
    const draft = await server.store.submissions.get(`${caseId}:contact:draft`);
    assert.ok(draft, 'the draft was saved');
    assert.ok(
      draft.activeSeconds !== undefined && draft.activeSeconds >= 20 && draft.activeSeconds < 40,
      `active seconds: ${draft.activeSeconds}`,
    );
  });
});
