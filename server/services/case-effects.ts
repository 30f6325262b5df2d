/**
 * The effect table: how the server carries out each effect the engine asks for. The effects of
 * one change become changes to the case record and chronology entries, all written in the
 * case's one compare-and-set write (case-repository.ts), so a change and what it causes are
 * stored together or not at all. Every effect type has an executor: the table's type requires
 * one, and test/server/case-effects.test.ts fails when `EFFECT_TYPES` names one it lacks.
 */
import { type Effect, londonDate } from '../../engine/index.ts';
import type { CaseRecord } from '../store/store.ts';
import type { PendingEvent } from './case-repository.ts';

/** A deadline as the case keeps it: open while the case is in its stage, then met or missed. */
export type StoredDeadline = NonNullable<CaseRecord['deadlines']>[number];
/** A document the workflow offered when the case entered a stage. */
export type DocumentOffer = NonNullable<CaseRecord['documentOffers']>[number];
type SignOffRequest = CaseRecord['signOffRequests'][number];

/** A due date far enough away that cases with no deadline sort last. */
export const NO_DEADLINE = '9999-12-31';

/** What the effects of one change leave on the case, built up effect by effect. */
export interface EffectOutcome {
  entries: PendingEvent[];
  deadlines: StoredDeadline[];
  documentOffers: DocumentOffer[];
  signOffRequests: SignOffRequest[];
}

/** The change the effects belong to. */
export interface EffectContext {
  /** The case version the change writes: entries are keyed by it. */
  version: number;
  /** When the change happens. */
  at: Date;
  /** The stages the case is in when the effects happen (a sign-off request lapses without them). */
  stage: string;
}

type Executor<T extends Effect['type']> = (
  effect: Extract<Effect, { type: T }>,
  outcome: EffectOutcome,
  context: EffectContext & { index: number },
) => void;

/** Every effect type and what carries it out. */
export const effectTable: { readonly [T in Effect['type']]: Executor<T> } = {
  recordChronology(effect, outcome, { version, index }) {
    const { entry } = effect;
    const data: Record<string, unknown> = { from: entry.from, to: entry.to };
    if (entry.reason) data.reason = entry.reason;
    if (entry.late) data.late = entry.late;
    outcome.entries.push({
      idempotencyKey: `v${version}:${index}`,
      kind: entry.event ? 'event' : 'case',
      type: entry.event ?? 'case-started',
      at: entry.at,
      actor: entry.actor,
      summary: entry.summary,
      data,
    });
  },

  requestSignOff(effect, outcome, { version, stage }) {
    const request: SignOffRequest = {
      event: effect.event,
      summary: effect.summary,
      requestedBy: effect.requestedBy,
      at: effect.at,
      stage,
      by: effect.by,
      ...(effect.reason ? { reason: effect.reason } : {}),
    };
    outcome.signOffRequests.push(request);
    outcome.entries.push({
      idempotencyKey: `v${version}:sign-off`,
      kind: 'sign-off',
      type: 'sign-off-requested',
      at: effect.at,
      actor: effect.requestedBy,
      summary: `Sign-off requested: ${effect.summary}`,
      data: { event: effect.event, ...(effect.reason ? { reason: effect.reason } : {}) },
    });
  },

  setDeadline({ deadline }, outcome) {
    const open: StoredDeadline = { ...deadline, status: 'open' };
    const i = outcome.deadlines.findIndex((d) => isOpen(d, deadline));
    if (i === -1) outcome.deadlines.push(open);
    else outcome.deadlines[i] = open;
  },

  clearDeadline({ deadline }, outcome, { at }) {
    const i = outcome.deadlines.findIndex((d) => isOpen(d, deadline));
    if (i === -1) return;
    const closedOn = londonDate(at);
    const was = outcome.deadlines[i]!;
    const missed = was.dueOn !== null && closedOn > was.dueOn;
    outcome.deadlines[i] = { ...was, status: missed ? 'missed' : 'met', closedOn };
  },

  offerDocument({ templateId, state }, outcome, { at }) {
    outcome.documentOffers.push({ templateId, state, offeredAt: at.toISOString() });
  },
};

function isOpen(stored: StoredDeadline, deadline: { state: string; label: string }): boolean {
  return (
    stored.status === 'open' && stored.state === deadline.state && stored.label === deadline.label
  );
}

/** Carries out one change's effects on what the case has (nothing, for a new case). */
export function executeEffects(
  record: Pick<CaseRecord, 'signOffRequests' | 'deadlines' | 'documentOffers'> | null,
  effects: readonly Effect[],
  context: EffectContext,
): EffectOutcome {
  const outcome: EffectOutcome = {
    entries: [],
    deadlines: [...(record?.deadlines ?? [])],
    documentOffers: [...(record?.documentOffers ?? [])],
    signOffRequests: [...(record?.signOffRequests ?? [])],
  };
  effects.forEach((effect, index) => {
    const execute = effectTable[effect.type] as Executor<Effect['type']>;
    execute(effect, outcome, { ...context, index });
  });
  return outcome;
}

/** The record fields that follow from the deadlines: the open one due first, for lists. */
export function deadlineFields(deadlines: readonly StoredDeadline[]) {
  const due = deadlines
    .filter((d) => d.status === 'open' && d.dueOn !== null)
    .sort((a, b) => (a.dueOn! < b.dueOn! ? -1 : a.dueOn! > b.dueOn! ? 1 : 0))[0];
  return { deadlines: [...deadlines], deadline: due ?? null, dueAt: due?.dueOn ?? NO_DEADLINE };
}
