import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { loadPack } from '../../server/demo/load-pack.ts';
import { createDefinitionRegistry } from '../../server/services/definition-registry.ts';
import { publishTinyCare } from './fixtures.ts';
import { type Client, loginAs, startTestApp, storeKinds, type TestApp } from './harness.ts';

async function intake(): Promise<Record<string, unknown>> {
  return JSON.parse(
    await readFile(new URL('./fixtures/intake.form.json', import.meta.url), 'utf8'),
  );
}

/** The intake form without one question (and its place in the layout and the required list). */
async function intakeWithout(key: string): Promise<Record<string, unknown>> {
  const form = (await intake()) as {
    schema: { properties: Record<string, unknown>; required?: string[] };
    uischema?: unknown;
  };
  delete form.schema.properties[key];
  form.schema.required = (form.schema.required ?? []).filter((k) => k !== key);
  const drop = (node: unknown): unknown => {
    if (Array.isArray(node))
      return node
        .filter((n) => (n as { scope?: string }).scope !== `#/properties/${key}`)
        .map(drop);
    if (node && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, drop(v)]));
    return node;
  };
  form.uischema = drop(form.uischema);
  return form as Record<string, unknown>;
}

for (const kind of storeKinds) {
  describe(`form versions, history and dependents (${kind})`, function () {
    this.timeout(60_000);
    let test: TestApp;
    let lead: Client;

    beforeEach(async () => {
      test = await startTestApp(kind);
      lead = await loginAs(test, 'lee', ['practice_lead']);
      const admin = await loginAs(test, 'alex', ['admin']);
      await publishTinyCare(lead, admin);
    });
    afterEach(() => test.close());

    it('names a version the pack was imported as by no user "Pack import", not a former user', async () => {
      const registry = createDefinitionRegistry(test.store);
      await loadPack({ store: test.store, registry }, 'child-protection', 'system', new Date());
      const response = await lead.request({ method: 'GET', url: '/api/forms/contact/versions' });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(
        response.json().items.map((v: { publishedBy: unknown }) => v.publishedBy),
        [{ id: 'system', displayName: 'Pack import' }],
      );
    });

    async function draftAndPublish(definition: Record<string, unknown>, note?: string) {
      const current = await lead.request({ method: 'GET', url: '/api/forms/intake/draft' });
      const saved = await lead.request({
        method: 'PUT',
        url: '/api/forms/intake/draft',
        payload: {
          definition,
          ...(current.statusCode === 200 ? { expectedVersion: current.json().recordVersion } : {}),
        },
      });
      assert.equal(saved.statusCode, 200, saved.body);
      return lead.request({
        method: 'POST',
        url: '/api/forms/intake/publish',
        payload: { expectedVersion: saved.json().recordVersion, ...(note ? { note } : {}) },
      });
    }

    it('lists who published each version, when and with what note, newest first', async () => {
      const reworded = await intake();
      (reworded as { title: string }).title = 'Intake (shorter)';
      const published = await draftAndPublish(reworded, 'Shorter title for the caseload');
      assert.equal(published.statusCode, 200, published.body);
      assert.equal(published.json().note, 'Shorter title for the caseload');
      const history = await lead.request({ method: 'GET', url: '/api/forms/intake/versions' });
      assert.equal(history.statusCode, 200, history.body);
      const items = history.json().items;
      assert.deepEqual(
        items.map((v: { version: number; note?: string }) => [v.version, v.note]),
        [
          [2, 'Shorter title for the caseload'],
          [1, undefined],
        ],
      );
      assert.equal(items[0].publishedBy.displayName, 'lee');
      const unknown = await lead.request({ method: 'GET', url: '/api/forms/nothing/versions' });
      assert.equal(unknown.statusCode, 404);
    });

    it('restores a version as the draft, replacing an open draft only at its recordVersion', async () => {
      const reworded = await intake();
      (reworded as { title: string }).title = 'Intake v2';
      assert.equal((await draftAndPublish(reworded)).statusCode, 200);
      const restored = await lead.request({
        method: 'POST',
        url: '/api/forms/intake/versions/1/restore',
      });
      assert.equal(restored.statusCode, 200, restored.body);
      assert.equal(restored.json().status, 'draft');
      assert.equal(restored.json().version, 3, 'the next version number');
      assert.equal(restored.json().definition.title, (await intake()).title);
      const again = await lead.request({
        method: 'POST',
        url: '/api/forms/intake/versions/2/restore',
      });
      assert.equal(again.statusCode, 409, 'an open draft is never overwritten unasked');
      const replaced = await lead.request({
        method: 'POST',
        url: '/api/forms/intake/versions/2/restore',
        payload: { expectedVersion: restored.json().recordVersion },
      });
      assert.equal(replaced.statusCode, 200, replaced.body);
      assert.equal(replaced.json().definition.title, 'Intake v2');
    });

    it('names what reads a question, and refuses a version without a question a workflow or form reads', async () => {
      const dependents = await lead.request({ method: 'GET', url: '/api/forms/intake/dependents' });
      assert.equal(dependents.statusCode, 200, dependents.body);
      const found = dependents
        .json()
        .items.map((d: { field: string; kind: string; definition: { id: string } }) => [
          d.field,
          d.kind,
          d.definition.id,
        ])
        .sort();
      assert.deepEqual(found, [
        ['childName', 'prefill', 'review'],
        ['decision', 'guard', 'tiny-care'],
      ]);
      const withoutDecision = await intakeWithout('decision');
      const lint = await lead.request({
        method: 'POST',
        url: '/api/forms/intake/lint',
        payload: { definition: withoutDecision },
      });
      assert.equal(lint.statusCode, 200, lint.body);
      assert.deepEqual(
        lint.json().errors.map((e: { code: string }) => e.code),
        ['question-depended-on'],
      );
      assert.match(
        lint.json().errors[0].message,
        /workflow "Tiny care process".*Start an assessment/,
      );
      const refused = await draftAndPublish(withoutDecision);
      assert.equal(refused.statusCode, 422, refused.body);
      assert.equal(refused.json().error.code, 'LF_FORM_INVALID');
      // A question nothing reads can go.
      const withoutDate = await intakeWithout('dateOfBirth');
      const draft = await lead.request({ method: 'GET', url: '/api/forms/intake/draft' });
      const saved = await lead.request({
        method: 'PUT',
        url: '/api/forms/intake/draft',
        payload: { definition: withoutDate, expectedVersion: draft.json().recordVersion },
      });
      const ok = await lead.request({
        method: 'POST',
        url: '/api/forms/intake/publish',
        payload: { expectedVersion: saved.json().recordVersion },
      });
      assert.equal(ok.statusCode, 200, ok.body);
    });

    it('adds up what the live forms ask, per form and in all', async () => {
      const response = await lead.request({ method: 'GET', url: '/api/form-burden' });
      assert.equal(response.statusCode, 200, response.body);
      const burden = response.json();
      assert.deepEqual(
        burden.forms.map((f: { id: string }) => f.id),
        ['intake', 'review'],
      );
      const sum = burden.forms.reduce(
        (n: number, f: { burden: { fields: number } }) => n + f.burden.fields,
        0,
      );
      assert.equal(burden.fields, sum);
      assert.equal(burden.forms[0].burden.fields, 4);
      // The review form copies the child's name from the intake: asked once, not a duplicate.
      assert.deepEqual(burden.duplicates, []);
    });
  });
}
