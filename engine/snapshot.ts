/**
 * The case snapshot: a plain JSON object a store keeps as it is. It names the workflow and
 * version the case runs on, XState's state value, and the history deadlines are counted from.
 * Keys of its objects are state keys only (no dots, no "$"), so any store can hold it.
 */
import type { StateValue } from 'xstate';
import type { FormRequirement } from '../schemas/generated/workflow-definition.ts';

/** A deadline the case has now. */
export interface CaseDeadline {
  /** The state path of the stage the deadline belongs to. */
  state: string;
  label: string;
  /** The UTC date the clock started. */
  startedOn: string;
  /** The last UTC date on which it is met; null for a deadline that only counts days elapsed. */
  dueOn: string | null;
}

/** Where a case is in its workflow, and what happened when. */
export interface CaseSnapshot {
  workflowId: string;
  workflowVersion: number;
  /** XState's state value, e.g. "assessment" or {"plan": {"visits": "due", "reviews": "held"}}. */
  value: StateValue;
  /** True once the case has reached a final state. */
  done: boolean;
  /** Every active state path and the instant the case last entered it, outermost first. */
  entered: { state: string; at: string }[];
  /** The instant each event last happened. */
  events: { type: string; at: string }[];
  deadlines: CaseDeadline[];
}

/** A stage the case is in, as people see it. */
export interface StageView {
  state: string;
  title: string;
  forms: readonly FormRequirement[];
  documents: readonly string[];
  deadline?: CaseDeadline;
}
