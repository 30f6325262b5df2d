import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { addState, addTransition, setEventRoles } from '../../ui/src/workflows/edit-workflow.ts';
import {
  apiClientFor,
  assertAccessible,
  DEMO_PASSWORD,
  DOCS_SCREENSHOT_DIR,
  launchBrowser,
  logInAs,
  saveScreenshot,
  startUiServer,
  type TestBrowser,
  tearDownAfterSuite,
  type UiServer,
} from './browser-harness.ts';

/** Logs the demo admin in through the login page: an admin with no caseload lands on workflows. */
async function logInAsAdmin(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Workflows' }).waitFor();
}

async function openDesigner(page: Page, baseUrl: string) {
  await logInAsAdmin(page, baseUrl);
  await page.getByRole('link', { name: 'Child protection' }).click();
  await page.getByRole('heading', { level: 1, name: 'Child protection' }).waitFor();
  await page.getByTestId('lint-status').getByText('Lint:').waitFor();
}

/** The card of a state in the outline. */
function card(page: Page, state: string): Locator {
  return page.locator(`section[data-state="${state}"]`);
}

/** Focuses a control and presses a key on it: the action is taken by keyboard. */
async function press(locator: Locator, key = 'Enter') {
  await locator.focus();
  await locator.press(key);
}

/** Waits until lint has answered for the definition as it is now (the status settles). */
async function lintSays(page: Page, pattern: RegExp) {
  const status = page.getByTestId('lint-status');
  await status
    .filter({ hasText: pattern })
    .waitFor()
    .catch(async (error: Error) => {
      throw new Error(`${error.message}\nThe status says: ${await status.textContent()}`);
    });
}

/**
 * The admin's workflow designer in the real app, on the real server seeded as `npm start` is in
 * demo mode (the pack and demo cases). Each test has its own server (a fresh store: version 1
 * and the demo's open cases) and a fresh browser profile, so none depends on another's edits.
 */
describe('web app: the admin’s workflow designer', function () {
  this.timeout(120_000);
  let server: UiServer;
  let browser: TestBrowser;
  let page: Page;

  beforeEach(async function () {
    this.timeout(180_000);
    await browser?.close();
    await server?.close();
    server = await startUiServer({ demo: true });
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  tearDownAfterSuite(() => ({ page, browser, server }));

  it('lands the admin on the workflows, each with its version and status', async () => {
    await logInAsAdmin(page, server.url);
    const row = page.getByRole('row', { name: /Child protection/ });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /1\s*Live/);
    const nav = page.getByRole('navigation', { name: 'Main' });
    assert.equal(await nav.getByRole('link', { name: 'Workflows' }).count(), 1);
    await assertAccessible(page, 'workflows home');
  });

  it('shows the outline in reading order with transitions in words, and the diagram opens a card', async () => {
    await openDesigner(page, server.url);
    const outline = page.getByTestId('outline');
    const titles = await outline
      .locator(':scope > section > .state-card__head [role=heading]')
      .allTextContents();
    assert.deepEqual(
      titles.map((t) => t.trim()),
      [
        'Referral and assessment',
        'Initial child protection conference',
        'Transfer-in child protection conference',
        'Child protection plan',
        'Step down or closure',
        'Closed',
      ],
    );
    await card(page, 'closure')
      .getByText(
        'When “Close the case or step it down” → go to Closed; needs sign-off by a manager; done by a practitioner or a manager',
      )
      .waitFor();
    // Nested states sit inside their parent; a parallel stage's regions side by side.
    await card(page, 'referralAndAssessment')
      .locator('section[data-state="referralAndAssessment.assessment"]')
      .waitFor();
    await card(page, 'plan').locator('.state-card__children--parallel').waitFor();
    // The demo's open cases show on the cards of their states.
    await card(page, 'referralAndAssessment.referral')
      .getByTestId('case-count')
      .first()
      .getByText(/\d+ open cases?/)
      .waitFor();
    await assertAccessible(page, 'workflow outline');

    await press(page.getByRole('button', { name: 'Diagram' }));
    const diagram = page.getByTestId('diagram');
    await diagram.locator('svg title').waitFor({ state: 'attached' });
    assert.match(
      (await diagram.locator('svg desc').textContent()) ?? '',
      /\d+ states and \d+ transitions/,
    );
    await assertAccessible(page, 'workflow diagram');
    await saveScreenshot(page, 'workflow-diagram');
    // By keyboard: a state in the diagram is a button that opens its card.
    assert.match(
      (await diagram.locator('g[data-state="referralAndAssessment.referral"]').textContent()) ?? '',
      /\d+ open/,
    );
    // A demo case in the plan is in both of its parts at once, and counts on each.
    for (const state of ['plan.coreGroup.first', 'plan.reviews.first']) {
      assert.match(
        (await diagram.locator(`g[data-state="${state}"]`).textContent()) ?? '',
        /1 open/,
      );
    }
    await press(diagram.locator('g[data-state="initialConference"]'));
    await page
      .getByRole('heading', { name: 'Stage: Initial child protection conference' })
      .waitFor();
    const focused = await page.evaluate(`document.activeElement?.dataset?.state`);
    assert.equal(focused, 'initialConference');

    // A guard from the catalog besides a decision: who the person doing it is.
    await press(page.getByRole('button', { name: 'Add a transition from: Step down or closure' }));
    const add = page.getByRole('form', { name: /Add a transition from Step down or closure/ });
    await add.getByLabel('What the new event is').fill('Reopen the case');
    await add.getByLabel('Go to').selectOption({ label: '– Contact and referral' });
    await add.getByLabel('Condition').selectOption({ label: 'The person doing it holds a role' });
    await add
      .getByRole('group', { name: 'The person holds one of these roles' })
      .getByLabel('a manager')
      .check();
    await press(add.getByRole('button', { name: 'Add the transition' }));
    await card(page, 'closure')
      .getByText('When “Reopen the case” → go to Contact and referral; only if you are a manager;')
      .waitFor();
  });

  it('adds the family network meeting, sees lint while a transition points nowhere, simulates over Christmas and publishes', async () => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await openDesigner(page, server.url);

    // A stage after the conference, by keyboard: the title typed, Enter submits the form.
    const addStage = page.getByRole('form', { name: 'Add a stage' });
    await addStage
      .getByLabel('After')
      .selectOption({ label: 'Initial child protection conference' });
    await addStage.getByLabel('Title').fill('Family network meeting');
    await addStage.getByLabel('Title').press('Enter');
    const meeting = card(page, 'familyNetworkMeeting');
    await meeting.waitFor();
    // Nothing leads to it yet, nor out of it: lint says so on its card.
    await meeting
      .getByTestId('card-findings')
      .getByText(/No transition leads to the state/)
      .waitFor();

    // Its deadline and an optional form, in the stage panel.
    const panel = page.getByRole('form', { name: 'Stage: Family network meeting' });
    await panel.getByLabel('This stage has a deadline').check();
    await panel.getByLabel('What is due').fill('Family network meeting held');
    await panel.getByLabel('Time allowed').fill('5');
    await panel.getByLabel('Counted in').selectOption('workingDays');
    await panel.getByLabel('Counted from').selectOption({ label: 'entering this stage' });
    await panel.getByLabel('Child protection plan').selectOption('optional');
    await press(panel.getByRole('button', { name: 'Save the stage' }));
    await meeting
      .getByText('Family network meeting held: 5 working days from entering the stage')
      .waitFor();
    await meeting.getByText('Child protection plan (optional)').waitFor();

    // Its way out: a new event to the plan, for practitioners and managers.
    await press(
      page.getByRole('button', { name: 'Add a transition from: Family network meeting' }),
    );
    const transition = page.getByRole('form', {
      name: /Add a transition from Family network meeting/,
    });
    await transition.getByLabel('What the new event is').fill('Hold the family network meeting');
    await transition.getByLabel('Go to').selectOption({ label: 'Child protection plan' });
    await press(transition.getByRole('button', { name: 'Add the transition' }));
    await meeting
      .getByText(
        'When “Hold the family network meeting” → go to Child protection plan; late after Family network meeting held: 5 working days from entering the stage; done by a practitioner or a manager',
      )
      .waitFor();

    // The conference's decision for a plan now goes to the meeting.
    const conference = card(page, 'initialConference');
    await press(conference.locator(':scope > .state-card__transitions button').first());
    const change = page.getByRole('form', {
      name: /Change a transition from Initial child protection conference/,
    });
    assert.equal(await change.getByLabel('Condition').inputValue(), 'decision');
    await change.getByLabel('Go to').selectOption({ label: 'Family network meeting' });
    await press(change.getByRole('button', { name: 'Save the transition' }));
    await conference
      .getByText(/→ go to Family network meeting; only if the conference's decision/)
      .waitFor();
    await lintSays(page, /Lint: (0 errors|no problems)/);
    await page
      .locator('section[data-state="familyNetworkMeeting"] [data-testid="card-findings"]')
      .waitFor({ state: 'detached' });
    await assertAccessible(page, 'workflow designer with a stage panel');
    await press(page.getByRole('button', { name: 'Edit stage: Family network meeting' }));
    await page.getByRole('form', { name: 'Stage: Family network meeting' }).waitFor();
    // The README's picture: the conference, the new stage and its panel, as one screen shows them.
    await page.evaluate(
      `document.querySelector('section[data-state="initialConference"]').scrollIntoView({ block: 'start' })`,
    );
    if (process.env.LOWFORM_UPDATE_SCREENSHOTS === '1') {
      await page.screenshot({ path: path.join(DOCS_SCREENSHOT_DIR, 'workflow-designer.png') });
    }

    // Removing the meeting leaves the conference's transition pointing nowhere: an error on
    // the conference's card, until Undo brings the meeting back and it clears.
    await press(page.getByRole('button', { name: 'Edit stage: Family network meeting' }));
    await press(page.getByRole('button', { name: 'Remove the stage' }));
    assert.match(dialogs.at(-1) ?? '', /1 transition leads here and will point nowhere/);
    await meeting.waitFor({ state: 'detached' });
    const nowhere = conference
      .getByTestId('card-findings')
      .getByText(/goes to "familyNetworkMeeting", which is not a state/);
    await nowhere.waitFor();
    await conference.getByText(/go to “familyNetworkMeeting”, which is not a state/).waitFor();
    await lintSays(page, /Lint: [1-9]\d* errors?/);
    await press(page.getByRole('button', { name: 'Undo' }));
    await meeting.waitFor();
    await nowhere.waitFor({ state: 'detached' });
    await lintSays(page, /Lint: (0 errors|no problems)/);

    // The simulator: a referral on Friday 18 December 2026 that goes to a conference and a plan.
    await press(page.getByRole('button', { name: 'Simulator' }));
    const simulator = page.getByRole('region', { name: 'Simulator' });
    // It counts the server's working days (GET /api/calendar), not only the shipped list.
    await simulator.getByText(/the bank holidays the server counts with/).waitFor();
    await simulator.getByLabel('The case starts on').fill('2026-12-18');
    await simulator
      .getByLabel('Contact and referral: decision on the contact')
      .selectOption('"strategy-discussion"');
    await simulator
      .getByLabel('Strategy discussion: decision of the strategy discussion')
      .selectOption('"section-47"');
    await simulator
      .getByLabel('Section 47 enquiry: outcome of the enquiry')
      .selectOption('"conference"');
    await simulator
      .getByLabel("Child protection conference: conference's decision")
      .selectOption('"plan"');
    await simulator
      .getByLabel("Review child protection conference: review conference's decision")
      .selectOption('"end-plan"');
    await press(simulator.getByRole('button', { name: 'Run the simulation' }));
    const run = page.getByTestId('simulation');
    const dueOf = async (stage: string) =>
      (
        await run
          .getByRole('row', { name: new RegExp(`^${stage}`) })
          .locator('td')
          .nth(1)
          .textContent()
      )?.trim();
    // 15 working days from Monday 21 December skip 25 and 28 December and 1 January.
    assert.match((await dueOf('Initial child protection conference')) ?? '', /^14 January 2027/);
    assert.match((await dueOf('Family network meeting')) ?? '', /^21 January 2027/);
    assert.match(
      (await run.getByRole('row', { name: /^Step down or closure/ }).textContent()) ?? '',
      /needs sign-off by a manager/,
    );
    await run
      .getByRole('row', { name: /^Family network meeting/ })
      .getByText('Child protection plan (optional)')
      .waitFor();
    await page.getByTestId('simulation-end').getByText('The case is closed.').waitFor();
    await press(simulator.getByRole('button', { name: 'List every path' }));
    const paths = page.getByTestId('paths');
    await paths
      .getByText(/Family network meeting/)
      .first()
      .waitFor();
    assert.equal(await paths.getByText('Never ends: stuck').count(), 0);
    await assertAccessible(page, 'workflow simulator');

    // Publish with a note.
    await press(page.getByRole('button', { name: 'Publish…' }));
    const publish = page.getByRole('dialog', { name: 'Publish a new version of the workflow' });
    await publish.getByText('Stage “Family network meeting” added').waitFor();
    await publish
      .getByLabel('What changed and why')
      .fill('A family network meeting before the plan');
    await press(publish.getByRole('button', { name: 'Publish' }));
    await page
      .locator('main')
      .getByText(/Version 2 is live/)
      .waitFor();
    await page
      .getByText(/Published by Alex Admin/)
      .first()
      .waitFor();
    await page.getByText('“A family network meeting before the plan”').waitFor();
    await assertAccessible(page, 'workflow history');
    await saveScreenshot(page, 'workflow-designer-history');

    // The new version is the live one for everyone.
    const practitioner = await apiClientFor(server, 'practitioner');
    const live = await practitioner('GET', '/api/workflows/child-protection');
    assert.equal(live.body.version, 2);
    assert.ok(live.body.definition.machine.states.familyNetworkMeeting);

    // The demo's open cases run on version 1: each state they are in maps to the same state of
    // version 2 (suggested by id); a dry run first, then the move.
    const migration = page.getByRole('region', { name: 'Move open cases to version 2' });
    await migration.getByText(/Version 1: \d+ open cases/).waitFor();
    const moving = await practitioner('GET', '/api/cases');
    assert.equal(moving.status, 200, JSON.stringify(moving.body));
    const mine = moving.body.items as { id: string; reference: string }[];
    assert.ok(mine.length > 0, 'the practitioner has demo cases');
    const dry = migration.getByRole('button', { name: 'Dry run' });
    assert.equal(
      await migration.getByRole('button', { name: 'Move the cases' }).isDisabled(),
      true,
    );
    await press(dry);
    const dryRun = page.getByTestId('migration-dry-run');
    await dryRun.getByText(/Dry run: \d+ cases? would move/).waitFor();
    await dryRun.getByRole('row', { name: new RegExp(mine[0]!.reference) }).waitFor();
    await assertAccessible(page, 'migration dry run');
    await press(migration.getByRole('button', { name: 'Move the cases' }));
    await page
      .getByTestId('migration-result')
      .getByText(/\d+ cases? moved to version 2/)
      .waitFor();
    await migration.getByTestId('no-older-cases').waitFor();

    // As the practitioner: the case's page runs on version 2, and its chronology says it moved.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    await logInAs(page, server.url, 'practitioner');
    await page.goto(`${server.url}/cases/${mine[0]!.id}`);
    await page
      .getByText(/Moved to version 2 of the workflow: .+ → .+/)
      .first()
      .waitFor();
    const entries = await page.getByText(/Moved to version 2 of the workflow/).count();
    assert.equal(entries, 1, 'one migration entry in the chronology');
    const after = await practitioner('GET', `/api/cases/${mine[0]!.id}`);
    assert.equal(
      after.body.workflowVersion ?? after.body.workflow?.version,
      2,
      JSON.stringify(after.body).slice(0, 300),
    );
  });

  it('exports the workflow as one file and imports it back over a draft after asking, undoably, and compares a version with the draft', async () => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await openDesigner(page, server.url);
    const files = page.getByText('Export or import this workflow as a file');
    await press(files);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      press(page.getByRole('button', { name: 'Export as a file' })),
    ]);
    const saved = await download.path();
    const exported = JSON.parse(await readFile(saved, 'utf8')) as {
      id: string;
      machine: { id?: string; states: Record<string, unknown> };
      stages: Record<string, unknown>;
    };
    assert.equal(exported.machine.id, 'child-protection', 'the machine carries its own id');
    assert.equal(exported.machine.states.reviewStage, undefined);

    // A draft with a stage the file does not have.
    const addStage = page.getByRole('form', { name: 'Add a stage' });
    await addStage.getByLabel('Title').fill('Review stage');
    await press(addStage.getByRole('button', { name: 'Add the stage' }));
    await card(page, 'reviewStage').waitFor();
    await page.getByTestId('save-status').getByText('Draft saved').waitFor();

    // Importing the file asks before it replaces that draft; Undo brings the draft back.
    await page.getByLabel('Import a file as the draft').setInputFiles(saved);
    await card(page, 'reviewStage').waitFor({ state: 'detached' });
    assert.match(dialogs.at(-1) ?? '', /A draft of this workflow exists\. Replace it with/);
    await page
      .getByTestId('announcer')
      .getByText(/Draft replaced with .*lint finds 0 errors/)
      .waitFor();
    await press(page.getByRole('button', { name: 'Undo' }));
    await card(page, 'reviewStage').waitFor();

    // History: version 1 compared with the draft names the added stage.
    await press(page.getByRole('button', { name: 'History and open cases' }));
    await press(page.getByRole('button', { name: 'Compare with the draft: version 1' }));
    const comparison = page.getByRole('region', { name: 'Version 1 against the draft' });
    await comparison.getByText('Stage “Review stage” added').waitFor();
    await assertAccessible(page, 'workflow history and comparison');
  });

  it('restores an earlier version as the draft after asking, and Undo takes it back', async () => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    // Version 2, published through the API: version 1 with a stage added.
    const admin = await apiClientFor(server, 'admin');
    const live = await admin('GET', '/api/workflows/child-protection');
    let definition = addState(live.body.definition, { title: 'Legal planning meeting' });
    definition = addTransition(definition, 'legalPlanningMeeting', {
      event: 'close-case',
      target: 'closure',
    });
    definition = setEventRoles(definition, 'legalPlanningMeeting', 'close-case', ['manager']);
    const draft = await admin('PUT', '/api/workflows/child-protection/draft', { definition });
    assert.equal(draft.status, 200, JSON.stringify(draft.body));
    const published = await admin('POST', '/api/workflows/child-protection/publish', {
      expectedVersion: draft.body.recordVersion,
      note: 'A legal planning meeting',
    });
    assert.equal(published.status, 200, JSON.stringify(published.body));

    await openDesigner(page, server.url);
    await card(page, 'legalPlanningMeeting').waitFor();
    // A draft of version 2 waiting: restoring replaces it, so the designer asks first.
    const addStage = page.getByRole('form', { name: 'Add a stage' });
    await addStage.getByLabel('Title').fill('Pre-birth conference');
    await press(addStage.getByRole('button', { name: 'Add the stage' }));
    await page.getByTestId('save-status').getByText('Draft saved').waitFor();
    await press(page.getByRole('button', { name: 'History and open cases' }));
    await page.getByText('“A legal planning meeting”').waitFor();
    await press(page.getByRole('button', { name: 'Restore as the draft: version 1' }));
    await page.getByTestId('announcer').getByText('Version 1 restored as the draft').waitFor();
    assert.deepEqual(dialogs, ['Replace the draft with version 1? You can undo this.']);
    await press(page.getByRole('button', { name: 'Outline' }));
    await card(page, 'initialConference').waitFor();
    assert.equal(await card(page, 'legalPlanningMeeting').count(), 0);
    assert.equal(await card(page, 'preBirthConference').count(), 0);
    await page.getByTestId('save-status').getByText('Draft saved').waitFor();
    await press(page.getByRole('button', { name: 'Undo' }));
    await card(page, 'preBirthConference').waitFor();
    await card(page, 'legalPlanningMeeting').waitFor();
  });
});
