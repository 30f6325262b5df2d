/**
 * The shapes the API sends, as the app uses them: names for the types generated from the
 * server's OpenAPI document (generated.ts, by `npm run types:api`), and the error details the
 * document leaves free-form.
 */
import type { components } from './generated.ts';

type Schemas = components['schemas'];

/** A role a user holds. */
export type Role = Schemas['User']['roles'][number];

/** The logged-in user. */
export type User = Schemas['User'];

/** A session: the user, the CSRF token, and whether they must choose a new password first. */
export type Session = Schemas['Session'];

/** The child a case is about. */
export type Subject = Schemas['Subject'];

/** A deadline: what is due, when, and working days left (negative when overdue). */
export type Deadline = Schemas['Deadline'];

/** Where a case stands against its statutory timescale. */
export type DeadlineStatus = NonNullable<Deadline['status']>;

/** A person as the API names them. */
export type PersonRef = Schemas['PersonRef'];

/** One row of a caseload. */
export type CaseSummary = Schemas['CaseSummary'];

/** The status of a form on a case. */
export type FormStatus = Schemas['CaseForm']['status'];

/** A stage of a case with its forms. */
export type CaseStage = Schemas['CaseStage'];

/** Why an action cannot be taken yet: the engine's code and params, and the words to show. */
export type Reason = Schemas['Reason'];

/** An action the user may (or may not yet) take on a case, with the reasons it cannot yet. */
export type AvailableEvent = Schemas['AvailableEvent'];

/** An action waiting for a manager's approval. */
export type SignOffRequest = Schemas['SignOffRequest'];

/** A case as its page shows it. */
export type CaseView = Omit<Schemas['CasePage'], 'availableEvents'> & {
  availableEvents: AvailableEvent[];
};

/** One entry of a case's chronology. */
export type ChronologyEntry = Schemas['ChronologyEntry'];

/** A form on a case: its definition, current data and draft state. */
export type CaseForm = Schemas['CaseForm'];

/** A sign-off waiting in a manager's queue. */
export type SignOffItem = Schemas['SignOffItem'];

/** A draft someone else saved first (the details of a 409 on autosave). */
export interface ConflictingDraft {
  data: Record<string, unknown>;
  revision: number;
  savedAt: string;
  author: PersonRef | string | null;
}

/** A server-side error on one field of a submission. */
export interface FieldError {
  pointer: string;
  label?: string;
  message: string;
}

/** Who asked for a sign-off, by name (never by id). */
export function requesterName(item: {
  requestedBy: PersonRef | string;
  requestedByName?: string;
}): string {
  if (item.requestedByName) return item.requestedByName;
  return typeof item.requestedBy === 'object' ? item.requestedBy.displayName : 'a colleague';
}

/** The display name of a person reference that may be a plain string. */
export function personName(person: PersonRef | string | null | undefined): string {
  if (!person) return 'someone';
  return typeof person === 'string' ? person : person.displayName;
}
