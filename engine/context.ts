/**
 * What the caller tells the engine about the world at the moment of an action. The engine reads
 * no clock and no store: the service gathers these facts and passes them in.
 */
import type { Calendar } from './calendar.ts';

/** A form the workflow may refer to; structurally what forms/ publishes. */
export interface FormSummary {
  id: string;
  title: string;
}

/** The person acting. Roles are additive: any one that a stage allows is enough. */
export interface Actor {
  id: string;
  roles: readonly string[];
}

/** The latest submission of a form on the case. Drafts never satisfy a guard. */
export interface SubmissionFact {
  status: 'submitted' | 'draft';
  data: Readonly<Record<string, unknown>>;
}

/** A manager's sign-off of an event on this case. */
export interface SignOffFact {
  /** Who signed it off. */
  by: string;
  /** When, as an ISO instant. */
  at?: string;
}

/** The facts guards are checked against. */
export interface CaseFacts {
  actor: Actor;
  /** The case's latest submission of each form, keyed by form id. */
  submissions?: Readonly<Record<string, SubmissionFact>>;
  /** Sign-offs given on this case, keyed by the event they approve. */
  signOffs?: Readonly<Record<string, SignOffFact>>;
}

/** Everything `startCase` needs: the time and who is starting the case. */
export interface StartContext {
  /** The current instant. Deadlines count from its date in Europe/London. */
  now: Date | string;
  actor: Actor;
  /** Working-day calendar for deadlines; England and Wales when left out. */
  calendar?: Calendar;
}

/** Everything `transition` and `availableEvents` need to decide on an event. */
export interface TransitionContext extends StartContext, CaseFacts {
  /** Why the event is late, when it is; required for a late event and kept in the chronology. */
  reason?: string;
}
