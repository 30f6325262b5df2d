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
import type { Reason } from './reasons.ts';
import type { CaseSnapshot, StageView } from './snapshot.ts';
import { joinWords } from './words.ts';

/** An event the engine accepted: the case's next snapshot, its stages, and effects to run. */
export interface Accepted {
  kind: 'accepted';
  snapshot: CaseSnapshot;
  stages: StageView[];
  effects: Effect[];
}

/** The sign-off an event waits for: the event, the stages asking, and who may give it. */
export interface SignOffHold {
  event: string;
  label: string;
  states: string[];
  by: string[];
}

/** An event that can happen but waits for sign-off; its effects ask for it (`requestSignOff`). */
export interface Held {
  kind: 'held';
  signOff: SignOffHold;
  effects: Effect[];
}

/** An event the engine refused, with every reason as data. */
export interface Refused {
  kind: 'refused';
  reasons: Reason[];
}

/** The outcome of sending an event. */
export type TransitionResult = Accepted | Held | Refused;

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
  return { kind: 'accepted', snapshot, stages, effects };
}

/** Sends one event to a case: accepted with the next snapshot and effects, held for sign-off, or refused. */
export function transition(
  workflow: Workflow,
  snapshot: CaseSnapshot,
  event: string | { type: string },
  ctx: TransitionContext,
): TransitionResult {
  const type = typeof event === 'string' ? event : event.type;
  const state = readCaseState(workflow, snapshot);
  if (snapshot.done) return refused([{ code: 'case-closed', params: {} }]);
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
  return { kind: 'accepted', snapshot, stages: stagesOf(workflow, next), effects };
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
): Held {
  const states = check.stages.filter((p) => workflow.stages.get(p)?.signOff.has(check.type));
  return {
    kind: 'held',
    signOff: { event: check.type, label: check.label, states, by: check.signOffBy },
    effects: [
      {
        type: 'requestSignOff',
        event: check.type,
        summary: check.label,
        states,
        by: check.signOffBy,
        requestedBy: ctx.actor.id,
        at,
        ...(reason === undefined ? {} : { reason }),
      },
    ],
  };
}

function notAcceptedReason(workflow: Workflow, state: CaseState, check: EventCheck): Reason {
  const stages = stagesOf(workflow, state).map((s) => s.title);
  return { code: 'not-here', params: { event: check.type, label: check.label, stages } };
}

function lateReason(workflow: Workflow, check: EventCheck): Reason {
  const missed = check.overdue.map((d) => ({
    label: d.label,
    state: d.state,
    stage: workflow.stages.get(d.state)?.title ?? d.state,
    dueOn: d.dueOn!,
  }));
  return { code: 'late-needs-reason', params: { event: check.type, label: check.label, missed } };
}

function refused(reasons: Reason[]): Refused {
  return { kind: 'refused', reasons };
}

function toInstant(now: Date | string): string {
  const ms = now instanceof Date ? now.getTime() : Date.parse(now);
  if (Number.isNaN(ms)) {
    throw new EngineError('LF_DATE_INVALID', `"${String(now)}" is not a valid time for "now".`);
  }
  return new Date(ms).toISOString();
}
