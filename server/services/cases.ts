/**
 * Cases: opening one on a workflow, finding them (search, filters, pages), reading one with all
 * its page needs, and allocating it. Moving a case on is in case-events.ts; its forms in
 * case-forms.ts.
 */
import { randomUUID } from 'node:crypto';
import {
  type AvailableEvent,
  availableEvents,
  type Calendar,
  type CaseDeadline,
  deadlineProgress,
  londonDate,
  type SubmissionFact,
  startCase,
  type Workflow,
} from '../../engine/index.ts';
import { LowformError } from '../errors.ts';
import { encodeCursor, readPath } from '../store/query.ts';
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
import { reasonView } from './reason-view.ts';
import type { CalendarSource } from './working-calendar.ts';

/** What case services need. */
export interface CaseDeps {
  store: Store;
  registry: DefinitionRegistry;
  now: () => Date;
  access: AccessLog;
  /** The working-day calendar deadlines are counted with (bank holidays, imported ones included). */
  calendar: CalendarSource;
}

/** The child a case is about, as sent by a client. */
export interface SubjectInput {
  firstName: string;
  lastName: string;
  dateOfBirth?: string;
  gender?: string;
}

/** What a client sends to open a case. */
export interface NewCaseInput {
  workflowId: string;
  subject: SubjectInput;
  team?: string;
  /** A case of a brother or sister: the new case joins its family (family-level answers). */
  siblingOf?: string;
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
  input: NewCaseInput,
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
  // The server makes family membership: a fresh, unguessable id, or the family of a sibling's
  // case that this user may see.
  const familyId = input.siblingOf
    ? await joinFamily(deps, user, input.siblingOf)
    : `family-${randomUUID()}`;
  const now = deps.now();
  const started = startCase(workflow, {
    now,
    actor: actorOf(user),
    calendar: deps.calendar.current(),
  });
  // The year in England: a case opened at 00:30 on New Year's Day belongs to the new year.
  const year = Number(londonDate(now).slice(0, 4));
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
    subject: { ...input.subject, familyId },
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

/**
 * The family id of a sibling's case the user may see, giving the sibling one if it has none (a
 * case opened before families were made by the server). A case the user may not see is refused
 * as if it did not exist.
 */
async function joinFamily(deps: CaseDeps, user: UserRecord, siblingId: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const sibling = await deps.store.cases.get(siblingId);
    if (!sibling || !canSeeCase(user, sibling)) {
      throw new LowformError('LF_VALIDATION', 'The sibling named is not a case you can see.', [
        { in: 'body', path: '/siblingOf', problem: 'is not a case you can see' },
      ]);
    }
    if (sibling.subject.familyId) return sibling.subject.familyId;
    const familyId = `family-${randomUUID()}`;
    const given = await deps.store.cases.update(sibling.id, sibling.version, {
      subject: { ...sibling.subject, familyId },
    });
    if (given.ok) return familyId;
  }
  throw new LowformError('LF_CONFLICT', 'The sibling case kept changing; try again.');
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

/** Records that someone was shown several cases (a list, a queue). */
export async function recordAccessMany(
  deps: CaseDeps,
  user: UserRecord,
  cases: readonly { id: string }[],
  what: string,
): Promise<void> {
  const at = deps.now().toISOString();
  await Promise.all(
    cases.map((c) => deps.access.record({ caseId: c.id, type: what, at, actor: user.id })),
  );
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
  if (query.overdue) filter.dueAt = { lt: londonDate(deps.now()) };
  const words = query.q ? searchWords(query.q) : [];
  if (words.length > 0) {
    // The store matches the longest word (the most selective); the others are checked here.
    const longest = [...words].sort((a, b) => b.length - a.length)[0]!;
    filter.searchTerms = { startsWith: longest };
  }
  const sort = sorts[query.sort ?? 'updated'];
  const limit = query.limit ?? 25;
  // Without words every row is kept, so reading the page size is enough.
  const read = words.length > 1 ? SEARCH_READ : limit;
  const page = await findPage(
    deps.store,
    { filter, sort, limit, read, cursor: query.cursor ?? null },
    (c) => matchesAllWords(c.searchTerms, words),
  );
  await recordAccessMany(deps, user, page.items, 'case-listed');
  return page;
}

/** How many rows a search reads at a time while filling a page. */
const SEARCH_READ = 100;

/**
 * One page of `limit` records that match the store's filter and `keep`. Rows `keep` drops are
 * read past, so a page is short only at the end, and the cursor is the position after the last
 * row looked at (a row dropped there is not looked at again).
 */
async function findPage(
  store: Store,
  query: { filter: Filter; sort: Sort; limit: number; read: number; cursor: string | null },
  keep: (record: CaseRecord) => boolean,
): Promise<{ items: CaseRecord[]; nextCursor: string | null }> {
  const { filter, sort, limit, read } = query;
  const items: CaseRecord[] = [];
  let cursor = query.cursor;
  let more = true;
  while (items.length < limit && more) {
    const page = await store.cases.list({ filter, sort, limit: read, cursor });
    let looked = 0;
    for (const record of page.items) {
      if (items.length === limit) break;
      looked++;
      if (keep(record)) items.push(record);
      cursor = encodeCursor(sort, readPath(record, sort.field), record.id);
    }
    more = looked < page.items.length || page.nextCursor !== null;
  }
  return { items, nextCursor: more ? cursor : null };
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
  if (changes.assignee)
    await checkTeamMember(deps.store, record.team, changes.assignee, '/assignee');
  for (const [i, worker] of (changes.workers ?? []).entries())
    await checkTeamMember(deps.store, record.team, worker, `/workers/${i}`);
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

/** Refuses a user id that is not an existing, active member of the team, naming the field. */
async function checkTeamMember(store: Store, team: string, id: string, path: string) {
  const member = await store.users.get(id);
  if (member?.active && member.teams.includes(team)) return;
  const problem = !member
    ? 'is not a user'
    : !member.active
      ? 'is a user who is no longer active'
      : 'is not a member of the team';
  throw new LowformError(
    'LF_VALIDATION',
    `Only active members of the case's team can be named on it: ${path.slice(1)} ${problem}.`,
    [{ in: 'body', path, problem }],
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
export function deadlineStanding(deadline: CaseDeadline, now: Date, calendar: Calendar) {
  const progress = deadlineProgress(deadline, now, calendar);
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
export function deadlineSummary(record: CaseRecord, now: Date, calendar: Calendar) {
  const current = record.deadline;
  if (!current) return null;
  const deadline = readSnapshot(record).deadlines.find(
    (d) => d.state === current.state && d.label === current.label,
  );
  return deadline ? deadlineStanding(deadline, now, calendar) : null;
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

/** The child's details as shown: the family id is the server's to keep. */
function subjectView(subject: CaseRecord['subject']) {
  const { familyId: _, ...shown } = subject;
  return shown;
}

/** A case as a caseload row. */
export function caseSummary(
  record: CaseRecord,
  now: Date,
  names: Map<string, string>,
  calendar: Calendar,
) {
  return {
    id: record.id,
    reference: record.reference,
    subject: subjectView(record.subject),
    stageTitle: record.stageTitle,
    stages: record.stages,
    deadline: deadlineSummary(record, now, calendar),
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

/**
 * Everything the case page needs; showing it to the user is recorded in the access log (while
 * the page is put together, and before it is returned).
 */
export async function caseView(
  deps: CaseDeps,
  user: UserRecord,
  record: CaseRecord,
  submissions?: SubmissionFacts,
) {
  const [view] = await Promise.all([
    casePage(deps, user, record, submissions),
    recordAccess(deps, user, record.id, 'case-viewed'),
  ]);
  return view;
}

async function casePage(
  deps: CaseDeps,
  user: UserRecord,
  record: CaseRecord,
  submissions?: SubmissionFacts,
) {
  const now = deps.now();
  const calendar = deps.calendar.current();
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
    calendar,
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
      deadline: deadline ? deadlineStanding(deadline, now, calendar) : null,
    };
  });
  return {
    ...caseSummary(record, now, names, calendar),
    workflowId: record.workflowId,
    workflowVersion: record.workflowVersion,
    state: snapshot.value,
    stages,
    availableEvents: events.map((e) => ({
      type: e.type,
      label: e.label,
      enabled: e.enabled,
      reasons: e.reasons.map(reasonView),
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
