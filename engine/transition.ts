/**
 * Starting a case and moving it on. Both are pure: the caller passes the time and the facts, and
 * gets back the next snapshot, the stages the case is in, and the effects for the service to run.
 */
import { type AnyMachineSnapshot, initialTransition } from 'xstate';
import { type Calendar, englandAndWales, toIsoDate } from './calendar.ts';
import { type CaseState, readCaseState, remember, stagesOf } from './case-state.ts';
import { checkEvent, type EventCheck } from './check-event.ts';
import type { StartContext, TransitionContext } from './context.ts';
import { deadlineEffects, deadlinesFor } from './deadlines.ts';
import type { Effect } from './effects.ts';
import { EngineError } from './errors.ts';
import type { Workflow } from './load-workflow.ts';
import { activeStatePaths } from './machine-tree.ts';
import type { CaseSnapshot, StageView } from './snapshot.ts';
import { joinWords, longDate } from './words.ts';

/** An event the engine accepted: the case's next snapshot, its stages, and effects to run. */
export interface Accepted {
  ok: true;
  snapshot: CaseSnapshot;
  stages: StageView[];
  effects: Effect[];
}

/**
 * An event the engine refused, with every reason in plain words. Its effects are empty, except a
 * `requestSignOff` when the event only waits for a manager's sign-off.
 */
export interface Refused {
  ok: false;
  reasons: string[];
  effects: Effect[];
}

/** The outcome of sending an event. */
export type TransitionResult = Accepted | Refused;

/** Starts a case in the workflow's initial state(s). */
export function startCase(workflow: Workflow, ctx: StartContext): Accepted {
  const at = toInstant(ctx.now);
  const [machine] = initialTransition(workflow.machine);
  const active = activeStatePaths(machine.value);
  const snapshot = nextSnapshot(workflow, machine, {
    entered: new Map(active.map((p) => [p, at])),
    events: new Map(),
    calendar: ctx.calendar ?? englandAndWales,
  });
  const state = remember({ snapshot, machine, active });
  const stages = stagesOf(workflow, state);
  const effects: Effect[] = [
    ...deadlineEffects([], snapshot.deadlines),
    ...documentEffects(workflow, active),
    {
      type: 'recordChronology',
      entry: {
        summary: `Case started at ${
          joinWords(
            stages.map((s) => s.title),
            'and',
          ) || 'the start'
        }`,
        at,
        actor: ctx.actor.id,
        from: [],
        to: stages.map((s) => s.state),
      },
    },
  ];
  return { ok: true, snapshot, stages, effects };
}

/** Sends one event to a case: accepted with the next snapshot and effects, or refused with reasons. */
export function transition(
  workflow: Workflow,
  snapshot: CaseSnapshot,
  event: string | { type: string },
  ctx: TransitionContext,
): TransitionResult {
  const type = typeof event === 'string' ? event : event.type;
  const state = readCaseState(workflow, snapshot);
  if (snapshot.done) return refused(['This case is closed, so nothing more can happen in it']);
  const at = toInstant(ctx.now);
  const check = checkEvent(workflow, state, type, ctx, toIsoDate(at));
  if (!check.accepted) return refused([notAcceptedReason(workflow, state, check)]);
  if (!check.next) return refused(check.reasons);
  const reason = ctx.reason?.trim() || undefined;
  if (check.overdue.length > 0 && !reason) return refused([lateReason(workflow, check)]);
  if (check.needsSignOff) return signOffRequested(workflow, check, ctx, at, reason);
  return accept(workflow, state, check, ctx, at, reason);
}

function accept(
  workflow: Workflow,
  state: CaseState,
  check: EventCheck,
  ctx: TransitionContext,
  at: string,
  reason: string | undefined,
): Accepted {
  const { machine, entered, exited } = check.next!;
  const before = state.snapshot;
  const active = machine === state.machine ? state.active : activeStatePaths(machine.value);
  const wasEntered = new Map(before.entered.map((e) => [e.state, e.at]));
  const events = new Map(before.events.map((e) => [e.type, e.at]));
  events.set(check.type, at);
  const snapshot = nextSnapshot(workflow, machine, {
    entered: new Map(
      active.map((p) => [p, entered.has(p) ? at : (wasEntered.get(p) ?? at)] as const),
    ),
    events,
    calendar: ctx.calendar ?? englandAndWales,
  });
  const next = remember({ snapshot, machine, active });
  const effects: Effect[] = [
    ...deadlineEffects(before.deadlines, snapshot.deadlines),
    ...documentEffects(workflow, [...entered]),
    {
      type: 'recordChronology',
      entry: {
        event: check.type,
        summary: check.label,
        at,
        actor: ctx.actor.id,
        from: state.active.filter((p) => exited.has(p) && workflow.stages.has(p)),
        to: active.filter((p) => entered.has(p) && workflow.stages.has(p)),
        ...(reason === undefined ? {} : { reason }),
        ...(check.overdue.length > 0 ? { late: check.overdue } : {}),
      },
    },
  ];
  return { ok: true, snapshot, stages: stagesOf(workflow, next), effects };
}

function nextSnapshot(
  workflow: Workflow,
  machine: AnyMachineSnapshot,
  history: { entered: Map<string, string>; events: Map<string, string>; calendar: Calendar },
): CaseSnapshot {
  const active = [...history.entered.keys()];
  return {
    workflowId: workflow.id,
    workflowVersion: workflow.version,
    value: machine.value,
    done: machine.status === 'done',
    entered: active.map((state) => ({ state, at: history.entered.get(state)! })),
    events: [...history.events].map(([type, at]) => ({ type, at })),
    deadlines: deadlinesFor(workflow, active, history, history.calendar),
  };
}

function documentEffects(workflow: Workflow, states: readonly string[]): Effect[] {
  return states.flatMap((state) =>
    (workflow.stages.get(state)?.documents ?? []).map(
      (templateId): Effect => ({ type: 'offerDocument', templateId, state }),
    ),
  );
}

function signOffRequested(
  workflow: Workflow,
  check: EventCheck,
  ctx: TransitionContext,
  at: string,
  reason: string | undefined,
): Refused {
  return {
    ok: false,
    reasons: [
      `"${check.label}" needs a manager to sign it off first; a request for sign-off has been made`,
    ],
    effects: [
      {
        type: 'requestSignOff',
        event: check.type,
        summary: check.label,
        states: check.stages.filter((p) => workflow.stages.get(p)?.signOff.has(check.type)),
        requestedBy: ctx.actor.id,
        at,
        ...(reason === undefined ? {} : { reason }),
      },
    ],
  };
}

function notAcceptedReason(workflow: Workflow, state: CaseState, check: EventCheck): string {
  const titles = stagesOf(workflow, state).map((s) => s.title);
  const where = titles.length > 0 ? `at the ${joinWords(titles, 'and')} stage` : 'at this stage';
  return `"${check.label}" is not possible ${where}`;
}

function lateReason(workflow: Workflow, check: EventCheck): string {
  const missed = check.overdue.map((d) => {
    const stage = workflow.stages.get(d.state)?.title ?? d.state;
    return `${d.label} (${stage}) was due by ${longDate(d.dueOn!)}`;
  });
  return `This is late: ${joinWords(missed, 'and')}. Give a reason for the delay`;
}

function refused(reasons: string[]): Refused {
  return { ok: false, reasons, effects: [] };
}

function toInstant(now: Date | string): string {
  const ms = now instanceof Date ? now.getTime() : Date.parse(now);
  if (Number.isNaN(ms)) {
    throw new EngineError('LF_DATE_INVALID', `"${String(now)}" is not a valid time for "now".`);
  }
  return new Date(ms).toISOString();
}
