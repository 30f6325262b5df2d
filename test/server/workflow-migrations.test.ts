import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { caseDepsFor } from '../../server/services/case-deps.ts';
import { createCase } from '../../server/services/cases.ts';
import { runMigration } from '../../server/services/workflow-migrations.ts';
import { listAll } from '../../server/store/list-all.ts';
import type { CaseRecord, Store, UserRecord } from '../../server/store/store.ts';
import { intakeAnswers, publishTinyCare } from './fixtures.ts';
import { type Client, loginAs, startTestApp, storeKinds, type TestApp } from './harness.ts';

/** Cases per store: FerretDB 1.x is slow on the loaded two-core test machine, so it migrates fewer. */
const CASES = { embedded: 1000, mongodb: 100 } as const;
/** Cases moved by other requests while the migration runs. */
const RACING = 20;

/** A collection's methods bound to it, to override one (the embedded ones use private fields). */
function boundMethods<T extends object>(collection: T): T {
  const names = ['insert', 'insertMany', 'insertOnce', 'get', 'findOne', 'list', 'count'];
  const more = ['countBy', 'update', 'delete'];
  return Object.fromEntries(
    [...names, ...more].map((name) => [
      name,
      (collection as Record<string, (...args: unknown[]) => unknown>)[name]!.bind(collection),
    ]),
  ) as T;
}

async function tinyCare(): Promise<Record<string, unknown>> {
  const url = new URL('./fixtures/tiny-care.workflow.json', import.meta.url);
  return JSON.parse(await readFile(url, 'utf8'));
}

/** Version 2: the referral decision due in 2 working days, not 1, and the review form required there too. */
async function publishVersion2(admin: Client): Promise<void> {
  const definition = await tinyCare();
  const stages = definition.stages as Record<string, Record<string, unknown>>;
  stages.referral!.deadline = {
    label: 'Decision',
    amount: 2,
    unit: 'workingDays',
    from: { stateEntered: true },
  };
  stages.referral!.forms = [
    { id: 'intake', required: true },
    { id: 'review', required: true },
  ];
  const draft = await admin.request({
    method: 'PUT',
    url: '/api/workflows/tiny-care/draft',
    payload: { definition },
  });
  assert.equal(draft.statusCode, 200, draft.body);
  const published = await admin.request({
    method: 'POST',
    url: '/api/workflows/tiny-care/publish',
    payload: { expectedVersion: draft.json().recordVersion },
  });
  assert.equal(published.statusCode, 200, published.body);
  assert.equal(published.json().version, 2);
}

/** Opens `n` cases through the case service, 50 at a time on the embedded store (their writes share commits). */
async function seedCases(test: TestApp, worker: UserRecord, n: number): Promise<CaseRecord[]> {
  const deps = caseDepsFor(test.store);
  const made: CaseRecord[] = [];
  const at = test.store.kind === 'embedded' ? 50 : 5;
  for (let i = 0; i < n; i += at) {
    const chunk = Array.from({ length: Math.min(at, n - i) }, (_, j) =>
      createCase(deps, worker, {
        workflowId: 'tiny-care',
        subject: { firstName: `Child${i + j}`, lastName: 'Example', dateOfBirth: '2019-03-14' },
      }),
    );
    made.push(...(await Promise.all(chunk)));
  }
  return made;
}

function migrate(admin: Client, body: Record<string, unknown>) {
  return admin.request({
    method: 'POST',
    url: '/api/workflows/tiny-care/migrations',
    payload: { fromVersion: 1, toVersion: 2, ...body },
  });
}

for (const kind of storeKinds) {
  describe(`workflow migrations (${kind})`, function () {
    this.timeout(600_000);
    let test: TestApp;
    let worker: Client;
    let admin: Client;
    let workerRecord: UserRecord;

    beforeEach(async () => {
      test = await startTestApp(kind);
      worker = await loginAs(test, 'sam', ['practitioner'], ['north']);
      const lead = await loginAs(test, 'lee', ['practice_lead'], ['north']);
      admin = await loginAs(test, 'alex', ['admin'], []);
      await publishTinyCare(lead, admin);
      workerRecord = (await test.store.users.findOne({ username: 'sam' }))!;
    });
    afterEach(() => test.close());

    it('counts open cases per version and state, and refuses a mapping that leaves out a state cases are in', async () => {
      const cases = await seedCases(test, workerRecord, 3);
      await publishVersion2(admin);
      const counts = await admin.request({
        method: 'GET',
        url: '/api/workflows/tiny-care/open-cases',
      });
      assert.equal(counts.statusCode, 200, counts.body);
      assert.deepEqual(counts.json(), {
        versions: [{ version: 1, states: [{ state: 'referral', title: 'Referral', count: 3 }] }],
      });

      const unmapped = await migrate(admin, { stateMapping: { assessment: 'assessment' } });
      assert.equal(unmapped.statusCode, 400, unmapped.body);
      assert.match(unmapped.json().error.message, /"referral"/);
      assert.deepEqual(
        unmapped.json().error.details.map((d: { path: string }) => d.path),
        ['/stateMapping/referral'],
      );
      const unknown = await migrate(admin, { stateMapping: { referral: 'nowhere' } });
      assert.equal(unknown.statusCode, 400, unknown.body);
      assert.match(unknown.json().error.message, /"nowhere"/);
      // Nothing moved.
      for (const c of cases) assert.equal((await test.store.cases.get(c.id))!.workflowVersion, 1);
      const worker2 = await worker.request({
        method: 'GET',
        url: '/api/workflows/tiny-care/open-cases',
      });
      assert.equal(worker2.statusCode, 403);
    });

    it('dry-runs case by case: from, to, the deadline that changes and the form now required', async () => {
      const cases = await seedCases(test, workerRecord, 3);
      await publishVersion2(admin);
      const response = await migrate(admin, {
        stateMapping: { referral: 'referral', assessment: 'assessment' },
        dryRun: true,
        limit: 2,
      });
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      assert.equal(body.dryRun, true);
      assert.equal(body.total, 3);
      assert.equal(body.cases.length, 2);
      const first = body.cases[0];
      const record = cases.find((c) => c.id === first.caseId)!;
      assert.equal(first.reference, record.reference);
      assert.deepEqual(first.from, { state: 'referral', title: 'Referral' });
      assert.deepEqual(first.to, { state: 'referral', title: 'Referral' });
      assert.deepEqual(first.formsNowRequired, ['review']);
      assert.equal(first.deadlinesChanged.length, 1);
      const { before, after } = first.deadlinesChanged[0];
      assert.equal(before.label, 'Decision');
      assert.ok(after.dueOn > before.dueOn, `${after.dueOn} after ${before.dueOn}`);
      // A dry run moves nothing, and the admin's look at the cases is in the access log.
      for (const c of cases) assert.equal((await test.store.cases.get(c.id))!.workflowVersion, 1);
      const logged = await test.store.access.count({ type: 'migration-dry-run' });
      assert.equal(logged, 2);
    });

    it(`migrates ${CASES[kind]} cases while ${RACING} of them are moved by other requests: each ends on version 2 or is reported, with one migration entry`, async () => {
      const n = CASES[kind];
      const cases = await seedCases(test, workerRecord, n);
      const racing = cases.slice(0, RACING);
      for (const c of racing) {
        const submitted = await worker.request({
          method: 'POST',
          url: `/api/cases/${c.id}/forms/intake/submit`,
          payload: { data: intakeAnswers('assess'), idempotencyKey: `race-${c.id}` },
        });
        assert.equal(submitted.statusCode, 200, submitted.body);
      }
      const seen = new Map<string, number>();
      for (const c of racing) seen.set(c.id, (await test.store.cases.get(c.id))!.version);
      await publishVersion2(admin);

      const migration = migrate(admin, {
        stateMapping: { referral: 'referral', assessment: 'assessment', closed: 'closed' },
      });
      // Each racing case is moved on at the version its worker saw, spread over the migration.
      const moves = racing.map(async (c, i) => {
        await new Promise((resolve) => setTimeout(resolve, i * 5));
        return worker.request({
          method: 'POST',
          url: `/api/cases/${c.id}/events`,
          payload: { type: 'assess', expectedVersion: seen.get(c.id) },
        });
      });
      const [response, ...raced] = await Promise.all([migration, ...moves]);
      assert.equal(response.statusCode, 200, response.body);
      const outcome = response.json();
      // A move either won (200) or found the case changed by the migration (409); on the slow
      // FerretDB a move may also outlast the store's deadline (503: it may or may not be done).
      const allowed = kind === 'embedded' ? [200, 409] : [200, 409, 503];
      assert.deepEqual(
        raced.filter((r) => !allowed.includes(r.statusCode)).map((r) => r.body),
        [],
      );
      const uncertain = new Set(
        racing.filter((_c, i) => raced[i]!.statusCode === 503).map((c) => c.id),
      );
      const assessed = new Set(
        racing.filter((_c, i) => raced[i]!.statusCode === 200).map((c) => c.id),
      );

      // Closing the app waits for the chronology appends it started.
      await test.app.close();
      const stored = await listAll(test.store.cases, {
        filter: { workflowId: 'tiny-care' },
        omit: ['snapshot'],
      });
      assert.equal(stored.length, n, 'no case lost');
      const reported = new Set(outcome.reported.map((r: { caseId: string }) => r.caseId));
      // Read by case, one after another, as every chronology read is (FerretDB is slow else).
      const entries = [];
      for (const c of stored) {
        const page = await test.store.events.list({ filter: { caseId: c.id } });
        entries.push(...page.items.filter((e) => e.type === 'workflow-migrated'));
      }
      const perCase = new Map<string, number>();
      for (const e of entries) perCase.set(e.caseId, (perCase.get(e.caseId) ?? 0) + 1);
      const problems: string[] = [];
      for (const c of stored) {
        const count = perCase.get(c.id) ?? 0;
        if (reported.has(c.id)) {
          if (c.workflowVersion !== 1 || count !== 0) problems.push(`${c.id} reported but moved`);
        } else if (c.workflowVersion !== 2 || count !== 1) {
          problems.push(`${c.id} on version ${c.workflowVersion} with ${count} migration entries`);
        }
        const expected = assessed.has(c.id) ? 'assessment' : 'referral';
        if (c.stage !== expected && !uncertain.has(c.id))
          problems.push(`${c.id} in ${c.stage}, not ${expected}`);
      }
      assert.deepEqual(problems, []);
      assert.equal(outcome.moved + outcome.reported.length, n);
      assert.equal(outcome.moved, entries.length);
      assert.equal(outcome.status, 'done');
      const entry = entries.find((e) => e.caseId === cases[RACING]!.id)!;
      assert.equal(entry.summary, 'Moved to version 2 of the workflow: Referral → Referral');

      const record = (await test.store.migrations.get(outcome.migrationId))!;
      assert.equal(record.status, 'done');
      assert.equal(record.moved, outcome.moved);
      assert.deepEqual(record.batch, []);
    });

    it('reads a case changed between its read and its write again, keeps the change, and moves it once', async () => {
      const [changed, steady, stubborn] = await seedCases(test, workerRecord, 3);
      await publishVersion2(admin);
      // Another writer gets in just before the migration's write: once for one case, every
      // time for another.
      const interloped = new Map<string, number>();
      const cases = test.store.cases;
      const store: Store = {
        ...test.store,
        cases: Object.assign(boundMethods(cases), {
          update: async (...args: Parameters<typeof cases.update>) => {
            const [id, expected, changes] = args;
            const times = interloped.get(id) ?? 0;
            const again = id === stubborn!.id || (id === changed!.id && times === 0);
            if (changes.workflowVersion === 2 && again) {
              interloped.set(id, times + 1);
              await cases.update(id, expected, { workers: [`someone-${times}`] });
            }
            return cases.update(...args);
          },
        }),
      };
      const adminRecord = (await test.store.users.findOne({ username: 'alex' }))!;
      const outcome = await runMigration(caseDepsFor(store), adminRecord, 'tiny-care', {
        fromVersion: 1,
        toVersion: 2,
        stateMapping: { referral: 'referral' },
      });
      assert.equal(outcome.moved, 2);
      assert.deepEqual(outcome.reported, [
        {
          caseId: stubborn!.id,
          reason:
            'The case changed 5 times while it was being moved; run the migration again to move it.',
        },
      ]);
      const after = (await test.store.cases.get(changed!.id))!;
      assert.equal(after.workflowVersion, 2);
      assert.deepEqual(after.workers, ['someone-0'], 'the other change is kept');
      assert.equal((await test.store.cases.get(steady!.id))!.workflowVersion, 2);
      const left = (await test.store.cases.get(stubborn!.id))!;
      assert.equal(left.workflowVersion, 1);
      assert.deepEqual(left.workers, ['someone-4']);
      for (const [c, expected] of [
        [changed!, 1],
        [steady!, 1],
        [stubborn!, 0],
      ] as const) {
        const deps = caseDepsFor(test.store);
        await deps.cases.readForSystemChange(c.id);
        const entries = await deps.cases.chronology(c.id, 'case');
        assert.equal(entries.filter((e) => e.type === 'workflow-migrated').length, expected);
      }
    });

    it('moves a case into a renamed state, hides a restricted case’s reference, and the case goes on on the new version', async () => {
      const [assessing, restricted] = await seedCases(test, workerRecord, 2);
      const submitted = await worker.request({
        method: 'POST',
        url: `/api/cases/${assessing!.id}/forms/intake/submit`,
        payload: { data: intakeAnswers('assess'), idempotencyKey: 'rename-intake' },
      });
      assert.equal(submitted.statusCode, 200, submitted.body);
      const before = (await test.store.cases.get(assessing!.id))!;
      const moved = await worker.request({
        method: 'POST',
        url: `/api/cases/${assessing!.id}/events`,
        payload: { type: 'assess', expectedVersion: before.version },
      });
      assert.equal(moved.statusCode, 200, moved.body);
      const manager = await loginAs(test, 'morgan', ['manager'], ['north']);
      const hidden = await manager.request({
        method: 'PATCH',
        url: `/api/cases/${restricted!.id}`,
        payload: { expectedVersion: restricted!.version, restricted: true },
      });
      assert.equal(hidden.statusCode, 200, hidden.body);
      // Version 2 calls the assessment state "assessing".
      const definition = await tinyCare();
      const machine = definition.machine as { states: Record<string, Record<string, unknown>> };
      machine.states.assessing = machine.states.assessment!;
      delete machine.states.assessment;
      (machine.states.referral!.on as Record<string, { target: string }>).assess!.target =
        'assessing';
      const stages = definition.stages as Record<string, unknown>;
      stages.assessing = stages.assessment;
      delete stages.assessment;
      const draft = await admin.request({
        method: 'PUT',
        url: '/api/workflows/tiny-care/draft',
        payload: { definition },
      });
      assert.equal(draft.statusCode, 200, draft.body);
      const published = await admin.request({
        method: 'POST',
        url: '/api/workflows/tiny-care/publish',
        payload: { expectedVersion: draft.json().recordVersion },
      });
      assert.equal(published.statusCode, 200, published.body);

      const stateMapping = { referral: 'referral', assessment: 'assessing' };
      const dry = await migrate(admin, { stateMapping, dryRun: true });
      assert.equal(dry.statusCode, 200, dry.body);
      const views = new Map(
        dry.json().cases.map((c: { caseId: string }) => [c.caseId, c] as const),
      );
      assert.deepEqual(views.get(assessing!.id), {
        caseId: assessing!.id,
        reference: assessing!.reference,
        from: { state: 'assessment', title: 'Assessment' },
        to: { state: 'assessing', title: 'Assessment' },
        deadlinesChanged: [],
        formsNowRequired: [],
      });
      assert.equal((views.get(restricted!.id) as { reference: unknown }).reference, null);

      const run = await migrate(admin, { stateMapping });
      assert.equal(run.statusCode, 200, run.body);
      assert.equal(run.json().moved, 2);
      const page = await worker.request({ method: 'GET', url: `/api/cases/${assessing!.id}` });
      assert.equal(page.statusCode, 200, page.body);
      const chronology = await worker.request({
        method: 'GET',
        url: `/api/cases/${assessing!.id}/chronology`,
      });
      const summaries = chronology.json().items.map((e: { summary: string }) => e.summary);
      assert.equal(
        summaries.filter((s: string) => s.startsWith('Moved to version')).length,
        1,
        summaries.join(' | '),
      );
      assert.ok(summaries.includes('Moved to version 2 of the workflow: Assessment → Assessment'));
      // The case goes on: its review submitted, it finishes on version 2.
      const review = await worker.request({
        method: 'POST',
        url: `/api/cases/${assessing!.id}/forms/review/submit`,
        payload: {
          data: { childName: 'Ada Example', analysis: 'Seen at school; plan agreed.' },
          idempotencyKey: 'rename-review',
        },
      });
      assert.equal(review.statusCode, 200, review.body);
      const now = (await test.store.cases.get(assessing!.id))!;
      assert.equal(now.workflowVersion, 2);
      assert.equal(now.stage, 'assessing');
      const finish = await worker.request({
        method: 'POST',
        url: `/api/cases/${assessing!.id}/events`,
        payload: { type: 'finish', expectedVersion: now.version },
      });
      assert.equal(finish.statusCode, 200, finish.body);
    });

    it('runs the same migration again as a no-op: a case already moved is skipped, never moved twice', async () => {
      await seedCases(test, workerRecord, 5);
      await publishVersion2(admin);
      const mapping = { stateMapping: { referral: 'referral' } };
      const first = await migrate(admin, mapping);
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().moved, 5);
      const status = await admin.request({
        method: 'GET',
        url: `/api/workflows/tiny-care/migrations/${first.json().migrationId}`,
      });
      assert.equal(status.statusCode, 200, status.body);
      assert.equal(status.json().status, 'done');
      assert.deepEqual(status.json().stateMapping, { referral: 'referral' });
      const again = await migrate(admin, mapping);
      assert.equal(again.statusCode, 200, again.body);
      assert.equal(again.json().moved, 0);
      const counts = await admin.request({
        method: 'GET',
        url: '/api/workflows/tiny-care/open-cases',
      });
      assert.deepEqual(counts.json(), {
        versions: [{ version: 2, states: [{ state: 'referral', title: 'Referral', count: 5 }] }],
      });
    });
  });
}
