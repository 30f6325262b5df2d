import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { addQuestion, allQuestions } from '../../forms/edit-form.ts';
import { sampleSubmission } from '../packs/sample-data.ts';
import {
  apiClientFor,
  assertAccessible,
  DEMO_PASSWORD,
  launchBrowser,
  saveScreenshot,
  startUiServer,
  type TestBrowser,
  tearDownAfterSuite,
  type UiServer,
} from './browser-harness.ts';

const parentsAware = 'Do the parents know about this contact?';
const referrer = 'Who contacted us, and from which agency';
const contactDate = 'Date of the contact';
const decision = 'Decision on the contact';

/** Logs in through the login page as a user whose landing page is not the caseload. */
async function logIn(page: Page, baseUrl: string, username: string, landing: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 1, name: landing }).waitFor();
}

/** The accessible name the focused element was given (runs in the page, hence a string). */
async function focusedName(page: Page): Promise<unknown> {
  return page.evaluate(`document.activeElement?.getAttribute('aria-label')`);
}

/** A small form of three questions, for a test to create as its own. */
function smallForm(id: string, title: string) {
  return {
    id,
    version: 1,
    title,
    schema: {
      type: 'object',
      required: ['visitDate'],
      properties: {
        visitDate: { type: 'string', format: 'date', title: 'Date of the visit' },
        childSeen: { type: 'boolean', title: 'Was the child seen alone?' },
        notes: { type: 'string', title: 'What the child said', maxLength: 10000 },
        visitKind: {
          type: 'string',
          title: 'Kind of visit',
          oneOf: [
            { const: 'planned', title: 'Planned' },
            { const: 'unannounced', title: 'Unannounced' },
            { const: 'follow-up', title: 'Follow-up' },
          ],
        },
      },
    },
    uischema: {
      type: 'VerticalLayout',
      elements: [
        { type: 'Control', scope: '#/properties/visitDate' },
        { type: 'Control', scope: '#/properties/childSeen' },
        { type: 'Control', scope: '#/properties/notes', options: { multi: true } },
        { type: 'Control', scope: '#/properties/visitKind' },
      ],
    },
  };
}

/** Creates the form as a draft through the API and, unless told not to, publishes it as version 1. */
async function createForm(
  server: UiServer,
  id: string,
  title: string,
  { publish = true }: { publish?: boolean } = {},
) {
  const lead = await apiClientFor(server, 'practice_lead');
  const created = await lead('POST', '/api/forms', { definition: smallForm(id, title) });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  if (!publish) return;
  const published = await lead('POST', `/api/forms/${id}/publish`, {
    expectedVersion: created.body.recordVersion,
    note: 'First version',
  });
  assert.equal(published.status, 200, JSON.stringify(published.body));
}

/**
 * The practice lead's form designer in the real app on the real server with the pack's forms:
 * each test opens the form it edits in a fresh browser profile.
 */
describe('web app: the practice lead’s form designer', function () {
  this.timeout(90_000);
  let server: UiServer;
  let browser: TestBrowser;
  let page: Page;

  before(async function () {
    this.timeout(180_000);
    server = await startUiServer({ pack: 'child-protection' });
  });
  beforeEach(async () => {
    await browser?.close();
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  tearDownAfterSuite(() => ({ page, browser, server }));

  it('lands the practice lead on the forms, with each form’s version and burden', async () => {
    await logIn(page, server.url, 'practice_lead', 'Forms');
    const row = page.getByRole('row', { name: /Contact and referral/ });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /Live/);
    await page.getByTestId('pack-burden').waitFor();
    await page.getByLabel('Search forms').fill('closure');
    assert.equal(await page.getByRole('row', { name: /Contact and referral/ }).count(), 0);
    await assertAccessible(page, 'forms home');
    assert.equal(await page.getByText('You do not have permission').count(), 0);
    const nav = page.getByRole('navigation', { name: 'Main' });
    assert.equal(await nav.getByRole('link', { name: 'New case' }).count(), 0);
    assert.equal(await nav.getByRole('link', { name: 'Forms' }).count(), 1);
  });

  it('hides, makes optional, rewords and adds a choice, shown in the preview, then publishes for practitioners', async () => {
    // A case that submitted the contact form on version 1, before the change.
    const practitioner = await apiClientFor(server, 'practitioner');
    const earlier = await practitioner('POST', '/api/cases', {
      workflowId: 'child-protection',
      subject: { firstName: 'Ella', lastName: 'Shaw', dateOfBirth: '2014-08-08' },
    });
    assert.equal(earlier.status, 201, JSON.stringify(earlier.body));
    const submitted = await practitioner(
      'POST',
      `/api/cases/${earlier.body.id}/forms/contact/submit`,
      {
        data: sampleSubmission('contact', { parentsAware: true }),
        idempotencyKey: randomUUID(),
      },
    );
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));

    // And a case whose contact form was started (a draft) on version 1.
    const started = await practitioner('POST', '/api/cases', {
      workflowId: 'child-protection',
      subject: { firstName: 'Finn', lastName: 'Lowe', dateOfBirth: '2016-06-06' },
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const draftSaved = await practitioner(
      'PUT',
      `/api/cases/${started.body.id}/forms/contact/draft`,
      {
        data: { referrer: 'School nurse' },
        revision: 0,
      },
    );
    assert.equal(draftSaved.status, 200, JSON.stringify(draftSaved.body));

    await logIn(page, server.url, 'practice_lead', 'Forms');
    await page.getByRole('link', { name: 'Contact and referral' }).click();
    await page.getByRole('heading', { level: 1, name: 'Contact and referral' }).waitFor();
    const preview = page.getByTestId('preview');
    await preview.getByText(parentsAware).waitFor();
    await assertAccessible(page, 'form designer');
    // One submission so far: its fill rate is withheld, and says why.
    await page.locator('tr', { hasText: referrer }).getByText('Too few submissions (1)').waitFor();

    // Hide: the question leaves the preview, focus stays on its row (now on Show).
    await page.getByRole('button', { name: `Hide: ${parentsAware}` }).click();
    await preview.getByText(parentsAware).waitFor({ state: 'detached' });
    const focused = await focusedName(page);
    assert.equal(focused, `Show: ${parentsAware}`);
    await page
      .getByTestId('announcer')
      .getByText(/hidden/)
      .waitFor();

    // Make optional: the preview no longer marks it required.
    const referrerLabel = preview.locator('label', { hasText: referrer });
    assert.match((await referrerLabel.textContent()) ?? '', /\(required\)/);
    await page.getByRole('button', { name: `Make optional: ${referrer}` }).click();
    await page.getByRole('button', { name: `Make required: ${referrer}` }).waitFor();
    assert.doesNotMatch((await referrerLabel.textContent()) ?? '', /\(required\)/);

    // Move up keeps focus on the moved question's row: now first of its section, its Move up
    // is disabled, so focus is on its Move down.
    await page.getByRole('button', { name: `Move up: ${contactDate}` }).click();
    assert.equal(await focusedName(page), `Move down: ${contactDate}`);
    const firstOfSection = page
      .locator('section', { hasText: 'The contact' })
      .locator('tbody tr')
      .first();
    assert.match((await firstOfSection.textContent()) ?? '', /Date of the contact/);
    await page.getByRole('button', { name: 'Undo' }).click();
    await page
      .getByTestId('announcer')
      .getByText(/Undone/)
      .waitFor();

    // Reword a label through the question panel.
    await page.getByRole('button', { name: `Edit: ${contactDate}` }).click();
    const panel = page.getByRole('region', { name: /^Question \d+$/ });
    assert.equal(await page.evaluate('document.activeElement?.id'), 'question-panel-heading');
    await panel.getByLabel('Question text').fill('When did they contact us?');
    await panel.getByLabel('Question text').press('Tab');
    await preview.getByText('When did they contact us?').waitFor();

    // Add a choice to the decision.
    await page.getByRole('button', { name: `Edit: ${decision}` }).click();
    // The workflow decides its branch on this answer: the panel says so before anything changes.
    await panel.getByText('Other parts of the service read this question').waitFor();
    await panel
      .getByText(/^Child protection: /)
      .first()
      .waitFor();
    await panel.getByLabel('New choice').fill('Early help offered');
    await panel.getByRole('button', { name: 'Add choice' }).click();
    await preview
      .getByRole('option', { name: 'Early help offered' })
      .waitFor({ state: 'attached' });
    await page.getByTestId('save-status').getByText('Draft saved').waitFor();
    await assertAccessible(page, 'form designer with a question open');
    await saveScreenshot(page, 'form-designer', { docs: true });

    // Publish: the changes in words first, then a note.
    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish a new version' });
    const changes = (await dialog.getByTestId('publish-changes').textContent()) ?? '';
    assert.match(changes, /1 question hidden: “Do the parents know about this contact\?”/);
    assert.match(changes, /1 question made optional: “Who contacted us, and from which agency”/);
    assert.match(changes, /1 question reworded: “When did they contact us\?”/);
    assert.match(changes, /1 choice added: “Early help offered” to “Decision on the contact”/);
    await dialog.getByText('Nothing breaking').waitFor();
    await assertAccessible(page, 'publish dialog');
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await dialog.getByText('Say what changed and why.').waitFor();
    await dialog.getByLabel('What changed and why').fill('Shorter contact form after the audit');
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('main').getByText('Version 2 is live.').waitFor();
    await page
      .getByRole('region', { name: 'Version history' })
      .getByText('“Shorter contact form after the audit”')
      .waitFor();

    // The practitioner's new case gets version 2.
    const created = await practitioner('POST', '/api/cases', {
      workflowId: 'child-protection',
      subject: { firstName: 'Ivy', lastName: 'Marsh', dateOfBirth: '2019-04-04' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const worker = await browser.newPage();
    await worker.context().clearCookies();
    await logIn(worker, server.url, 'practitioner', 'Caseload');
    await worker.goto(`${server.url}/cases/${created.body.id}/forms/contact`);
    await worker.getByLabel('When did they contact us?').waitFor();
    assert.equal(await worker.getByText(parentsAware).count(), 0);
    const workerReferrer = worker.locator('label', { hasText: referrer });
    assert.doesNotMatch((await workerReferrer.textContent()) ?? '', /\(required\)/);
    await worker.getByLabel(decision).selectOption({ label: 'Early help offered' });

    // The case that submitted version 1 still shows its answers with version 1's words.
    await worker.goto(`${server.url}/cases/${earlier.body.id}/forms/contact`);
    await worker.getByText(parentsAware).first().waitFor();
    await worker.getByText(contactDate).first().waitFor();
    assert.equal(await worker.getByText('When did they contact us?').count(), 0);

    // The draft started on version 1 finishes on version 1, as the publish dialog says.
    await worker.goto(`${server.url}/cases/${started.body.id}/forms/contact`);
    await worker.getByLabel(contactDate).waitFor();
    assert.equal(await worker.getByLabel(parentsAware).count(), 1);
    assert.equal(await worker.getByLabel(referrer).inputValue(), 'School nurse');
  });

  it('refuses to publish while lint finds an error, and shows it on its question', async () => {
    const lead = await apiClientFor(server, 'practice_lead');
    const live = await lead('GET', '/api/forms/closure');
    assert.equal(live.status, 200);
    await logIn(page, server.url, 'practice_lead', 'Forms');
    await page.goto(`${server.url}/forms/closure`);
    await page.getByRole('heading', { level: 1, name: live.body.definition.title }).waitFor();
    // A question whose words are only spaces cannot be made in the panel; a bad pattern can only
    // come from elsewhere, so put one in the draft through the API and open it again.
    const definition = structuredClone(live.body.definition);
    const [key] = Object.entries(definition.schema.properties).find(
      ([, s]) => (s as { type?: string }).type === 'string',
    ) as [string, Record<string, unknown>];
    definition.schema.properties[key].pattern = '([a-z]+)+$';
    const saved = await lead('PUT', '/api/forms/closure/draft', { definition });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    await page.reload();
    await page
      .getByText(/^Problem:/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish a new version' });
    await dialog.getByText('cannot be published until these problems are fixed').waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Publish' }).isDisabled(), true);
  });
  it('adds a question shown only if a yes/no is answered yes, in the preview and for practitioners', async () => {
    await logIn(page, server.url, 'practice_lead', 'Forms');
    await page.getByRole('link', { name: 'Strategy discussion' }).click();
    await page.getByRole('heading', { level: 1, name: 'Strategy discussion' }).waitFor();
    const police = 'Will the police investigate a possible crime alongside the enquiry?';
    const add = page.getByRole('form', { name: 'Add a question' });
    const section =
      (await page.locator('section', { hasText: police }).locator('h3').first().textContent()) ??
      '';
    await add.getByLabel('Section').selectOption({ label: section.trim() });
    await add.getByLabel('Question text').fill('Which police team?');
    await add.getByRole('button', { name: 'Add question' }).click();
    await page.getByRole('button', { name: 'Edit: Which police team?' }).click();
    const panel = page.getByRole('region', { name: /^Question \d+$/ });
    const decider = panel.getByLabel('The answer to');
    const value = await decider.locator('option', { hasText: police }).getAttribute('value');
    await decider.selectOption(value ?? '');
    await panel.getByLabel('Test').selectOption('is');
    await panel.getByLabel('Answer', { exact: true }).selectOption({ label: 'Yes' });
    await panel.getByRole('button', { name: 'Show only then' }).click();
    const preview = page.getByTestId('preview');
    // The police question is itself shown only for a section 47 enquiry.
    const strategy = 'Decision of the strategy discussion';
    await preview.getByLabel(strategy).selectOption({ label: 'Start a section 47 enquiry' });
    await preview.getByText(police).waitFor();
    assert.equal(await preview.getByLabel('Which police team?').count(), 0, 'hidden until yes');
    await preview.getByLabel(police).check();
    await preview.getByLabel('Which police team?').waitFor();
    await page.getByTestId('save-status').getByText('Draft saved').waitFor();
    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish a new version' });
    await dialog.getByText('1 question added: “Which police team?”.').waitFor();
    await dialog
      .getByLabel('What changed and why')
      .fill('Ask which police team when they investigate');
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('main').getByText('Version 2 is live.').waitFor();

    const practitioner = await apiClientFor(server, 'practitioner');
    const created = await practitioner('POST', '/api/cases', {
      workflowId: 'child-protection',
      subject: { firstName: 'Ada', lastName: 'Cole', dateOfBirth: '2017-02-02' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const form = await practitioner(
      'GET',
      `/api/cases/${created.body.id}/forms/strategy-discussion`,
    );
    assert.equal(form.status, 200, JSON.stringify(form.body));
    const worker = await browser.newPage();
    await worker.context().clearCookies();
    await logIn(worker, server.url, 'practitioner', 'Caseload');
    await worker.goto(`${server.url}/cases/${created.body.id}/forms/strategy-discussion`);
    await worker.getByLabel(strategy).selectOption({ label: 'Start a section 47 enquiry' });
    await worker.getByLabel(police).waitFor();
    assert.equal(await worker.getByLabel('Which police team?').count(), 0);
    await worker.getByLabel(police).check();
    await worker.getByLabel('Which police team?').waitFor();
  });

  it('shows a question if either of two answers is given (an OR rule), in the preview, and reads it back', async () => {
    await createForm(server, 'or-visit', 'Visit with a rule');
    await logIn(page, server.url, 'practice_lead', 'Forms');
    await page.goto(`${server.url}/forms/or-visit`);
    const said = 'What the child said';
    const seen = 'Was the child seen alone?';
    const kind = 'Kind of visit';
    await page.getByRole('button', { name: `Edit: ${said}` }).click();
    const panel = page.getByRole('region', { name: /^Question \d+$/ });
    const first = panel.getByRole('group', { name: 'Condition 1' });
    await first.getByLabel('The answer to').selectOption({ label: `2. ${seen}` });
    await first.getByLabel('Test').selectOption({ label: 'is' });
    await first.getByLabel('Answer', { exact: true }).selectOption({ label: 'Yes' });
    await panel.getByRole('button', { name: 'Add another condition' }).click();
    const second = panel.getByRole('group', { name: 'Condition 2' });
    await second.getByLabel('The answer to').selectOption({ label: `4. ${kind}` });
    await second.getByLabel('Test').selectOption({ label: 'is any of' });
    await second.getByLabel('Unannounced').check();
    await second.getByLabel('Follow-up').check();
    await panel.getByLabel('any of these is true').check();
    await assertAccessible(page, 'form designer, show only if with two conditions');
    await panel.getByRole('button', { name: 'Show only then' }).click();

    const preview = page.getByTestId('preview');
    await preview.getByLabel(said).waitFor({ state: 'detached' });
    await preview.getByLabel(kind).selectOption({ label: 'Follow-up' });
    await preview.getByLabel(said).waitFor();
    await preview.getByLabel(kind).selectOption({ label: 'Planned' });
    await preview.getByLabel(said).waitFor({ state: 'detached' });
    await preview.getByLabel(seen).check();
    await preview.getByLabel(said).waitFor();

    // Opened again, the panel reads the rule back: two conditions, joined by OR.
    await page.getByRole('button', { name: 'Close question' }).click();
    await page.getByRole('button', { name: `Edit: ${said}` }).click();
    assert.equal(await panel.getByLabel('any of these is true').isChecked(), true);
    assert.equal(await second.getByLabel('Follow-up').isChecked(), true);
    assert.equal(await second.getByLabel('Planned').isChecked(), false);
    assert.equal(await panel.getByTestId('other-rule').count(), 0);
    await page.getByTestId('save-status').getByText('Draft saved').waitFor();
    const lead = await apiClientFor(server, 'practice_lead');
    const draft = await lead('GET', '/api/forms/or-visit/draft');
    const rule = draft.body.definition.uischema.elements[2].rule;
    assert.equal(rule.condition.type, 'OR');
  });

  it('renames a question’s key only as its own action, which the diff calls breaking and publishing refuses', async () => {
    await createForm(server, 'home-visit', 'Home visit');
    await logIn(page, server.url, 'practice_lead', 'Forms');
    await page.goto(`${server.url}/forms/home-visit`);
    const seen = 'Was the child seen alone?';
    await page.getByRole('button', { name: `Edit: ${seen}` }).click();
    const panel = page.getByRole('region', { name: /^Question \d+$/ });
    await panel.getByLabel('Question text').fill('Did you see the child on their own?');
    await panel.getByLabel('Question text').press('Tab');
    await page.getByRole('button', { name: 'Edit: Did you see the child on their own?' }).waitFor();
    await panel.getByText('Key: childSeen').click();
    await panel.getByLabel('New key').fill('child seen');
    await panel.getByRole('button', { name: 'Rename the key' }).click();
    await page
      .getByRole('alert')
      .getByText(/A key is letters, digits and _/)
      .waitFor();
    await panel.getByLabel('New key').fill('seenAlone');
    await panel.getByRole('button', { name: 'Rename the key' }).click();
    await panel.getByText('Key: seenAlone').waitFor();
    await assertAccessible(page, 'question panel, key renamed');
    await page.getByTestId('save-status').getByText('Draft saved').waitFor();

    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish a new version' });
    await dialog
      .getByText(
        /1 question given a new key: “Did you see the child on their own\?” \(childSeen to seenAlone\)/,
      )
      .waitFor();
    await dialog.getByText(/has a new key \(\/childSeen became \/seenAlone\)/).waitFor();
    assert.equal(
      await dialog.getByRole('button', { name: 'Publish', exact: true }).isDisabled(),
      true,
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    // Undo takes the rename back; the rewording stays, and is not breaking.
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('save-status').getByText('Draft saved').waitFor();
    await page.getByRole('button', { name: 'Publish…' }).click();
    await dialog.getByText('Nothing breaking: answers already given keep their meaning.').waitFor();
    assert.equal(
      await dialog.getByRole('button', { name: 'Publish', exact: true }).isDisabled(),
      false,
    );
  });

  it('makes a question family-level from the question panel, saved as x-family', async () => {
    await createForm(server, 'family-visit', 'Family visit', { publish: false });
    await logIn(page, server.url, 'practice_lead', 'Forms');
    await page.goto(`${server.url}/forms/family-visit`);
    const said = 'What the child said';
    await page.getByRole('button', { name: `Edit: ${said}` }).click();
    const panel = page.getByRole('region', { name: /^Question \d+$/ });
    const family = panel.getByLabel('Family-level: one answer for brothers and sisters');
    assert.equal(await family.isChecked(), false);
    await family.check();
    await page.locator('tr', { hasText: said }).getByText('Family-level').waitFor();
    assert.equal(await family.isChecked(), true);
    await assertAccessible(page, 'question panel, family-level');
    await page.getByTestId('save-status').getByText('Draft saved').waitFor();
    const lead = await apiClientFor(server, 'practice_lead');
    const draft = await lead('GET', '/api/forms/family-visit/draft');
    assert.equal(draft.body.definition.schema.properties.notes['x-family'], true);
  });

  it('lists a new form never published on the forms home, as a draft, and opens it', async () => {
    await createForm(server, 'kinship-check', 'Kinship carer check', { publish: false });
    await logIn(page, server.url, 'practice_lead', 'Forms');
    const row = page.getByRole('row', { name: /Kinship carer check/ });
    await row.getByText('Draft, never published').waitFor();
    assert.match((await row.textContent()) ?? '', /None yet/);
    await assertAccessible(page, 'forms home with a draft-only form');
    await row.getByRole('link', { name: 'Kinship carer check' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kinship carer check' }).waitFor();
    await page.getByText('Not published yet').waitFor();
    await page.getByTestId('preview').getByText('Was the child seen alone?').waitFor();
  });

  it('restores an earlier version as a new draft, from the version history', async () => {
    await createForm(server, 'restore-visit', 'Restore visit');
    const lead = await apiClientFor(server, 'practice_lead');
    const v1 = (await lead('GET', '/api/forms/restore-visit')).body.definition;
    const v2 = structuredClone(v1);
    v2.schema.properties.childSeen.title = 'Did you see the child on their own?';
    const saved = await lead('PUT', '/api/forms/restore-visit/draft', { definition: v2 });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const published = await lead('POST', '/api/forms/restore-visit/publish', {
      expectedVersion: saved.body.recordVersion,
      note: 'Plainer words',
    });
    assert.equal(published.status, 200, JSON.stringify(published.body));

    await logIn(page, server.url, 'practice_lead', 'Forms');
    await page.goto(`${server.url}/forms/restore-visit`);
    const history = page.getByRole('region', { name: 'Version history' });
    await history.getByText('“Plainer words”').waitFor();
    const preview = page.getByTestId('preview');
    await preview.getByText('Did you see the child on their own?').waitFor();
    await history.getByRole('button', { name: 'Restore as the draft: version 1' }).click();
    await preview.getByText('Was the child seen alone?').waitFor();
    await page.getByText('Version 1 restored as the draft').first().waitFor();
    await page.getByTestId('save-status').getByText('Draft saved').waitFor();
    const draft = await lead('GET', '/api/forms/restore-visit/draft');
    assert.equal(draft.status, 200);
    assert.equal(
      draft.body.definition.schema.properties.childSeen.title,
      'Was the child seen alone?',
    );
    assert.equal((await lead('GET', '/api/forms/restore-visit')).body.version, 2, 'still live');
    await assertAccessible(page, 'form designer, a version restored');
    // Undo brings the draft back to the live version's words.
    await page.getByRole('button', { name: 'Undo' }).click();
    await preview.getByText('Did you see the child on their own?').waitFor();
  });

  it('keeps the published version live when the server restarts on the same data directory', async function () {
    this.timeout(240_000);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lowform-restart-'));
    let first: UiServer | undefined = await startUiServer({ dataDir });
    let second: UiServer | undefined;
    try {
      await createForm(first, 'restart-visit', 'Restart visit');
      await logIn(page, first.url, 'practice_lead', 'Forms');
      await page.goto(`${first.url}/forms/restart-visit`);
      await page.getByRole('button', { name: 'Hide: What the child said' }).click();
      await page.getByTestId('save-status').getByText('Draft saved').waitFor();
      await page.getByRole('button', { name: 'Publish…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Publish a new version' });
      await dialog.getByLabel('What changed and why').fill('The notes go to the visit record');
      await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
      await page.getByRole('main').getByText('Version 2 is live.').waitFor();
      await first.close();
      first = undefined;

      second = await startUiServer({ dataDir });
      const worker = await browser.newPage();
      await worker.context().clearCookies();
      await logIn(worker, second.url, 'practice_lead', 'Forms');
      const row = worker.getByRole('row', { name: /Restart visit/ });
      await row.getByText('Live').waitFor();
      assert.match((await row.textContent()) ?? '', /^Restart visit\s*2/);
      await row.getByRole('link', { name: 'Restart visit' }).click();
      await worker.getByText('Version 2', { exact: true }).first().waitFor();
      await worker.getByText('“The notes go to the visit record”').waitFor();
      const lead = await apiClientFor(second, 'practice_lead');
      const live = await lead('GET', '/api/forms/restart-visit');
      assert.equal(live.body.version, 2);
      assert.equal(allQuestions(live.body.definition).find((q) => q.key === 'notes')?.hidden, true);
    } finally {
      await first?.close();
      await second?.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps keyboard focus on the question’s row after Move down, Hide, Show and Make required, and on the panel after a key rename', async () => {
    await createForm(server, 'keyboard-visit', 'Keyboard visit');
    await logIn(page, server.url, 'practice_lead', 'Forms');
    await page.goto(`${server.url}/forms/keyboard-visit`);
    const date = 'Date of the visit';
    const seen = 'Was the child seen alone?';
    const kind = 'Kind of visit';
    const press = async (name: string) => {
      await page.getByRole('button', { name, exact: true }).focus();
      await page.keyboard.press('Enter');
    };
    await press(`Move down: ${date}`);
    await page.waitForFunction(
      `document.querySelector('tbody tr:nth-child(2)')?.textContent.includes(${JSON.stringify(date)})`,
    );
    assert.equal(await focusedName(page), `Move down: ${date}`);
    // The last question cannot move down: focus goes to its Move up.
    await press(`Move down: ${date}`);
    await press(`Move down: ${date}`);
    await page.waitForFunction(
      `document.querySelector('tbody tr:last-child')?.textContent.includes(${JSON.stringify(date)})`,
    );
    assert.equal(await focusedName(page), `Move up: ${date}`);
    await press(`Hide: ${seen}`);
    await page.getByRole('button', { name: `Show: ${seen}` }).waitFor();
    assert.equal(await focusedName(page), `Show: ${seen}`);
    await assertAccessible(page, 'form designer, a question hidden with the keyboard');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: `Hide: ${seen}` }).waitFor();
    assert.equal(await focusedName(page), `Hide: ${seen}`);
    await press(`Make required: ${kind}`);
    await page.getByRole('button', { name: `Make optional: ${kind}` }).waitFor();
    assert.equal(await focusedName(page), `Make optional: ${kind}`);

    await press(`Edit: ${kind}`);
    assert.equal(await page.evaluate('document.activeElement?.id'), 'question-panel-heading');
    const panel = page.getByRole('region', { name: /^Question \d+$/ });
    await panel.getByText(`Key: visitKind`).click();
    await panel.getByLabel('New key').fill('kindOfVisit');
    await panel.getByLabel('New key').press('Tab');
    await page.keyboard.press('Enter');
    await panel.getByText('Key: kindOfVisit').waitFor();
    assert.equal(await page.evaluate('document.activeElement?.id'), 'question-panel-heading');
    await assertAccessible(page, 'form designer after keyboard edits');
  });

  it('applies a rule across sections in the preview (each section drawn apart), keeping sample answers over edits', async () => {
    const lead = await apiClientFor(server, 'practice_lead');
    const definition = smallForm('two-sections', 'Two sections');
    definition.uischema.elements = [
      {
        type: 'Group',
        label: 'The visit',
        elements: [
          { type: 'Control', scope: '#/properties/visitDate' },
          { type: 'Control', scope: '#/properties/childSeen' },
        ],
      },
      {
        type: 'Group',
        label: 'Afterwards',
        elements: [
          {
            type: 'Control',
            scope: '#/properties/notes',
            options: { multi: true },
            rule: {
              effect: 'SHOW',
              condition: { scope: '#/properties/childSeen', schema: { const: true } },
            },
          },
          { type: 'Control', scope: '#/properties/visitKind' },
        ],
      },
    ] as never;
    const created = await lead('POST', '/api/forms', { definition });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await logIn(page, server.url, 'practice_lead', 'Forms');
    await page.goto(`${server.url}/forms/two-sections`);
    const preview = page.getByTestId('preview');
    const said = 'What the child said';
    await preview.getByLabel('Was the child seen alone?').waitFor();
    assert.equal(await preview.getByLabel(said).count(), 0);
    await preview.getByLabel('Was the child seen alone?').check();
    await preview.getByLabel(said).fill('She likes her school');
    // Make an answer in the second section required: that section alone is drawn again.
    await page.getByRole('button', { name: `Make required: ${said}` }).click();
    await preview.getByText(`${said} (required)`).waitFor();
    assert.equal(await preview.getByLabel(said).inputValue(), 'She likes her school');
    await preview.getByLabel('Was the child seen alone?').uncheck();
    await preview.getByLabel(said).waitFor({ state: 'detached' });
    await preview.getByLabel('Was the child seen alone?').check();
    assert.equal(await preview.getByLabel(said).inputValue(), 'She likes her school');
    await page.getByRole('button', { name: 'Start the preview again' }).click();
    await preview.getByLabel(said).waitFor({ state: 'detached' });
    assert.equal(await preview.getByLabel('Was the child seen alone?').isChecked(), false);
  });

  it('explains a breaking change of answer type, refuses to publish it, and undo brings the question back', async () => {
    await logIn(page, server.url, 'practice_lead', 'Forms');
    await page.getByRole('link', { name: /^Assessment/ }).click();
    const seenAlone = 'Did you see the child on their own?';
    await page.getByRole('button', { name: `Edit: ${seenAlone}` }).click();
    const panel = page.getByRole('region', { name: /^Question \d+$/ });
    await panel.getByLabel('Answer type').selectOption({ label: 'Short text' });
    await panel.getByRole('button', { name: 'Change answer type' }).click();
    const row = page.locator('tr', { hasText: seenAlone });
    await row.getByText('Short text').waitFor();
    await page.getByTestId('save-status').getByText('Draft saved').waitFor();
    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish a new version' });
    await dialog.getByText('1 question given another answer type').waitFor();
    await dialog.getByText('These changes could lose or break answers already given').waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Publish' }).isDisabled(), true);
    await assertAccessible(page, 'publish dialog with a breaking change');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Undo' }).click();
    await row.getByText('Yes or no').waitFor();
    await page.getByTestId('save-status').getByText('Draft saved').waitFor();
    await page.getByRole('button', { name: 'Publish…' }).click();
    await dialog.getByText('Nothing has changed since the live version.').waitFor();
  });
  it('adds, renames and moves a section with the keyboard, and removes it when empty', async () => {
    await logIn(page, server.url, 'practice_lead', 'Forms');
    await page.goto(`${server.url}/forms/review-conference`);
    await page.getByRole('heading', { level: 2, name: 'Questions' }).waitFor();
    const headings = () =>
      page
        .locator('.designer-section h3')
        .evaluateAll((hs) => hs.map((h) => h.textContent?.trim()));
    const before = await headings();
    await page.getByLabel('Heading', { exact: true }).fill('Next steps');
    await page.getByLabel('Heading', { exact: true }).press('Enter');
    await page.getByRole('heading', { level: 3, name: 'Next steps' }).waitFor();
    await page.getByRole('button', { name: 'Rename section: Next steps' }).press('Enter');
    await page.getByLabel('New heading').fill('After the review');
    await page.getByLabel('New heading').press('Enter');
    await page.getByRole('button', { name: 'Move section up: After the review' }).press('Enter');
    assert.deepEqual(await headings(), [...before.slice(0, -1), 'After the review', before.at(-1)]);
    assert.equal(
      await page.evaluate('document.activeElement?.textContent?.trim()'),
      'After the review',
    );
    await page.getByTestId('preview').getByText('After the review').waitFor();
    await assertAccessible(page, 'form designer with a new section');
    await page.getByRole('button', { name: 'Remove section: After the review' }).press('Enter');
    assert.deepEqual(await headings(), before);
  });
  it('copies a form as a new draft, downloads it, and uploads a file into the draft after asking', async () => {
    await logIn(page, server.url, 'practice_lead', 'Forms');
    await page.getByRole('button', { name: 'Copy: Section 47 enquiry' }).click();
    await page.getByRole('heading', { level: 1, name: /^Copy of Section 47 enquiry/ }).waitFor();
    assert.match(new URL(page.url()).pathname, /^\/forms\/section-47-enquiry-copy/);
    await page.getByText('Not published yet').waitFor();
    await page.getByText('Download or upload this form as a file').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download as a file' }).click(),
    ]);
    const file = JSON.parse(await readFile((await download.path())!, 'utf8'));
    assert.match(file.title, /^Copy of Section 47 enquiry/);
    const upload = page.getByLabel('Replace the draft with a file');
    await upload.setInputFiles({
      name: 'contact.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ ...file, id: 'contact' })),
    });
    await page
      .getByRole('alert')
      .getByText(/holds the form “contact”/)
      .waitFor();
    page.once('dialog', (d) => void d.accept());
    await upload.setInputFiles({
      name: 'renamed.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ ...file, title: 'Section 47, shorter' })),
    });
    await page.getByRole('heading', { level: 1, name: 'Section 47, shorter' }).waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('heading', { level: 1, name: /^Copy of Section 47 enquiry/ }).waitFor();
  });
  it('copies a question’s answer from an earlier form (ask once), its time falling to a glance', async () => {
    const lead = await apiClientFor(server, 'practice_lead');
    const plan = (await lead('GET', '/api/forms/child-protection-plan')).body.definition;
    const target = allQuestions(plan).find((q) => !q.prefilled && q.answerType === 'short-text');
    assert.ok(target, 'the plan has a short text question to copy into');
    await logIn(page, server.url, 'practice_lead', 'Forms');
    await page.goto(`${server.url}/forms/child-protection-plan`);
    await page.getByRole('button', { name: `Edit: ${target.label}` }).click();
    const panel = page.getByRole('region', { name: /^Question \d+$/ });
    await panel.getByLabel('Form', { exact: true }).selectOption({ label: 'Contact and referral' });
    await panel.getByLabel('Question on that form').selectOption({ label: referrer });
    await panel.getByRole('button', { name: 'Copy from there' }).click();
    const row = page.locator('tr', { hasText: target.label });
    await row.getByText('Copied from an earlier form').waitFor();
    await row.getByText('3 s').waitFor();
    await assertAccessible(page, 'question panel with a copied answer');
    await page.getByTestId('save-status').getByText('Draft saved').waitFor();
    const draft = await lead('GET', '/api/forms/child-protection-plan/draft');
    const copied = allQuestions(draft.body.definition).find((q) => q.scope === target.scope);
    assert.deepEqual(copied?.prefillFrom, { form: 'contact', field: 'referrer' });
  });
  it('finds a question asked on two live forms and turns the second into a copy of the first', async () => {
    // Publish, through the API, a version of the conference form that asks the contact
    // form's referrer question again.
    const lead = await apiClientFor(server, 'practice_lead');
    const live = (await lead('GET', '/api/forms/conference')).body.definition;
    const withDuplicate = addQuestion(live, 0, referrer, 'short-text');
    const draft = await lead('PUT', '/api/forms/conference/draft', { definition: withDuplicate });
    assert.equal(draft.status, 200, JSON.stringify(draft.body));
    const published = await lead('POST', '/api/forms/conference/publish', {
      expectedVersion: draft.body.recordVersion,
      note: 'Asks who referred',
    });
    assert.equal(published.status, 200, JSON.stringify(published.body));

    await logIn(page, server.url, 'practice_lead', 'Forms');
    const duplicates = page.getByRole('region', { name: 'Questions asked more than once' });
    await duplicates.getByText(`“${referrer}” is asked on`).waitFor();
    await assertAccessible(page, 'forms home with a duplicate question');
    // Both directions are offered: the lead knows which form comes first.
    await duplicates
      .getByRole('button', {
        name: 'Ask once: fill it in on Child protection conference from Contact and referral',
      })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Child protection conference' }).waitFor();
    const row = page.locator('tr', { hasText: referrer });
    await row.getByText('Copied from an earlier form').waitFor();
    const after = await lead('GET', '/api/forms/conference/draft');
    const copied = allQuestions(after.body.definition).find((q) => q.label === referrer);
    assert.deepEqual(copied?.prefillFrom, { form: 'contact', field: 'referrer' });
  });
  it('edits a question’s JSON Schema and layout in the Advanced part, each checked as typed with problems at their lines', async () => {
    await logIn(page, server.url, 'practice_lead', 'Forms');
    await page.goto(`${server.url}/forms/closure`);
    const told =
      'Have the child and family been told, and do they know who to contact if things get worse?';
    await page.getByRole('button', { name: `Edit: ${told}` }).click();
    const panel = page.getByRole('region', { name: /^Question \d+$/ });
    await panel.getByText('Advanced: the question’s JSON Schema').click();
    const json = panel.getByLabel(/^JSON Schema of question/);
    assert.equal(JSON.parse(await json.inputValue()).type, 'boolean');
    await json.fill('{\n  "type": "boolean",\n  "title": "Family told?"\n');
    await panel.getByText('Line 4, column 1: This is not JSON from here on.').waitFor();
    assert.equal(await panel.getByRole('button', { name: 'Apply the schema' }).isDisabled(), true);
    await json.fill('{\n  "type": "boolean",\n  "title": "Family told?"\n}');
    await panel.getByRole('button', { name: 'Apply the schema' }).click();
    await page.getByTestId('preview').getByText('Family told?').waitFor();
    await assertAccessible(page, 'question panel, Advanced');

    // Checked against the meta-schema as it is typed, each problem at its line.
    await json.fill('{\n  "type": "boolean",\n  "title": "Family told?",\n  "minLength": -1\n}');
    await panel.getByText('Line 4, column 3: "minLength": -1 is less than 0.').waitFor();
    assert.equal(await panel.getByRole('button', { name: 'Apply the schema' }).isDisabled(), true);
    await assertAccessible(page, 'question panel, Advanced with a problem');

    // The layout: a rule of two levels of AND and OR, which the plain-English panel cannot show.
    const layout = panel.getByLabel(/^Layout \(UI schema\) of question/);
    const control = JSON.parse(await layout.inputValue());
    await layout.fill(JSON.stringify({ ...control, rul: {} }, null, 2));
    await panel.getByText(/Line \d+, column 3: "rul" is not allowed here\./).waitFor();
    const leaf = { scope: control.scope, schema: { const: true } };
    const nested = {
      effect: 'SHOW',
      condition: { type: 'OR', conditions: [leaf, { type: 'AND', conditions: [leaf, leaf] }] },
    };
    await layout.fill(JSON.stringify({ ...control, rule: nested }, null, 2));
    await panel.getByRole('button', { name: 'Apply the layout' }).click();
    await panel.getByTestId('other-rule').waitFor();
    await page
      .getByRole('row', { name: /Family told\?/ })
      .getByText('Shown only sometimes')
      .count();
  });
});
