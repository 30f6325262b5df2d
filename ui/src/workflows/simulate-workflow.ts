/**
 * The simulator, pure: walks a case through a workflow draft with the answers chosen for each
 * decision and a start date, and says where it goes, when each stage falls due on real working
 * days, where sign-off is needed and which forms are asked for. `everyPath` lists the simple
 * paths (no situation visited twice), ignoring guards, and flags those that never end.
 *
 * A situation is the set of active leaf states (several inside a parallel stage). Each step is
 * taken on the day the stage it leaves falls due (its own deadline, not a parent's), or on the
 * day it started when it has no due date.
 */
import {
  addCalendarDays,
  addMonths,
  addWorkingDays,
  type Calendar,
  englandAndWales,
} from '../../../engine/calendar.ts';
import { checkGuard } from '../../../engine/guards.ts';
import {
  type MachineTree,
  readMachineTree,
  resolveTarget,
  type StateInfo,
  type TransitionInfo,
} from '../../../engine/machine-tree.ts';
import type {
  Deadline,
  FormRequirement,
  GuardReference,
  WorkflowDefinition,
} from '../../../schemas/generated/workflow-definition.ts';
import { eventName, machineIdOf, titleOf } from './edit-workflow.ts';

/** A decision a guard reads: a form's field and the values that pick a branch. */
export interface Decision {
  form: string;
  field: string;
  /** The guard's words for the field, when it gives them. */
  label: string | undefined;
  values: unknown[];
}

/** The answer chosen for each decision, keyed by `form/field`. */
export type Answers = Record<string, unknown>;

/** The key of a decision in Answers. */
export function decisionKey(d: { form: string; field: string }): string {
  return `${d.form}/${d.field}`;
}

/** Every decision the workflow's guards read, with the values they compare to. */
export function decisionsOf(definition: WorkflowDefinition): Decision[] {
  const tree = readMachineTree(definition.machine, machineIdOf(definition));
  const found = new Map<string, Decision>();
  const visit = (guard: GuardReference) => {
    const p = guard.params ?? {};
    if (guard.type === 'formFieldEquals' || guard.type === 'formFieldIn') {
      const key = decisionKey({ form: String(p.form), field: String(p.field) });
      const decision = found.get(key) ?? {
        form: String(p.form),
        field: String(p.field),
        label: typeof p.label === 'string' ? p.label : undefined,
        values: [],
      };
      const values = guard.type === 'formFieldIn' ? (p.values as unknown[]) : [p.value];
      for (const v of values ?? []) if (!decision.values.includes(v)) decision.values.push(v);
      found.set(key, decision);
    }
    for (const inner of [...(Array.isArray(p.guards) ? p.guards : []), p.guard]) {
      if (inner && typeof inner === 'object') visit(inner as GuardReference);
    }
  };
  for (const info of tree.byPath.values()) {
    for (const t of [...info.on.values()].flat()) if (t.guard) visit(t.guard);
  }
  return [...found.values()];
}

/** One stage of a simulated case: when it starts, falls due, and how it is left. */
export interface SimulatedStage {
  state: string;
  title: string;
  enteredOn: string;
  deadline: string | undefined;
  /** Its due date; null when its deadline only counts days or has not started. */
  dueOn: string | null;
  forms: FormRequirement[];
  /** How the case left it: the event and the day, with who signs it off. */
  left?: { event: string; label: string; on: string; signOffBy: string[] };
}

/** A simulated case: its stages in order, and how it ended. */
export interface Simulation {
  stages: SimulatedStage[];
  /** closed: a final state; stuck: no answer given leads on; loop: it would go round again. */
  ends: 'closed' | 'stuck' | 'loop';
}

/** Walks a case from the initial state with these answers, starting on `startOn`. */
export function simulate(
  definition: WorkflowDefinition,
  answers: Answers,
  startOn: string,
  calendar: Calendar = englandAndWales,
  maxSteps = 200,
): Simulation {
  const tree = readMachineTree(definition.machine, machineIdOf(definition));
  const facts = factsFrom(answers);
  const stages: SimulatedStage[] = [];
  const open = new Map<string, SimulatedStage>();
  const eventDays = new Map<string, string>();
  const enter = (paths: string[], on: string) => {
    for (const path of paths) {
      const stage = definition.stages[path];
      const deadline = stage?.deadline;
      const simulated: SimulatedStage = {
        state: path,
        title: titleOf(definition, path),
        enteredOn: on,
        deadline: deadline?.label,
        dueOn: deadline ? dueOn(deadline, on, eventDays, calendar) : null,
        forms: stage?.forms ?? [],
      };
      // States without a stage of their own (a parallel stage's regions) are not shown.
      if (stage) stages.push(simulated);
      open.set(path, simulated);
    }
  };
  let leaves = enterLeaves(tree, tree.root);
  enter(withAncestors(tree, leaves), startOn);
  const seen = new Set([leaves.join('|')]);
  let today = startOn;
  for (let step = 0; step < maxSteps; step++) {
    if (leaves.every((l) => tree.byPath.get(l)?.type === 'final'))
      return { stages, ends: 'closed' };
    const moves = candidateMoves(tree, leaves).filter((m) => guardPasses(definition, m.t, facts));
    const next = moves.map((m) => ({ ...m, leaves: afterMove(tree, leaves, m) }));
    const fresh = next.find((m) => !seen.has(m.leaves.join('|')));
    if (!fresh) return { stages, ends: next.length > 0 ? 'loop' : 'stuck' };
    const from = open.get(fresh.from.path) ?? nearestOpen(open, fresh.from.path);
    const due = leafDue(open, leaves, fresh.from.path);
    today = due && due > today ? due : today;
    eventDays.set(fresh.t.event, today);
    const signOffBy = signOffFor(definition, fresh.from.path, fresh.t.event);
    const label = fresh.t.description ?? eventName(definition, fresh.t.event);
    const before = withAncestors(tree, leaves);
    const after = withAncestors(tree, fresh.leaves);
    const exited = before.filter((p) => !after.includes(p));
    for (const path of exited) {
      const stage = open.get(path);
      if (stage) stage.left = { event: fresh.t.event, label, on: today, signOffBy };
      open.delete(path);
    }
    if (from && !from.left) from.left = { event: fresh.t.event, label, on: today, signOffBy };
    enter(
      after.filter((p) => !before.includes(p)),
      today,
    );
    leaves = fresh.leaves;
    seen.add(leaves.join('|'));
  }
  return { stages, ends: 'loop' };
}

/** A simple path through the workflow, ignoring guards. */
export interface WorkflowPath {
  /** The titles of the stages it goes through, in order. */
  stages: string[];
  /** How many forms it asks for, required and optional. */
  forms: number;
  ends: 'closed' | 'stuck' | 'loop';
}

/** Every simple path from the start, at most `limit` of them; those that never end are flagged. */
export function everyPath(definition: WorkflowDefinition, limit = 500): WorkflowPath[] {
  const tree = readMachineTree(definition.machine, machineIdOf(definition));
  const paths: WorkflowPath[] = [];
  const walk = (leaves: string[], seen: string[], trail: string[][]) => {
    if (paths.length >= limit) return;
    if (leaves.every((l) => tree.byPath.get(l)?.type === 'final')) {
      paths.push(pathOf(definition, trail, 'closed'));
      return;
    }
    const next = candidateMoves(tree, leaves).map((m) => afterMove(tree, leaves, m));
    const unique = [...new Map(next.map((n) => [n.join('|'), n])).values()];
    const fresh = unique.filter((n) => !seen.includes(n.join('|')));
    if (fresh.length === 0) {
      paths.push(pathOf(definition, trail, unique.length > 0 ? 'loop' : 'stuck'));
      return;
    }
    for (const n of fresh) {
      const entered = withAncestors(tree, n).filter(
        (p) => !withAncestors(tree, leaves).includes(p),
      );
      walk(n, [...seen, n.join('|')], [...trail, entered.length > 0 ? entered : n]);
    }
  };
  const start = enterLeaves(tree, tree.root);
  walk(start, [start.join('|')], [withAncestors(tree, start)]);
  return paths;
}

function pathOf(
  definition: WorkflowDefinition,
  trail: string[][],
  ends: WorkflowPath['ends'],
): WorkflowPath {
  const states = trail.flat().filter((p) => definition.stages[p]);
  return {
    stages: states.map((p) => titleOf(definition, p)),
    forms: states.reduce((n, p) => n + (definition.stages[p]?.forms?.length ?? 0), 0),
    ends,
  };
}

interface Move {
  /** The state whose transition it is. */
  from: StateInfo;
  t: TransitionInfo;
  target: StateInfo;
}

/** Every transition with a target from the active leaves and their ancestors, in order. */
function candidateMoves(tree: MachineTree, leaves: readonly string[]): Move[] {
  const moves: Move[] = [];
  const done = new Set<StateInfo>();
  for (const leaf of leaves) {
    for (let node = tree.byPath.get(leaf); node; node = node.parent) {
      if (done.has(node)) continue;
      done.add(node);
      for (const transitions of node.on.values()) {
        for (const t of transitions) {
          const target = t.targets[0] && resolveTarget(tree, node, t.targets[0]);
          if (target) moves.push({ from: node, t, target });
        }
      }
    }
  }
  return moves;
}

/** The active leaves after a move. */
function afterMove(tree: MachineTree, leaves: readonly string[], move: Move): string[] {
  const domain = domainOf(tree, move.from, move.target);
  const inside = (p: string) => domain.path === '' || p.startsWith(`${domain.path}.`);
  const kept = leaves.filter((l) => !inside(l));
  return [...kept, ...enterTowards(tree, domain, move.target.path)].sort(
    (a, b) => leafOrder(tree, a) - leafOrder(tree, b),
  );
}

function leafOrder(tree: MachineTree, path: string): number {
  return [...tree.byPath.keys()].indexOf(path);
}

/** The compound state (or the machine) that holds both the source and the target, strictly. */
function domainOf(tree: MachineTree, from: StateInfo, to: StateInfo): StateInfo {
  for (let node = from.parent; node; node = node.parent) {
    const holds = (s: StateInfo) => node!.path === '' || s.path.startsWith(`${node!.path}.`);
    if (holds(from) && holds(to) && node.type !== 'parallel') return node;
  }
  return tree.root;
}

/** The leaves entered going from a container down to a target (other parallel regions too). */
function enterTowards(tree: MachineTree, node: StateInfo, target: string): string[] {
  if (node.path === target) return enterLeaves(tree, node);
  const child = node.children.find((c) => target === c.path || target.startsWith(`${c.path}.`));
  if (!child) return enterLeaves(tree, node);
  if (node.type === 'parallel' && node.path !== '') {
    return node.children.flatMap((c) =>
      c === child ? enterTowards(tree, c, target) : enterLeaves(tree, c),
    );
  }
  return enterTowards(tree, child, target);
}

/** The leaves a state starts in: its initial child's, or every region's for a parallel state. */
function enterLeaves(tree: MachineTree, node: StateInfo): string[] {
  if (node.children.length === 0) return [node.path];
  if (node.type === 'parallel') return node.children.flatMap((c) => enterLeaves(tree, c));
  const first = node.children.find((c) => c.key === node.initial) ?? node.children[0]!;
  return enterLeaves(tree, first);
}

/** The leaves and every state holding them, outermost first, each once. */
function withAncestors(tree: MachineTree, leaves: readonly string[]): string[] {
  const all: string[] = [];
  for (const leaf of leaves) {
    const chain: string[] = [];
    for (let node = tree.byPath.get(leaf); node && node.path !== ''; node = node.parent) {
      chain.unshift(node.path);
    }
    for (const p of chain) if (!all.includes(p)) all.push(p);
  }
  return all;
}

function factsFrom(answers: Answers) {
  const submissions: Record<string, { status: 'submitted'; data: Record<string, unknown> }> = {};
  for (const [key, value] of Object.entries(answers)) {
    const [form, field] = key.split('/') as [string, string];
    const data = submissions[form]?.data ?? {};
    let at = data;
    const names = field.split('.');
    for (const name of names.slice(0, -1)) {
      at[name] = (at[name] as Record<string, unknown> | undefined) ?? {};
      at = at[name] as Record<string, unknown>;
    }
    at[names.at(-1)!] = value;
    submissions[form] = { status: 'submitted', data };
  }
  return submissions;
}

/** A guard passes when the answers chosen satisfy it; forms are taken as submitted, sign-offs as given. */
function guardPasses(
  definition: WorkflowDefinition,
  t: TransitionInfo,
  submissions: ReturnType<typeof factsFrom>,
): boolean {
  if (!t.guard) return true;
  const forms = new Proxy(submissions, {
    get: (target, form: string) => target[form] ?? { status: 'submitted', data: {} },
    has: () => true,
    getOwnPropertyDescriptor: (target, form: string) => ({
      value: target[form] ?? { status: 'submitted', data: {} },
      enumerable: true,
      configurable: true,
    }),
  });
  const reasons = checkGuard(t.guard, {
    facts: {
      actor: { id: 'simulator', roles: ['practitioner', 'manager', 'practice_lead', 'admin'] },
      submissions: forms,
      signOffs: new Proxy({}, everyKey({ by: 'simulator' })),
    },
    event: t.event,
    formTitle: (id) => id,
    signOffBy: (event) => signOffFor(definition, '', event),
  });
  return reasons.length === 0;
}

/** A proxy handler under which every key is an own property with this value. */
function everyKey(value: unknown): ProxyHandler<object> {
  return {
    get: () => value,
    has: () => true,
    getOwnPropertyDescriptor: () => ({ value, enumerable: true, configurable: true }),
  };
}

function signOffFor(definition: WorkflowDefinition, path: string, event: string): string[] {
  const keys = path.split('.');
  for (let n = keys.length; n >= 0; n--) {
    const stage = definition.stages[keys.slice(0, n).join('.')];
    const found = stage?.signOff?.find((s) => s.event === event);
    if (found) return [...found.by];
  }
  return [];
}

function dueOn(
  deadline: Deadline,
  enteredOn: string,
  eventDays: ReadonlyMap<string, string>,
  calendar: Calendar,
): string | null {
  if (deadline.amount === undefined || !deadline.unit || !deadline.from) return null;
  const from = 'event' in deadline.from ? eventDays.get(deadline.from.event) : enteredOn;
  if (from === undefined) return null;
  if (deadline.unit === 'workingDays') return addWorkingDays(from, deadline.amount, calendar);
  if (deadline.unit === 'calendarDays') return addCalendarDays(from, deadline.amount);
  return addMonths(from, deadline.amount);
}

/** The due date of the stage being left: the active leaf's own, where the transition is on it or above it. */
function leafDue(
  open: ReadonlyMap<string, SimulatedStage>,
  leaves: readonly string[],
  from: string,
): string | null {
  const leaf = leaves.find((l) => l === from || l.startsWith(`${from}.`)) ?? from;
  return open.get(leaf)?.dueOn ?? open.get(from)?.dueOn ?? null;
}

function nearestOpen(
  open: ReadonlyMap<string, SimulatedStage>,
  path: string,
): SimulatedStage | undefined {
  const keys = path.split('.');
  for (let n = keys.length; n > 0; n--) {
    const found = open.get(keys.slice(0, n).join('.'));
    if (found) return found;
  }
  return undefined;
}
