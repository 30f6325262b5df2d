/**
 * Reports: the statutory timescale indicators over a period, per team and for the council, with
 * the cases behind each number. The counting is pure (engine/indicators.ts); this module reads
 * what it needs through indexes, a page at a time: the cases changed since the period began
 * (by `updatedAt`, per team by `team, updatedAt`) and the open cases changed before it (by
 * `final, updatedAt`: only an open plan can count in a period without a change in it), each
 * page's chronology in one query by case, and a child's other cases by date of birth.
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
  type CaseStep,
  caseEpisode,
  childKey,
  countRows,
  type IndicatorId,
  type IndicatorMap,
  type IndicatorRow,
  indicatorRows,
  monthsOf,
  type Period,
  type Ratio,
  type RelatedEpisode,
  rowsByMonth,
} from '../../engine/indicators.ts';
import childProtectionMap from '../../schemas/packs/child-protection/indicators.json' with {
  type: 'json',
};
import { LowformError } from '../errors.ts';
import type { CaseRecord, EventRecord, Filter, Store, UserRecord } from '../store/store.ts';
import { canSeeCase } from './case-access.ts';
import type { CaseDeps } from './case-deps.ts';
import { signOffQueue } from './case-events.ts';
import { displayNames } from './case-views.ts';

/** The child protection pack's map of where its dates are. */
export const indicatorMap: IndicatorMap = childProtectionMap;

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

/** The cases a period's indicators may count, a page at a time. */
async function* candidatePages(
  store: Store,
  scope: ReportScope,
  period: Period,
): AsyncGenerator<CaseRecord[]> {
  // An instant safely before the period's first London day (BST starts the day an hour early).
  const since = `${addCalendarDays(period.from, -1)}T00:00:00.000Z`;
  const teams: Filter[] = scope === null ? [{}] : scope.map((team) => ({ team }));
  const filters = teams.flatMap((t) => [
    { ...t, updatedAt: { gte: since } },
    { ...t, final: false, updatedAt: { lt: since } },
  ]);
  for (const filter of filters) {
    let cursor: string | null = null;
    do {
      const page = await store.cases.list({
        filter,
        sort: { field: 'updatedAt', direction: 'asc' },
        limit: PAGE,
        cursor,
        omit: ['snapshot', 'searchTerms', 'signOffRequests'],
      });
      if (page.items.length > 0) yield page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }
}

/** The steps of each case (start and moves), from the log and any entries not yet appended. */
async function stepsOf(
  store: Store,
  cases: readonly CaseRecord[],
): Promise<Map<string, CaseStep[]>> {
  const logged = new Map<string, EventRecord[]>(cases.map((c) => [c.id, []]));
  let cursor: string | null = null;
  do {
    // In case order, along the (caseId, seq) index: no sort of the page's events as a whole.
    const page: { items: EventRecord[]; nextCursor: string | null } = await store.events.list({
      filter: { caseId: { in: cases.map((c) => c.id) }, kind: { in: ['case', 'event'] } },
      sort: { field: 'caseId', direction: 'asc' },
      limit: 500,
      cursor,
    });
    for (const entry of page.items) logged.get(entry.caseId)?.push(entry);
    cursor = page.nextCursor;
  } while (cursor);
  const byCase = new Map<string, CaseStep[]>();
  for (const c of cases) {
    const entries = logged.get(c.id)!.sort((a, b) => a.seq - b.seq);
    const keys = new Set(entries.map((e) => e.idempotencyKey));
    // The last change's entries may not be appended yet; they come after everything logged.
    const pending = (c.pendingEvents ?? []).filter(
      (p) => (p.kind === 'case' || p.kind === 'event') && !keys.has(p.idempotencyKey),
    );
    byCase.set(
      c.id,
      [...entries, ...pending].flatMap((e) => {
        const step = toStep(e);
        return step ? [step] : [];
      }),
    );
  }
  return byCase;
}

function toStep(entry: Pick<EventRecord, 'type' | 'at' | 'data'>): CaseStep | null {
  const { from, to, reason, late } = entry.data as Record<string, unknown>;
  if (!Array.isArray(from) || !Array.isArray(to)) return null;
  return {
    type: entry.type,
    at: entry.at,
    from: from as string[],
    to: to as string[],
    ...(typeof reason === 'string' ? { reason } : {}),
    ...(Array.isArray(late) ? { late: late as CaseStep['late'] } : {}),
  };
}

function historyOf(c: CaseRecord, steps: CaseStep[]): CaseHistory {
  return {
    id: c.id,
    reference: c.reference,
    team: c.team,
    assignee: c.assignee,
    child: c.subject,
    steps,
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
    const steps = await stepsOf(deps.store, page);
    const cases = page.map((record) => {
      const history = historyOf(record, steps.get(record.id)!);
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
      limit: 500,
      cursor,
      omit: ['snapshot', 'searchTerms', 'signOffRequests'],
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
  const wantedKeys = new Map(wanted.map((c) => [c.record.id, childKey(c.history.child)!]));
  const others = new Map<string, CaseRecord>();
  for (const c of wanted) {
    for (const other of byChild.get(wantedKeys.get(c.record.id)!) ?? []) {
      if (other.id !== c.record.id) others.set(other.id, other);
    }
  }
  // Cases of this page have their episodes already; only the others' chronology is read.
  const episodes = new Map<string, RelatedEpisode>(
    cases.map((c) => [c.record.id, { reference: c.record.reference, episode: c.episode }]),
  );
  const unread = [...others.values()].filter((o) => !episodes.has(o.id));
  const steps = unread.length > 0 ? await stepsOf(store, unread) : new Map();
  for (const o of unread) {
    const history = historyOf(o, steps.get(o.id) ?? []);
    episodes.set(o.id, {
      reference: o.reference,
      episode: caseEpisode(history, indicatorMap, calendar),
    });
  }
  for (const c of wanted) {
    const mine = (byChild.get(wantedKeys.get(c.record.id)!) ?? [])
      .filter((o) => o.id !== c.record.id)
      .map((o) => episodes.get(o.id)!);
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
