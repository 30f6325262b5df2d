import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { assertAccessible, launchBrowser, type TestBrowser } from './browser-harness.ts';
import { type RendererPage, serveRendererPage } from './renderer-page.ts';

const PLAN = 'The child is likely to suffer significant harm: make a child protection plan';
const NO_PLAN = 'No child protection plan (support as a child in need, or no further action)';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Form {
  schema: Record<string, unknown>;
  uischema?: Record<string, unknown>;
  data?: Record<string, unknown>;
  translations?: Record<string, string>;
}

type Driver = {
  lfRenderer: {
    mount(form: Form): Promise<void>;
    data(): Record<string, unknown>;
    changes(): unknown[];
    cspViolations(): string[];
    testerCalls(): number;
    tryCodeGeneration(): Promise<string>;
  };
};

async function packForm(id: string): Promise<Form> {
  const file = path.join(root, 'schemas/packs/child-protection/forms', `${id}.json`);
  const { schema, uischema } = JSON.parse(await readFile(file, 'utf8'));
  return { schema, uischema };
}

describe('web app: forms drawn by JSON Forms with Lowform renderers', function () {
  this.timeout(60_000);
  let served: RendererPage;
  let browser: TestBrowser;
  let page: Page;
  let violations: string[];

  before(async function () {
    this.timeout(180_000);
    served = await serveRendererPage();
  });
  beforeEach(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
    violations = [];
    page.on('console', (message) => {
      if (/Content Security Policy|unsafe-eval/i.test(message.text())) {
        violations.push(message.text());
      }
    });
    await page.goto(served.url);
  });
  afterEach(() => browser.close());
  after(() => served.close());

  async function mount(form: Form) {
    await page.evaluate((f) => (globalThis as unknown as Driver).lfRenderer.mount(f), form);
  }
  const data = () => page.evaluate(() => (globalThis as unknown as Driver).lfRenderer.data());
  const cspSeen = () =>
    page.evaluate(() => (globalThis as unknown as Driver).lfRenderer.cspViolations());

  it("shows the conference's category only once a plan is decided (the pack's SHOW rule)", async () => {
    await mount(await packForm('conference'));
    const decision = page.getByLabel("The conference's decision");
    await decision.waitFor();
    const category = page.getByLabel('Category of abuse or neglect');
    assert.equal(await category.count(), 0);
    await decision.selectOption({ label: PLAN });
    await category.waitFor();
    await category.selectOption({ label: 'Neglect' });
    assert.deepEqual(await data(), { conferenceDecision: 'plan', category: 'neglect' });
    await assertAccessible(page, 'conference form');
    await decision.selectOption({ label: NO_PLAN });
    await category.waitFor({ state: 'detached' });
  });

  it('enables and disables fields by ENABLE and DISABLE rules', async () => {
    await mount({
      schema: {
        type: 'object',
        properties: {
          allocated: { type: 'boolean', title: 'Is a social worker allocated?' },
          worker: { type: 'string', title: 'Allocated social worker' },
          reasonUnallocated: { type: 'string', title: 'Why nobody is allocated' },
        },
      },
      uischema: {
        type: 'VerticalLayout',
        elements: [
          { type: 'Control', scope: '#/properties/allocated' },
          {
            type: 'Control',
            scope: '#/properties/worker',
            rule: {
              effect: 'ENABLE',
              condition: { scope: '#/properties/allocated', schema: { const: true } },
            },
          },
          {
            type: 'Control',
            scope: '#/properties/reasonUnallocated',
            rule: {
              effect: 'DISABLE',
              condition: { scope: '#/properties/allocated', schema: { const: true } },
            },
          },
        ],
      },
    });
    const worker = page.getByLabel('Allocated social worker');
    const reason = page.getByLabel('Why nobody is allocated');
    assert.equal(await worker.isDisabled(), true);
    assert.equal(await reason.isDisabled(), false);
    await page.getByLabel('Is a social worker allocated?').check();
    await page.locator('#field-worker:enabled').waitFor();
    assert.equal(await reason.isDisabled(), true);
    await worker.fill('Sam Okafor');
    assert.deepEqual(await data(), { allocated: true, worker: 'Sam Okafor' });
  });

  it('moves between the tabs of a categorization, nested ones included, with the keyboard', async () => {
    const control = (name: string) => ({ type: 'Control', scope: `#/properties/${name}` });
    await mount({
      schema: {
        type: 'object',
        properties: {
          childName: { type: 'string', title: "Child's name" },
          school: { type: 'string', title: 'School' },
          motherName: { type: 'string', title: "Mother's name" },
          fatherName: { type: 'string', title: "Father's name" },
        },
      },
      uischema: {
        type: 'Categorization',
        elements: [
          { type: 'Category', label: 'Child', elements: [control('childName')] },
          { type: 'Category', label: 'Education', elements: [control('school')] },
          {
            type: 'Categorization',
            label: 'Parents',
            elements: [
              { type: 'Category', label: 'Mother', elements: [control('motherName')] },
              { type: 'Category', label: 'Father', elements: [control('fatherName')] },
            ],
          },
        ],
      },
    });
    const tab = (name: string) => page.getByRole('tab', { name, exact: true });
    await tab('Child').focus();
    assert.equal(await page.getByLabel("Child's name").isVisible(), true);
    assert.equal(await page.getByLabel('School').isVisible(), false);
    await page.keyboard.press('ArrowRight');
    assert.equal(await tab('Education').getAttribute('aria-selected'), 'true');
    assert.equal(await tab('Education').evaluate((e) => e === e.ownerDocument.activeElement), true);
    assert.equal(await page.getByLabel('School').isVisible(), true);
    await page.keyboard.press('End');
    assert.equal(await tab('Parents').getAttribute('aria-selected'), 'true');
    assert.equal(await page.getByLabel("Mother's name").isVisible(), true);
    // The nested categorization's own tabs.
    await tab('Mother').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getByLabel("Father's name").isVisible(), true);
    assert.equal(await page.getByLabel("Mother's name").isVisible(), false);
    await tab('Parents').focus();
    await page.keyboard.press('Home');
    assert.equal(await tab('Child').getAttribute('aria-selected'), 'true');
    assert.equal(await page.getByLabel("Child's name").isVisible(), true);
    await assertAccessible(page, 'categorization');
  });

  it('shows the first tab left when a rule hides the one that was open', async () => {
    const control = (name: string) => ({ type: 'Control', scope: `#/properties/${name}` });
    await mount({
      schema: {
        type: 'object',
        properties: {
          unborn: { type: 'boolean', title: 'The child is not born yet' },
          childName: { type: 'string', title: "Child's name" },
          school: { type: 'string', title: 'School' },
        },
      },
      uischema: {
        type: 'VerticalLayout',
        elements: [
          control('unborn'),
          {
            type: 'Categorization',
            elements: [
              { type: 'Category', label: 'Child', elements: [control('childName')] },
              {
                type: 'Category',
                label: 'Education',
                elements: [control('school')],
                rule: {
                  effect: 'HIDE',
                  condition: { scope: '#/properties/unborn', schema: { const: true } },
                },
              },
            ],
          },
        ],
      },
    });
    await page.getByRole('tab', { name: 'Education' }).click();
    assert.equal(await page.getByLabel('School').isVisible(), true);
    await page.getByLabel('The child is not born yet').check();
    await page.getByRole('tab', { name: 'Education' }).waitFor({ state: 'detached' });
    assert.equal(
      await page.getByRole('tab', { name: 'Child' }).getAttribute('aria-selected'),
      'true',
    );
    assert.equal(await page.getByLabel("Child's name").isVisible(), true);
  });

  it('adds, fills and removes the entries of an array drawn with its detail layout', async () => {
    await mount({
      schema: {
        type: 'object',
        properties: {
          household: {
            type: 'array',
            title: 'People in the household',
            items: {
              type: 'object',
              properties: {
                name: { type: 'string' },
                relationship: { type: 'string', enum: ['Parent', 'Sibling', 'Other'] },
              },
            },
          },
        },
      },
      uischema: {
        type: 'VerticalLayout',
        elements: [
          {
            type: 'Control',
            scope: '#/properties/household',
            options: {
              detail: {
                type: 'HorizontalLayout',
                elements: [
                  { type: 'Control', scope: '#/properties/name', label: 'Full name' },
                  { type: 'Control', scope: '#/properties/relationship' },
                ],
              },
            },
          },
        ],
      },
    });
    await page.getByRole('button', { name: /Add an entry/ }).click();
    await page.getByRole('button', { name: /Add another entry/ }).click();
    const names = page.getByLabel('Full name');
    assert.equal(await names.count(), 2);
    await names.nth(0).fill('Ade Price');
    await page.getByLabel('Relationship').nth(0).selectOption('Parent');
    await names.nth(1).fill('Kemi Price');
    assert.deepEqual(await data(), {
      household: [{ name: 'Ade Price', relationship: 'Parent' }, { name: 'Kemi Price' }],
    });
    await page.getByRole('button', { name: /Remove entry 1/ }).click();
    assert.deepEqual(await data(), { household: [{ name: 'Kemi Price' }] });
    assert.equal(await page.getByLabel('Full name').inputValue(), 'Kemi Price');
    await assertAccessible(page, 'array with detail');
  });

  it("shows a field's problem when the user leaves it, in the server's words", async () => {
    await mount({
      schema: {
        type: 'object',
        required: ['fullName', 'decision'],
        properties: {
          fullName: { type: 'string', title: "Child's full name", minLength: 1 },
          age: { type: 'integer', title: 'Age', maximum: 17 },
          decision: { type: 'string', title: 'Decision', enum: ['Plan', 'No plan'] },
        },
      },
    });
    const name = page.getByLabel("Child's full name");
    await name.focus();
    await page.keyboard.press('Tab');
    const nameError = page.locator('#field-fullName-error');
    await nameError.waitFor();
    assert.equal((await nameError.textContent())?.trim(), "Error: Enter the child's full name");
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    assert.match((await name.getAttribute('aria-describedby')) ?? '', /field-fullName-error/);
    // Not yet for a field the user has not been to.
    assert.equal(await page.locator('#field-decision-error').count(), 0);
    await page.getByLabel('Age').fill('19');
    await page.keyboard.press('Tab');
    await page.locator('#field-age-error').getByText('Age must be 17 or less').waitFor();
    await page.getByLabel('Decision').focus();
    await page.keyboard.press('Tab');
    await page.locator('#field-decision-error').getByText('Choose the decision').waitFor();
    await assertAccessible(page, 'form with problems found on leaving fields');
    await name.fill('Amara Price');
    await nameError.waitFor({ state: 'detached' });
    assert.equal(await name.getAttribute('aria-invalid'), null);
    await page.keyboard.press('Tab');
    assert.equal(await nameError.count(), 0);
  });

  it("draws a council's own entry for the field its tester picks, and Lowform's for the rest", async () => {
    await mount({
      schema: {
        type: 'object',
        properties: {
          town: { type: 'string', title: 'Town' },
          postcode: { type: 'string', title: 'Home' },
        },
      },
    });
    const custom = page.getByTestId('postcode-control');
    assert.equal(await custom.count(), 1);
    await custom.getByLabel('Home (postcode)').fill('sw1a 1aa');
    await page.getByLabel('Town').fill('Northtown');
    assert.equal(await page.getByTestId('postcode-control').getByLabel('Town').count(), 0);
    assert.deepEqual(await data(), { postcode: 'SW1A 1AA', town: 'Northtown' });
  });

  it('takes labels and error messages from a translation (JSON Forms i18n)', async () => {
    await mount({
      schema: {
        type: 'object',
        required: ['fullName'],
        properties: {
          fullName: { type: 'string', title: "Child's full name" },
          school: { type: 'string', title: 'School' },
        },
      },
      translations: {
        'fullName.label': 'Enw llawn y plentyn',
        'error.required': 'Mae angen ateb y cwestiwn hwn',
      },
    });
    const name = page.getByLabel('Enw llawn y plentyn');
    await name.focus();
    await page.keyboard.press('Tab');
    await page
      .locator('#field-fullName-error')
      .getByText('Mae angen ateb y cwestiwn hwn')
      .waitFor();
    assert.equal(await page.getByLabel("Child's full name").count(), 0);
    await name.fill('Amara');
    await page.getByLabel('School').fill('Northtown Primary');
    assert.deepEqual(await data(), { fullName: 'Amara', school: 'Northtown Primary' });
  });

  it('generates no code under the app CSP, with a SHOW rule and checks on leaving fields', async () => {
    await mount(await packForm('conference'));
    await page.getByLabel("The conference's decision").selectOption({ label: PLAN });
    await page.getByLabel('Category of abuse or neglect').waitFor();
    // Tab moves between a date input's own parts; Shift+Tab from the first part leaves it.
    await page.getByLabel('Date of the conference').focus();
    await page.keyboard.press('Shift+Tab');
    await page.locator('[id="field-conferenceDate-error"]').waitFor();
    assert.deepEqual(await cspSeen(), []);
    assert.deepEqual(violations, []);
    // The page would have seen an attempt: the policy refuses eval here.
    const outcome = await page.evaluate(() =>
      (globalThis as unknown as Driver).lfRenderer.tryCodeGeneration(),
    );
    assert.equal(outcome, 'refused');
    assert.deepEqual(await cspSeen(), ['script-src: eval']);
  });

  it('asks no tester again and keeps every character when typing into a 200-field form', async () => {
    const properties: Record<string, unknown> = {};
    for (let i = 0; i < 200; i += 1)
      properties[`field${i}`] = { type: 'string', title: `Field ${i}` };
    await mount({ schema: { type: 'object', properties } });
    await page.getByLabel('Field 199', { exact: true }).waitFor();
    const asked = await page.evaluate(() =>
      (globalThis as unknown as Driver).lfRenderer.testerCalls(),
    );
    assert.ok(asked >= 200, `every element was dispatched once (${asked} tester calls)`);
    const typed = 'Amara said she was hungry most mornings.';
    await page.getByLabel('Field 100', { exact: true }).pressSequentially(typed);
    await page.getByLabel('Field 7', { exact: true }).fill('x');
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as Driver).lfRenderer.testerCalls()),
      asked,
    );
    assert.deepEqual(await data(), { field100: typed, field7: 'x' });
  });
});
