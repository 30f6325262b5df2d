/**
 * The council-wide timescale indicators for one year and the cases behind one of them as CSV,
 * on the embedded store, beside the bare indexed reads of the same cases (the pages by
 * `updatedAt` and `final, updatedAt` alone) in the same run. BENCH_CASES sets the council's
 * size (10,000 by default); two in five cases go on to a conference and a plan.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { addCalendarDays, addWorkingDays } from '../../engine/calendar.ts';
import type { CaseHistory, CaseStep } from '../../engine/indicators.ts';
import { caseDepsFor } from '../../server/services/case-deps.ts';
import { indicatorCasesCsv } from '../../server/services/report-exports.ts';
import { indicatorReport } from '../../server/services/reports.ts';
import { createUser } from '../../server/services/users.ts';
import { openEmbeddedStore } from '../../server/store/embedded.ts';
import type { Filter, Store } from '../../server/store/store.ts';
import { storeHistories } from '../server/report-records.ts';
import { median, printTable } from './table.ts';

const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const at = (on: string) => `${on}T10:00:00.000Z`;

/** A case referred `i` days into 2025-2026, most assessed, some on to a plan with reviews. */
function syntheticCase(i: number): CaseHistory {
  const referral = addCalendarDays('2025-01-06', i % 700);
  const steps: CaseStep[] = [
    { type: 'case-started', at: at(referral), from: [], to: ['referralAndAssessment.referral'] },
  ];
  const move = (type: string, on: string, from: string[], to: string[]) =>
    steps.push({ type, at: at(on), from, to });
  const assessed = addWorkingDays(referral, 30 + (i % 25));
  if (i % 5 < 2) {
    const strategy = addWorkingDays(referral, 3);
    move(
      'decide-referral',
      referral,
      ['referralAndAssessment.referral'],
      ['referralAndAssessment.strategy'],
    );
    move(
      'record-strategy-discussion',
      strategy,
      ['referralAndAssessment.strategy'],
      ['referralAndAssessment.enquiry'],
    );
    move(
      'conclude-enquiry',
      addWorkingDays(strategy, 8),
      ['referralAndAssessment.enquiry'],
      ['initialConference'],
    );
    const icpc = addWorkingDays(strategy, 12 + (i % 6));
    move(
      'record-conference-decision',
      icpc,
      ['initialConference'],
      ['plan.coreGroup.first', 'plan.reviews.first'],
    );
    move(
      'record-review-decision',
      addCalendarDays(icpc, 85),
      ['plan.coreGroup.ongoing', 'plan.reviews.first'],
      ['plan.coreGroup.ongoing', 'plan.reviews.later'],
    );
  } else {
    move(
      'decide-referral',
      referral,
      ['referralAndAssessment.referral'],
      ['referralAndAssessment.assessment'],
    );
    move('complete-assessment', assessed, ['referralAndAssessment.assessment'], ['closure']);
    if (i % 3 === 0) move('close-case', addWorkingDays(assessed, 2), ['closure'], ['closed']);
  }
  return {
    id: `c${i}`,
    reference: `CP-BENCH-${i}`,
    team: `team${i % 20}`,
    assignee: null,
    child: {
      firstName: `Child${i % 4000}`,
      lastName: 'Bench',
      dateOfBirth: addCalendarDays('2012-01-01', i % 4000),
    },
    steps,
    deadlines: [],
  };
}

async function timed(op: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await op();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The bare reads: the same pages of cases, nothing else. */
async function bareCandidates(store: Store, since: string): Promise<number> {
  let n = 0;
  for (const filter of [
    { updatedAt: { gte: since } },
    { final: false, updatedAt: { lt: since } },
  ] as Filter[]) {
    let cursor: string | null = null;
    do {
      const page = await store.cases.list({
        filter,
        sort: { field: 'updatedAt', direction: 'asc' },
        limit: 200,
        cursor,
      });
      n += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
  }
  return n;
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'lowform-bench-reports-'));
const store = openEmbeddedStore({ dataDir: dir });
try {
  const made = Date.now();
  // Fifty writers at a time, so that the store's group commit shares each fsync among them.
  for (let start = 0; start < CASES; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, CASES - start) }, (_, k) =>
      syntheticCase(start + k),
    );
    await Promise.all(
      Array.from({ length: 50 }, (_, w) =>
        storeHistories(
          store,
          batch.filter((_, k) => k % 50 === w),
        ),
      ),
    );
  }
  console.log(`${CASES} cases stored in ${((Date.now() - made) / 1000).toFixed(1)} s`);
  const admin = await createUser(
    store,
    {
      username: 'bench-admin',
      displayName: 'Bench',
      password: 'bench password long',
      roles: ['admin'],
      teams: [],
    },
    new Date(),
  );
  const deps = caseDepsFor(store);
  const year = { from: '2026-01-01', to: '2026-12-31' };
  const times = { bare: [] as number[], report: [] as number[], csv: [] as number[] };
  let candidates = 0;
  let rows = 0;
  for (let r = 0; r < ROUNDS; r++) {
    times.bare.push(
      await timed(async () => {
        candidates = await bareCandidates(store, '2025-12-31T00:00:00.000Z');
      }),
    );
    times.report.push(await timed(() => indicatorReport(deps, admin, year)));
    times.csv.push(
      await timed(async () => {
        rows = 0;
        for await (const chunk of indicatorCasesCsv(deps, admin, 'assessments-in-time', year))
          rows += chunk.length > 0 ? 1 : 0;
      }),
    );
  }
  printTable(
    ['embedded store, one year, council-wide', 'cases read', 'median ms', 'of bare'],
    [
      [
        'bare indexed pages of the same cases (baseline)',
        candidates,
        median(times.bare).toFixed(0),
        '1.0x',
      ],
      [
        'every indicator, per team and month',
        candidates,
        median(times.report).toFixed(0),
        `${(median(times.report) / median(times.bare)).toFixed(1)}x`,
      ],
      [
        `CSV of the cases behind one indicator (${rows - 1} rows)`,
        candidates,
        median(times.csv).toFixed(0),
        `${(median(times.csv) / median(times.bare)).toFixed(1)}x`,
      ],
    ],
  );
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${os.cpus().length} CPUs`,
  );
} finally {
  await store.close();
  await rm(dir, { recursive: true, force: true });
}
