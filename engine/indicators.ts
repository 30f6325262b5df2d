/**
 * Statutory timescale indicators, computed from the history of cases: pure (dates and the
 * calendar are passed in). A pack says where its dates come from (an `IndicatorMap`: which stage
 * entered is the referral, which events complete the assessment); a case's history is its
 * steps (chronology entries of moves, each with the London date it was recorded on) and its
 * deadlines. Every count keeps the rows behind it, so a number can always show its cases.
 */
import {
  addCalendarDays,
  addMonths,
  addWorkingDays,
  type Calendar,
  englandAndWales,
  londonDate,
  workingDaysBetween,
} from './calendar.ts';

/** Where a pack's workflow keeps the dates the indicators read (schemas/packs/<id>/indicators.json). */
export interface IndicatorMap {
  /** Entering this stage is the referral. */
  referral: { stage: string };
  /** Leaving this stage by one of these events completes the assessment, due in working days. */
  assessment: { stage: string; completedBy: string[]; workingDays: number };
  /** The section 47 enquiry: entering and leaving this stage. */
  enquiry: { stage: string };
  /** This event records a strategy discussion. */
  strategyDiscussion: { event: string };
  /** Leaving this stage is the initial conference held, due in working days of the strategy discussion. */
  initialConference: { stage: string; workingDays: number };
  /** The child protection plan: in force while the case is in this stage. */
  plan: { stage: string };
  /** This event is a review conference: the first due months after the plan starts, then every laterMonths. */
  review: { event: string; firstMonths: number; laterMonths: number };
  /** A plan open longer than this many months counts as long. */
  longPlanMonths: number;
  /** A referral within this many months of an earlier one for the same child is a re-referral. */
  reReferralMonths: number;
}

/** One recorded step of a case: the start of the case, or an event that moved it. */
export interface CaseStep {
  /** The event, or `case-started`. */
  type: string;
  /** The instant it was recorded. */
  at: string;
  /** State paths left and entered. */
  from: string[];
  to: string[];
  /** Why the step came late, in the worker's words. */
  reason?: string;
  /** The deadlines the step met late. */
  late?: { label: string; state: string; dueOn: string | null }[];
}

/** A deadline as the case keeps it (see server/services/case-effects.ts). */
export interface HistoryDeadline {
  label: string;
  state: string;
  startedOn: string;
  dueOn: string | null;
  status: 'open' | 'met' | 'missed';
  closedOn?: string;
}

/** What the indicators read of one case. */
export interface CaseHistory {
  id: string;
  reference: string;
  team: string;
  assignee: string | null;
  child: { firstName: string; lastName: string; dateOfBirth?: string };
  /** Oldest first. */
  steps: CaseStep[];
  deadlines: HistoryDeadline[];
}

/** A span of London dates, both ends included. */
export interface Period {
  from: string;
  to: string;
}

/** The indicators, in the order they are shown. */
export const INDICATOR_IDS = [
  'assessments-in-time',
  'initial-conferences-in-time',
  'reviews-in-time',
  'long-plans',
  'repeat-plans',
  're-referrals',
  'missed-timescales',
] as const;

/** One indicator's id. */
export type IndicatorId = (typeof INDICATOR_IDS)[number];

/** One case's part in an indicator: in the denominator, and in the numerator when `counted`. */
export interface IndicatorRow {
  indicator: IndicatorId;
  caseId: string;
  reference: string;
  team: string;
  /** The date that puts the row in the period (the assessment's completion, the conference ...). */
  on: string;
  counted: boolean;
  /** When its clock started (the referral, the strategy discussion, the plan's start ...). */
  start?: string;
  /** The last date on which it was in time. */
  due?: string;
  /** Working days from start to on, for working-day timescales. */
  workingDays?: number;
  /** The deadline's label, or the earlier case that makes a re-referral or a repeat plan. */
  detail?: string;
  /** The reason recorded for a missed timescale. */
  reason?: string;
}

/** The dates of one case's episode: what the Annex A lists and the census extract are made of. */
export interface CaseEpisode {
  referralOn: string | null;
  assessment: { completedOn: string; dueOn: string; workingDays: number } | null;
  enquiry: { startedOn: string; endedOn: string | null } | null;
  strategyDiscussions: string[];
  initialConference: {
    heldOn: string;
    strategyOn: string | null;
    dueOn: string | null;
    workingDays: number | null;
    toPlan: boolean;
  } | null;
  plan: { startedOn: string; endedOn: string | null } | null;
  reviews: { heldOn: string; dueOn: string; first: boolean }[];
}

function inStage(states: readonly string[], stage: string): boolean {
  // A hot loop (every step of every case, several times): no strings made, no closures.
  for (const s of states) {
    if (s === stage || (s.length > stage.length && s[stage.length] === '.' && s.startsWith(stage)))
      return true;
  }
  return false;
}

function entering(step: CaseStep, stage: string): boolean {
  return inStage(step.to, stage) && !inStage(step.from, stage);
}

function leaving(step: CaseStep, stage: string): boolean {
  return inStage(step.from, stage) && !inStage(step.to, stage);
}

/** The dates of a case's episode, read from its steps as the map says. */
export function caseEpisode(
  history: CaseHistory,
  map: IndicatorMap,
  calendar: Calendar = englandAndWales,
): CaseEpisode {
  const dated = history.steps.map((step) => ({ step, on: londonDate(step.at) }));
  const firstOn = (test: (s: CaseStep) => boolean) => dated.find((d) => test(d.step))?.on ?? null;
  const referralOn = firstOn((s) => entering(s, map.referral.stage));

  let assessment: CaseEpisode['assessment'] = null;
  const completed = dated.find(
    (d) =>
      leaving(d.step, map.assessment.stage) && map.assessment.completedBy.includes(d.step.type),
  );
  if (completed && referralOn) {
    assessment = {
      completedOn: completed.on,
      dueOn: addWorkingDays(referralOn, map.assessment.workingDays, calendar),
      workingDays: workingDaysBetween(referralOn, completed.on, calendar),
    };
  }

  const enquiryStart = firstOn((s) => entering(s, map.enquiry.stage));
  const enquiry = enquiryStart
    ? {
        startedOn: enquiryStart,
        endedOn:
          dated.find((d) => d.on >= enquiryStart && leaving(d.step, map.enquiry.stage))?.on ?? null,
      }
    : null;

  const strategyDiscussions = dated
    .filter((d) => d.step.type === map.strategyDiscussion.event)
    .map((d) => d.on);

  let initialConference: CaseEpisode['initialConference'] = null;
  const held = dated.find((d) => leaving(d.step, map.initialConference.stage));
  if (held) {
    // The latest strategy discussion before the conference starts its clock.
    const strategyOn = strategyDiscussions.filter((on) => on <= held.on).at(-1) ?? null;
    initialConference = {
      heldOn: held.on,
      strategyOn,
      dueOn: strategyOn
        ? addWorkingDays(strategyOn, map.initialConference.workingDays, calendar)
        : null,
      workingDays: strategyOn ? workingDaysBetween(strategyOn, held.on, calendar) : null,
      toPlan: inStage(held.step.to, map.plan.stage),
    };
  }

  let plan: CaseEpisode['plan'] = null;
  const reviews: CaseEpisode['reviews'] = [];
  const planStart = dated.find((d) => entering(d.step, map.plan.stage));
  if (planStart) {
    const end = dated.find((d) => d.on >= planStart.on && leaving(d.step, map.plan.stage));
    plan = { startedOn: planStart.on, endedOn: end?.on ?? null };
    let previous = planStart.on;
    for (const d of dated) {
      if (d.step.type !== map.review.event || !inStage(d.step.from, map.plan.stage)) continue;
      const first = reviews.length === 0;
      const months = first ? map.review.firstMonths : map.review.laterMonths;
      reviews.push({ heldOn: d.on, dueOn: addMonths(previous, months), first });
      previous = d.on;
    }
  }

  return { referralOn, assessment, enquiry, strategyDiscussions, initialConference, plan, reviews };
}

/** The same child, as far as the records can tell: names folded, and the date of birth. */
export function childKey(child: CaseHistory['child']): string | null {
  if (!child.dateOfBirth) return null;
  const fold = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  return `${fold(child.firstName)}|${fold(child.lastName)}|${child.dateOfBirth}`;
}

/** An earlier case of the same child, as the repeat indicators need it. */
export interface RelatedEpisode {
  reference: string;
  episode: CaseEpisode;
}

function within(on: string | null | undefined, period: Period): on is string {
  return typeof on === 'string' && on >= period.from && on <= period.to;
}

/**
 * One case's rows for every indicator over the period. `related` are the other cases of the
 * same child (any order); they make re-referrals and repeat plans.
 */
export function indicatorRows(
  history: CaseHistory,
  related: readonly RelatedEpisode[],
  period: Period,
  map: IndicatorMap,
  calendar: Calendar = englandAndWales,
  episode: CaseEpisode = caseEpisode(history, map, calendar),
): IndicatorRow[] {
  const base = { caseId: history.id, reference: history.reference, team: history.team };
  const rows: IndicatorRow[] = [];
  const { assessment, initialConference: icpc, plan, referralOn } = episode;

  if (assessment && referralOn && within(assessment.completedOn, period)) {
    rows.push({
      ...base,
      indicator: 'assessments-in-time',
      on: assessment.completedOn,
      counted: assessment.completedOn <= assessment.dueOn,
      start: referralOn,
      due: assessment.dueOn,
      workingDays: assessment.workingDays,
    });
  }

  if (icpc && within(icpc.heldOn, period)) {
    rows.push({
      ...base,
      indicator: 'initial-conferences-in-time',
      on: icpc.heldOn,
      // A conference with no strategy discussion recorded cannot be shown to be in time.
      counted: icpc.dueOn !== null && icpc.heldOn <= icpc.dueOn,
      ...(icpc.strategyOn ? { start: icpc.strategyOn } : {}),
      ...(icpc.dueOn ? { due: icpc.dueOn } : {}),
      ...(icpc.workingDays !== null ? { workingDays: icpc.workingDays } : {}),
    });
  }

  if (plan) {
    let previous = plan.startedOn;
    for (const review of episode.reviews) {
      if (within(review.heldOn, period)) {
        rows.push({
          ...base,
          indicator: 'reviews-in-time',
          on: review.heldOn,
          counted: review.heldOn <= review.dueOn,
          start: previous,
          due: review.dueOn,
          detail: review.first ? 'first review' : 'later review',
        });
      }
      previous = review.heldOn;
    }

    const open = longPlanRow(history, plan, period.to, map);
    if (open) rows.push(open);

    if (within(plan.startedOn, period)) {
      const earlier = related.find(
        (r) => r.episode.plan !== null && r.episode.plan.startedOn < plan.startedOn,
      );
      rows.push({
        ...base,
        indicator: 'repeat-plans',
        on: plan.startedOn,
        counted: earlier !== undefined,
        start: plan.startedOn,
        ...(earlier ? { detail: earlier.reference } : {}),
      });
    }
  }

  if (within(referralOn, period)) {
    const since = addMonths(referralOn, -map.reReferralMonths);
    const earlier = related
      .filter((r) => {
        const on = r.episode.referralOn;
        return on !== null && on >= since && on < referralOn;
      })
      .sort((a, b) => (a.episode.referralOn! < b.episode.referralOn! ? 1 : -1))[0];
    rows.push({
      ...base,
      indicator: 're-referrals',
      on: referralOn,
      counted: earlier !== undefined,
      start: referralOn,
      ...(earlier ? { detail: earlier.reference } : {}),
    });
  }

  for (const deadline of history.deadlines) {
    if (deadline.status === 'open' || deadline.dueOn === null) continue;
    if (!within(deadline.closedOn, period)) continue;
    const missed = deadline.status === 'missed';
    const lateStep = missed
      ? history.steps.find(
          (s) =>
            londonDate(s.at) === deadline.closedOn &&
            (s.late ?? []).some((l) => l.label === deadline.label && l.state === deadline.state),
        )
      : undefined;
    rows.push({
      ...base,
      indicator: 'missed-timescales',
      on: deadline.closedOn,
      counted: missed,
      start: deadline.startedOn,
      due: deadline.dueOn,
      detail: deadline.label,
      ...(lateStep?.reason ? { reason: lateStep.reason } : {}),
    });
  }
  return rows;
}

/** The row of a plan open on a day (the end of a period), or null when it is not open then. */
function longPlanRow(
  history: CaseHistory,
  plan: NonNullable<CaseEpisode['plan']>,
  on: string,
  map: IndicatorMap,
): IndicatorRow | null {
  if (plan.startedOn > on || (plan.endedOn !== null && plan.endedOn <= on)) return null;
  return {
    caseId: history.id,
    reference: history.reference,
    team: history.team,
    indicator: 'long-plans',
    on,
    counted: addMonths(plan.startedOn, map.longPlanMonths) < on,
    start: plan.startedOn,
  };
}

/**
 * The rows of each month of the period, from the period's rows: each row falls in the month of
 * its date, but a plan counts in every month at whose end it is open. The same as
 * `indicatorRows` for each month, without working each month out again.
 */
export function rowsByMonth(
  rows: readonly IndicatorRow[],
  history: CaseHistory,
  episode: CaseEpisode,
  months: readonly (Period & { month: string })[],
  map: IndicatorMap,
): Map<string, IndicatorRow[]> {
  const byMonth = new Map<string, IndicatorRow[]>(months.map((m) => [m.month, []]));
  for (const row of rows) {
    if (row.indicator !== 'long-plans') byMonth.get(row.on.slice(0, 7))?.push(row);
  }
  if (episode.plan) {
    for (const m of months) {
      const row = longPlanRow(history, episode.plan, m.to, map);
      if (row) byMonth.get(m.month)!.push(row);
    }
  }
  return byMonth;
}

/** A numerator over a denominator. */
export interface Ratio {
  numerator: number;
  denominator: number;
}

/** Adds rows to per-indicator ratios (created as needed), keyed by indicator. */
export function countRows(
  rows: readonly IndicatorRow[],
  into: Map<IndicatorId, Ratio> = new Map(),
): Map<IndicatorId, Ratio> {
  for (const row of rows) {
    const ratio = into.get(row.indicator) ?? { numerator: 0, denominator: 0 };
    ratio.denominator++;
    if (row.counted) ratio.numerator++;
    into.set(row.indicator, ratio);
  }
  return into;
}

/** The calendar months a period touches, each as the part of the period inside it. */
export function monthsOf(period: Period): (Period & { month: string })[] {
  const months: (Period & { month: string })[] = [];
  let first = `${period.from.slice(0, 7)}-01`;
  while (first <= period.to) {
    const next = addMonths(first, 1);
    const last = addCalendarDays(next, -1);
    months.push({
      month: first.slice(0, 7),
      from: [first, period.from].sort()[1]!,
      to: [last, period.to].sort()[0]!,
    });
    first = next;
  }
  return months;
}
