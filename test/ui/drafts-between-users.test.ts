import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_TEAM } from '../../server/demo/seed-users.ts';
import { createUser } from '../../server/services/users.ts';
import {
  apiClientFor,
  DEMO_PASSWORD,
  launchBrowser,
  logInAs,
  startUiServer,
  type TestBrowser,
  tearDownAfterSuite,
  type UiServer,
} from './browser-harness.ts';

/** Requests whose answers the tests refuse, as a dropped connection would. */
const DRAFT_SAVES = '**/api/cases/*/forms/*/draft';

/**
 * Two social workers sharing one computer (one browser profile, one localStorage): what one
 * typed and never got to the server is sent under their own name at log-out, or, when it cannot
 * be, they are told before it is dropped; it is never shown to, or sent as, the next user.
 */
describe('web app: unsent drafts on a shared computer', function () {
  this.timeout(60_000);
  let server: UiServer;
  let browser: TestBrowser | undefined;
  let page: Page | undefined;
  let practitionerId = '';

  before(async function () {
    this.timeout(180_000);
    server = await startUiServer({ pack: 'child-protection' });
    await createUser(
      server.store,
      {
        username: 'second_worker',
        displayName: 'Second Worker',
        password: DEMO_PASSWORD,
        roles: ['practitioner'],
        teams: [DEMO_TEAM],
      },
      new Date(),
    );
    practitionerId = (await server.store.users.findOne({ username: 'practitioner' }))!.id;
  });
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
    page = undefined;
  });
  tearDownAfterSuite(() => ({ page, server }));

  /** A fresh case of the team, a fresh browser profile and page; returns the contact form's URL. */
  async function freshCaseAndBrowser(
    lastName: string,
  ): Promise<{ formUrl: string; caseId: string }> {
    const api = await apiClientFor(server, 'practitioner');
    const created = await api('POST', '/api/cases', {
      workflowId: 'child-protection',
      subject: { firstName: 'Ada', lastName },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    browser = await launchBrowser();
    page = await browser.newPage();
    return {
      caseId: created.body.id,
      formUrl: `${server.url}/cases/${created.body.id}/forms/contact`,
    };
  }

  /** Types into the form while draft saves are refused, until the page says so. */
  async function typeWhileRefused(p: Page, formUrl: string, words: string) {
    await p.goto(formUrl);
    await p.route(DRAFT_SAVES, (route) => route.abort('internetdisconnected'));
    await p.getByLabel('What we were told').fill(words);
    await p.keyboard.press('Tab');
    await p.getByTestId('save-status').getByText('the server cannot be reached').waitFor();
  }

  /** Every request the page sends from now on, with its body. */
  function recordRequests(p: Page) {
    const sent: { method: string; url: string; body: string }[] = [];
    p.on('request', (r) =>
      sent.push({ method: r.method(), url: r.url(), body: r.postData() ?? '' }),
    );
    return sent;
  }

  /**
   * Logs the second worker in on the same browser and opens the form: none of `words` is shown,
   * sent or stored on the server, even after the autosave delay.
   */
  async function secondWorkerSeesNoneOf(p: Page, formUrl: string, caseId: string, words: string) {
    const sent = recordRequests(p);
    await logInAs(p, server.url, 'second_worker');
    await p.goto(formUrl);
    await p.getByLabel('What we were told').waitFor();
    // Longer than the autosave delay, so that a restored draft would have been sent by now.
    await p.waitForTimeout(3000);
    assert.equal(await p.getByLabel('What we were told').inputValue(), '');
    assert.equal(await p.getByText(words).count(), 0);
    assert.equal(await p.getByText('Changes you made earlier on this device').count(), 0);
    assert.deepEqual(
      sent.filter((r) => r.body.includes(words)).map((r) => `${r.method} ${r.url}`),
      [],
    );
    assert.equal(await serverDraft(caseId), undefined);
  }

  async function serverDraft(caseId: string) {
    const drafts = await server.store.submissions.list({
      filter: { caseId, formId: 'contact', status: 'draft' },
      limit: 10,
    });
    return drafts.items[0];
  }

  async function storedText(p: Page): Promise<string> {
    // Runs in the page: a string, because the Node side has no DOM types.
    return p.evaluate('JSON.stringify({ ...localStorage })');
  }

  it("never shows or sends one user's unsent words to the next user of the browser", async () => {
    const { formUrl, caseId } = await freshCaseAndBrowser('Finch');
    const p = page!;
    const words = 'Words only the first worker typed, kept on the device.';
    await logInAs(p, server.url, 'practitioner');
    await typeWhileRefused(p, formUrl, words);
    let asked = '';
    p.once('dialog', async (dialog) => {
      asked = dialog.message();
      await dialog.accept();
    });
    await p.getByRole('button', { name: 'Log out' }).click();
    await p.getByText('You have logged out.').waitFor();
    await p.unroute(DRAFT_SAVES);

    await secondWorkerSeesNoneOf(p, formUrl, caseId, words);
    assert.doesNotMatch(await storedText(p), /first worker typed/);
    assert.match(asked, /Your changes to 1 form could not be sent/);
    assert.match(asked, /Log out anyway and lose them/);
  });

  it('sends the draft still pending at log-out, under the name of the user who wrote it', async () => {
    const { formUrl, caseId } = await freshCaseAndBrowser('Wren');
    const p = page!;
    const words = 'Sent on the way out while the server could be reached.';
    await logInAs(p, server.url, 'practitioner');
    await typeWhileRefused(p, formUrl, words);
    await p.unroute(DRAFT_SAVES);
    let asked = '';
    p.on('dialog', async (dialog) => {
      asked = dialog.message();
      await dialog.accept();
    });
    await p.getByRole('button', { name: 'Log out' }).click();
    await p.getByText('You have logged out.').waitFor();
    const draft = await serverDraft(caseId);
    assert.equal(draft?.data.reportedConcerns, words, JSON.stringify(draft?.data));
    assert.equal(draft?.author, practitionerId);
    assert.equal(asked, '');
    assert.doesNotMatch(await storedText(p), /on the way out/);
  });

  it('keeps the session and the words when the user would rather not lose them', async () => {
    const { formUrl, caseId } = await freshCaseAndBrowser('Lark');
    const p = page!;
    const words = 'Not to be lost: the worker said no.';
    await logInAs(p, server.url, 'practitioner');
    await typeWhileRefused(p, formUrl, words);
    p.once('dialog', (dialog) => dialog.dismiss());
    await p.getByRole('button', { name: 'Log out' }).click();
    await p.waitForTimeout(500);
    assert.equal(new URL(p.url()).pathname, new URL(formUrl).pathname);
    assert.equal(await p.getByLabel('What we were told').inputValue(), words);
    await p.getByRole('button', { name: 'Log out' }).waitFor();
    assert.match(await storedText(p), /the worker said no/);
    // The connection is back: logging out now sends them.
    await p.unroute(DRAFT_SAVES);
    await p.getByRole('button', { name: 'Log out' }).click();
    await p.getByText('You have logged out.').waitFor();
    assert.equal((await serverDraft(caseId))?.data.reportedConcerns, words);
  });

  it('drops a draft kept before drafts were kept per user, without showing or sending it', async () => {
    const { formUrl, caseId } = await freshCaseAndBrowser('Heron');
    const p = page!;
    const words = 'Left by an older version of the app, author unknown.';
    await p.goto(`${server.url}/login`);
    const legacy = JSON.stringify({
      data: { reportedConcerns: words },
      revision: 0,
      changedAt: new Date().toISOString(),
    });
    // Runs in the page: a string, because the Node side has no DOM types.
    await p.evaluate(
      `localStorage.setItem(${JSON.stringify(`lowform:draft:${caseId}:contact`)}, ${JSON.stringify(legacy)})`,
    );
    await secondWorkerSeesNoneOf(p, formUrl, caseId, words);
    assert.doesNotMatch(await storedText(p), /older version of the app/);
  });

  it("keeps a user's unsent words for them alone when their session ends without a log-out", async () => {
    const { formUrl, caseId } = await freshCaseAndBrowser('Rook');
    const p = page!;
    const words = 'Typed just before the session ran out.';
    await logInAs(p, server.url, 'practitioner');
    await typeWhileRefused(p, formUrl, words);
    await browser!.context.clearCookies();
    await p.unroute(DRAFT_SAVES);
    await secondWorkerSeesNoneOf(p, formUrl, caseId, words);
    await p.getByRole('button', { name: 'Log out' }).click();
    await p.getByText('You have logged out.').waitFor();
    // The first worker comes back: their words are put back and sent under their name.
    await logInAs(p, server.url, 'practitioner');
    await p.goto(formUrl);
    assert.equal(await p.getByLabel('What we were told').inputValue(), words);
    await p
      .getByTestId('save-status')
      .getByText(/Saved at/)
      .waitFor();
    const draft = await serverDraft(caseId);
    assert.equal(draft?.data.reportedConcerns, words);
    assert.equal(draft?.author, practitionerId);
  });
});
