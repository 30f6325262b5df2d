/**
 * What the case screens are shown: the case page, a caseload row, a deadline's standing, the
 * chronology with people's names. Views only read; showing a case is in its access log.
 */
import {
  type AvailableEvent,
  availableEvents,
  type Calendar,
  type CaseDeadline,
  deadlineProgress,
  type Workflow,
} from '../../engine/index.ts';
import type { CaseRecord, EventRecord, Store, UserRecord } from '../store/store.ts';
import { recordAccess } from './access-log.ts';
import type { CaseDeps } from './case-deps.ts';
import { caseDeadlines, readSnapshot } from './case-record.ts';
import { type SubmissionFacts, submissionFacts } from './case-submissions.ts';
import { reasonView } from './reason-view.ts';

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
  // A case stored before deadlines were kept has the start date only in its snapshot.
  const deadline = record.deadlines
    ? current
    : caseDeadlines(record).find((d) => d.state === current.state && d.label === current.label);
  return deadline ? deadlineStanding(deadline, now, calendar) : null;
}

/** Display names of users by id, for people shown on a page: one query, whoever is named. */
export async function displayNames(
  store: Store,
  ids: Iterable<string>,
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  const names = new Map<string, string>(wanted.map((id) => [id, 'Former user']));
  if (wanted.length === 0) return names;
  // One person (the usual case page: the assignee, or the one actor of a move) is one read by
  // key, cheaper on both stores than a filtered list.
  if (wanted.length === 1) {
    const user = await store.users.get(wanted[0]!);
    if (user) names.set(user.id, user.displayName);
    return names;
  }
  const found = await store.users.list({
    filter: { id: { in: wanted } },
    limit: wanted.length,
    omit: ['passwordHash'],
  });
  for (const user of found.items) names.set(user.id, user.displayName);
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

/** Caseload rows, with every assignee's name from one query. */
export async function caseSummaries(deps: CaseDeps, records: readonly CaseRecord[]) {
  const names = await displayNames(
    deps.store,
    records.flatMap((c) => (c.assignee ? [c.assignee] : [])),
  );
  const now = deps.now();
  const calendar = deps.calendar.current();
  return records.map((c) => caseSummary(c, now, names, calendar));
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
  const [{ facts, latest }, names] = await Promise.all([
    submissions ?? submissionFacts(deps.store, record.id, workflow),
    displayNames(deps.store, [
      ...(record.assignee ? [record.assignee] : []),
      ...record.signOffRequests.map((r) => r.requestedBy),
    ]),
  ]);
  const signOffs = Object.fromEntries(
    record.signOffs.map((s) => [s.event, { by: s.by, at: s.at }]),
  );
  const events: AvailableEvent[] = availableEvents(workflow, snapshot, {
    now,
    actor: { id: user.id, roles: user.roles },
    submissions: facts,
    signOffs,
    calendar,
  });
  const pending = new Set(record.signOffRequests.map((r) => r.event));
  const open = caseDeadlines(record).filter((d) => d.status === 'open');
  const stages = record.stages.map(({ state, title }) => {
    const compiled = workflow.stages.get(state);
    const deadline = open.find((d) => d.state === state);
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
      signOffBy: e.signOffBy ?? [],
      signOffPending: pending.has(e.type),
    })),
    signOffRequests: record.signOffRequests.map((r) => ({
      ...r,
      requestedByName: names.get(r.requestedBy) ?? '',
    })),
  };
}

/** Chronology entries as shown, with the names of the people who made them. */
export async function chronologyView(store: Store, entries: readonly EventRecord[]) {
  const names = await displayNames(
    store,
    entries.map((e) => e.actor),
  );
  return entries.map((e) => ({
    seq: e.seq,
    kind: e.kind,
    type: e.type,
    summary: e.summary ?? e.type,
    at: e.at,
    actor: { id: e.actor, displayName: names.get(e.actor) ?? '' },
    ...(typeof e.data.reason === 'string' ? { reason: e.data.reason } : {}),
    data: e.data,
  }));
}
