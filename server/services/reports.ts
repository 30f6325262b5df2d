/**
 * Reports: the statutory timescale indicators over a period, per team and for the council, with
 * the cases behind each number. The counting is pure (engine/indicators.ts); this module reads
 * what it needs through indexes, a page at a time, and no chronology: each case carries its
 * milestones (services/case-milestones.ts), so the cases of a period are those keyed by one of
 * its months (for the council or per team) and the plans open across it (by `planUntil`), and a
 * child's other cases are found by date of birth.
 */
import {
  addCalendarDays,
  type Calendar,
  londonDate,
  toIsoDate,
  workingDaysBetween,
} from '../../engine/calendar.ts';
import {
  type CaseEpisode,
  type CaseHistory,
  caseEpisode,
  childKey,
  countRows,
  type IndicatorId,
  type IndicatorRow,
  indicatorRows,
  monthsOf,
  type Period,
  type Ratio,
  type RelatedEpisode,
  rowsByMonth,
} from '../../engine/indicators.ts';
import { LowformError } from '../errors.ts';
import type { CaseRecord, Filter, Store, UserRecord } from '../store/store.ts';
import { canSeeCase } from './case-access.ts';
import type { CaseDeps } from './case-deps.ts';
import { signOffQueue } from './case-events.ts';
import { indicatorMap, monthKey } from './case-milestones.ts';
import { displayNames } from './case-views.ts';

export { indicatorMap };

/** The teams a report covers: a list, or null for the whole council. */
export type ReportScope = string[] | null;

/** Who sees what: admins any team or the council; managers their own teams only. */
export function reportScope(user: UserRecord, team?: string): ReportScope {
  if (user.roles.includes('admin')) return team ? [team] : null;
  if (team === undefined) return [...user.teams];
  if (!user.teams.includes(team)) {
    throw new LowformError(
      'LF_FORBIDDEN',
      `You can report on your own teams only, not "${team}".`,
      {
        team,
      },
    );
  }
  return [team];
}

/** Checks a period: two ISO dates, the first not after the second, at most five years apart. */
export function checkPeriod(from: string, to: string): Period {
  const period = { from: toIsoDate(from), to: toIsoDate(to) };
  if (period.from > period.to || period.to > addCalendarDays(period.from, 5 * 366)) {
    throw new LowformError(
      'LF_BAD_REQUEST',
      'The period must start on or before its end and cover at most five years.',
      period,
    );
  }
  return period;
}

const PAGE = 200;

/** What a report leaves out of the cases it reads. */
const UNREAD: string[] = [
  'snapshot',
  'searchTerms',
  'searchKeys',
  'signOffRequests',
  'pendingEvents',
];

/**
 * The cases a period's indicators may count, a page at a time, each once: those with a
 * milestone or a closed deadline in one of the period's months (the `milestoneKeys` index, for
 * the council or per team), then plans open across the whole period (by `planUntil`).
 */
async function* candidatePages(
  store: Store,
  scope: ReportScope,
  period: Period,
): AsyncGenerator<CaseRecord[]> {
  const months = monthsOf(period).map((m) => m.month);
  const keys =
    scope === null ? months : scope.flatMap((team) => months.map((m) => monthKey(m, team)));
  yield* pages(store, {
    filter: { milestoneKeys: { hasAny: keys } },
    sort: { field: 'reference', direction: 'asc' },
  });
  const inPeriod = new Set(months);
  const teams: Filter[] = scope === null ? [{}] : scope.map((team) => ({ team }));
  for (const team of teams) {
    for await (const page of pages(store, {
      filter: { ...team, planUntil: { gt: period.to }, planFrom: { lt: period.from } },
      sort: { field: 'planUntil', direction: 'asc' },
    })) {
      // A case with a milestone in the period came with the first pages.
      const left = page.filter((c) => !(c.milestoneKeys ?? []).some((k) => inPeriod.has(k)));
      if (left.length > 0) yield left;
    }
  }
}

async function* pages(
  store: Store,
  query: { filter: Filter; sort: { field: string; direction: 'asc' } },
): AsyncGenerator<CaseRecord[]> {
  let cursor: string | null = null;
  do {
    const page = await store.cases.list({ ...query, limit: PAGE, cursor, omit: UNREAD });
    if (page.items.length > 0) yield page.items;
    cursor = page.nextCursor;
  } while (cursor);
}

/** What the indicators read of a case: its milestones, kept on it as they were recorded. */
function historyOf(c: CaseRecord): CaseHistory {
  return {
    id: c.id,
    reference: c.reference,
    team: c.team,
    assignee: c.assignee,
    child: c.subject,
    steps: c.milestones?.steps ?? [],
    deadlines: c.deadlines ?? [],
  };
}

/** One case of a report: its history, its episode, and the other cases of the same child. */
export interface ReportCase {
  record: CaseRecord;
  history: CaseHistory;
  episode: CaseEpisode;
  related: RelatedEpisode[];
}

/** The cases of a report with what the indicators need, page by page. */
export async function* reportCases(
  deps: Pick<CaseDeps, 'store'>,
  scope: ReportScope,
  period: Period,
  calendar: Calendar,
): AsyncGenerator<ReportCase[]> {
  for await (const page of candidatePages(deps.store, scope, period)) {
    const cases = page.map((record) => {
      const history = historyOf(record);
      return { record, history, episode: caseEpisode(history, indicatorMap, calendar) };
    });
    const related = await relatedEpisodes(deps.store, cases, period, calendar);
    yield cases.map((c) => ({ ...c, related: related.get(c.record.id) ?? [] }));
  }
}

/**
 * The other cases of each child whose referral or plan falls in the period (the only rows
 * that look at a child's other cases), found by date of birth and matched by folded name.
 */
async function relatedEpisodes(
  store: Store,
  cases: readonly { record: CaseRecord; history: CaseHistory; episode: CaseEpisode }[],
  period: Period,
  calendar: Calendar,
): Promise<Map<string, RelatedEpisode[]>> {
  const inPeriod = (on: string | null | undefined) =>
    typeof on === 'string' && on >= period.from && on <= period.to;
  const wanted = cases.filter(
    (c) =>
      childKey(c.history.child) !== null &&
      (inPeriod(c.episode.referralOn) || inPeriod(c.episode.plan?.startedOn)),
  );
  const result = new Map<string, RelatedEpisode[]>();
  // One query (a page at a time) for the whole page's dates of birth, along their index.
  const byBirth = new Map<string, CaseRecord[]>();
  const births = [...new Set(wanted.map((c) => c.history.child.dateOfBirth!))];
  let cursor: string | null = null;
  while (births.length > 0) {
    const page: { items: CaseRecord[]; nextCursor: string | null } = await store.cases.list({
      filter: { 'subject.dateOfBirth': { in: births } },
      // In the index's order: by id, the store walks every case and checks its date of birth.
      sort: { field: 'subject.dateOfBirth', direction: 'asc' },
      limit: 500,
      cursor,
      omit: UNREAD,
    });
    for (const record of page.items) {
      const dateOfBirth = record.subject.dateOfBirth!;
      byBirth.set(dateOfBirth, [...(byBirth.get(dateOfBirth) ?? []), record]);
    }
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  // Each record's child worked out once (folding names is the costly part), grouped by it.
  const byChild = new Map<string, CaseRecord[]>();
  for (const records of byBirth.values()) {
    for (const record of records) {
      const key = childKey(record.subject);
      if (key) byChild.set(key, [...(byChild.get(key) ?? []), record]);
    }
  }
  // Cases of this page have their episodes already; the others' come from their milestones.
  const episodes = new Map<string, RelatedEpisode>(
    cases.map((c) => [c.record.id, { reference: c.record.reference, episode: c.episode }]),
  );
  const episodeOf = (o: CaseRecord): RelatedEpisode => {
    let known = episodes.get(o.id);
    if (!known) {
      known = {
        reference: o.reference,
        episode: caseEpisode(historyOf(o), indicatorMap, calendar),
      };
      episodes.set(o.id, known);
    }
    return known;
  };
  for (const c of wanted) {
    const mine = (byChild.get(childKey(c.history.child)!) ?? [])
      .filter((o) => o.id !== c.record.id)
      .map(episodeOf);
    result.set(c.record.id, mine);
  }
  return result;
}

/** One indicator's numbers: for the scope, per team, and per month of the period. */
export interface IndicatorSummary extends Ratio {
  id: IndicatorId;
  byTeam: (Ratio & { team: string })[];
  byMonth: (Ratio & { month: string })[];
}

/** The indicators over a period for the user's scope. */
export async function indicatorReport(
  deps: CaseDeps,
  user: UserRecord,
  query: { from: string; to: string; team?: string },
): Promise<{ from: string; to: string; teams: string[] | null; indicators: IndicatorSummary[] }> {
  const period = checkPeriod(query.from, query.to);
  const scope = reportScope(user, query.team);
  const calendar = deps.calendar.current();
  const months = monthsOf(period);
  const total = new Map<IndicatorId, Ratio>();
  const byTeam = new Map<string, Map<IndicatorId, Ratio>>();
  const byMonth = new Map<string, Map<IndicatorId, Ratio>>(months.map((m) => [m.month, new Map()]));
  for await (const page of reportCases(deps, scope, period, calendar)) {
    for (const c of page) {
      const rows = indicatorRows(c.history, c.related, period, indicatorMap, calendar, c.episode);
      countRows(rows, total);
      const team = byTeam.get(c.record.team) ?? new Map();
      byTeam.set(c.record.team, countRows(rows, team));
      for (const [month, monthRows] of rowsByMonth(
        rows,
        c.history,
        c.episode,
        months,
        indicatorMap,
      )) {
        countRows(monthRows, byMonth.get(month)!);
      }
    }
  }
  const zero = { numerator: 0, denominator: 0 };
  const teams = [...byTeam.keys()].sort();
  const indicators = (
    [
      'assessments-in-time',
      'initial-conferences-in-time',
      'reviews-in-time',
      'long-plans',
      'repeat-plans',
      're-referrals',
      'missed-timescales',
    ] as const
  ).map((id) => ({
    id,
    ...(total.get(id) ?? zero),
    byTeam: teams.map((team) => ({ team, ...(byTeam.get(team)!.get(id) ?? zero) })),
    byMonth: months.map((m) => ({ month: m.month, ...(byMonth.get(m.month)!.get(id) ?? zero) })),
  }));
  return { from: period.from, to: period.to, teams: scope, indicators };
}

/** A row behind a number, with the child's name for the list (only for cases the user may see). */
export interface IndicatorCaseRow extends IndicatorRow {
  childName: string;
  assignee: string | null;
}

/**
 * The rows behind one indicator, a page of cases at a time, only of cases the user may see
 * (admins see all). The caller records the access.
 */
export async function* indicatorCaseRows(
  deps: CaseDeps,
  user: UserRecord,
  indicator: IndicatorId,
  query: { from: string; to: string; team?: string; month?: string },
): AsyncGenerator<IndicatorCaseRow[]> {
  const period = checkPeriod(query.from, query.to);
  const scope = reportScope(user, query.team);
  const calendar = deps.calendar.current();
  const within = query.month ? monthsOf(period).find((m) => m.month === query.month) : period;
  if (!within) {
    throw new LowformError('LF_BAD_REQUEST', `The month ${query.month} is not in the period.`);
  }
  const admin = user.roles.includes('admin');
  for await (const page of reportCases(deps, scope, period, calendar)) {
    const rows: IndicatorCaseRow[] = [];
    for (const c of page) {
      if (!admin && !canSeeCase(user, c.record)) continue;
      for (const row of indicatorRows(
        c.history,
        c.related,
        within,
        indicatorMap,
        calendar,
        c.episode,
      )) {
        if (row.indicator !== indicator) continue;
        rows.push({
          ...row,
          childName: `${c.record.subject.firstName} ${c.record.subject.lastName}`,
          assignee: c.record.assignee,
        });
      }
    }
    if (rows.length > 0) yield rows;
  }
}

/** Open cases per worker and team, counted in the store. */
export async function caseloadReport(deps: CaseDeps, user: UserRecord, team?: string) {
  const scope = reportScope(user, team);
  const teams =
    scope ??
    (await deps.store.cases.countBy('team', { final: false })).map((g) => String(g.value)).sort();
  const result = [];
  for (const t of teams) {
    const groups = await deps.store.cases.countBy('assignee', { team: t, final: false });
    result.push({ team: t, groups });
  }
  const names = await displayNames(
    deps.store,
    result.flatMap((r) => r.groups.flatMap((g) => (typeof g.value === 'string' ? [g.value] : []))),
  );
  return {
    teams: result.map(({ team: t, groups }) => ({
      team: t,
      open: groups.reduce((sum, g) => sum + g.count, 0),
      unallocated: groups.find((g) => g.value === null)?.count ?? 0,
      workers: groups
        .filter((g) => typeof g.value === 'string')
        .map((g) => ({
          worker: { id: String(g.value), displayName: names.get(String(g.value)) ?? '' },
          open: g.count,
        }))
        .sort(
          (a, b) => b.open - a.open || a.worker.displayName.localeCompare(b.worker.displayName),
        ),
    })),
  };
}

const SIGN_OFF_SHOWN = 500;

/**
 * The sign-off queue with how long each request has waited, in working days, oldest first: a
 * manager's own queue; for an admin, the queue of every team's managers.
 */
export async function signOffAge(deps: CaseDeps, user: UserRecord) {
  const teams = user.roles.includes('admin')
    ? (await deps.store.cases.countBy('team', { final: false })).map((g) => String(g.value))
    : user.teams;
  const asManager: UserRecord = {
    ...user,
    teams,
    roles: [...new Set([...user.roles, 'manager' as const])],
  };
  const calendar = deps.calendar.current();
  const today = londonDate(deps.now());
  // Oldest first: the first pages are the ones that matter; a longer queue is said to be longer.
  const waiting: Awaited<ReturnType<typeof signOffQueue>>['items'] = [];
  let cursor: string | null = null;
  do {
    const page = await signOffQueue(deps, asManager, { limit: 100, cursor: cursor ?? undefined });
    waiting.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && waiting.length < SIGN_OFF_SHOWN);
  const items = waiting.slice(0, SIGN_OFF_SHOWN).map((i) => ({
    ...i,
    workingDays: Math.max(0, workingDaysBetween(londonDate(i.at), today, calendar)),
  }));
  const days = items.map((i) => i.workingDays).sort((a, b) => a - b);
  return {
    waiting: items.length,
    more: cursor !== null,
    oldestWorkingDays: days.at(-1) ?? null,
    medianWorkingDays: days.length === 0 ? null : days[Math.floor((days.length - 1) / 2)]!,
    items,
  };
}
