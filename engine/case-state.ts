/**
 * A snapshot read back against its workflow: XState's snapshot restored from the state value,
 * and the active states. Snapshots the engine made itself are remembered, so a case moved on in
 * one process does not pay for restoring on every event.
 */
import type { AnyMachineSnapshot } from 'xstate';
import { EngineError } from './errors.ts';
import type { Workflow } from './load-workflow.ts';
import { activeStatePaths } from './machine-tree.ts';
import type { CaseSnapshot, StageView } from './snapshot.ts';

/** A snapshot with what the engine derives from it. */
export interface CaseState {
  snapshot: CaseSnapshot;
  machine: AnyMachineSnapshot;
  /** Active state paths, outermost first. */
  active: readonly string[];
}

// Keyed by the snapshot object; the value seen when it was made guards against a caller that
// reassigned it since (snapshots are meant to be treated as immutable).
const restored = new WeakMap<CaseSnapshot, { value: unknown; state: CaseState }>();

/** Reads a snapshot against its workflow; throws LF_WORKFLOW_MISMATCH when they do not belong together. */
export function readCaseState(workflow: Workflow, snapshot: CaseSnapshot): CaseState {
  const known = restored.get(snapshot);
  if (known?.value === snapshot.value && known.state.machine.machine === workflow.machine) {
    return known.state;
  }
  if (snapshot.workflowId !== workflow.id || snapshot.workflowVersion !== workflow.version) {
    throw new EngineError(
      'LF_WORKFLOW_MISMATCH',
      `The case runs on workflow "${snapshot.workflowId}" version ${snapshot.workflowVersion}, not "${workflow.id}" version ${workflow.version}. Migrate it first.`,
      { snapshot: { id: snapshot.workflowId, version: snapshot.workflowVersion } },
    );
  }
  const active = activeStatePaths(snapshot.value);
  if (active.length === 0 || active.some((p) => !workflow.tree.byPath.has(p))) {
    throw new EngineError(
      'LF_WORKFLOW_MISMATCH',
      `The case's state ${JSON.stringify(snapshot.value)} is not a state of workflow "${workflow.id}" version ${workflow.version}.`,
      { value: snapshot.value },
    );
  }
  return remember({ snapshot, machine: resolvedState(workflow, snapshot), active });
}

/** XState's snapshots restored from state values, by machine and value. */
const resolved = new WeakMap<object, Map<string, AnyMachineSnapshot>>();

/** XState's snapshot for a state value; each value is restored once per machine and shared. */
function resolvedState(workflow: Workflow, snapshot: CaseSnapshot): AnyMachineSnapshot {
  let byValue = resolved.get(workflow.machine);
  if (!byValue) {
    byValue = new Map();
    resolved.set(workflow.machine, byValue);
  }
  const key = JSON.stringify(snapshot.value);
  let machine = byValue.get(key);
  if (!machine) {
    machine = workflow.machine.resolveState({ value: snapshot.value, context: {} });
    byValue.set(key, machine);
  }
  return machine;
}

/** Keeps a state the engine just made, so the next event on it skips restoring. */
export function remember(state: CaseState): CaseState {
  restored.set(state.snapshot, { value: state.snapshot.value, state });
  return state;
}

/** The stages of the active states, outermost first. */
export function stagesOf(workflow: Workflow, state: CaseState): StageView[] {
  const views: StageView[] = [];
  for (const path of state.active) {
    const stage = workflow.stages.get(path);
    if (!stage) continue;
    const view: StageView = {
      state: path,
      title: stage.title,
      forms: stage.forms,
      documents: stage.documents,
    };
    const deadline = state.snapshot.deadlines.find((d) => d.state === path);
    if (deadline) view.deadline = deadline;
    views.push(view);
  }
  return views;
}
