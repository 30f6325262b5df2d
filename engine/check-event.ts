/**
 * Deciding on one event: which transitions the active states offer for it, whether their guards
 * pass, whether the actor's roles allow it, and, when all is well, XState's next snapshot with
 * the states it entered and left. Shared by transition and availableEvents so they never disagree.
 */
import { type AnyMachineSnapshot, transition as machineTransition } from 'xstate';
import { ENTER_ACTION, EXIT_ACTION, type MachineEvent } from './build-machine.ts';
import type { CaseState } from './case-state.ts';
import type { CaseFacts } from './context.ts';
import { isOverdue } from './deadlines.ts';
import { checkGuard, type GuardScope } from './guards.ts';
import type { Workflow } from './load-workflow.ts';
import { onSameBranch, type StateInfo } from './machine-tree.ts';
import type { Reason } from './reasons.ts';
import type { CaseDeadline } from './snapshot.ts';

/** The engine's decision on one event before lateness and sign-off are weighed. */
export interface EventCheck {
  type: string;
  label: string;
  /** True when some active state accepts the event at all. */
  accepted: boolean;
  /** Why the event cannot happen (guards, roles); empty when it can. */
  reasons: Reason[];
  /** Active stages that have a say over the event (roles, sign-off). */
  stages: string[];
  /** XState's result, when the event can happen. */
  next?: { machine: AnyMachineSnapshot; entered: Set<string>; exited: Set<string> };
  /** Deadlines this event meets after they fell due. */
  overdue: CaseDeadline[];
  /** True when a stage wants a sign-off that is not given and the actor cannot give it. */
  needsSignOff: boolean;
  /** The roles who may sign the event off in the stages that ask for it. */
  signOffBy: string[];
}

/** Checks one event against the case's state and the facts. */
export function checkEvent(
  workflow: Workflow,
  state: CaseState,
  type: string,
  facts: CaseFacts,
  today: string,
): EventCheck {
  const label = workflow.eventLabel(type);
  const scope: GuardScope = {
    facts,
    event: type,
    formTitle: workflow.formTitle,
    signOffBy: workflow.signOffBy,
  };
  const offer = offeredTransitions(workflow, state, type, scope);
  const check: EventCheck = {
    type,
    label,
    accepted: offer.handlers.length > 0,
    reasons: [],
    stages: [],
    overdue: [],
    needsSignOff: false,
    signOffBy: [],
  };
  if (!check.accepted) return check;
  const sources = offer.enabled.length > 0 ? offer.enabled : offer.handlers;
  check.stages = state.active.filter(
    (p) => workflow.stages.has(p) && sources.some((s) => onSameBranch(p, s.path)),
  );
  const roleReason = rolesReason(workflow, check, facts);
  if (roleReason) check.reasons.push(roleReason);
  if (offer.enabled.length === 0) check.reasons.push(...distinct(offer.guardReasons));
  if (check.reasons.length > 0) return check;

  check.next = nextMachine(workflow, state, type, offer.choice, scope);
  const { exited } = check.next;
  check.overdue = state.snapshot.deadlines.filter(
    (d) => exited.has(d.state) && isOverdue(d, today),
  );
  const by = new Set<string>();
  for (const p of check.stages)
    for (const r of workflow.stages.get(p)?.signOff.get(type) ?? []) by.add(r);
  check.signOffBy = [...by];
  check.needsSignOff =
    by.size > 0 &&
    !Object.hasOwn(facts.signOffs ?? {}, type) &&
    !facts.actor.roles.some((r) => by.has(r));
  return check;
}

/** The reasons without repeats (two leaves can fail on the same guard). */
function distinct(reasons: readonly Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = JSON.stringify(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** XState's result for an event, by machine, then state value, event and chosen transitions. */
const machineResults = new WeakMap<object, Map<string, NonNullable<EventCheck['next']>>>();

/**
 * XState's next snapshot and the states entered and left. XState's answer depends only on the
 * state value, the event type and which transition each active state picked (the guards'
 * outcomes, which `choice` records), so it is worked out once per combination and shared: the
 * snapshots are never mutated, and a workflow offers few combinations.
 */
function nextMachine(
  workflow: Workflow,
  state: CaseState,
  type: string,
  choice: string,
  scope: GuardScope,
): NonNullable<EventCheck['next']> {
  let results = machineResults.get(workflow.machine);
  if (!results) {
    results = new Map();
    machineResults.set(workflow.machine, results);
  }
  const key = `${JSON.stringify(state.snapshot.value)}\u0000${type}\u0000${choice}`;
  const known = results.get(key);
  if (known) return known;
  const event: MachineEvent = { type, scope };
  const [machine, actions] = machineTransition(workflow.machine, state.machine, event);
  const entered = new Set<string>();
  const exited = new Set<string>();
  for (const action of actions) {
    const kind: string = action.type;
    const path = (action.params as { path?: string } | undefined)?.path;
    if (path === undefined) continue;
    if (kind === ENTER_ACTION) entered.add(path);
    else if (kind === EXIT_ACTION) exited.add(path);
  }
  const next = { machine, entered, exited };
  results.set(key, next);
  return next;
}

/** Every event type the active states accept, innermost states first. */
export function acceptedEvents(workflow: Workflow, state: CaseState): string[] {
  const types = new Set<string>();
  for (const node of handlerChain(workflow, state))
    for (const type of node.on.keys()) types.add(type);
  return [...types];
}

/**
 * Mirrors XState's selection: for each active leaf, the innermost state with an enabled
 * transition for the event wins; guard failures along the way are the reasons it is refused.
 */
function offeredTransitions(workflow: Workflow, state: CaseState, type: string, scope: GuardScope) {
  const handlers: StateInfo[] = [];
  const enabled: StateInfo[] = [];
  const guardReasons: Reason[] = [];
  // Which transition each leaf picked ("state#index"), a key for XState's result.
  const picked: string[] = [];
  for (const leaf of activeLeaves(workflow, state)) {
    search: for (const node of chainOf(leaf)) {
      const transitions = node.on.get(type);
      if (!transitions) continue;
      if (!handlers.includes(node)) handlers.push(node);
      for (const [index, t] of transitions.entries()) {
        const failed = t.guard ? checkGuard(t.guard, scope) : [];
        if (failed.length === 0) {
          if (!enabled.includes(node)) enabled.push(node);
          picked.push(`${node.path}#${index}`);
          break search;
        }
        guardReasons.push(...failed);
      }
    }
  }
  return { handlers, enabled, guardReasons, choice: picked.join(' ') };
}

function rolesReason(workflow: Workflow, check: EventCheck, facts: CaseFacts): Reason | undefined {
  const allowed = new Set<string>();
  for (const path of check.stages) {
    for (const role of workflow.stages.get(path)?.roles.get(check.type) ?? []) allowed.add(role);
  }
  const named = { event: check.type, label: check.label };
  if (allowed.size === 0) return { code: 'no-one', params: named };
  if (facts.actor.roles.some((r) => allowed.has(r))) return undefined;
  return { code: 'role', params: { ...named, roles: [...allowed] } };
}

function activeLeaves(workflow: Workflow, state: CaseState): StateInfo[] {
  const leaves: StateInfo[] = [];
  for (const path of state.active) {
    const node = workflow.tree.byPath.get(path);
    if (node && node.children.length === 0) leaves.push(node);
  }
  return leaves;
}

/** A state, its ancestors and the machine root, innermost first. */
function chainOf(node: StateInfo): StateInfo[] {
  const chain: StateInfo[] = [];
  for (let n: StateInfo | undefined = node; n; n = n.parent) chain.push(n);
  return chain;
}

function handlerChain(workflow: Workflow, state: CaseState): StateInfo[] {
  const nodes: StateInfo[] = [];
  for (const leaf of activeLeaves(workflow, state)) {
    for (const node of chainOf(leaf)) if (!nodes.includes(node)) nodes.push(node);
  }
  return nodes;
}
