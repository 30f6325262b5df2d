/**
 * Cases: opening one on a workflow, finding them (search, filters, pages), reading one with all
 * its page needs, and allocating it. Moving a case on is in case-events.ts; its forms in
 * case-forms.ts.
 */
import { randomUUID } from 'node:crypto';
import {
  type AvailableEvent,
  availableEvents,
  type CaseDeadline,
  deadlineProgress,
  englandAndWales,
  type SubmissionFact,
  startCase,
  type Workflow,
} from '../../engine/index.ts';
import { LowformError } from '../errors.ts';
import type {
  CaseRecord,
  Filter,
  Sort,
  Store,
  SubmissionRecord,
  UserRecord,
} from '../store/store.ts';
import { formatCaseReference } from '../store/store.ts';
import type { AccessLog } from './access-log.ts';
import { canSeeCase, caseVisibility, userVisibility } from './case-access.ts';
import {
  appendsDone,
  flushPendingEvents,
  pendingFromEffects,
  readSnapshot,
  serviceEntry,
  snapshotFields,
  writeCase,
} from './case-record.ts';
import { caseSearchTerms, matchesAllWords, searchWords } from './case-search.ts';
import type { DefinitionRegistry } from './definition-registry.ts';

/** What case services need. */
export interface CaseDeps {
  store: Store;
  registry: DefinitionRegistry;
  now: () => Date;
  access: AccessLog;
}

/** The child a case is about, as sent by a client. */
export interface SubjectInput {
  firstName: string;
  lastName: string;
  dateOfBirth?: string;
  gender?: string;
  familyId?: string;
}

/** The reference prefix of a workflow: the initials of its id (child-protection → CP). */
export function referencePrefix(workflowId: string): string {
  return workflowId
    .split('-')
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

function actorOf(user: UserRecord) {
  return { id: user.id, roles: user.roles };
}

/** Opens a case on the latest published version of a workflow. */
export async function createCase(
  deps: CaseDeps,
  user: UserRecord,
  input: { workflowId: string; subject: SubjectInput; team?: string },
): Promise<CaseRecord> {
  const workflow = await deps.registry.latestWorkflow(input.workflowId);
  if (!workflow) {
    throw new LowformError(
      'LF_NOT_FOUND',
      `No version of workflow "${input.workflowId}" is published.`,
    );
  }
  const team = input.team ?? user.teams[0];
  if (!team || (input.team && !user.teams.includes(input.team))) {
    throw new LowformError('LF_FORBIDDEN', 'You can only open cases for a team you belong to.');
  }
  const now = deps.now();
  const started = startCase(workflow, { now, actor: actorOf(user) });
  const year = now.getUTCFullYear();
  const prefix = referencePrefix(workflow.id);
  const reference = formatCaseReference(
    prefix,
    year,
    await deps.store.nextNumber(`${prefix}-${year}`),
  );
  const base = {
    team,
    restricted: false,
    assignee: user.roles.includes('practitioner') ? user.id : null,
    workers: [] as string[],
  };
  const record: CaseRecord = {
    id: randomUUID(),
    version: 1,
    reference,
    workflowId: workflow.id,
    workflowVersion: workflow.version,
    ...snapshotFields(workflow, started.snapshot),
    subject: { ...input.subject },
    ...base,
    visibleTo: caseVisibility(base),
    searchTerms: caseSearchTerms(input.subject, reference),
    pendingEvents: pendingFromEffects(started.effects, 1),
    signOffRequests: [],
    signOffs: [],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    createdBy: user.id,
  };
  await deps.store.cases.insert(record);
  await flushPendingEvents(deps.store, record);
  return record;
}

/** Reads a case the user may see; one they may not see does not exist for them. */
export async function readCase(deps: CaseDeps, user: UserRecord, id: string): Promise<CaseRecord> {
  const record = await deps.store.cases.get(id);
  if (!record || !canSeeCase(user, record))
    throw new LowformError('LF_NOT_FOUND', 'There is no such case.');
  // Appends this process started for the case come first, so entries keep their order; then the
  // repair: entries a crash left between the case write and the chronology append.
  await appendsDone(deps.store, record.id);
  await flushPendingEvents(deps.store, record);
  return record;
}

/** Records that someone looked at a case or one of its forms (the access log, not the chronology). */
export async function recordAccess(
  deps: CaseDeps,
  user: UserRecord,
  caseId: string,
  what: string,
): Promise<void> {
  await deps.access.record({ caseId, type: what, at: deps.now().toISOString(), actor: user.id });
}

/** Filters for the caseload. */
export interface CaseQuery {
  q?: string;
  stage?: string;
  assignee?: string;
  team?: string;
  overdue?: boolean;
  sort?: 'updated' | 'due' | 'reference';
  cursor?: string;
  limit?: number;
}

const sorts: Record<NonNullable<CaseQuery['sort']>, Sort> = {
  updated: { field: 'updatedAt', direction: 'desc' },
  due: { field: 'dueAt', direction: 'asc' },
  reference: { field: 'reference', direction: 'asc' },
};

/** The cases the user may see that match the query, one page at a time. */
export async function listCases(deps: CaseDeps, user: UserRecord, query: CaseQuery) {
  const filter: Filter = { visibleTo: { hasAny: userVisibility(user) } };
  if (query.stage) filter.stageStates = { has: query.stage };
  if (query.assignee) filter.assignee = query.assignee === 'me' ? user.id : query.assignee;
  if (query.team) filter.team = query.team;
  if (query.overdue) filter.dueAt = { lt: deps.now().toISOString().slice(0, 10) };
  const words = query.q ? searchWords(query.q) : [];
  if (words.length > 0) {
    // The store matches the longest word; the rest are checked here.
    const longest = [...words].sort((a, b) => b.length - a.length)[0]!;
    filter.searchTerms = { startsWith: longest };
  }
  const page = await deps.store.cases.list({
    filter,
    sort: sorts[query.sort ?? 'updated'],
    limit: query.limit ?? 25,
    cursor: query.cursor ?? null,
  });
  const items = page.items.filter((c) => matchesAllWords(c.searchTerms, words));
  return { items, nextCursor: page.nextCursor };
}

/** Allocation and restriction changes a manager makes. */
export interface CaseChanges {
  expectedVersion: number;
  assignee?: string | null;
  workers?: string[];
  restricted?: boolean;
}

/** Allocates a case or changes who may see it; recorded in the chronology. */
export async function changeCase(
  deps: CaseDeps,
  user: UserRecord,
  id: string,
  changes: CaseChanges,
) {
  const record = await readCase(deps, user, id);
  if (record.version !== changes.expectedVersion) {
    throw new LowformError('LF_CONFLICT', undefined, { currentVersion: record.version });
  }
  if (changes.assignee) {
    const assignee = await deps.store.users.get(changes.assignee);
    if (!assignee?.teams.includes(record.team)) {
      throw new LowformError(
        'LF_VALIDATION',
        'The case can only be allocated to someone in its team.',
        [{ in: 'body', path: '/assignee', problem: 'is not a member of the team' }],
      );
    }
  }
  const next = {
    team: record.team,
    assignee: changes.assignee === undefined ? record.assignee : changes.assignee,
    workers: changes.workers ?? record.workers,
    restricted: changes.restricted ?? record.restricted,
  };
  const parts: string[] = [];
  if (next.assignee !== record.assignee)
    parts.push(next.assignee ? 'Case allocated' : 'Case unallocated');
  if (next.restricted !== record.restricted)
    parts.push(next.restricted ? 'Case restricted' : 'Restriction lifted');
  if (changes.workers) parts.push('Named workers changed');
  return writeCase(
    deps.store,
    record,
    { ...next, visibleTo: caseVisibility(next), updatedAt: deps.now().toISOString() },
    serviceEntry(
      'assignment',
      'case-changed',
      user.id,
      deps.now(),
      parts.join('; ') || 'Case details saved',
      {
        assignee: next.assignee,
        restricted: next.restricted,
        workers: next.workers,
      },
    ),
  );
}

/** A submission without its answers. */
export type SubmissionSummary = Omit<SubmissionRecord, 'data'>;

/** A case's latest submission of each form, and the facts the engine's guards read. */
export interface SubmissionFacts {
  facts: Record<string, SubmissionFact>;
  latest: Map<string, SubmissionSummary>;
}

/** The id of a form's draft on a case: a case has at most one draft of each form. */
export function draftId(caseId: string, formId: string): string {
  return `${caseId}:${formId}:draft`;
}

/**
 * A form's first or latest submission on a case, else its draft, else null; with or without
 * its answers. One limit-1 query along the submissions index, whatever the number of submissions.
 */
export async function formSubmission(
  store: Store,
  caseId: string,
  formId: string,
  which: 'first' | 'latest',
  answers: boolean,
): Promise<SubmissionRecord | SubmissionSummary | null> {
  const submitted = await store.submissions.list({
    filter: { caseId, formId, status: 'submitted' },
    sort: { field: 'submittedAt', direction: which === 'first' ? 'asc' : 'desc' },
    limit: 1,
    ...(answers ? {} : { omit: ['data'] }),
  });
  return submitted.items[0] ?? (await store.submissions.get(draftId(caseId, formId)));
}

/**
 * The latest submission of each form on a case, as the engine's guards read them: the last one
 * submitted, else the draft. Found through the submissions index (the forms on the case, then
 * each form's latest), so the cost grows with the forms on a case, not with how often they were
 * submitted. Answers are read only for the forms whose answers the workflow's guards look at
 * (`workflow.answersRead`); the other forms' facts say only whether they were submitted.
 */
export async function submissionFacts(
  store: Store,
  caseId: string,
  workflow: Workflow,
): Promise<SubmissionFacts> {
  const forms = await store.submissions.countBy('formId', { caseId });
  const found = await Promise.all(
    forms.map(async ({ value }) => {
      const formId = String(value);
      const answers = workflow.answersRead.has(formId);
      const record = await formSubmission(store, caseId, formId, 'latest', answers);
      return { formId, answers, record };
    }),
  );
  const latest = new Map<string, SubmissionSummary>();
  const facts: Record<string, SubmissionFact> = {};
  for (const { formId, answers, record } of found) {
    if (!record) continue;
    const { data, ...summary } = record as SubmissionRecord;
    latest.set(formId, summary);
    facts[formId] = { status: record.status, data: answers ? (data ?? {}) : {} };
  }
  return { facts, latest };
}

/** A deadline with its standing today: overdue, due soon (3 working days or fewer) or on track. */
export function deadlineStanding(deadline: CaseDeadline, now: Date) {
  const progress = deadlineProgress(deadline, now, englandAndWales);
  const view = {
    label: deadline.label,
    dueOn: deadline.dueOn,
    startedOn: deadline.startedOn,
    elapsedDays: progress.elapsedDays,
  };
  if (deadline.dueOn === null) return view;
  const workingDays = progress.workingDaysLeft ?? 0;
  const status = progress.overdue ? 'overdue' : workingDays <= 3 ? 'due-soon' : 'on-track';
  return { ...view, status, workingDays };
}

/** The case's most pressing deadline with its standing, for lists. */
export function deadlineSummary(record: CaseRecord, now: Date) {
  const current = record.deadline;
  if (!current) return null;
  const deadline = readSnapshot(record).deadlines.find(
    (d) => d.state === current.state && d.label === current.label,
  );
  return deadline ? deadlineStanding(deadline, now) : null;
}

/** Display names of users by id, for people shown on a page. */
export async function displayNames(
  store: Store,
  ids: Iterable<string>,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(ids)) {
    const user = await store.users.get(id);
    names.set(id, user?.displayName ?? 'Former user');
  }
  return names;
}

/** A case as a caseload row. */
export function caseSummary(record: CaseRecord, now: Date, names: Map<string, string>) {
  return {
    id: record.id,
    reference: record.reference,
    subject: record.subject,
    stageTitle: record.stageTitle,
    stages: record.stages,
    deadline: deadlineSummary(record, now),
    assignee: record.assignee
      ? { id: record.assignee, displayName: names.get(record.assignee) ?? '' }
      : null,
    team: record.team,
    restricted: record.restricted,
    updatedAt: record.updatedAt,
    version: record.version,
    final: record.final,
  };
}

/** Everything the case page needs. */
export async function caseView(
  deps: CaseDeps,
  user: UserRecord,
  record: CaseRecord,
  submissions?: SubmissionFacts,
) {
  const now = deps.now();
  const workflow: Workflow = await deps.registry.workflow(
    record.workflowId,
    record.workflowVersion,
  );
  const snapshot = readSnapshot(record);
  const { facts, latest } = submissions ?? (await submissionFacts(deps.store, record.id, workflow));
  const signOffs = Object.fromEntries(
    record.signOffs.map((s) => [s.event, { by: s.by, at: s.at }]),
  );
  const events: AvailableEvent[] = availableEvents(workflow, snapshot, {
    now,
    actor: actorOf(user),
    submissions: facts,
    signOffs,
  });
  const pending = new Set(record.signOffRequests.map((r) => r.event));
  const names = await displayNames(deps.store, [
    ...(record.assignee ? [record.assignee] : []),
    ...record.signOffRequests.map((r) => r.requestedBy),
  ]);
  const stages = record.stages.map(({ state, title }) => {
    const compiled = workflow.stages.get(state);
    const deadline = snapshot.deadlines.find((d) => d.state === state);
    return {
      state,
      title,
      forms: (compiled?.forms ?? []).map((f) => ({
        id: f.id,
        title: workflow.formTitle(f.id),
        required: f.required,
        status: latest.get(f.id)?.status ?? 'empty',
      })),
      documents: [...(compiled?.documents ?? [])],
      deadline: deadline ? deadlineStanding(deadline, now) : null,
    };
  });
  return {
    ...caseSummary(record, now, names),
    workflowId: record.workflowId,
    workflowVersion: record.workflowVersion,
    state: snapshot.value,
    stages,
    availableEvents: events.map((e) => ({
      type: e.type,
      label: e.label,
      enabled: e.enabled,
      reasons: e.reasons,
      late: e.late ?? false,
      needsSignOff: e.needsSignOff ?? false,
      signOffPending: pending.has(e.type),
    })),
    signOffRequests: record.signOffRequests.map((r) => ({
      ...r,
      requestedByName: names.get(r.requestedBy) ?? '',
    })),
  };
}
