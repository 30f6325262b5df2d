import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { Role } from '../../schemas/generated/records.ts';
import { createUser } from '../../server/services/users.ts';
import { sampleSubmission } from '../packs/sample-data.ts';
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
 * A practitioner's casework and a manager's, in the real app on the real server. The server is
 * shared; each test opens its own cases through the API, as the user it names, and gets a fresh
 * browser profile, so no test depends on another's.
 */
describe('web app: casework from search to sign-off', function () {
  this.timeout(60_000);
  let server: UiServer;
  let browser: TestBrowser;
  let page: Page;
  let hiddenCaseId = '';

  before(async function () {
    this.timeout(180_000);
    server = await startUiServer({ pack: 'child-protection' });
    const practitioner = await apiClientFor(server, 'practitioner');
    for (const [firstName, lastName, dateOfBirth] of [
      ['Leo', 'Brennan', '2016-07-02'],
      ['Maya', 'Hughes', '2020-11-23'],
      ['Tom', 'Price', '2013-01-09'],
    ]) {
      const created = await practitioner('POST', '/api/cases', {
        workflowId: 'child-protection',
        subject: { firstName, lastName, dateOfBirth },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
    }
    // Other users whose cases never show in the practitioner's own caseload, and a team ('east')
    // whose sign-off queue holds only what its test puts there.
    const users: [string, Role[], string][] = [
      ['south_worker', ['practitioner'], 'south'],
      ['south_manager', ['manager'], 'south'],
      ['north_worker', ['practitioner'], 'north'],
      ['east_worker', ['practitioner'], 'east'],
      ['east_manager', ['manager'], 'east'],
    ];
    for (const [username, roles, team] of users) {
      await createUser(
        server.store,
        { username, displayName: username, password: DEMO_PASSWORD, roles, teams: [team] },
        new Date(),
      );
    }
    // A restricted case in another team, which the practitioner must never see.
    const southWorker = await apiClientFor(server, 'south_worker');
    const hidden = await southWorker('POST', '/api/cases', {
      workflowId: 'child-protection',
      subject: { firstName: 'Zara', lastName: 'Whitfield', dateOfBirth: '2018-05-05' },
    });
    assert.equal(hidden.status, 201, JSON.stringify(hidden.body));
    hiddenCaseId = hidden.body.id;
    const southManager = await apiClientFor(server, 'south_manager');
    const restricted = await southManager('PATCH', `/api/cases/${hiddenCaseId}`, {
      expectedVersion: hidden.body.version,
      restricted: true,
    });
    assert.equal(restricted.status, 200, JSON.stringify(restricted.body));
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

  /** A case opened through the API, as `username`, taken as far as `upTo` says. */
  async function caseFor(
    username: string,
    firstName: string,
    upTo: 'contact' | 'contact-submitted' | 'closure' | 'closure-submitted' | 'waiting' = 'contact',
  ): Promise<{ id: string; reference: string; url: string }> {
    const api = await apiClientFor(server, username);
    const created = await api('POST', '/api/cases', {
      workflowId: 'child-protection',
      subject: { firstName, lastName: 'Casework', dateOfBirth: '2019-03-14' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { id, reference } = created.body as { id: string; reference: string };
    const steps = ['contact', 'contact-submitted', 'closure', 'closure-submitted', 'waiting'];
    const reach = steps.indexOf(upTo);
    const ok = (response: { status: number; body: unknown }, status = 200) =>
      assert.equal(response.status, status, JSON.stringify(response.body));
    const submit = async (formId: string, data: Record<string, unknown>) =>
      ok(
        await api('POST', `/api/cases/${id}/forms/${formId}/submit`, {
          data,
          idempotencyKey: randomUUID(),
        }),
      );
    const move = async (type: string, status = 200) => {
      const current = await api('GET', `/api/cases/${id}`);
      ok(
        await api('POST', `/api/cases/${id}/events`, {
          type,
          expectedVersion: current.body.version,
        }),
        status,
      );
    };
    if (reach >= 1)
      await submit(
        'contact',
        sampleSubmission('contact', { referralDecision: 'no-further-action' }),
      );
    if (reach >= 2) await move('decide-referral');
    if (reach >= 3) await submit('closure', sampleSubmission('closure'));
    if (reach >= 4) await move('close-case', 202);
    return { id, reference, url: `${server.url}/cases/${id}` };
  }

  it('shows the practitioner their caseload with deadlines in words', async () => {
    await logInAs(page, server.url, 'practitioner');
    const table = page.getByTestId('case-table');
    await table.getByText('Brennan').waitFor();
    assert.equal(await table.locator('tbody tr').count(), 3);
    await table
      .getByText(/On track|Due soon|Overdue/)
      .first()
      .waitFor();
    assert.match(
      (await table.textContent()) ?? '',
      /\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}/,
    );
    await assertAccessible(page, 'caseload');
    await saveScreenshot(page, 'caseload-practitioner');
  });

  it('finds cases by name, date of birth and reference', async () => {
    await logInAs(page, server.url, 'practitioner');
    await page.getByLabel('Search by name').fill('hughes');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByTestId('result-count').getByText('1 case shown').waitFor();
    await page.getByLabel('Search by name').fill('02/07/2016');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByTestId('case-table').getByText('Brennan').waitFor();
    assert.equal(await page.getByTestId('case-table').locator('tbody tr').count(), 1);
  });

  it('searches before it creates a case, then opens the new case', async () => {
    await logInAs(page, server.url, 'north_worker');
    await page.getByRole('link', { name: 'New case', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'New case' }).waitFor();
    await page.getByRole('button', { name: 'Search for existing records' }).click();
    await page.getByRole('link', { name: "Enter the child's first name" }).waitFor();
    assert.equal(await page.getByRole('button', { name: /Start a new case/ }).count(), 0);
    await page.getByLabel('First name').fill('Amara');
    await page.getByLabel('Last name').fill('Price');
    await page.getByLabel('Date of birth').fill('2019-03-14');
    await page.getByRole('button', { name: 'Search for existing records' }).click();
    await page.getByText('Existing records that may be this child').first().waitFor();
    await page.getByRole('link', { name: /CP-\d{4}-\d+/ }).waitFor();
    await assertAccessible(page, 'new case with matches');
    await saveScreenshot(page, 'new-case-matches');
    await page
      .getByRole('button', { name: 'None of these: start a new case for Amara Price' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Amara Price' }).waitFor();
    await page.getByText('Stage: Contact and referral').waitFor();
    await page.getByText('14 March 2019').waitFor();
  });

  it('explains why an action cannot be taken yet', async () => {
    const c = await caseFor('north_worker', 'Kofi');
    await logInAs(page, server.url, 'north_worker');
    await page.goto(c.url);
    await page.getByRole('heading', { level: 1, name: 'Kofi Casework' }).waitFor();
    const action = page.getByRole('button', { name: 'Record the decision on the contact' });
    assert.equal(await action.isDisabled(), true);
    await page.getByText('The Contact and referral form has not been submitted').waitFor();
    await assertAccessible(page, 'case');
  });

  it('shows a server-side error on its field, then submits the contact form', async () => {
    const c = await caseFor('north_worker', 'Amara');
    await logInAs(page, server.url, 'north_worker');
    await page.goto(c.url);
    await page.getByRole('link', { name: /Fill in\s+Contact and referral/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Contact and referral' }).waitFor();
    await page.getByLabel("Child's full name").fill('Amara Price');
    await page.getByLabel(/^Date of birth/).fill('2019-03-14');
    await page.getByLabel("Family's home address").fill('12 Mill Lane, Northtown');
    await page.getByLabel('Who contacted us').fill('Ms Shah, class teacher, Northtown Primary');
    await page.getByLabel('Date of the contact').fill('2026-03-12');
    await page.getByLabel('What we were told').fill('Amara said she was hungry most mornings.');
    await page.getByLabel('Decision on the contact').selectOption({
      label: "No further action by children's social care (advice, signposting or early help)",
    });
    await saveScreenshot(page, 'form-contact');
    await page.getByRole('button', { name: 'Submit' }).click();
    const summary = page.getByTestId('submit-errors');
    await summary.getByText('Why we decided this').waitFor();
    const field = page.getByLabel('Why we decided this');
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
    assert.ok(errorId, 'the field is described by its error');
    assert.match((await page.locator(`[id="${errorId}"]`).textContent()) ?? '', /Enter why/);
    await assertAccessible(page, 'form with errors');
    await saveScreenshot(page, 'form-errors');
    await field.fill('Advice to school; family supported by early help.');
    assert.equal(await field.getAttribute('aria-invalid'), null);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('main').getByText('The form has been submitted.').waitFor();
  });

  it('takes an action and shows it at the top of the chronology', async () => {
    const c = await caseFor('north_worker', 'Noor', 'contact-submitted');
    await logInAs(page, server.url, 'north_worker');
    await page.goto(c.url);
    await page.getByRole('heading', { level: 1, name: 'Noor Casework' }).waitFor();
    await page.getByText('Submitted').first().waitFor();
    const before = await page.getByTestId('chronology').locator('li').count();
    await page.getByRole('button', { name: 'Record the decision on the contact' }).click();
    await page.getByRole('main').getByText('Done: Record the decision on the contact.').waitFor();
    await page.getByText('Stage: Step down or closure').waitFor();
    const entries = page.getByTestId('chronology').locator('li');
    await page.waitForFunction(
      (n) =>
        (
          globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
        ).document.querySelectorAll('[data-testid="chronology"] li').length > n,
      before,
    );
    assert.match((await entries.first().textContent()) ?? '', /north_worker/);
    await page.getByLabel('Show', { exact: true }).selectOption({ label: 'Forms' });
    assert.ok((await entries.count()) < before + 1);
    await page.getByLabel('Show', { exact: true }).selectOption({ label: 'Everything' });
    await assertAccessible(page, 'case after an action');
    await saveScreenshot(page, 'case-after-action');
  });

  it('autosaves a half-filled form, says when, and restores it after a reload', async () => {
    const c = await caseFor('north_worker', 'Ruth', 'closure');
    await logInAs(page, server.url, 'north_worker');
    await page.goto(c.url);
    await page.getByRole('link', { name: /Fill in\s+Step down or closure/ }).click();
    const summaryField = page.getByLabel('Why the case can close or step down');
    await summaryField.fill('School and early help report Amara is eating breakfast daily.');
    await page.keyboard.press('Tab');
    await page
      .getByTestId('save-status')
      .getByText(/Saved at \d{2}:\d{2}/)
      .waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Step down or closure' }).waitFor();
    assert.equal(
      await page.getByLabel('Why the case can close or step down').inputValue(),
      'School and early help report Amara is eating breakfast daily.',
    );
  });

  it('keeps a draft on the device while the server cannot be reached and sends it later', async () => {
    const c = await caseFor('north_worker', 'Sami', 'closure');
    await logInAs(page, server.url, 'north_worker');
    await page.goto(c.url);
    await page.getByRole('link', { name: /Fill in\s+Step down or closure/ }).click();
    await page.getByTestId('save-status').waitFor();
    await browser.context.setOffline(true);
    await page
      .getByLabel('Who will carry on supporting the family')
      .fill('Early help worker, weekly.');
    await page.keyboard.press('Tab');
    await page.getByTestId('save-status').getByText('the server cannot be reached').waitFor();
    await saveScreenshot(page, 'form-offline');
    await browser.context.setOffline(false);
    await page
      .getByTestId('save-status')
      .getByText(/Saved at/)
      .waitFor({ timeout: 15_000 });
    await page.reload();
    assert.equal(
      await page.getByLabel('Who will carry on supporting the family').inputValue(),
      'Early help worker, weekly.',
    );
  });

  it('asks a manager to sign off the closure', async () => {
    const c = await caseFor('north_worker', 'Tess', 'closure-submitted');
    await logInAs(page, server.url, 'north_worker');
    await page.goto(c.url);
    await page.getByRole('button', { name: 'Close the case or step it down' }).click();
    await page.getByRole('main').getByText('waiting for sign-off by a manager').first().waitFor();
  });

  it('never shows a practitioner a restricted case of another team', async () => {
    await logInAs(page, server.url, 'practitioner');
    await page.getByLabel("My team's cases").check();
    await page.getByLabel('Search by name').fill('Whitfield');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByTestId('result-count').getByText('No cases found.').waitFor();
    await page.goto(`${server.url}/cases/${hiddenCaseId}`);
    await page
      .getByText('There is no case at this address, or you do not have access to it.')
      .waitFor();
    assert.equal(await page.getByText('Whitfield').count(), 0);
  });

  it('lets a manager sign off from the queue, and the case closes', async () => {
    const c = await caseFor('east_worker', 'Ola', 'waiting');
    await logInAs(page, server.url, 'east_manager');
    await page.getByRole('link', { name: 'Sign-offs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign-offs' }).waitFor();
    await page.getByRole('cell', { name: 'Close the case or step it down', exact: true }).waitFor();
    await assertAccessible(page, 'sign-off queue');
    await saveScreenshot(page, 'sign-offs');
    await page
      .getByRole('button', { name: /Sign off/ })
      .first()
      .click();
    await page
      .getByRole('main')
      .getByText(/Signed off:/)
      .waitFor();
    await page.getByText('Nothing is waiting for your sign-off.').waitFor();
    await page.goto(c.url);
    await page.getByText('This case is closed.').waitFor();
  });

  it("shows a manager the team's timescales and allocates a case", async () => {
    const c = await caseFor('north_worker', 'Ivy');
    await logInAs(page, server.url, 'manager');
    await page.getByRole('link', { name: "Team's cases" }).click();
    await page.getByRole('heading', { level: 1, name: "Team's cases" }).waitFor();
    await page.getByTestId('case-table').getByText('Brennan').waitFor();
    const allocate = page.getByLabel(`Allocate ${c.reference} to`);
    await allocate.selectOption({ label: 'Morgan Manager' });
    await page
      .getByRole('main')
      .getByText(/is now allocated to Morgan Manager/)
      .waitFor();
    await assertAccessible(page, 'team caseload');
    await saveScreenshot(page, 'team');
  });
});
