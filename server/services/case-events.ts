/**
 * Moving a case on: the engine decides, the service writes. A stale version is a conflict; a
 * refusal comes back with the engine's reasons; an event that needs a manager's sign-off is
 * recorded as a request and waits.
 */
import { transition } from '../../engine/index.ts';
import { LowformError } from '../errors.ts';
import { listAll } from '../store/list-all.ts';
import type { CaseRecord, UserRecord } from '../store/store.ts';
import {
  acceptedChanges,
  pendingFromEffects,
  readSnapshot,
  serviceEntry,
  writeCase,
} from './case-record.ts';
import {
  type CaseDeps,
  displayNames,
  readCase,
  type SubmissionFacts,
  submissionFacts,
} from './cases.ts';

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
  const record = await readCase(deps, user, caseId);
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
    ...(input.reason ? { reason: input.reason } : {}),
  });
  if (!result.ok) {
    const request = result.effects.find((e) => e.type === 'requestSignOff');
    if (request && request.type === 'requestSignOff') {
      if (record.signOffRequests.some((r) => r.event === request.event)) {
        throw new LowformError(
          'LF_REFUSED',
          'This is already waiting for a manager to sign it off.',
          {
            reasons: ['Waiting for a manager to sign it off.'],
          },
        );
      }
      const entry = {
        event: request.event,
        summary: request.summary,
        requestedBy: user.id,
        at: request.at,
      };
      const waiting = await writeCase(
        deps.store,
        record,
        {
          signOffRequests: [
            ...record.signOffRequests,
            input.reason ? { ...entry, reason: input.reason } : entry,
          ],
          updatedAt: now.toISOString(),
        },
        serviceEntry(
          'sign-off',
          'sign-off-requested',
          user.id,
          now,
          `Sign-off requested: ${request.summary}`,
          {
            event: request.event,
            ...(input.reason ? { reason: input.reason } : {}),
          },
        ),
      );
      return { status: 'waiting', record: waiting, submissions };
    }
    const needsReason = !input.reason && result.reasons.some((r) => /reason/i.test(r));
    throw new LowformError('LF_REFUSED', result.reasons[0] ?? 'This cannot be done yet.', {
      reasons: result.reasons,
      needsReason,
    });
  }
  const changes = {
    ...acceptedChanges(workflow, result, now),
    // A sign-off is used up by its event; requests for events no longer possible lapse.
    signOffs: record.signOffs.filter((s) => s.event !== input.type),
    signOffRequests: record.signOffRequests.filter((r) => r.event !== input.type),
  };
  const moved = await writeCase(deps.store, record, changes, (version) =>
    pendingFromEffects(result.effects, version),
  );
  return { status: 'accepted', record: moved, submissions };
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
  const record = await readCase(deps, manager, caseId);
  const request = record.signOffRequests.find((r) => r.event === event);
  if (!request)
    throw new LowformError('LF_NOT_FOUND', 'Nothing on this case is waiting for that sign-off.');
  const now = deps.now();
  const signed = await writeCase(
    deps.store,
    record,
    {
      signOffs: [
        ...record.signOffs.filter((s) => s.event !== event),
        { event, by: manager.id, at: now.toISOString() },
      ],
      signOffRequests: record.signOffRequests.filter((r) => r.event !== event),
      updatedAt: now.toISOString(),
    },
    serviceEntry('approval', 'sign-off-given', manager.id, now, `Signed off: ${request.summary}`, {
      event,
    }),
  );
  try {
    const outcome = await takeEvent(deps, manager, caseId, {
      type: event,
      expectedVersion: signed.version,
      ...(request.reason ? { reason: request.reason } : {}),
    });
    return outcome.record;
  } catch (error) {
    // The sign-off stands even if the event cannot be taken yet; the worker can take it later.
    if (
      error instanceof LowformError &&
      (error.code === 'LF_REFUSED' || error.code === 'LF_CONFLICT')
    )
      return signed;
    throw error;
  }
}

/** Sign-off requests waiting on cases the manager can see. */
export async function signOffQueue(deps: CaseDeps, manager: UserRecord) {
  const teams = manager.teams.map((t) => `managers:${t}`);
  const items: {
    caseId: string;
    reference: string;
    event: string;
    summary: string;
    requestedBy: string;
    at: string;
  }[] = [];
  const cases = await listAll(deps.store.cases, {
    filter: { visibleTo: { hasAny: teams }, final: false },
  });
  for (const c of cases) {
    for (const r of c.signOffRequests) {
      items.push({
        caseId: c.id,
        reference: c.reference,
        event: r.event,
        summary: r.summary,
        requestedBy: r.requestedBy,
        at: r.at,
      });
    }
  }
  const names = await displayNames(
    deps.store,
    items.map((i) => i.requestedBy),
  );
  return items
    .map((i) => ({ ...i, requestedByName: names.get(i.requestedBy) ?? '' }))
    .sort((a, b) => (a.at < b.at ? -1 : 1));
}
