/**
 * Lint of a whole workflow definition: the meta-schema first, then the machine and the stages.
 * Errors make the definition unusable (loadWorkflow refuses it); warnings are worth a look.
 */
import type { AnyStateNode } from 'xstate';
import type { WorkflowDefinition } from '../schemas/generated/workflow-definition.ts';
import { buildMachine, machineId } from './build-machine.ts';
import { type Calendar, englandAndWales } from './calendar.ts';
import type { FormSummary } from './context.ts';
import { type Finding, finding } from './finding.ts';
import { lintCalendarReach } from './lint-calendar.ts';
import { lintMachine } from './lint-machine.ts';
import { lintStages } from './lint-stages.ts';
import { readMachineTree } from './machine-tree.ts';
import { schemaFindings } from './meta-schema.ts';

/** What lint knows besides the definition: the forms that exist, and optionally the date. */
export interface LintOptions {
  forms: readonly FormSummary[];
  /** Today's date; with it, deadlines that would fall past the calendar are warned about. */
  today?: string;
  /** The working-day calendar; England and Wales when left out. */
  calendar?: Calendar;
}

/** Lint's answer: errors block publishing, warnings do not. */
export interface LintResult {
  errors: Finding[];
  warnings: Finding[];
}

// Far beyond any real workflow; they keep a hostile definition from exhausting the stack.
const MAX_DEPTH = 64;
const MAX_VALUES = 100_000;

/** Every problem in a definition, each with its JSON Pointer, state and event. */
export function lintWorkflow(definition: unknown, options: LintOptions): LintResult {
  const size = sizeFindings(definition);
  if (size.length > 0) return { errors: size, warnings: [] };
  const schema = schemaFindings(definition);
  // The rules below still run past a meta-schema error (a badly named state hides nothing else)
  // whenever the definition has the shape they read: an object with a machine of states.
  if (schema.length > 0 && !hasMachineShape(definition)) return { errors: schema, warnings: [] };
  const workflow = definition as WorkflowDefinition;
  const rules = lintRules(workflow, options);
  if (!rules) return { errors: schema, warnings: [] };
  const errors = [...schema, ...rules.errors];
  if (errors.length === 0) errors.push(...xstateFindings(workflow));
  return { errors, warnings: rules.warnings };
}

/**
 * The machine, stage and calendar rules. On a definition that breaks the meta-schema a rule may
 * meet a value of the wrong type; then only the schema's findings are reported (null).
 */
function lintRules(workflow: WorkflowDefinition, options: LintOptions): LintResult | null {
  try {
    const tree = readMachineTree(workflow.machine, machineId(workflow));
    const forms = new Set(options.forms.map((f) => f.id));
    const machine = lintMachine(tree, forms);
    const stages = lintStages(workflow, tree, forms);
    const reach =
      options.today === undefined
        ? []
        : lintCalendarReach(workflow, options.today, options.calendar ?? englandAndWales);
    return {
      errors: [...machine.errors, ...stages.errors],
      warnings: [...machine.warnings, ...stages.warnings, ...reach],
    };
  } catch (error) {
    if (error instanceof TypeError) return null;
    throw error;
  }
}

/** True when the definition is an object whose machine and stages are objects, states nested. */
function hasMachineShape(definition: unknown): boolean {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(definition) || !isObject(definition.machine) || !isObject(definition.stages))
    return false;
  const pending: unknown[] = [definition.machine];
  while (pending.length > 0) {
    const node = pending.pop();
    if (!isObject(node)) return false;
    if (node.on !== undefined && !isObject(node.on)) return false;
    if (node.states === undefined) continue;
    if (!isObject(node.states)) return false;
    pending.push(...Object.values(node.states));
  }
  return true;
}

function sizeFindings(definition: unknown): Finding[] {
  const stack: [unknown, number][] = [[definition, 1]];
  let count = 0;
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (++count > MAX_VALUES) {
      return [finding('too-large', `The definition has more than ${MAX_VALUES} values.`, '')];
    }
    if (depth > MAX_DEPTH) {
      return [finding('too-deep', `The definition nests deeper than ${MAX_DEPTH} levels.`, '')];
    }
    if (value !== null && typeof value === 'object') {
      for (const child of Object.values(value)) stack.push([child, depth + 1]);
    }
  }
  return [];
}

/** A last check that XState itself accepts the machine, for anything the lint rules missed. */
function xstateFindings(definition: WorkflowDefinition): Finding[] {
  try {
    const visit = (node: AnyStateNode): void => {
      void node.on;
      void node.initial;
      for (const child of Object.values(node.states)) visit(child);
    };
    visit(buildMachine(definition).root);
    return [];
  } catch (error) {
    return [
      finding(
        'machine-invalid',
        `XState does not accept the machine: ${(error as Error).message}`,
        '/machine',
      ),
    ];
  }
}
