/**
 * Moving a running case to another workflow version. The mapping names, for every state a case
 * of the old version can be in, a state of the new one; an incomplete or wrong mapping is refused
 * whole, so no case is ever left in a state its workflow does not have.
 */
import type { StateValue } from 'xstate';
import { type Calendar, englandAndWales } from './calendar.ts';
import { readCaseState, remember, stagesOf } from './case-state.ts';
import { deadlineEffects, deadlinesFor } from './deadlines.ts';
import type { Effect } from './effects.ts';
import { EngineError } from './errors.ts';
import type { Workflow } from './load-workflow.ts';
import { activeStatePaths, onSameBranch } from './machine-tree.ts';
import type { CaseSnapshot, StageView } from './snapshot.ts';

/** One thing wrong with a state mapping. */
export interface MappingProblem {
  code: 'unmapped-state' | 'unknown-source-state' | 'unknown-target-state' | 'conflicting-targets';
  state: string;
  message: string;
}

/** A migrated case: its snapshot on the new version, its stages, and deadline changes to apply. */
export interface Migration {
  snapshot: CaseSnapshot;
  stages: StageView[];
  effects: Effect[];
}

/** Moves a case's snapshot from one workflow version to another; throws LF_MIGRATION_INVALID. */
export function migrateSnapshot(
  from: Workflow,
  to: Workflow,
  snapshot: CaseSnapshot,
  stateMapping: Readonly<Record<string, string>>,
  options: { calendar?: Calendar } = {},
): Migration {
  const state = readCaseState(from, snapshot);
  const mapping = new Map(Object.entries(stateMapping));
  const problems = mappingProblems(from, to, mapping);
  const leaves = state.active.filter((p) => from.tree.byPath.get(p)?.children.length === 0);
  const targets = leaves.map((leaf) => ({ leaf, target: mapping.get(leaf)! }));
  if (problems.length === 0)
    problems.push(
      ...conflicts(
        to,
        targets.map((t) => t.target),
      ),
    );
  if (problems.length > 0) {
    throw new EngineError(
      'LF_MIGRATION_INVALID',
      `The case cannot move from "${from.id}" version ${from.version} to "${to.id}" version ${to.version}: ${problems[0]?.message}`,
      problems,
    );
  }
  const machine = to.machine.resolveState({
    value: stateValueOf(targets.map((t) => t.target)),
    context: {},
  });
  const active = activeStatePaths(machine.value);
  const oldEntered = new Map(snapshot.entered.map((e) => [e.state, e.at]));
  const entered = new Map(
    active.map((path) => {
      const times = targets
        .filter((t) => onSameBranch(path, t.target))
        .map((t) => oldEntered.get(t.leaf)!)
        .sort();
      return [path, times[0]!] as const;
    }),
  );
  const events = new Map(snapshot.events.map((e) => [e.type, e.at]));
  const history = { entered, events };
  const next: CaseSnapshot = {
    workflowId: to.id,
    workflowVersion: to.version,
    value: machine.value,
    done: machine.status === 'done',
    entered: active.map((p) => ({ state: p, at: entered.get(p)! })),
    events: snapshot.events,
    deadlines: deadlinesFor(to, active, history, options.calendar ?? englandAndWales),
  };
  const migrated = remember({ snapshot: next, machine, active });
  return {
    snapshot: next,
    stages: stagesOf(to, migrated),
    effects: deadlineEffects(snapshot.deadlines, next.deadlines),
  };
}

/** Every problem with a mapping from one version to another, whatever state a case is in. */
export function mappingProblems(
  from: Workflow,
  to: Workflow,
  mapping: ReadonlyMap<string, string>,
): MappingProblem[] {
  const problems: MappingProblem[] = [];
  for (const node of from.tree.byPath.values()) {
    if (node.children.length > 0 || !node.parent || mapping.has(node.path)) continue;
    problems.push({
      code: 'unmapped-state',
      state: node.path,
      message: `The state "${node.path}" of version ${from.version} is not mapped to a state of version ${to.version}.`,
    });
  }
  for (const [source, target] of mapping) {
    if (!from.tree.byPath.has(source) || source === '') {
      problems.push({
        code: 'unknown-source-state',
        state: source,
        message: `The mapping names "${source}", which is not a state of version ${from.version}.`,
      });
    }
    if (!to.tree.byPath.has(target) || target === '') {
      problems.push({
        code: 'unknown-target-state',
        state: source,
        message: `The mapping sends "${source}" to "${target}", which is not a state of version ${to.version}.`,
      });
    }
  }
  return problems;
}

/** Targets that would put the case in two children of the same non-parallel state at once. */
function conflicts(to: Workflow, targets: string[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  for (const a of targets) {
    for (const b of targets) {
      if (a >= b || onSameBranch(a, b)) continue;
      const common = commonAncestor(a, b);
      if (to.tree.byPath.get(common)?.type === 'parallel') continue;
      problems.push({
        code: 'conflicting-targets',
        state: a,
        message: `The case would be in both "${a}" and "${b}", but only one of them can be active.`,
      });
    }
  }
  return problems;
}

function commonAncestor(a: string, b: string): string {
  const left = a.split('.');
  const right = b.split('.');
  let i = 0;
  while (i < left.length && left[i] === right[i]) i++;
  return left.slice(0, i).join('.');
}

/** An XState state value naming these paths; XState fills in initial children. */
function stateValueOf(paths: string[]): StateValue {
  type Node = { [key: string]: Node };
  const root: Node = {};
  for (const path of paths) {
    let node = root;
    for (const key of path.split('.')) {
      if (!Object.hasOwn(node, key)) node[key] = {};
      node = node[key]!;
    }
  }
  return root;
}
