/**
 * The milestones a case carries for the timescale indicators, derived whenever it is written
 * (case-repository.ts), so a report reads cases through an index and never their chronology:
 * - `milestones.steps`: the recorded steps the indicators look at (entering or leaving a stage
 *   the pack's indicator map names, its strategy discussion and review events, a late step);
 *   the indicators worked out from them are those worked out from the whole chronology;
 * - `milestoneKeys`: `<month>` and `<team> <month>` for each London month in which a milestone
 *   or a closed deadline falls: the cases a period can count (indexed, multikey);
 * - `planFrom`, `planUntil`: the plan's span, for a plan open across a whole period (indexed).
 * Cases stored before milestones existed get them from their chronology once, when an app
 * starts (`backfillMilestones`); until then a write leaves them without.
 */
import { englandAndWales, londonDate } from '../../engine/calendar.ts';
import { type CaseStep, caseEpisode, type IndicatorMap } from '../../engine/indicators.ts';
import childProtectionMap from '../../schemas/packs/child-protection/indicators.json' with {
  type: 'json',
};
import type { CaseRecord, EventRecord, Store } from '../store/store.ts';
import { NO_DEADLINE } from './case-effects.ts';

/** The child protection pack's map of where its dates are. */
export const indicatorMap: IndicatorMap = childProtectionMap;

/** The record fields milestones are written to. */
export type MilestoneFields = Pick<
  CaseRecord,
  'milestones' | 'milestoneKeys' | 'planFrom' | 'planUntil'
>;

/** A chronology entry (logged or pending) as a step: a start or a move, or null for others. */
export function stepOf(entry: Pick<EventRecord, 'kind' | 'type' | 'at' | 'data'>): CaseStep | null {
  if (entry.kind !== 'case' && entry.kind !== 'event') return null;
  const { from, to, reason, late } = entry.data as Record<string, unknown>;
  if (!Array.isArray(from) || !Array.isArray(to)) return null;
  return {
    type: entry.type,
    at: entry.at,
    from: from as string[],
    to: to as string[],
    ...(typeof reason === 'string' ? { reason } : {}),
    ...(Array.isArray(late)
      ? {
          late: (late as { label: string; state: string; dueOn: string | null }[]).map((l) => ({
            label: l.label,
            state: l.state,
            dueOn: l.dueOn,
          })),
        }
      : {}),
  };
}

function touches(states: readonly string[], stage: string): boolean {
  return states.some((s) => s === stage || s.startsWith(`${stage}.`));
}

/**
 * True for a step some indicator reads: every `find` and `filter` of `caseEpisode` and the late
 * steps of missed timescales look only at such steps, so keeping only them changes no answer.
 */
export function isMilestone(step: CaseStep, map: IndicatorMap = indicatorMap): boolean {
  if (step.type === map.strategyDiscussion.event || step.type === map.review.event) return true;
  if (step.late && step.late.length > 0) return true;
  const stages = [
    map.referral.stage,
    map.assessment.stage,
    map.enquiry.stage,
    map.initialConference.stage,
    map.plan.stage,
  ];
  return stages.some((stage) => touches(step.from, stage) !== touches(step.to, stage));
}

/** The milestone fields of a case with these steps (oldest first), team and deadlines. */
export function milestoneFields(
  steps: readonly CaseStep[],
  record: Pick<CaseRecord, 'team' | 'deadlines'>,
  map: IndicatorMap = indicatorMap,
): Required<Pick<MilestoneFields, 'milestones' | 'milestoneKeys'>> &
  Pick<MilestoneFields, 'planFrom' | 'planUntil'> {
  const kept = steps.filter((s) => isMilestone(s, map));
  const months = new Set<string>();
  for (const s of kept) months.add(londonDate(s.at).slice(0, 7));
  for (const d of record.deadlines ?? []) if (d.closedOn) months.add(d.closedOn.slice(0, 7));
  const sorted = [...months].sort();
  const milestoneKeys = [...sorted, ...sorted.map((m) => monthKey(m, record.team))];
  // Only the plan's dates are read here, and they do not depend on the calendar.
  const { plan } = caseEpisode(
    {
      id: '',
      reference: '',
      team: '',
      assignee: null,
      child: { firstName: '', lastName: '' },
      steps: kept,
      deadlines: [],
    },
    map,
    englandAndWales,
  );
  return {
    milestones: { steps: kept },
    milestoneKeys,
    planFrom: plan?.startedOn,
    planUntil: plan ? (plan.endedOn ?? NO_DEADLINE) : undefined,
  };
}

/** The key of a month's milestones, for one team or (no team) the council. */
export function monthKey(month: string, team?: string): string {
  return team === undefined ? month : `${team} ${month}`;
}

/**
 * The milestone fields to write with a change: the case's steps and those its entries record,
 * with its team and deadlines afterwards. A case not yet given milestones (stored before they
 * existed) is left without them: the backfill works them out from its whole chronology.
 */
export function withMilestones<C extends Partial<CaseRecord>>(
  record: CaseRecord | null,
  changes: C,
  entries: readonly Pick<EventRecord, 'kind' | 'type' | 'at' | 'data'>[],
): C | (C & MilestoneFields) {
  if (record && !record.milestones) return changes;
  const next = { ...record, ...changes } as CaseRecord;
  const added = entries.flatMap((e) => {
    const step = stepOf(e);
    return step ? [step] : [];
  });
  const fields = milestoneFields([...(record?.milestones?.steps ?? []), ...added], next);
  // A case whose plan is undone keeps no stale span: written as absent.
  return { ...changes, ...fields };
}

/** The name of the counter that says every stored case has been given its milestones. */
const BACKFILLED = 'lowform.migration.case-milestones-1';

/**
 * Gives every case stored before milestones existed its milestones from its chronology (and
 * the entries of its last change not yet appended), once per store: a counter marks it done.
 * Each case is written by compare-and-set; one changed meanwhile is read again.
 */
export async function backfillMilestones(store: Store): Promise<number> {
  if ((await store.currentNumber(BACKFILLED)) > 0) return 0;
  let written = 0;
  let cursor: string | null = null;
  do {
    const page = await store.cases.list({
      filter: { milestones: null },
      limit: 200,
      cursor,
      omit: ['snapshot', 'searchTerms', 'searchKeys'],
    });
    for (const listed of page.items) {
      let record: CaseRecord | null = listed;
      for (let attempt = 0; record && !record.milestones && attempt < 5; attempt++) {
        const fields = milestoneFields(await chronologySteps(store, record), record);
        const result = await store.cases.update(record.id, record.version, fields);
        if (result.ok) {
          written++;
          break;
        }
        record = result.reason === 'conflict' ? result.current : null;
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
  await store.nextNumber(BACKFILLED);
  return written;
}

/** A case's steps from its chronology, oldest first, with its last change's pending entries. */
async function chronologySteps(store: Store, record: CaseRecord): Promise<CaseStep[]> {
  const logged: EventRecord[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: EventRecord[]; nextCursor: string | null } = await store.events.list({
      filter: { caseId: record.id, kind: { in: ['case', 'event'] } },
      sort: { field: 'seq', direction: 'asc' },
      limit: 500,
      cursor,
    });
    logged.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  const keys = new Set(logged.map((e) => e.idempotencyKey));
  const pending = (record.pendingEvents ?? []).filter((p) => !keys.has(p.idempotencyKey));
  return [...logged, ...pending].flatMap((e) => {
    const step = stepOf(e);
    return step ? [step] : [];
  });
}
