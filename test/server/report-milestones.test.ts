import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { londonDate } from '../../engine/calendar.ts';
import { caseEpisode, indicatorRows } from '../../engine/indicators.ts';
import { buildApp } from '../../server/app.ts';
import { loadPack } from '../../server/demo/load-pack.ts';
import { caseDepsFor } from '../../server/services/case-deps.ts';
import { backfillMilestones, indicatorMap, stepOf } from '../../server/services/case-milestones.ts';
import { createDefinitionRegistry } from '../../server/services/definition-registry.ts';
import { indicatorReport } from '../../server/services/reports.ts';
import { createUser } from '../../server/services/users.ts';
import { openEmbeddedStore } from '../../server/store/embedded.ts';
import { listAll } from '../../server/store/list-all.ts';
import { openMongoStore } from '../../server/store/mongodb.ts';
import type { Store, UserRecord } from '../../server/store/store.ts';
import { reportCases, reportPeriod } from '../engine/fixtures/report-cases.ts';
import { dropTestDatabase, mongoTestUri, uniqueDatabaseName } from '../support/mongo-server.ts';
import { seedCaseToPlan, sendAs } from './documents-case.ts';
import { loginAs, startTestApp, storeKinds, type TestApp } from './harness.ts';
import { storeHistories } from './report-records.ts';

/** A fresh store of the kind, not yet opened by an app. */
async function freshStore(kind: (typeof storeKinds)[number]) {
  if (kind === 'embedded') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lowform-milestones-'));
    const store = openEmbeddedStore({ dataDir: dir });
    return { store, cleanup: () => rm(dir, { recursive: true, force: true }) };
  }
  const uri = await mongoTestUri();
  const database = uniqueDatabaseName('lowform_milestones');
  const store = await openMongoStore({ uri, database });
  return { store, cleanup: () => dropTestDatabase(uri, database) };
}

const admin = (store: Store) =>
  createUser(
    store,
    {
      username: 'ada',
      displayName: 'Ada',
      password: 'correct horse battery',
      roles: ['admin'],
      teams: [],
    },
    new Date('2026-02-02T09:00:00.000Z'),
  );

const ratios = (report: Awaited<ReturnType<typeof indicatorReport>>) =>
  Object.fromEntries(report.indicators.map((i) => [i.id, `${i.numerator}/${i.denominator}`]));

for (const kind of storeKinds) {
  describe(`milestones on the case (${kind})`, function () {
    this.timeout(180_000);

    it('counts cases recorded before cases carried milestones the same once an app has backfilled them', async () => {
      const { store, cleanup } = await freshStore(kind);
      try {
        await storeHistories(store, reportCases, { withoutMilestones: true });
        const user: UserRecord = await admin(store);
        const before = await store.cases.get(reportCases[0]!.id);
        assert.equal(before?.milestones, undefined);
        // Until they are backfilled, such cases are not found by a report.
        const unfilled = await indicatorReport(caseDepsFor(store), user, reportPeriod);
        assert.ok(unfilled.indicators.every((i) => i.denominator === 0));
        // Building an app on the store backfills them (the same answers as reports.test.ts).
        const app = await buildApp({ store, sessionSecret: 'a'.repeat(40) });
        try {
          const report = await indicatorReport(caseDepsFor(store), user, reportPeriod);
          assert.deepEqual(ratios(report), {
            'assessments-in-time': '3/4',
            'initial-conferences-in-time': '1/2',
            'reviews-in-time': '1/2',
            'long-plans': '2/5',
            'repeat-plans': '1/2',
            're-referrals': '1/3',
            'missed-timescales': '2/3',
          });
          assert.deepEqual(report.indicators[0]!.byMonth, [
            { month: '2025-12', numerator: 2, denominator: 2 },
            { month: '2026-01', numerator: 1, denominator: 2 },
          ]);
          // Done once: a second run reads nothing.
          assert.equal(await backfillMilestones(store), 0);
        } finally {
          await app.close();
        }
      } finally {
        await store.close();
        await cleanup();
      }
    });

    describe('a case moved through the app', () => {
      let test: TestApp;
      before(async () => {
        test = await startTestApp(kind);
        await loadPack(
          { store: test.store, registry: createDefinitionRegistry(test.store) },
          'child-protection',
          'system',
          new Date(),
        );
      });
      after(() => test.close());

      it('carries the milestones of its chronology, written with each move, and is counted by them', async () => {
        const worker = await loginAs(test, 'sam', ['practitioner'], ['north']);
        const caseId = await seedCaseToPlan(sendAs(worker));
        // Read through the app, which waits for the chronology's appends.
        await sendAs(worker)('GET', `/api/cases/${caseId}`);
        const record = (await test.store.cases.get(caseId))!;
        const chronology = await listAll(test.store.events, {
          filter: { caseId },
          sort: { field: 'seq', direction: 'asc' },
        });
        const steps = chronology.flatMap((e) => {
          const s = stepOf(e);
          return s ? [s] : [];
        });
        // Every step that enters or leaves a stage the indicators name was kept, in order.
        const types = record.milestones!.steps.map((s) => s.type);
        assert.equal(types[0], 'case-started');
        assert.ok(types.includes('record-strategy-discussion'), types.join());
        assert.ok(types.length < steps.length, `${types.length} of ${steps.length}`);
        const today = londonDate(new Date());
        assert.equal(record.planFrom, today);
        assert.equal(record.planUntil, '9999-12-31');
        assert.ok(record.milestoneKeys!.includes(today.slice(0, 7)));
        assert.ok(record.milestoneKeys!.includes(`north ${today.slice(0, 7)}`));
        // The report from the milestones is the count from the whole chronology.
        const history = {
          id: record.id,
          reference: record.reference,
          team: record.team,
          assignee: record.assignee,
          child: record.subject,
          steps,
          deadlines: record.deadlines ?? [],
        };
        const period = { from: `${today.slice(0, 7)}-01`, to: today };
        const expected = indicatorRows(
          history,
          [],
          period,
          indicatorMap,
          undefined,
          caseEpisode(history, indicatorMap),
        );
        const report = await indicatorReport(
          caseDepsFor(test.store),
          await admin(test.store),
          period,
        );
        const counted = Object.fromEntries(
          report.indicators.filter((i) => i.denominator > 0).map((i) => [i.id, i.denominator]),
        );
        const fromChronology: Record<string, number> = {};
        for (const row of expected)
          fromChronology[row.indicator] = (fromChronology[row.indicator] ?? 0) + 1;
        assert.deepEqual(counted, fromChronology);
        assert.equal(counted['initial-conferences-in-time'], 1);
      });

      it('keys a case by its month and team from the write that opens it', async () => {
        const worker = await loginAs(test, 'sam', ['practitioner'], ['north']);
        const opened = await sendAs(worker)('POST', '/api/cases', {
          workflowId: 'child-protection',
          subject: { firstName: 'Noor', lastName: 'Example', dateOfBirth: '2019-04-02' },
        });
        assert.equal(opened.status, 201, JSON.stringify(opened.body));
        const record = (await test.store.cases.get(String((opened.body as { id: string }).id)))!;
        const month = londonDate(new Date()).slice(0, 7);
        assert.deepEqual(record.milestoneKeys, [month, `north ${month}`]);
        assert.deepEqual(
          record.milestones!.steps.map((s) => [s.type, s.to]),
          [['case-started', ['referralAndAssessment', 'referralAndAssessment.referral']]],
        );
        assert.equal(record.planUntil, undefined);
      });
    });
  });
}
