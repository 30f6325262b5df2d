import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readPack } from '../../server/demo/load-pack.ts';
import { prepareStore } from '../../server/demo/prepare.ts';
import { createDefinitionRegistry } from '../../server/services/definition-registry.ts';
import { publishDefinition } from '../server/fixtures.ts';
import { type Client, loginAs, startTestApp, storeKinds, type TestApp } from '../server/harness.ts';
import { decisionChoices, decisionFor, sampleSubmission } from './sample-data.ts';

for (const kind of storeKinds) {
  describe(`child protection pack through the API (${kind})`, function () {
    this.timeout(120_000);
    let test: TestApp;
    let worker: Client;

    before(async () => {
      test = await startTestApp(kind);
      const lead = await loginAs(test, 'lee', ['practice_lead']);
      const admin = await loginAs(test, 'alex', ['admin']);
      worker = await loginAs(test, 'sam', ['practitioner']);
      const pack = await readPack('child-protection');
      for (const form of pack.forms) await publishDefinition(lead, 'forms', form);
      for (const flow of pack.workflows) await publishDefinition(admin, 'workflows', flow);
    });
    after(() => test.close());

    it('publishes every form and the workflow as ordinary definitions', async () => {
      const forms = await worker.request({ method: 'GET', url: '/api/forms' });
      assert.equal(forms.json().items.length, 8);
      const flow = await worker.request({ method: 'GET', url: '/api/workflows/child-protection' });
      assert.equal(flow.statusCode, 200);
      assert.equal(flow.json().version, 1);
    });

    it('takes a case from contact to closure using only what the case page says', async () => {
      const created = await worker.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          workflowId: 'child-protection',
          subject: { firstName: 'Jayden', lastName: 'Clarke', dateOfBirth: '2019-05-14' },
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      let view = created.json();
      const path: string[] = [];
      // Take the first enabled branch of each decision, preferring the way to closure late on.
      for (let step = 0; step < 20 && !view.final; step++) {
        // The least-used event first, so that repeatable ones (core groups) do not go round forever.
        const used = (type: string) => path.filter((p) => p.startsWith(`${type}:`)).length;
        const event = view.availableEvents
          .filter((e: { signOffPending: boolean }) => !e.signOffPending)
          .sort((a: { type: string }, b: { type: string }) => used(a.type) - used(b.type))[0];
        assert.ok(event, `nothing to do at ${view.stageTitle}`);
        const choices = decisionChoices(event.type);
        const choice =
          step > 6
            ? (choices.find((c) => /end|close|no-plan|no-further/.test(c)) ?? choices[0])
            : choices[0];
        const required = view.stages.flatMap((s: { forms: { id: string; required: boolean }[] }) =>
          s.forms.filter((f) => f.required).map((f) => f.id),
        );
        const answers = {
          ...Object.fromEntries(required.map((id: string) => [id, sampleSubmission(id)])),
          ...decisionFor(event.type, choice),
        };
        for (const [formId, data] of Object.entries(answers)) {
          const submitted = await worker.request({
            method: 'POST',
            url: `/api/cases/${view.id}/forms/${formId}/submit`,
            payload: { data, idempotencyKey: randomUUID() },
          });
          assert.equal(submitted.statusCode, 200, `${formId}: ${submitted.body}`);
        }
        view = (await worker.request({ method: 'GET', url: `/api/cases/${view.id}` })).json();
        const ready = view.availableEvents.find((e: { type: string }) => e.type === event.type);
        const moved = await worker.request({
          method: 'POST',
          url: `/api/cases/${view.id}/events`,
          payload: {
            type: ready.type,
            expectedVersion: view.version,
            ...(ready.late ? { reason: 'Caught up after leave.' } : {}),
          },
        });
        assert.ok([200, 202].includes(moved.statusCode), moved.body);
        path.push(`${event.type}:${choice ?? ''}`);
        if (moved.statusCode === 202) {
          const manager = await loginAs(test, 'morgan', ['manager']);
          const approved = await manager.request({
            method: 'POST',
            url: `/api/cases/${view.id}/sign-offs/${event.type}`,
          });
          assert.equal(approved.statusCode, 200, approved.body);
          view = (await worker.request({ method: 'GET', url: `/api/cases/${view.id}` })).json();
        } else {
          view = moved.json();
        }
      }
      assert.equal(view.final, true, path.join(' → '));
    });
  });
}

for (const kind of storeKinds) {
  describe(`family-level recording (${kind})`, function () {
    this.timeout(60_000);
    let test: TestApp;
    let worker: Client;
    let manager: Client;
    let outsider: Client;

    beforeEach(async () => {
      test = await startTestApp(kind);
      const lead = await loginAs(test, 'lee', ['practice_lead']);
      const admin = await loginAs(test, 'alex', ['admin']);
      worker = await loginAs(test, 'sam', ['practitioner'], ['north']);
      manager = await loginAs(test, 'morgan', ['manager'], ['north']);
      outsider = await loginAs(test, 'olu', ['practitioner'], ['south']);
      const pack = await readPack('child-protection');
      for (const form of pack.forms) await publishDefinition(lead, 'forms', form);
      for (const flow of pack.workflows) await publishDefinition(admin, 'workflows', flow);
    });
    afterEach(() => test.close());

    const open = async (client: Client, firstName: string, extra: Record<string, unknown> = {}) =>
      client.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          workflowId: 'child-protection',
          subject: { firstName, lastName: 'Sample' },
          ...extra,
        },
      });
    const contactOf = async (client: Client, caseId: string) =>
      (await client.request({ method: 'GET', url: `/api/cases/${caseId}/forms/contact` })).json();
    const submitContact = async (caseId: string) => {
      const contact = sampleSubmission('contact');
      const submitted = await worker.request({
        method: 'POST',
        url: `/api/cases/${caseId}/forms/contact/submit`,
        payload: { data: contact, idempotencyKey: randomUUID() },
      });
      assert.equal(submitted.statusCode, 200, submitted.body);
      return contact;
    };

    it('offers the address and household recorded for a sibling, not the child’s own details', async () => {
      const older = (await open(worker, 'Alfie')).json();
      const younger = await open(worker, 'Bella', { siblingOf: older.id });
      assert.equal(younger.statusCode, 201, younger.body);
      const contact = await submitContact(older.id);
      const sibling = await contactOf(worker, younger.json().id);
      assert.equal(sibling.status, 'empty');
      assert.deepEqual(sibling.data.address, contact.address);
      assert.deepEqual(sibling.data.household, contact.household);
      assert.equal(sibling.data.child, undefined, 'the child’s own answers are not copied');
      const log = await manager.request({
        method: 'GET',
        url: `/api/cases/${older.id}/access-log`,
      });
      assert.ok(
        log.json().items.some((e: { type: string }) => e.type === 'family-answers-read:contact'),
        'reading a sibling’s answers is in the sibling’s access log',
      );
      assert.equal(older.subject.familyId, undefined, 'the family id is not shown');
    });

    it('refuses a family id chosen by the client and a sibling the user cannot see', async () => {
      const victim = (await open(worker, 'Alfie')).json();
      await submitContact(victim.id);
      const [stored] = (await test.store.cases.list({ filter: { id: victim.id } })).items;
      const chosen = await open(outsider, 'Guess', {});
      assert.equal(chosen.statusCode, 201);
      const guessed = await outsider.request({
        method: 'POST',
        url: '/api/cases',
        payload: {
          workflowId: 'child-protection',
          subject: { firstName: 'Guess', lastName: 'Sample', familyId: stored!.subject.familyId },
        },
      });
      assert.equal(guessed.statusCode, 400, guessed.body);
      const joined = await open(outsider, 'Guess', { siblingOf: victim.id });
      assert.equal(joined.statusCode, 400, joined.body);
      assert.equal(joined.json().error.details[0].path, '/siblingOf');
      assert.deepEqual((await contactOf(outsider, chosen.json().id)).data.address, undefined);
    });

    it('never copies answers from a restricted sibling the user may not see', async () => {
      const older = (await open(worker, 'Alfie')).json();
      const younger = (await open(worker, 'Bella', { siblingOf: older.id })).json();
      await submitContact(older.id);
      const colleague = await loginAs(test, 'cam', ['practitioner'], ['north']);
      const restricted = await manager.request({
        method: 'PATCH',
        url: `/api/cases/${older.id}`,
        payload: {
          expectedVersion: (await test.store.cases.get(older.id))!.version,
          restricted: true,
        },
      });
      assert.equal(restricted.statusCode, 200, restricted.body);
      const seen = await contactOf(colleague, younger.id);
      assert.equal(seen.data.address, undefined, 'the restricted sibling’s address is not copied');
      assert.equal(seen.data.household, undefined);
      assert.deepEqual(
        (await contactOf(worker, younger.id)).data.address,
        sampleSubmission('contact').address,
      );
    });
  });
}

describe('demo data', function () {
  this.timeout(120_000);

  it('creates the demo users, the pack and six fictional cases, one overdue, siblings and one restricted', async () => {
    const test = await startTestApp('embedded');
    try {
      const now = () => new Date('2026-11-25T10:00:00.000Z');
      const notes = await prepareStore(
        test.store,
        createDefinitionRegistry(test.store),
        { demo: true, demoPassword: 'demo password 1', packs: ['child-protection'] },
        now,
      );
      assert.ok(
        notes.some((n) => /6 fictional demo cases/.test(n)),
        notes.join('\n'),
      );
      const cases = (await test.store.cases.list({ limit: 50 })).items;
      assert.equal(cases.length, 6);
      assert.ok(
        cases.some((c) => c.dueAt < '2026-11-25'),
        'one is overdue',
      );
      assert.ok(cases.some((c) => c.restricted));
      const family = (name: string) =>
        cases.find((c) => c.subject.firstName === name)?.subject.familyId;
      assert.ok(family('Charlie'), 'every case has a family made by the server');
      assert.equal(family('Daisy'), family('Charlie'), 'Daisy is Charlie’s sister');
      assert.equal(new Set(cases.map((c) => c.subject.familyId)).size, 5);
      assert.ok(new Set(cases.map((c) => c.stageTitle)).size >= 4, 'spread across the stages');
      const worker = await loginAs(test, 'practitioner-2', ['practitioner']);
      const inPlan = cases.find((c) => c.stageStates.length > 1)!;
      for (const state of inPlan.stageStates) {
        const listed = await worker.request({ method: 'GET', url: `/api/cases?stage=${state}` });
        assert.deepEqual(
          listed.json().items.map((c: { id: string }) => c.id),
          [inPlan.id],
          `filtering by ${state}, one of two parallel stages`,
        );
      }
      const again = await prepareStore(
        test.store,
        createDefinitionRegistry(test.store),
        { demo: true, demoPassword: 'demo password 1', packs: ['child-protection'] },
        now,
      );
      assert.ok(!again.some((n) => /demo cases/.test(n)));
      assert.equal(await test.store.cases.count(), 6);
    } finally {
      await test.close();
    }
  });

  it('seeds nothing but the pack when demo mode is off', async () => {
    const test = await startTestApp('embedded');
    try {
      await prepareStore(
        test.store,
        createDefinitionRegistry(test.store),
        { demo: false, demoPassword: undefined, packs: ['child-protection'] },
        () => new Date(),
      );
      assert.equal(await test.store.users.count(), 0);
      assert.equal(await test.store.cases.count(), 0);
      assert.equal(await test.store.workflows.count({ status: 'published' }), 1);
    } finally {
      await test.close();
    }
  });
});
