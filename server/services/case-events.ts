/**
 * Moving a case on: the engine decides, the service writes. A stale version is a conflict; a
 * refusal comes back with the engine's reasons; an event that needs a manager's sign-off is
 * recorded as a request and waits.
 */
import { describeRoles, type Reason, type Role, transition } from '../../engine/index.ts';
import { LowformError } from '../errors.ts';
import { listAll } from '../store/list-all.ts';
import type { CaseRecord, UserRecord } from '../store/store.ts';
import { recordAccessMany } from './access-log.ts';
import { userVisibility } from './case-access.ts';
import type { CaseDeps } from './case-deps.ts';
import { deadlineFields, executeEffects } from './case-effects.ts';
import { signOffKey, waitingRequests } from './case-keys.ts';
import { effectBase, readSnapshot, snapshotFields } from './case-record.ts';
import { type SubmissionFacts, submissionFacts } from './case-submissions.ts';
import { displayNames } from './case-views.ts';
import { reasonView } from './reason-view.ts';

/** What a client sends to move a case. */
export interface EventInput {
  type: string;
  expectedVersion: number;
  reason?: string;
}

/** The outcome: the case moved, or the event waits for sign-off. */
export interface EventOutcome {
  status: 'accepted' | 'waiting';
  record: CaseRecord;
  /** The case's submissions as the decision saw them (the move changes none), for the view. */
  submissions: SubmissionFacts;
}

/** Sends an event to a case at the version the user saw. */
export async function takeEvent(
  deps: CaseDeps,
  user: UserRecord,
  caseId: string,
  input: EventInput,
): Promise<EventOutcome> {
  const record = await deps.cases.readForChange(user, caseId);
  if (record.version !== input.expectedVersion) {
    throw new LowformError('LF_CONFLICT', undefined, { currentVersion: record.version });
  }
  const workflow = await deps.registry.workflow(record.workflowId, record.workflowVersion);
  const submissions = await submissionFacts(deps.store, record.id, workflow);
  const { facts } = submissions;
  const now = deps.now();
  const result = transition(workflow, readSnapshot(record), input.type, {
    now,
    actor: { id: user.id, roles: user.roles },
    submissions: facts,
    signOffs: Object.fromEntries(record.signOffs.map((s) => [s.event, { by: s.by, at: s.at }])),
    calendar: deps.calendar.current(),
    ...(input.reason ? { reason: input.reason } : {}),
  });
  if (result.kind === 'held') {
    const { signOff } = result;
    if (record.signOffRequests.some((r) => r.event === signOff.event)) {
      const pending = reasonView({
        code: 'sign-off-pending',
        params: { event: signOff.event, label: signOff.label, by: signOff.by },
      });
      throw new LowformError('LF_REFUSED', pending.text, {
        reasons: [pending],
        needsReason: false,
      });
    }
    // The held event's effects ask for the sign-off: a request on the case and its entry.
    const asked = executeEffects(effectBase(record), result.effects, {
      version: record.version + 1,
      at: now,
      stage: record.stage,
    });
    const waiting = await deps.cases.write(
      record,
      { signOffRequests: asked.signOffRequests, updatedAt: now.toISOString() },
      () => asked.entries,
    );
    return { status: 'waiting', record: waiting, submissions };
  }
  if (result.kind === 'refused') throw refusal(result.reasons, !input.reason);
  const moved = snapshotFields(workflow, result.snapshot);
  const outcome = executeEffects(effectBase(record), result.effects, {
    version: record.version + 1,
    at: now,
    stage: moved.stage,
  });
  // A sign-off is used up by its event; a request lapses when the case leaves its stage.
  const kept = outcome.signOffRequests.filter(
    (r) => r.event !== input.type && (r.stage ?? record.stage) === moved.stage,
  );
  const lapsed = outcome.signOffRequests.filter((r) => r.event !== input.type && !kept.includes(r));
  const changes = {
    ...moved,
    ...deadlineFields(outcome.deadlines),
    documentOffers: outcome.documentOffers,
    updatedAt: now.toISOString(),
    signOffs: record.signOffs.filter((s) => s.event !== input.type),
    signOffRequests: kept,
  };
  const written = await deps.cases.write(record, changes, (version) => [
    ...outcome.entries,
    ...lapsed.map((r, i) =>
      lapseEntry(r, user.id, now, `v${version}:lapsed:${i}`, moved.stageTitle),
    ),
  ]);
  return { status: 'accepted', record: written, submissions };
}

/**
 * The 422 for a refused event: the reasons as `{code, params, text}`, and whether giving a reason
 * for lateness would let it through (decided on the code, never on the words).
 */
function refusal(reasons: Reason[], reasonMissing: boolean): LowformError {
  const views = reasons.map(reasonView);
  return new LowformError('LF_REFUSED', views[0]?.text ?? 'This cannot be done yet.', {
    reasons: views,
    needsReason: reasonMissing && reasons.some((r) => r.code === 'late-needs-reason'),
  });
}

/** The chronology entry saying once that a sign-off request lapsed when the case moved on. */
function lapseEntry(
  request: CaseRecord['signOffRequests'][number],
  actor: string,
  at: Date,
  key: string,
  stageTitle: string,
): CaseRecord['pendingEvents'][number] {
  return {
    idempotencyKey: key,
    kind: 'sign-off',
    type: 'sign-off-lapsed',
    at: at.toISOString(),
    actor,
    summary: `Sign-off request lapsed: ${request.summary} (the case moved on to ${stageTitle})`,
    data: { event: request.event, requestedBy: request.requestedBy },
  };
}

/**
 * A manager signs off a waiting event. The sign-off is recorded, then the event is taken on the
 * manager's authority with the reason the worker gave.
 */
export async function approveSignOff(
  deps: CaseDeps,
  manager: UserRecord,
  caseId: string,
  event: string,
): Promise<CaseRecord> {
  const record = await deps.cases.readForChange(manager, caseId);
  const request = record.signOffRequests.find((r) => r.event === event);
  if (!request && (await hasLapsed(deps, record.id, event))) {
    throw new LowformError(
      'LF_CONFLICT',
      'This request lapsed: the case moved on since it was made, so there is nothing to sign off. Ask for sign-off again if it is still needed.',
      { currentVersion: record.version, lapsed: true },
    );
  }
  if (!request)
    throw new LowformError('LF_NOT_FOUND', 'Nothing on this case is waiting for that sign-off.');
  if ((request.stage ?? record.stage) !== record.stage) {
    throw new LowformError(
      'LF_CONFLICT',
      'This request lapsed: the case has moved on since it was made, so there is nothing to sign off.',
      { currentVersion: record.version, lapsed: true },
    );
  }
  const now = deps.now();
  const signOff = { event, by: manager.id, at: now.toISOString() };
  const signOffs = [...record.signOffs.filter((s) => s.event !== event), signOff];
  // Ask the engine first, taking the event as the approver with no sign-off given: it is held
  // when the approver holds none of the roles the stage names to sign it off, refused when it
  // cannot be taken now. A sign-off is recorded only when the event it allows can be taken.
  const workflow = await deps.registry.workflow(record.workflowId, record.workflowVersion);
  const { facts } = await submissionFacts(deps.store, record.id, workflow);
  const check = transition(workflow, readSnapshot(record), event, {
    now,
    actor: { id: manager.id, roles: manager.roles },
    submissions: facts,
    signOffs: Object.fromEntries(record.signOffs.map((s) => [s.event, { by: s.by, at: s.at }])),
    calendar: deps.calendar.current(),
    ...(request.reason ? { reason: request.reason } : {}),
  });
  if (check.kind === 'held') {
    throw new LowformError(
      'LF_FORBIDDEN',
      `Only ${describeRoles(check.signOff.by)} can sign this off.`,
      { needs: check.signOff.by, has: manager.roles },
    );
  }
  if (check.kind === 'refused') throw refusal(check.reasons, false);
  const signed = await deps.cases.write(
    record,
    {
      signOffs,
      signOffRequests: record.signOffRequests.filter((r) => r.event !== event),
      updatedAt: now.toISOString(),
    },
    (version) => [
      {
        idempotencyKey: `v${version}:approval`,
        kind: 'approval',
        type: 'sign-off-given',
        at: now.toISOString(),
        actor: manager.id,
        summary: `Signed off: ${request.summary}`,
        data: { event },
      },
    ],
  );
  const outcome = await takeEvent(deps, manager, caseId, {
    type: event,
    expectedVersion: signed.version,
    ...(request.reason ? { reason: request.reason } : {}),
  });
  return outcome.record;
}

/** True when the case's last word on a sign-off request for `event` is that it lapsed. */
async function hasLapsed(deps: CaseDeps, caseId: string, event: string): Promise<boolean> {
  const entries = await listAll(deps.store.events, {
    filter: { caseId, kind: 'sign-off' },
    sort: { field: 'seq', direction: 'desc' },
  });
  const last = entries.find((e) => e.data.event === event);
  return last?.type === 'sign-off-lapsed';
}

/**
 * Sign-off requests waiting on cases of the manager's teams that the manager's roles may give,
 * oldest first, a page of cases at a time: read from the index of `signOffKeys` (team and
 * signing role), so the queue costs what it shows, however many cases the teams have.
 */
export async function signOffQueue(
  deps: CaseDeps,
  manager: UserRecord,
  query: { cursor?: string | undefined; limit?: number | undefined } = {},
) {
  const keys = manager.teams.flatMap((team) => manager.roles.map((role) => signOffKey(team, role)));
  const page = await deps.store.cases.list({
    filter: { signOffKeys: { hasAny: keys }, visibleTo: { hasAny: userVisibility(manager) } },
    sort: { field: 'signOffSince', direction: 'asc' },
    limit: query.limit ?? 50,
    cursor: query.cursor ?? null,
    omit: ['snapshot', 'pendingEvents'],
  });
  await recordAccessMany(deps, manager, page.items, 'sign-off-listed');
  const items = page.items.flatMap((c) =>
    waitingRequests(c)
      // A request from before requests named their roles was for managers.
      .filter((r) => (r.by ?? ['manager']).some((role) => manager.roles.includes(role as Role)))
      .map((r) => ({
        caseId: c.id,
        reference: c.reference,
        event: r.event,
        summary: r.summary,
        requestedBy: r.requestedBy,
        at: r.at,
      }))
      .sort((a, b) => (a.at < b.at ? -1 : 1)),
  );
  const names = await displayNames(
    deps.store,
    items.map((i) => i.requestedBy),
  );
  return {
    items: items.map((i) => ({ ...i, requestedByName: names.get(i.requestedBy) ?? '' })),
    nextCursor: page.nextCursor,
  };
}
