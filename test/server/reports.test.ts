import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { CaseHistory } from '../../engine/indicators.ts';
import { caseDepsFor } from '../../server/services/case-deps.ts';
import { annexALists, tableCsv } from '../../server/services/report-exports.ts';
import {
  type IndicatorCaseRow,
  indicatorCaseRows,
  indicatorReport,
} from '../../server/services/reports.ts';
import { createUser } from '../../server/services/users.ts';
import type { UserRecord } from '../../server/store/store.ts';
import { reportCases, reportPeriod } from '../engine/fixtures/report-cases.ts';
import { intakeAnswers, publishTinyCare } from './fixtures.ts';
import { type Client, loginAs, startTestApp, storeKinds, type TestApp } from './harness.ts';
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

    it('reads a period through several pages of cases and of their chronology', async () => {
      // 250 referrals in another team and period: two pages of 200 cases.
      const many: CaseHistory[] = Array.from({ length: 250 }, (_, i) => ({
        id: `m${i}`,
        reference: `CP-MANY-${i}`,
        team: 'east',
        assignee: null,
        child: { firstName: `Child${i}`, lastName: 'Many' },
        steps: [
          {
            type: 'case-started',
            at: new Date(Date.parse('2026-05-01T10:00:00.000Z') + i * 60_000).toISOString(),
            from: [],
            to: ['referralAndAssessment.referral'],
          },
        ],
        deadlines: [],
      }));
      await storeHistories(test.store, many);
      const deps = caseDepsFor(test.store);
      const may = { from: '2026-05-01', to: '2026-05-31', team: 'east' };
      const report = await indicatorReport(deps, admin, may);
      assert.equal(ratios(report)['re-referrals'], '0/250');
      let rows = 0;
      let pages = 0;
      for await (const page of indicatorCaseRows(deps, admin, 're-referrals', may)) {
        rows += page.length;
        pages++;
      }
      assert.deepEqual([rows, pages], [250, 2]);
      // An export yields each page's lines as the page is read: the header, then two chunks.
      const chunks: string[] = [];
      for await (const chunk of tableCsv(deps, admin, annexALists.referrals!, may))
        chunks.push(chunk);
      assert.deepEqual(
        chunks.map((c) => c.split('\r\n').length - 1),
        [1, 200, 50],
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

/** A child whose name a spreadsheet would run as a formula, referred in the period. */
const injection: CaseHistory = {
  id: 'x',
  reference: 'CP-TEST-x',
  team: 'north',
  assignee: null,
  child: { firstName: '=HYPERLINK("http://evil.test","Click")', lastName: 'Test' },
  steps: [
    {
      type: 'case-started',
      at: '2026-01-12T10:00:00.000Z',
      from: [],
      to: ['referralAndAssessment.referral'],
    },
  ],
  deadlines: [],
};

const period = `from=${reportPeriod.from}&to=${reportPeriod.to}`;

for (const kind of storeKinds) {
  describe(`report routes and exports (${kind})`, function () {
    this.timeout(90_000);
    let test: TestApp;
    let manager: Client;
    let admin: Client;

    before(async () => {
      test = await startTestApp(kind);
      await storeHistories(test.store, [...reportCases, injection]);
      manager = await loginAs(test, 'mona', ['manager'], ['north']);
      admin = await loginAs(test, 'ada', ['admin'], []);
    });
    after(() => test.close());

    const get = async (client: Client, url: string, status = 200) => {
      const response = await client.request({ method: 'GET', url });
      assert.equal(response.statusCode, status, response.body);
      return response;
    };
    const accessTypes = async (caseId: string) =>
      (await test.store.access.list({ filter: { caseId }, limit: 500 })).items.map(
        (e) => `${e.type} ${e.actor}`,
      );

    it("gives a manager their team's indicators and refuses another team", async () => {
      const body = (await get(manager, `/api/reports/indicators?${period}`)).json();
      assert.deepEqual(body.teams, ['north']);
      const reReferrals = body.indicators.find((i: { id: string }) => i.id === 're-referrals');
      assert.deepEqual([reReferrals.numerator, reReferrals.denominator], [1, 4]);
      await get(manager, `/api/reports/indicators?${period}&team=south`, 403);
      const council = (await get(admin, `/api/reports/indicators?${period}`)).json();
      assert.equal(council.teams, null);
    });

    it('lists the cases behind a number and records that they were shown', async () => {
      const body = (
        await get(manager, `/api/reports/indicators/assessments-in-time/cases?${period}`)
      ).json();
      assert.deepEqual(
        body.items.map(
          (r: { reference: string; counted: boolean }) => `${r.reference} ${r.counted}`,
        ),
        ['CP-TEST-c true', 'CP-TEST-a true', 'CP-TEST-b false'],
      );
      assert.equal(body.total, 3);
      assert.ok((await accessTypes('a')).includes(`report-listed ${manager.userId}`));
      assert.ok(!(await accessTypes('d')).some((t) => t.startsWith('report-listed')));
      const january = (
        await get(
          manager,
          `/api/reports/indicators/assessments-in-time/cases?${period}&month=2026-01`,
        )
      ).json();
      assert.equal(january.total, 2);
    });

    it('exports the cases behind a number as CSV, a formula in a name defused', async () => {
      const response = await get(
        manager,
        `/api/reports/indicators/re-referrals/cases/export?${period}`,
      );
      assert.match(String(response.headers['content-type']), /^text\/csv/);
      const lines = response.body.trim().split('\r\n');
      assert.equal(
        lines[0],
        'Reference,Child,Team,Worker,Date,Counted,Started,Due,Working days,Detail,Reason',
      );
      const row = lines.find((l) => l.startsWith('CP-TEST-x,'));
      assert.equal(
        row,
        `CP-TEST-x,"'=HYPERLINK(""http://evil.test"",""Click"") Test",north,,2026-01-12,No,2026-01-12,,,,`,
      );
      assert.equal(lines.length, 1 + 4);
      assert.ok((await accessTypes('x')).includes(`report-exported ${manager.userId}`));
    });

    it('exports the numbers, Annex A lists with dd/MM/yyyy dates and census tables', async () => {
      const numbers = (await get(admin, `/api/reports/indicators/export?${period}`)).body;
      assert.ok(numbers.includes('\r\nassessments-in-time,Council,,3,4,75\r\n'), numbers);
      assert.ok(numbers.includes('\r\nassessments-in-time,south,,1,1,100\r\n'));
      assert.ok(numbers.includes('\r\nassessments-in-time,Council,2026-01,1,2,50\r\n'));
      const assessments = (await get(manager, `/api/reports/annex-a/assessments?${period}`)).body;
      assert.ok(
        assessments.includes('\r\nCP-TEST-a,Ava Test,,,03/11/2025,08/01/2026,45,Yes,north,\r\n'),
        assessments,
      );
      const plans = (await get(admin, `/api/reports/census/plan?${period}`)).body
        .trim()
        .split('\r\n');
      assert.equal(plans[0], 'LAchildID,CPPstartDate,CPPendDate,NumberOfPreviousCPP');
      assert.deepEqual(plans.slice(1).sort(), [
        'CP-TEST-c,2026-01-05,,0',
        'CP-TEST-e,2023-12-20,,0',
        'CP-TEST-f,2024-02-01,,0',
        'CP-TEST-g2,2026-01-05,,1',
        'CP-TEST-k,2023-06-01,,0',
      ]);
      await get(manager, `/api/reports/census/plan?${period}&team=south`, 403);
      await get(manager, `/api/reports/census/nothing?${period}`, 400);
    });

    it('counts open cases per team and worker', async () => {
      const body = (await get(admin, '/api/reports/caseload')).json();
      assert.deepEqual(
        body.teams.map(
          (t: { team: string; open: number; unallocated: number }) =>
            `${t.team} ${t.open} ${t.unallocated}`,
        ),
        // Every case but g1 (closed) is open, none allocated.
        ['north 12 12', 'south 1 1'],
      );
      const mine = (await get(manager, '/api/reports/caseload')).json();
      assert.deepEqual(
        mine.teams.map((t: { team: string }) => t.team),
        ['north'],
      );
    });
  });
}

for (const kind of storeKinds) {
  describe(`the sign-off queue's age (${kind})`, function () {
    this.timeout(90_000);
    let test: TestApp;
    let clock: Date;

    before(async () => {
      // Asked on Friday 18 December 2026.
      clock = new Date('2026-12-18T10:00:00.000Z');
      test = await startTestApp(kind, {
        now: () => clock,
        session: { idleMinutes: 1_000_000, maxHours: 20_000 },
      });
    });
    after(() => test.close());

    it('says how many working days each sign-off has waited, bank holidays skipped', async () => {
      const worker = await loginAs(test, 'sam', ['practitioner']);
      const manager = await loginAs(test, 'mona', ['manager']);
      const admin = await loginAs(test, 'ada', ['admin'], []);
      await publishTinyCare(await loginAs(test, 'lee', ['practice_lead']), admin);
      const opened = await worker.request({
        method: 'POST',
        url: '/api/cases',
        payload: { workflowId: 'tiny-care', subject: { firstName: 'Ada', lastName: 'Example' } },
      });
      assert.equal(opened.statusCode, 201, opened.body);
      const id = opened.json().id;
      const submitted = await worker.request({
        method: 'POST',
        url: `/api/cases/${id}/forms/intake/submit`,
        payload: { data: intakeAnswers('nfa'), idempotencyKey: randomUUID() },
      });
      assert.equal(submitted.statusCode, 200, submitted.body);
      const held = await worker.request({
        method: 'POST',
        url: `/api/cases/${id}/events`,
        payload: { type: 'close', expectedVersion: 1 },
      });
      assert.equal(held.statusCode, 202, held.body);
      // Tuesday 29 December: 21 to 24 and 29 December count; 25 and 28 (Boxing Day's
      // substitute) are bank holidays.
      clock = new Date('2026-12-29T10:00:00.000Z');
      for (const client of [manager, admin]) {
        const response = await client.request({ method: 'GET', url: '/api/reports/sign-offs' });
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json();
        assert.deepEqual(
          [body.waiting, body.oldestWorkingDays, body.medianWorkingDays, body.items[0].workingDays],
          [1, 5, 5, 5],
        );
      }
    });
  });
}
