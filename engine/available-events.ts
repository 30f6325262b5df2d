/** The events a case can receive now, each with whether it is enabled and why not. */
import { toIsoDate } from './calendar.ts';
import { readCaseState } from './case-state.ts';
import { acceptedEvents, checkEvent } from './check-event.ts';
import type { TransitionContext } from './context.ts';
import type { Workflow } from './load-workflow.ts';
import type { Reason } from './reasons.ts';
import type { CaseSnapshot } from './snapshot.ts';

/** One event the case's current states accept. */
export interface AvailableEvent {
  type: string;
  /** Words for the event, for a button or a menu. */
  label: string;
  /** True when the actor can send it now (a late event still needs a reason). */
  enabled: boolean;
  /** Why it is not enabled, as data (`describeReason` puts them into words); empty when it is. */
  reasons: Reason[];
  /** True when taking it now misses a deadline, so it needs a reason. */
  late?: boolean;
  /** True when it will wait for sign-off by a role the stage names. */
  needsSignOff?: boolean;
  /** The roles who may sign it off, when a stage asks for sign-off (whoever takes it). */
  signOffBy?: string[];
}

/** Every event the current states accept, enabled or not, in the order the states list them. */
export function availableEvents(
  workflow: Workflow,
  snapshot: CaseSnapshot,
  ctx: TransitionContext,
): AvailableEvent[] {
  const state = readCaseState(workflow, snapshot);
  if (snapshot.done) return [];
  const today = toIsoDate(ctx.now);
  return acceptedEvents(workflow, state).map((type) => {
    const check = checkEvent(workflow, state, type, ctx, today);
    const available: AvailableEvent = {
      type,
      label: check.label,
      enabled: check.reasons.length === 0,
      reasons: check.reasons,
    };
    if (check.overdue.length > 0) available.late = true;
    if (check.needsSignOff) available.needsSignOff = true;
    if (check.signOffBy.length > 0) available.signOffBy = check.signOffBy;
    return available;
  });
}
