import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { publishDefinition } from './fixtures.ts';
import { type Client, loginAs, startTestApp, storeKinds, type TestApp } from './harness.ts';

async function fixture(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

for (const kind of storeKinds) {
  describe(`editing definitions (${kind})`, function () {
    this.timeout(60_000);
    let test: TestApp;
    let lead: Client;
    let admin: Client;

    beforeEach(async () => {
      test = await startTestApp(kind);
      lead = await loginAs(test, 'lee', ['practice_lead']);
      admin = await loginAs(test, 'alex', ['admin']);
    });
    afterEach(() => test.close());

    it('drafts, lints and publishes a form; published versions never change', async () => {
      const intake = await fixture('intake.form.json');
      const v1 = await publishDefinition(lead, 'forms', intake);
      assert.equal(v1.version, 1);
      assert.equal(v1.status, 'published');
      const changed = structuredClone(intake) as {
        schema: { properties: Record<string, unknown>; required: string[] };
        uischema: { elements: unknown[] };
      };
      changed.schema.properties.school = { type: 'string', title: 'School', maxLength: 200 };
      changed.schema.required.push('school');
      changed.uischema.elements.push({ type: 'Control', scope: '#/properties/school' });
      const draft = await lead.request({
        method: 'PUT',
        url: '/api/forms/intake/draft',
        payload: { definition: changed },
      });
      assert.equal(draft.statusCode, 200, draft.body);
      assert.equal(draft.json().version, 2);
      const lint = await lead.request({
        method: 'POST',
        url: '/api/forms/intake/lint',
        payload: {},
      });
      assert.equal(lint.statusCode, 200);
      assert.ok(lint.json().errors.length === 0, lint.body);
      const diff = await lead.request({ method: 'GET', url: '/api/forms/intake/diff' });
      assert.equal(diff.statusCode, 200, diff.body);
      assert.equal(diff.json().breaking, true, 'a new required field breaks earlier submissions');
      const published = await lead.request({
        method: 'POST',
        url: '/api/forms/intake/publish',
        payload: { expectedVersion: draft.json().recordVersion },
      });
      assert.equal(published.statusCode, 200, published.body);
      assert.equal(published.json().version, 2);
      const first = await lead.request({ method: 'GET', url: '/api/forms/intake/versions/1' });
      assert.deepEqual(first.json().definition, v1.definition);
      const latest = await lead.request({ method: 'GET', url: '/api/forms/intake' });
      assert.equal(latest.json().version, 2);
      assert.equal(
        (await lead.request({ method: 'GET', url: '/api/forms/intake/draft' })).statusCode,
        404,
      );
    });

    it('refuses to overwrite a draft someone else saved', async () => {
      const intake = await fixture('intake.form.json');
      const created = await lead.request({
        method: 'POST',
        url: '/api/forms',
        payload: { definition: intake },
      });
      const version = created.json().recordVersion;
      const mine = await lead.request({
        method: 'PUT',
        url: '/api/forms/intake/draft',
        payload: { definition: { ...intake, title: 'Mine' }, expectedVersion: version },
      });
      assert.equal(mine.statusCode, 200);
      const theirs = await lead.request({
        method: 'PUT',
        url: '/api/forms/intake/draft',
        payload: { definition: { ...intake, title: 'Theirs' }, expectedVersion: version },
      });
      assert.equal(theirs.statusCode, 409);
      assert.equal(theirs.json().error.details.current.definition.title, 'Mine');
      const duplicate = await lead.request({
        method: 'POST',
        url: '/api/forms',
        payload: { definition: intake },
      });
      assert.equal(duplicate.statusCode, 409);
    });

    it('refuses to publish a definition with problems, listing each with its path', async () => {
      const broken = {
        ...(await fixture('tiny-care.workflow.json')),
        id: 'broken-care',
      } as { id: string; machine: { states: Record<string, { on?: Record<string, unknown> }> } };
      broken.machine.states.referral!.on!.assess = { target: 'nowhere', description: 'Go nowhere' };
      const created = await admin.request({
        method: 'POST',
        url: '/api/workflows',
        payload: { definition: broken },
      });
      assert.equal(created.statusCode, 201, created.body);
      const lint = await admin.request({
        method: 'POST',
        url: '/api/workflows/broken-care/lint',
        payload: {},
      });
      const codes = lint.json().errors.map((e: { code: string }) => e.code);
      assert.ok(codes.includes('unknown-target'), lint.body);
      assert.ok(codes.includes('unknown-form'), 'its forms are not published');
      const publish = await admin.request({
        method: 'POST',
        url: '/api/workflows/broken-care/publish',
        payload: { expectedVersion: created.json().recordVersion },
      });
      assert.equal(publish.statusCode, 422);
      assert.equal(publish.json().error.code, 'LF_WORKFLOW_INVALID');
      const target = publish
        .json()
        .error.details.errors.find((e: { code: string }) => e.code === 'unknown-target');
      assert.match(target.path, /^\/machine\/states\/referral\/on\/assess/);
      assert.equal(target.state, 'referral');
      assert.equal(target.event, 'assess');
      assert.equal(
        (await admin.request({ method: 'GET', url: '/api/workflows/broken-care' })).statusCode,
        404,
      );
    });

    it('refuses a hostile form quickly, with a clear error', async () => {
      const intake = await fixture('intake.form.json');
      const hostile = structuredClone(intake) as {
        id: string;
        schema: { properties: Record<string, unknown> };
      };
      hostile.id = 'hostile';
      hostile.schema.properties.code = {
        type: 'string',
        title: 'Code',
        pattern: '^(a+)+$',
        maxLength: 50,
      };
      const created = await lead.request({
        method: 'POST',
        url: '/api/forms',
        payload: { definition: hostile },
      });
      const publish = await lead.request({
        method: 'POST',
        url: '/api/forms/hostile/publish',
        payload: { expectedVersion: created.json().recordVersion },
      });
      assert.equal(publish.statusCode, 422);
      assert.match(JSON.stringify(publish.json().error.details), /pattern/i);
    });

    it('keeps form editing to practice leads and workflow editing to admins', async () => {
      const intake = await fixture('intake.form.json');
      assert.equal(
        (
          await admin.request({
            method: 'POST',
            url: '/api/forms',
            payload: { definition: intake },
          })
        ).statusCode,
        403,
      );
      const flow = await fixture('tiny-care.workflow.json');
      assert.equal(
        (
          await lead.request({
            method: 'POST',
            url: '/api/workflows',
            payload: { definition: flow },
          })
        ).statusCode,
        403,
      );
    });
  });
}
