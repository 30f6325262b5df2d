/**
 * Loading a workflow: lint it, refuse it with every problem at once if it has errors, and
 * compile what every later call needs (the XState machine, the state index, stage lookups) once.
 */
import type { AnyStateMachine } from 'xstate';
import { humaniseKey } from '../forms/humanise.ts';
import type {
  Deadline,
  FormRequirement,
  WorkflowDefinition,
} from '../schemas/generated/workflow-definition.ts';
import { buildMachine, machineId } from './build-machine.ts';
import type { FormSummary } from './context.ts';
import { EngineError } from './errors.ts';
import type { Finding } from './finding.ts';
import { answersReadBy, type FieldRead, fieldsReadBy } from './guards.ts';
import { lintWorkflow } from './lint-workflow.ts';
import { type MachineTree, readMachineTree } from './machine-tree.ts';

/** A form field a transition's guard reads. */
export interface GuardFieldRead extends FieldRead {
  /** The state path whose transition reads it. */
  state: string;
  event: string;
}

/** A stage as the engine uses it: the definition's stage with quick lookups. */
export interface CompiledStage {
  /** The state path the stage belongs to. */
  state: string;
  title: string;
  forms: readonly FormRequirement[];
  documents: readonly string[];
  deadline?: Deadline;
  /** Roles allowed to send each event. */
  roles: ReadonlyMap<string, readonly string[]>;
  /** Events that wait for sign-off, each with the roles who may give it (or take it directly). */
  signOff: ReadonlyMap<string, readonly string[]>;
}

/** A loaded, valid workflow: load it once per published version and keep it. */
export interface Workflow {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly definition: WorkflowDefinition;
  readonly machine: AnyStateMachine;
  readonly tree: MachineTree;
  readonly stages: ReadonlyMap<string, CompiledStage>;
  /** Lint warnings: the workflow runs, but these are worth a look. */
  readonly warnings: readonly Finding[];
  /** The forms whose answers (not only whether they were submitted) some guard reads. */
  readonly answersRead: ReadonlySet<string>;
  /** Every form field a guard reads, with the state and event of its transition. */
  readonly fieldsRead: readonly GuardFieldRead[];
  /** A form's title, or its id when the form is unknown. */
  formTitle(id: string): string;
  /** Words for an event: its transition's description, else its name made readable. */
  eventLabel(type: string): string;
  /** The roles any stage names to sign an event off; none when no stage asks for sign-off. */
  signOffBy(event: string): readonly string[];
}

/** What loading needs besides the definition: the forms that exist. */
export interface LoadOptions {
  forms: readonly FormSummary[];
}

/** Validates a definition and compiles it; throws one LF_WORKFLOW_INVALID listing every problem. */
export function loadWorkflow(definition: unknown, options: LoadOptions): Workflow {
  const { errors, warnings } = lintWorkflow(definition, options);
  if (errors.length > 0) {
    const name = workflowName(definition);
    const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
    throw new EngineError(
      'LF_WORKFLOW_INVALID',
      `The workflow ${name} has ${count}: ${errors[0]?.message}`,
      errors,
    );
  }
  const valid = definition as WorkflowDefinition;
  const tree = readMachineTree(valid.machine, machineId(valid));
  const stages = compileStages(valid);
  const titles = new Map(options.forms.map((f) => [f.id, f.title]));
  const labels = eventLabels(tree);
  return {
    id: valid.id,
    version: valid.version,
    title: valid.title,
    definition: valid,
    machine: buildMachine(valid),
    tree,
    stages,
    warnings,
    answersRead: answersRead(tree),
    fieldsRead: fieldsRead(tree),
    formTitle: (id) => titles.get(id) ?? id,
    eventLabel: (type) => labels.get(type) ?? humaniseKey(type),
    signOffBy: signOffRoles(stages),
  };
}

/** Who may sign off each event, over every stage that asks for it. */
function signOffRoles(stages: ReadonlyMap<string, CompiledStage>): (event: string) => string[] {
  const byEvent = new Map<string, Set<string>>();
  for (const stage of stages.values()) {
    for (const [event, roles] of stage.signOff) {
      const known = byEvent.get(event) ?? new Set<string>();
      for (const role of roles) known.add(role);
      byEvent.set(event, known);
    }
  }
  return (event) => [...(byEvent.get(event) ?? [])];
}

function compileStages(definition: WorkflowDefinition): Map<string, CompiledStage> {
  const stages = new Map<string, CompiledStage>();
  for (const [state, stage] of Object.entries(definition.stages)) {
    const compiled: CompiledStage = {
      state,
      title: stage.title,
      forms: stage.forms ?? [],
      documents: stage.documents ?? [],
      roles: new Map(Object.entries(stage.roles ?? {})),
      signOff: new Map((stage.signOff ?? []).map((s) => [s.event, s.by] as const)),
    };
    if (stage.deadline) compiled.deadline = stage.deadline;
    stages.set(state, compiled);
  }
  return stages;
}

function eventLabels(tree: MachineTree): Map<string, string> {
  const labels = new Map<string, string>();
  for (const node of tree.byPath.values()) {
    for (const [event, transitions] of node.on) {
      const described = transitions.find((t) => t.description)?.description;
      if (described && !labels.has(event)) labels.set(event, described);
    }
  }
  return labels;
}

function answersRead(tree: MachineTree): Set<string> {
  const forms = new Set<string>();
  for (const node of tree.byPath.values()) {
    for (const transitions of node.on.values()) {
      for (const t of transitions)
        if (t.guard) for (const f of answersReadBy(t.guard)) forms.add(f);
    }
  }
  return forms;
}

function fieldsRead(tree: MachineTree): GuardFieldRead[] {
  const reads: GuardFieldRead[] = [];
  for (const node of tree.byPath.values()) {
    for (const [event, transitions] of node.on) {
      for (const t of transitions)
        if (t.guard)
          for (const read of fieldsReadBy(t.guard))
            reads.push({ ...read, state: node.path, event });
    }
  }
  return reads;
}

function workflowName(definition: unknown): string {
  const d = definition as { id?: unknown; version?: unknown } | null;
  if (typeof d?.id !== 'string') return 'definition';
  return typeof d.version === 'number' ? `"${d.id}" version ${d.version}` : `"${d.id}"`;
}
