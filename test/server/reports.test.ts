import assert from 'node:assert/strict';
import { caseDepsFor } from '../../server/services/case-deps.ts';
import {
  type IndicatorCaseRow,
  indicatorCaseRows,
  indicatorReport,
} from '../../server/services/reports.ts';
import { createUser } from '../../server/services/users.ts';
import type { UserRecord } from '../../server/store/store.ts';
import { reportCases, reportPeriod } from '../engine/fixtures/report-cases.ts';
import { startTestApp, storeKinds, type TestApp } from './harness.ts';
import { storeHistories } from './report-records.ts';

for (const kind of storeKinds) {
  describe(`timescale indicators from the store (${kind})`, function () {
    this.timeout(90_000);
    let test: TestApp;
    let manager: UserRecord;
    let admin: UserRecord;

    before(async () => {
      test = await startTestApp(kind);
      await storeHistories(test.store, reportCases);
      const now = new Date('2026-02-02T09:00:00.000Z');
      const user = (username: string, roles: UserRecord['roles']) =>
        createUser(
          test.store,
          {
            username,
            displayName: username,
            password: 'correct horse battery',
            roles,
            teams: ['north'],
          },
          now,
        );
      manager = await user('mona', ['manager']);
      admin = await user('ada', ['admin']);
    });
    after(() => test.close());

    const ratios = (report: Awaited<ReturnType<typeof indicatorReport>>) =>
      Object.fromEntries(report.indicators.map((i) => [i.id, `${i.numerator}/${i.denominator}`]));

    it('counts the council for an admin, with each team and month', async () => {
      const report = await indicatorReport(caseDepsFor(test.store), admin, reportPeriod);
      assert.equal(report.teams, null);
      assert.deepEqual(ratios(report), {
        'assessments-in-time': '3/4',
        'initial-conferences-in-time': '1/2',
        'reviews-in-time': '1/2',
        'long-plans': '2/5',
        'repeat-plans': '1/2',
        're-referrals': '1/3',
        'missed-timescales': '2/3',
      });
      const assessments = report.indicators[0]!;
      assert.deepEqual(assessments.byTeam, [
        { team: 'north', numerator: 2, denominator: 3 },
        { team: 'south', numerator: 1, denominator: 1 },
      ]);
      assert.deepEqual(assessments.byMonth, [
        { month: '2025-12', numerator: 2, denominator: 2 },
        { month: '2026-01', numerator: 1, denominator: 2 },
      ]);
    });

    it("counts only a manager's own teams", async () => {
      const report = await indicatorReport(caseDepsFor(test.store), manager, reportPeriod);
      assert.deepEqual(report.teams, ['north']);
      const ratio = ratios(report);
      assert.equal(ratio['assessments-in-time'], '2/3');
      assert.equal(ratio['initial-conferences-in-time'], '1/1');
      assert.equal(ratio['missed-timescales'], '1/2');
      await assert.rejects(
        indicatorReport(caseDepsFor(test.store), manager, { ...reportPeriod, team: 'south' }),
        { code: 'LF_FORBIDDEN' },
      );
    });

    it('lists the cases behind a number, an open plan unchanged in the period included', async () => {
      const rows: IndicatorCaseRow[] = [];
      for await (const page of indicatorCaseRows(
        caseDepsFor(test.store),
        manager,
        'long-plans',
        reportPeriod,
      )) {
        rows.push(...page);
      }
      assert.deepEqual(
        rows.map((r) => `${r.reference} ${r.start} ${r.counted} ${r.childName}`).sort(),
        [
          'CP-TEST-c 2026-01-05 false Cal Test',
          'CP-TEST-e 2023-12-20 true Eve Test',
          'CP-TEST-f 2024-02-01 false Fay Test',
          'CP-TEST-g2 2026-01-05 false ZOE brown',
          'CP-TEST-k 2023-06-01 true Kit Test',
        ],
      );
    });
  });
}
