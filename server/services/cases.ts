/**
 * Cases: opening one on a workflow, finding them (search, filters, pages) and allocating them.
 * Moving a case on is in case-events.ts, its forms in case-forms.ts, what screens are shown in
 * case-views.ts; reading and writing records and their chronology is the case repository's.
 */
import { randomUUID } from 'node:crypto';
import { londonDate, startCase } from '../../engine/index.ts';
import { isLowformError, LowformError } from '../errors.ts';
import type { CaseRecord, Filter, Sort, Store, UserRecord } from '../store/store.ts';
import { formatCaseReference } from '../store/store.ts';
import { recordAccessMany } from './access-log.ts';
import { caseVisibility, userVisibility } from './case-access.ts';
import type { CaseDeps } from './case-deps.ts';
import { deadlineFields, executeEffects } from './case-effects.ts';
import { searchKey } from './case-keys.ts';
import { snapshotFields } from './case-record.ts';
import { caseSearchTerms, searchWords } from './case-search.ts';

export type { CaseDeps } from './case-deps.ts';

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
    actor: { id: user.id, roles: user.roles },
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
  const stage = snapshotFields(workflow, started.snapshot);
  const outcome = executeEffects(null, started.effects, {
    version: 1,
    at: now,
    stage: stage.stage,
  });
  const record: CaseRecord = {
    id: randomUUID(),
    version: 1,
    reference,
    workflowId: workflow.id,
    workflowVersion: workflow.version,
    ...stage,
    subject: { ...input.subject, familyId },
    ...base,
    visibleTo: caseVisibility(base),
    searchTerms: caseSearchTerms(input.subject, reference),
    pendingEvents: outcome.entries,
    signOffRequests: outcome.signOffRequests,
    ...deadlineFields(outcome.deadlines),
    documentOffers: outcome.documentOffers,
    signOffs: [],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    createdBy: user.id,
  };
  return deps.cases.insert(record);
}

/**
 * The family id of a sibling's case the user may see, giving the sibling one if it has none (a
 * case opened before families were made by the server). A case the user may not see is refused
 * as if it did not exist.
 */
async function joinFamily(deps: CaseDeps, user: UserRecord, siblingId: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const sibling = await deps.cases.readForChange(user, siblingId).catch((error: unknown) => {
      if (isLowformError(error, 'LF_NOT_FOUND')) return null;
      throw error;
    });
    if (!sibling) {
      throw new LowformError('LF_VALIDATION', 'The sibling named is not a case you can see.', [
        { in: 'body', path: '/siblingOf', problem: 'is not a case you can see' },
      ]);
    }
    if (sibling.subject.familyId) return sibling.subject.familyId;
    const familyId = `family-${randomUUID()}`;
    const given = await deps.cases
      .write(sibling, { subject: { ...sibling.subject, familyId } }, () => [])
      .then(
        () => true,
        (error: unknown) => {
          if (isLowformError(error, 'LF_CONFLICT')) return false;
          throw error;
        },
      );
    if (given) return familyId;
  }
  throw new LowformError('LF_CONFLICT', 'The sibling case kept changing; try again.');
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

/**
 * The cases the user may see that match the query, one page at a time, each list served by an
 * index: what the user may see by last change or due date (the visibility keys, multikey), a
 * search by the longest word under each of the user's visibility keys (`searchKeys`), with every
 * word then checked on the rows the index gives. The overdue list is ordered by due date.
 */
export async function listCases(deps: CaseDeps, user: UserRecord, query: CaseQuery) {
  const keys = userVisibility(user);
  const filter: Filter = { visibleTo: { hasAny: keys } };
  if (query.stage) filter.stageStates = { has: query.stage };
  if (query.assignee) filter.assignee = query.assignee === 'me' ? user.id : query.assignee;
  if (query.team) filter.team = query.team;
  if (query.overdue) filter.dueAt = { lt: londonDate(deps.now()) };
  const words = query.q ? searchWords(query.q) : [];
  if (words.length > 0) {
    // The longest word is the most selective to read the index at.
    const longest = [...words].sort((a, b) => b.length - a.length)[0]!;
    filter.searchKeys = { startsWithAny: keys.map((key) => searchKey(key, longest)) };
    filter.searchTerms = { startsWithAll: words };
  }
  const sort = sorts[query.sort ?? (query.overdue ? 'due' : 'updated')];
  const page = await deps.store.cases.list({
    filter,
    sort,
    limit: query.limit ?? 25,
    cursor: query.cursor ?? null,
  });
  await recordAccessMany(deps, user, page.items, 'case-listed');
  return page;
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
  const record = await deps.cases.readForChange(user, id);
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
  const at = deps.now().toISOString();
  return deps.cases.write(
    record,
    { ...next, visibleTo: caseVisibility(next), updatedAt: at },
    (version) => [
      {
        idempotencyKey: `v${version}:assignment`,
        kind: 'assignment',
        type: 'case-changed',
        at,
        actor: user.id,
        summary: parts.join('; ') || 'Case details saved',
        data: { assignee: next.assignee, restricted: next.restricted, workers: next.workers },
      },
    ],
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
