/**
 * Effects: what the engine asks the service to do after an accepted (or held) event. The engine
 * runs none of them; they are data the service executes against the store.
 */
import type { CaseDeadline } from './snapshot.ts';

/** One entry for the case's chronology. */
export interface ChronologyEntry {
  /** The event, or none for the start of the case. */
  event?: string;
  /** Words for what happened, e.g. "Complete the assessment". */
  summary: string;
  at: string;
  actor: string;
  /** State paths of the stages left and entered. */
  from: string[];
  to: string[];
  /** Why the event came after a deadline, in the worker's words. */
  reason?: string;
  /** The deadlines this event met late. */
  late?: CaseDeadline[];
}

/** Something for the service to do. */
export type Effect =
  | { type: 'setDeadline'; deadline: CaseDeadline }
  | { type: 'clearDeadline'; deadline: CaseDeadline }
  | {
      type: 'requestSignOff';
      event: string;
      summary: string;
      /** The stages asking for it. */
      states: string[];
      /** The roles who may give it. */
      by: string[];
      requestedBy: string;
      at: string;
      reason?: string;
    }
  | { type: 'recordChronology'; entry: ChronologyEntry }
  | { type: 'offerDocument'; templateId: string; state: string };

/** Every effect type, for the server's effect table and its test. */
export const EFFECT_TYPES = [
  'setDeadline',
  'clearDeadline',
  'requestSignOff',
  'recordChronology',
  'offerDocument',
] as const;

// The list and the union agree both ways: a new effect type does not compile until it is listed.
type Listed = (typeof EFFECT_TYPES)[number];
const everyTypeListed: Record<Effect['type'], true> = {
  setDeadline: true,
  clearDeadline: true,
  requestSignOff: true,
  recordChronology: true,
  offerDocument: true,
} satisfies Record<Listed, true>;
void everyTypeListed;
