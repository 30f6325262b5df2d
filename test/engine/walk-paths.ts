/**
 * Walks every simple path of a workflow with xstate/graph and replays each through the engine,
 * so a workflow's every route is known to work. Generic: give it any loaded workflow (the
 * child-protection pack reuses it). Events carry facts made to satisfy each transition's guard.
 */
import { isDeepStrictEqual } from 'node:util';
import { getSimplePaths } from 'xstate/graph';
import type {
  CaseFacts,
  GuardReference,
  SubmissionFact,
  TransitionResult,
  Workflow,
} from '../../engine/index.ts';
import {
  describeReason,
  englishReasonWords,
  ROLES,
  startCase,
  transition,
} from '../../engine/index.ts';

/** What walking found: the paths, any step where the engine disagreed, and the states visited. */
export interface PathWalk {
  /**
   * Each path's events, the state it ends in, and the facts each event was sent with (made to
   * satisfy the guard of the transition the path takes, e.g. the decision recorded on a form).
   */
  paths: { events: string[]; end: unknown; facts: CaseFacts[] }[];
  failures: string[];
  visited: Set<string>;
}

interface WalkEvent {
  type: string;
  scope: { facts: CaseFacts; event: string; formTitle: (id: string) => string };
}

/** Walks and replays every simple path from the initial state, all at one instant. */
export function walkWorkflowPaths(workflow: Workflow, now = '2026-03-02T09:00:00Z'): PathWalk {
  const events = witnessEvents(workflow);
  const paths = getSimplePaths(workflow.machine, {
    events,
    serializeEvent: (e) => JSON.stringify([e.type, (e as unknown as WalkEvent).scope.facts]),
  });
  const walk: PathWalk = { paths: [], failures: [], visited: new Set() };
  for (const path of paths) {
    const names = path.steps.slice(1).map((s) => s.event.type);
    const facts = path.steps.slice(1).map((s) => (s.event as unknown as WalkEvent).scope.facts);
    walk.paths.push({ events: names, end: path.state.value, facts });
    replay(workflow, path.steps.slice(1), now, walk);
  }
  return walk;
}

function replay(
  workflow: Workflow,
  steps: { event: unknown; state: { value: unknown } }[],
  now: string,
  walk: PathWalk,
): void {
  let snapshot = startCase(workflow, { now, actor: everyone() }).snapshot;
  for (const s of snapshot.entered) walk.visited.add(s.state);
  for (const step of steps) {
    const event = step.event as WalkEvent;
    const result = transition(workflow, snapshot, event.type, {
      now,
      ...event.scope.facts,
    });
    if (result.kind !== 'accepted') {
      walk.failures.push(
        `${event.type} from ${JSON.stringify(snapshot.value)}: ${outcomeWords(result)}`,
      );
      return;
    }
    if (!isDeepStrictEqual(result.snapshot.value, step.state.value)) {
      walk.failures.push(
        `${event.type} from ${JSON.stringify(snapshot.value)} reached ${JSON.stringify(result.snapshot.value)}, XState reached ${JSON.stringify(step.state.value)}`,
      );
      return;
    }
    snapshot = result.snapshot;
    for (const s of snapshot.entered) walk.visited.add(s.state);
  }
}

/** One event per transition of the machine, with facts that let its guard pass. */
function witnessEvents(workflow: Workflow): WalkEvent[] {
  const events: WalkEvent[] = [];
  for (const node of workflow.tree.byPath.values()) {
    for (const [type, transitions] of node.on) {
      for (const t of transitions) {
        const facts = merge({ ...baseFacts(workflow) }, t.guard ? witness(t.guard, type) : {});
        events.push({ type, scope: { facts, event: type, formTitle: workflow.formTitle } });
      }
    }
  }
  return events;
}

function everyone() {
  return { id: 'walker', roles: [...ROLES] };
}

/** Every role, and a sign-off for every event, so only the guards decide. */
function baseFacts(workflow: Workflow): CaseFacts {
  const signOffs: Record<string, { by: string }> = {};
  for (const node of workflow.tree.byPath.values()) {
    for (const type of node.on.keys()) signOffs[type] = { by: 'manager' };
  }
  return { actor: everyone(), submissions: {}, signOffs };
}

/** Facts under which the guard passes (for `not`, none: the facts of an empty case). */
function witness(guard: GuardReference, event: string): Partial<CaseFacts> {
  const p = (guard.params ?? {}) as Record<string, unknown>;
  switch (guard.type) {
    case 'formsSubmitted':
      return {
        submissions: Object.fromEntries(
          (p.forms as string[]).map((id) => [id, { status: 'submitted', data: {} }]),
        ),
      };
    case 'formFieldEquals':
    case 'formFieldIn': {
      const value = guard.type === 'formFieldIn' ? (p.values as unknown[])[0] : p.value;
      const data = setPath({}, p.field as string, value);
      const submission: SubmissionFact = { status: 'submitted', data };
      return { submissions: { [p.form as string]: submission } };
    }
    case 'signOffGiven':
      return { signOffs: { [(p.event as string | undefined) ?? event]: { by: 'manager' } } };
    case 'and':
      return (p.guards as GuardReference[]).reduce(
        (facts, g) => merge(facts, witness(g, event)),
        {} as Partial<CaseFacts>,
      );
    case 'or':
      return witness((p.guards as GuardReference[])[0]!, event);
    default:
      return {};
  }
}

function merge<T extends Partial<CaseFacts>>(into: T, more: Partial<CaseFacts>): T {
  const submissions: Record<string, SubmissionFact> = { ...into.submissions };
  for (const [id, s] of Object.entries(more.submissions ?? {})) {
    const data = { ...submissions[id]?.data, ...s.data };
    submissions[id] = { status: 'submitted', data };
  }
  return {
    ...into,
    ...(more.actor ? { actor: more.actor } : {}),
    submissions,
    signOffs: { ...into.signOffs, ...more.signOffs },
  };
}

function setPath(data: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let node = data;
  for (const key of keys.slice(0, -1)) {
    node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
  return data;
}

/** Why an event was not taken, in the English users read. */
function outcomeWords(result: TransitionResult): string {
  if (result.kind === 'held') return `held for sign-off by ${result.signOff.by.join(', ')}`;
  if (result.kind === 'refused') {
    return result.reasons.map((r) => describeReason(r, englishReasonWords)).join('; ');
  }
  return 'accepted';
}
