/**
 * Report exports as CSV, written a page of cases at a time (constant memory whatever the
 * period): the indicators' numbers, the cases behind a number, Annex A-style lists (one row per
 * child per episode, dates as dd/MM/yyyy) and a Children in Need census-shaped extract (one CSV
 * per table). Every case a row names is in the access log before the row is written, and only
 * cases the user may see (all, for admins) are written.
 */
import { addMonths } from '../../engine/calendar.ts';
import { INDICATOR_IDS, type IndicatorId, type Period } from '../../engine/indicators.ts';
import type { UserRecord } from '../store/store.ts';
import { recordAccessMany } from './access-log.ts';
import { canSeeCase } from './case-access.ts';
import type { CaseDeps } from './case-deps.ts';
import { displayNames } from './case-views.ts';
import { annexDate, type CsvValue, csvLine } from './csv.ts';
import {
  checkPeriod,
  indicatorCaseRows,
  indicatorMap,
  indicatorReport,
  type ReportCase,
  reportCases,
  reportScope,
} from './reports.ts';

/** The report's query: a period and optionally one team. */
export interface ReportQuery {
  from: string;
  to: string;
  team?: string;
}

/** The indicators' numbers: one line per indicator for the scope, each team and each month. */
export async function* indicatorsCsv(deps: CaseDeps, user: UserRecord, query: ReportQuery) {
  const report = await indicatorReport(deps, user, query);
  yield csvLine(['Indicator', 'Team', 'Month', 'Numerator', 'Denominator', 'Percent']);
  const scope = report.teams === null ? 'Council' : report.teams.join(' ');
  const percent = (n: number, d: number) => (d === 0 ? '' : Math.round((n / d) * 1000) / 10);
  for (const i of report.indicators) {
    yield csvLine([
      i.id,
      scope,
      '',
      i.numerator,
      i.denominator,
      percent(i.numerator, i.denominator),
    ]);
    for (const t of i.byTeam) {
      yield csvLine([
        i.id,
        t.team,
        '',
        t.numerator,
        t.denominator,
        percent(t.numerator, t.denominator),
      ]);
    }
    for (const m of i.byMonth) {
      yield csvLine([
        i.id,
        scope,
        m.month,
        m.numerator,
        m.denominator,
        percent(m.numerator, m.denominator),
      ]);
    }
  }
}

/** The header of the case list behind a number, in the order of its cells. */
export const CASE_LIST_HEADER = [
  'Reference',
  'Child',
  'Team',
  'Worker',
  'Date',
  'Counted',
  'Started',
  'Due',
  'Working days',
  'Detail',
  'Reason',
];

/** The cases behind one indicator's number, as CSV. */
export async function* indicatorCasesCsv(
  deps: CaseDeps,
  user: UserRecord,
  indicator: IndicatorId,
  query: ReportQuery & { month?: string },
) {
  yield csvLine(CASE_LIST_HEADER);
  for await (const rows of indicatorCaseRows(deps, user, indicator, query)) {
    await recordAccessMany(deps, user, uniqueCases(rows), 'report-exported');
    const names = await displayNames(
      deps.store,
      rows.flatMap((r) => (r.assignee ? [r.assignee] : [])),
    );
    for (const r of rows) {
      yield csvLine([
        r.reference,
        r.childName,
        r.team,
        r.assignee ? names.get(r.assignee) : '',
        r.on,
        r.counted,
        r.start,
        r.due,
        r.workingDays,
        r.detail,
        r.reason,
      ]);
    }
  }
}

function uniqueCases(rows: readonly { caseId: string }[]): { id: string }[] {
  return [...new Set(rows.map((r) => r.caseId))].map((id) => ({ id }));
}

/** One CSV of an export: its header and the rows of one case. */
interface Table {
  header: string[];
  rows(c: ReportCase, period: Period, worker: string): CsvValue[][];
}

const within = (on: string | null | undefined, p: Period) =>
  typeof on === 'string' && on >= p.from && on <= p.to;

const child = (c: ReportCase) => [
  c.record.reference,
  `${c.record.subject.firstName} ${c.record.subject.lastName}`,
  c.record.subject.gender,
  annexDate(c.record.subject.dateOfBirth),
];

/** Annex A-style lists: one row per child per episode in the period. */
export const annexALists: Record<string, Table> = {
  referrals: {
    header: [
      'Child ID',
      'Child',
      'Gender',
      'Date of birth',
      'Referral date',
      'Re-referral within 12 months',
      'Team',
      'Worker',
    ],
    rows(c, p, worker) {
      const { referralOn } = c.episode;
      if (!within(referralOn, p)) return [];
      const rereferral = c.related.some(
        (r) =>
          r.episode.referralOn !== null &&
          r.episode.referralOn < referralOn! &&
          r.episode.referralOn >= addMonths(referralOn!, -indicatorMap.reReferralMonths),
      );
      return [[...child(c), annexDate(referralOn), rereferral, c.record.team, worker]];
    },
  },
  assessments: {
    header: [
      'Child ID',
      'Child',
      'Gender',
      'Date of birth',
      'Referral date',
      'Assessment completed',
      'Working days',
      'Within 45 working days',
      'Team',
      'Worker',
    ],
    rows(c, p, worker) {
      const a = c.episode.assessment;
      if (!a || !within(a.completedOn, p)) return [];
      return [
        [
          ...child(c),
          annexDate(c.episode.referralOn),
          annexDate(a.completedOn),
          a.workingDays,
          a.completedOn <= a.dueOn,
          c.record.team,
          worker,
        ],
      ];
    },
  },
  'section-47': {
    header: [
      'Child ID',
      'Child',
      'Gender',
      'Date of birth',
      'Strategy discussion',
      'Section 47 started',
      'Section 47 ended',
      'Initial conference',
      'Working days from strategy discussion',
      'Within 15 working days',
      'Team',
      'Worker',
    ],
    rows(c, p, worker) {
      const { enquiry, initialConference: icpc } = c.episode;
      if (
        !enquiry ||
        !(within(enquiry.startedOn, p) || within(enquiry.endedOn, p) || within(icpc?.heldOn, p))
      )
        return [];
      return [
        [
          ...child(c),
          annexDate(icpc?.strategyOn ?? c.episode.strategyDiscussions.at(-1)),
          annexDate(enquiry.startedOn),
          annexDate(enquiry.endedOn),
          annexDate(icpc?.heldOn),
          icpc?.workingDays,
          icpc ? icpc.dueOn !== null && icpc.heldOn <= icpc.dueOn : null,
          c.record.team,
          worker,
        ],
      ];
    },
  },
  plans: {
    header: [
      'Child ID',
      'Child',
      'Gender',
      'Date of birth',
      'Plan started',
      'Plan ended',
      'Reviews',
      'Latest review',
      'Earlier plan',
      'Team',
      'Worker',
    ],
    rows(c, p, worker) {
      const plan = c.episode.plan;
      if (!plan || plan.startedOn > p.to || (plan.endedOn !== null && plan.endedOn < p.from))
        return [];
      const reviews = c.episode.reviews.filter((r) => r.heldOn <= p.to);
      const earlier = c.related.some(
        (r) => r.episode.plan !== null && r.episode.plan.startedOn < plan.startedOn,
      );
      return [
        [
          ...child(c),
          annexDate(plan.startedOn),
          annexDate(plan.endedOn && plan.endedOn <= p.to ? plan.endedOn : null),
          reviews.length,
          annexDate(reviews.at(-1)?.heldOn),
          earlier,
          c.record.team,
          worker,
        ],
      ];
    },
  },
};

/**
 * A Children in Need census-shaped extract: one CSV per table, keyed by the case reference as
 * the child's id (the census's LAchildID), ISO dates as the census's XML has them.
 */
export const censusTables: Record<string, Table> = {
  child: {
    header: ['LAchildID', 'PersonBirthDate', 'GenderCurrent'],
    rows(c, p) {
      const e = c.episode;
      const active =
        within(e.referralOn, p) ||
        within(e.assessment?.completedOn, p) ||
        within(e.enquiry?.startedOn, p) ||
        within(e.initialConference?.heldOn, p) ||
        (e.plan !== null &&
          e.plan.startedOn <= p.to &&
          (e.plan.endedOn === null || e.plan.endedOn >= p.from));
      return active
        ? [[c.record.reference, c.record.subject.dateOfBirth, c.record.subject.gender]]
        : [];
    },
  },
  referral: {
    header: ['LAchildID', 'CINreferralDate', 'ReferralNFA'],
    rows(c, p) {
      const e = c.episode;
      if (!within(e.referralOn, p)) return [];
      const nfa = !e.assessment && !e.enquiry && e.initialConference === null && c.record.final;
      return [[c.record.reference, e.referralOn, nfa]];
    },
  },
  assessment: {
    header: ['LAchildID', 'AssessmentActualStartDate', 'AssessmentAuthorisationDate'],
    rows(c, p) {
      const a = c.episode.assessment;
      return a && within(a.completedOn, p)
        ? [[c.record.reference, c.episode.referralOn, a.completedOn]]
        : [];
    },
  },
  section47: {
    header: ['LAchildID', 'S47ActualStartDate', 'DateOfInitialCPC', 'ICPCnotRequired'],
    rows(c, p) {
      const { enquiry, initialConference: icpc } = c.episode;
      if (!enquiry || !(within(enquiry.startedOn, p) || within(icpc?.heldOn, p))) return [];
      return [
        [c.record.reference, enquiry.startedOn, icpc?.heldOn, enquiry.endedOn !== null && !icpc],
      ];
    },
  },
  conference: {
    header: [
      'LAchildID',
      'DateOfInitialCPC',
      'StrategyDiscussionDate',
      'WorkingDays',
      'ConferenceType',
    ],
    rows(c, p) {
      const rows: CsvValue[][] = [];
      const icpc = c.episode.initialConference;
      if (icpc && within(icpc.heldOn, p))
        rows.push([c.record.reference, icpc.heldOn, icpc.strategyOn, icpc.workingDays, 'initial']);
      for (const r of c.episode.reviews) {
        if (within(r.heldOn, p))
          rows.push([
            c.record.reference,
            r.heldOn,
            null,
            null,
            r.first ? 'first review' : 'review',
          ]);
      }
      return rows;
    },
  },
  plan: {
    header: ['LAchildID', 'CPPstartDate', 'CPPendDate', 'NumberOfPreviousCPP'],
    rows(c, p) {
      const plan = c.episode.plan;
      if (!plan || plan.startedOn > p.to || (plan.endedOn !== null && plan.endedOn < p.from))
        return [];
      const previous = c.related.filter(
        (r) => r.episode.plan !== null && r.episode.plan.startedOn < plan.startedOn,
      ).length;
      return [
        [
          c.record.reference,
          plan.startedOn,
          plan.endedOn && plan.endedOn <= p.to ? plan.endedOn : null,
          previous,
        ],
      ];
    },
  },
};

/** One table of an export (an Annex A list or a census table) over the period, as CSV. */
export async function* tableCsv(
  deps: CaseDeps,
  user: UserRecord,
  table: Table,
  query: ReportQuery,
) {
  const period = checkPeriod(query.from, query.to);
  const scope = reportScope(user, query.team);
  const admin = user.roles.includes('admin');
  yield csvLine(table.header);
  for await (const page of reportCases(deps, scope, period, deps.calendar.current())) {
    const visible = admin ? page : page.filter((c) => canSeeCase(user, c.record));
    const names = await displayNames(
      deps.store,
      visible.flatMap((c) => (c.record.assignee ? [c.record.assignee] : [])),
    );
    const lines: string[] = [];
    const shown: { id: string }[] = [];
    for (const c of visible) {
      const worker = c.record.assignee ? (names.get(c.record.assignee) ?? '') : '';
      const rows = table.rows(c, period, worker);
      if (rows.length > 0) shown.push({ id: c.record.id });
      for (const row of rows) lines.push(csvLine(row));
    }
    await recordAccessMany(deps, user, shown, 'report-exported');
    if (lines.length > 0) yield lines.join('');
  }
}

/** True when the text names an indicator. */
export function isIndicatorId(id: string): id is IndicatorId {
  return (INDICATOR_IDS as readonly string[]).includes(id);
}
