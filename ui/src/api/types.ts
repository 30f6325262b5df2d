/**
 * The shapes the API sends, as the app uses them (see the server's route schemas).
 */

import type { Role } from '../../../engine/roles.ts';

/** A role a user holds: the engine's one list. */
export type { Role };

/** The logged-in user. */
export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  teams: string[];
  version: number;
  active: boolean;
}

/** The child a case is about. */
export interface Subject {
  firstName: string;
  lastName: string;
  dateOfBirth?: string;
}

/** Where a case stands against its statutory timescale. */
export type DeadlineStatus = 'on-track' | 'due-soon' | 'overdue';

/** A deadline: what is due, when, and working days left (negative when overdue). */
export interface Deadline {
  label: string;
  dueOn: string;
  /** Absent on a stage's deadline from older servers: then only the date is shown. */
  status?: DeadlineStatus;
  workingDays?: number;
}

/** A person as the API names them. */
export interface PersonRef {
  id: string;
  displayName: string;
}

/** One row of a caseload. */
export interface CaseSummary {
  id: string;
  reference: string;
  subject: Subject;
  stageTitle: string;
  stages: { state: string; title: string }[];
  deadline: Deadline | null;
  assignee: PersonRef | null;
  team: string;
  restricted: boolean;
  updatedAt: string;
  version: number;
  final: boolean;
}

/** The status of a form on a case. */
export type FormStatus = 'empty' | 'draft' | 'submitted';

/** A stage of a case with its forms. */
export interface CaseStage {
  state: string;
  title: string;
  forms: { id: string; title: string; required: boolean; status: FormStatus }[];
  deadline: Deadline | null;
  documents?: unknown[];
}

/** Why an action cannot happen yet: the engine's code and params, and the words to show. */
export interface Reason {
  code: string;
  params: Record<string, unknown>;
  text: string;
}

/** An action the user may (or may not yet) take on a case. */
export interface AvailableEvent {
  type: string;
  label: string;
  enabled: boolean;
  reasons: Reason[];
  late: boolean;
  needsSignOff: boolean;
  signOffPending: boolean;
}

/** An action waiting for a manager's approval. */
export interface SignOffRequest {
  event: string;
  summary: string;
  requestedBy: PersonRef | string;
  requestedByName?: string;
  at: string;
}

/** A case as its page shows it. */
export interface CaseView extends Omit<CaseSummary, 'stages'> {
  workflowId: string;
  workflowVersion: number;
  state: unknown;
  stages: CaseStage[];
  availableEvents: AvailableEvent[];
  signOffRequests: SignOffRequest[];
}

/** One entry of a case's chronology. */
export interface ChronologyEntry {
  seq: number;
  kind: string;
  type: string;
  summary: string;
  at: string;
  actor: PersonRef | null;
  reason?: string;
}

/** A form on a case: its definition, current data and draft state. */
export interface CaseForm {
  form: {
    id: string;
    version: number;
    title: string;
    description?: string;
    schema: Record<string, unknown>;
    uischema: Record<string, unknown>;
  };
  data: Record<string, unknown>;
  status: FormStatus;
  revision: number;
  savedAt?: string;
}

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

/** A sign-off waiting in a manager's queue. */
export interface SignOffItem {
  caseId: string;
  reference: string;
  event: string;
  summary: string;
  requestedBy: PersonRef | string;
  requestedByName?: string;
  at: string;
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
