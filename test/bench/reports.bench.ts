/**
 * The council-wide timescale indicators for one year and the cases behind one of them as CSV,
 * on the embedded store, beside the bare indexed reads of the same cases (the pages by
 * `milestoneKeys` and `planUntil` alone) in the same run, and beside the way reports were read
 * before cases carried their milestones (pages by `updatedAt` and `final, updatedAt`, each
 * page's chronology), whose answers must be the same. BENCH_CASES sets the council's size
 * (10,000 by default); two in five cases go on to a conference and a plan.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { addCalendarDays, addWorkingDays, englandAndWales } from '../../engine/calendar.ts';
import {
  type CaseHistory,
  type CaseStep,
  caseEpisode,
  childKey,
  countRows,
  type IndicatorId,
  indicatorRows,
  type Period,
  type Ratio,
  type RelatedEpisode,
} from '../../engine/indicators.ts';
import { caseDepsFor } from '../../server/services/case-deps.ts';
import { indicatorMap, monthKey, stepOf } from '../../server/services/case-milestones.ts';
import { indicatorCasesCsv } from '../../server/services/report-exports.ts';
import { indicatorReport } from '../../server/services/reports.ts';
import { createUser } from '../../server/services/users.ts';
import { openEmbeddedStore } from '../../server/store/embedded.ts';
import type { CaseRecord, EventRecord, Filter, Store } from '../../server/store/store.ts';
import { storeHistories } from '../server/report-records.ts';
import { median, printTable } from './table.ts';

const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// About 2.5 cases a child, however big the council (4,000 children at 10,000 cases), born on
// one of 4,000 days.
const CHILDREN = Math.max(4000, Math.round(CASES / 2.5));

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
      firstName: `Child${i % CHILDREN}`,
      lastName: 'Bench',
      dateOfBirth: addCalendarDays('2012-01-01', (i % CHILDREN) % 4000),
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

/** Every page of a list, counted; the records handed to `each`. */
async function readPages(
  store: Store,
  query: { filter: Filter; sort?: { field: string; direction: 'asc' } },
  each: (page: CaseRecord[]) => Promise<void> | void = () => {},
): Promise<number> {
  let n = 0;
  let cursor: string | null = null;
  do {
    const page = await store.cases.list({ ...query, limit: 200, cursor });
    n += page.items.length;
    await each(page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return n;
}

/** The bare reads of the milestone path: the same pages of cases, nothing else. */
async function bareMilestonePages(store: Store, period: Period): Promise<number> {
  const months: string[] = [];
  for (let m = period.from.slice(0, 7); m <= period.to.slice(0, 7); ) {
    months.push(monthKey(m));
    const [y, mm] = m.split('-').map(Number) as [number, number];
    m = mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
  }
  return (
    (await readPages(store, {
      filter: { milestoneKeys: { hasAny: months } },
      sort: { field: 'reference', direction: 'asc' },
    })) +
    (await readPages(store, {
      filter: { planUntil: { gt: period.to }, planFrom: { lt: period.from } },
      sort: { field: 'planUntil', direction: 'asc' },
    }))
  );
}

/** The bare reads of the chronology path: its pages of cases by when they last changed. */
async function bareChronologyPages(store: Store, since: string): Promise<number> {
  let n = 0;
  for (const filter of [
    { updatedAt: { gte: since } },
    { final: false, updatedAt: { lt: since } },
  ] as Filter[]) {
    n += await readPages(store, { filter, sort: { field: 'updatedAt', direction: 'asc' } });
  }
  return n;
}

/** Each case's steps from its chronology, one query for the page (as reports read before). */
async function chronologySteps(store: Store, ids: string[]): Promise<Map<string, CaseStep[]>> {
  const byCase = new Map<string, EventRecord[]>(ids.map((id) => [id, []]));
  let cursor: string | null = null;
  while (ids.length > 0) {
    const page: { items: EventRecord[]; nextCursor: string | null } = await store.events.list({
      filter: { caseId: { in: ids }, kind: { in: ['case', 'event'] } },
      sort: { field: 'caseId', direction: 'asc' },
      limit: 500,
      cursor,
    });
    for (const e of page.items) byCase.get(e.caseId)?.push(e);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  const steps = new Map<string, CaseStep[]>();
  for (const [id, entries] of byCase) {
    steps.set(
      id,
      entries
        .sort((a, b) => a.seq - b.seq)
        .flatMap((e) => {
          const step = stepOf(e);
          return step ? [step] : [];
        }),
    );
  }
  return steps;
}

const historyOf = (c: CaseRecord, steps: CaseStep[]): CaseHistory => ({
  id: c.id,
  reference: c.reference,
  team: c.team,
  assignee: c.assignee,
  child: c.subject,
  steps,
  deadlines: c.deadlines ?? [],
});

/**
 * The council's totals the way reports were read before cases carried milestones: the cases
 * changed since the period began and the open ones changed before, each page's chronology,
 * and a child's other cases by date of birth with their chronology.
 */
async function chronologyTotals(store: Store, period: Period): Promise<Map<IndicatorId, Ratio>> {
  const since = `${addCalendarDays(period.from, -1)}T00:00:00.000Z`;
  const total = new Map<IndicatorId, Ratio>();
  const omit = ['snapshot', 'searchTerms', 'searchKeys', 'signOffRequests', 'milestones'];
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
        omit,
      });
      const steps = await chronologySteps(
        store,
        page.items.map((c) => c.id),
      );
      const cases = page.items.map((record) => {
        const history = historyOf(record, steps.get(record.id)!);
        return { record, history, episode: caseEpisode(history, indicatorMap, englandAndWales) };
      });
      // As before: only a case whose referral or plan starts in the period looks for others.
      const within = (on: string | null | undefined) =>
        typeof on === 'string' && on >= period.from && on <= period.to;
      const wanted = cases.filter(
        (c) =>
          c.record.subject.dateOfBirth &&
          (within(c.episode.referralOn) || within(c.episode.plan?.startedOn)),
      );
      const births = [...new Set(wanted.map((c) => c.record.subject.dateOfBirth!))];
      const others: CaseRecord[] = [];
      if (births.length > 0)
        // In the date of birth index's order, as reports.ts reads them now (the baseline at its best).
        await readPages(
          store,
          {
            filter: { 'subject.dateOfBirth': { in: births } },
            sort: { field: 'subject.dateOfBirth', direction: 'asc' },
          },
          (p) => {
            others.push(...p);
          },
        );
      // The page's own cases have their steps; only the others' chronology is read.
      const onPage = new Set(cases.map((c) => c.record.id));
      const otherSteps = await chronologySteps(
        store,
        [...new Set(others.map((o) => o.id))].filter((id) => !onPage.has(id)),
      );
      const episodeOf = new Map(cases.map((c) => [c.record.id, c.episode]));
      const related = new Map<string, RelatedEpisode[]>();
      for (const c of wanted) {
        const key = childKey(c.history.child);
        related.set(
          c.record.id,
          others
            .filter((o) => o.id !== c.record.id && key !== null && childKey(o.subject) === key)
            .map((o) => ({
              reference: o.reference,
              episode:
                episodeOf.get(o.id) ??
                caseEpisode(historyOf(o, otherSteps.get(o.id)!), indicatorMap),
            })),
        );
      }
      for (const c of cases) {
        const rows = indicatorRows(
          c.history,
          related.get(c.record.id) ?? [],
          period,
          indicatorMap,
          englandAndWales,
          c.episode,
        );
        countRows(rows, total);
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
  return total;
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
  const times = {
    bare: [] as number[],
    report: [] as number[],
    csv: [] as number[],
    bareBefore: [] as number[],
    before: [] as number[],
  };
  let candidates = 0;
  let candidatesBefore = 0;
  let rows = 0;
  let same = true;
  for (let r = 0; r < ROUNDS; r++) {
    times.bare.push(
      await timed(async () => {
        candidates = await bareMilestonePages(store, year);
      }),
    );
    let report: Awaited<ReturnType<typeof indicatorReport>> | null = null;
    times.report.push(
      await timed(async () => {
        report = await indicatorReport(deps, admin, year);
      }),
    );
    times.csv.push(
      await timed(async () => {
        rows = 0;
        for await (const chunk of indicatorCasesCsv(deps, admin, 'assessments-in-time', year))
          rows += chunk.length > 0 ? 1 : 0;
      }),
    );
    times.bareBefore.push(
      await timed(async () => {
        candidatesBefore = await bareChronologyPages(store, '2025-12-31T00:00:00.000Z');
      }),
    );
    let before = new Map<IndicatorId, Ratio>();
    times.before.push(
      await timed(async () => {
        before = await chronologyTotals(store, year);
      }),
    );
    for (const i of report!.indicators) {
      const b = before.get(i.id) ?? { numerator: 0, denominator: 0 };
      if (b.numerator !== i.numerator || b.denominator !== i.denominator) {
        same = false;
        console.log(
          `differs: ${i.id} ${i.numerator}/${i.denominator} before ${b.numerator}/${b.denominator}`,
        );
      }
    }
  }
  const of = (ms: number[], base: number[]) => `${(median(ms) / median(base)).toFixed(1)}x`;
  printTable(
    [
      `embedded store, ${CASES} cases, one year, council-wide`,
      'cases read',
      'median ms',
      'of bare',
    ],
    [
      [
        'bare indexed pages: milestoneKeys and planUntil (baseline)',
        candidates,
        median(times.bare).toFixed(0),
        '1.0x',
      ],
      [
        'every indicator, per team and month (from milestones)',
        candidates,
        median(times.report).toFixed(0),
        of(times.report, times.bare),
      ],
      [
        `CSV of the cases behind one indicator (${rows - 1} rows)`,
        candidates,
        median(times.csv).toFixed(0),
        of(times.csv, times.bare),
      ],
      [
        'before: bare pages by updatedAt and final, updatedAt',
        candidatesBefore,
        median(times.bareBefore).toFixed(0),
        of(times.bareBefore, times.bare),
      ],
      [
        "before: every indicator from each page's chronology (totals)",
        candidatesBefore,
        median(times.before).toFixed(0),
        of(times.before, times.bare),
      ],
    ],
  );
  console.log(`the same totals from milestones as from the chronology: ${same ? 'yes' : 'NO'}`);
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
