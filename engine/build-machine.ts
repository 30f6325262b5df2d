/**
 * Turns a definition's machine config into an XState machine. Every state gets entry and exit
 * markers so that XState's own transition result says exactly which states were entered and left
 * (re-entry, parallel regions and initial children included); the catalog's guards are registered
 * by name and read the case's facts from the event.
 */
import { type AnyStateMachine, setup } from 'xstate';
import type {
  MachineConfig,
  StateNodeConfig,
  WorkflowDefinition,
} from '../schemas/generated/workflow-definition.ts';
import { checkGuard, type GuardScope, guardNames } from './guards.ts';

/** The event XState receives: the workflow event plus the facts its guards read. */
export interface MachineEvent {
  type: string;
  scope: GuardScope;
}

/** Action type XState reports when a state is entered; its params carry the state path. */
export const ENTER_ACTION = 'lowform.enter';
/** Action type XState reports when a state is left. */
export const EXIT_ACTION = 'lowform.exit';

type GuardImplementation = (
  args: { event: MachineEvent },
  params: Record<string, unknown> | undefined,
) => boolean;

/** The id XState gives the machine: the config's own id, else the workflow id. */
export function machineId(definition: WorkflowDefinition): string {
  return definition.machine.id ?? definition.id;
}

/** Builds the XState machine for a definition already checked by lint. */
export function buildMachine(definition: WorkflowDefinition): AnyStateMachine {
  const guards: Record<string, GuardImplementation> = {};
  for (const type of guardNames) {
    guards[type] = ({ event }, params) => checkGuard({ type, params }, event.scope).length === 0;
  }
  const config = { ...markStates(definition.machine, ''), id: machineId(definition), context: {} };
  const noop = () => {};
  const machine = setup({
    guards: guards as never,
    actions: { [ENTER_ACTION]: noop, [EXIT_ACTION]: noop },
  }).createMachine(config as never);
  // The config is data read at run time, so XState cannot infer its state and event types.
  return machine as unknown as AnyStateMachine;
}

function markStates(config: MachineConfig | StateNodeConfig, path: string): object {
  const marked: Record<string, unknown> = { ...config };
  if (path) {
    marked.entry = [{ type: ENTER_ACTION, params: { path } }];
    marked.exit = [{ type: EXIT_ACTION, params: { path } }];
  }
  if (config.states) {
    const states: Record<string, object> = {};
    for (const [key, child] of Object.entries(config.states)) {
      states[key] = markStates(child, path ? `${path}.${key}` : key);
    }
    marked.states = states;
  }
  return marked;
}
