/**
 * The indexed keys a case carries for its lists, derived from the rest of the record whenever
 * it is written (case-repository.ts), so they never drift from what they stand for:
 * - `searchKeys`: each search term behind each visibility key that reaches the case
 *   (`team:north smith`), so a search by name reads only cases the user may see, in the index;
 * - `signOffKeys`: `<team> <role>` for each role that may give a sign-off waiting in the case's
 *   stage, and `signOffSince`, when the oldest of them was asked for: the sign-off queue.
 * Cases stored before these keys existed get them once, when a store is opened (`backfill`).
 */
import type { CaseRecord, Store } from '../store/store.ts';

/** The record fields the keys are derived from. */
type KeySource = Pick<
  CaseRecord,
  'visibleTo' | 'searchTerms' | 'signOffRequests' | 'stage' | 'team' | 'final'
>;

/** The visibility keys search is scoped by: `managers:` adds nothing where `team:` is there. */
function searchScopes(visibleTo: readonly string[]): string[] {
  return visibleTo.filter(
    (key) => !key.startsWith('managers:') || !visibleTo.includes(`team:${key.slice(9)}`),
  );
}

/** The key a user's search word is looked up under, for one visibility key the user holds. */
export function searchKey(visibilityKey: string, word: string): string {
  return `${visibilityKey} ${word}`;
}

/** The key a manager's queue is looked up under: a team and a role that may sign off. */
export function signOffKey(team: string, role: string): string {
  return `${team} ${role}`;
}

/** The sign-off requests still waiting: those made in the stage the case is in. */
export function waitingRequests(record: Pick<CaseRecord, 'signOffRequests' | 'stage'>) {
  return record.signOffRequests.filter((r) => (r.stage ?? record.stage) === record.stage);
}

/** The indexed keys of a case as it is. */
export function caseKeys(
  record: KeySource,
): Pick<CaseRecord, 'searchKeys' | 'signOffKeys' | 'signOffSince'> {
  const searchKeys = searchScopes(record.visibleTo).flatMap((scope) =>
    record.searchTerms.map((term) => searchKey(scope, term)),
  );
  const waiting = record.final ? [] : waitingRequests(record);
  // A request from before requests named their roles was for managers.
  const roles = new Set(waiting.flatMap((r) => r.by ?? ['manager']));
  const signOffKeys = [...roles].map((role) => signOffKey(record.team, role));
  const since = waiting.map((r) => r.at).sort()[0];
  return { searchKeys, signOffKeys, ...(since ? { signOffSince: since } : {}) };
}

/** The changes to write with a change of a case: its keys as they will be afterwards. */
export function withCaseKeys<C extends Partial<CaseRecord>>(record: CaseRecord, changes: C) {
  const next = { ...record, ...changes };
  const keys = caseKeys(next);
  // Without a waiting request the field goes: written as absent, not as a stale date.
  return { ...changes, ...keys, signOffSince: keys.signOffSince } as C &
    ReturnType<typeof caseKeys>;
}

/** The name of the counter that says the keys of every stored case have been derived. */
const BACKFILLED = 'lowform.migration.case-keys-1';

/**
 * Gives every case stored before the keys existed its keys, once per store: a counter marks it
 * done, so later starts read nothing. Each case is written by compare-and-set; one changed
 * meanwhile was written with its keys by whoever changed it, and is left alone.
 */
export async function backfillCaseKeys(store: Store): Promise<number> {
  if ((await store.currentNumber(BACKFILLED)) > 0) return 0;
  let cursor: string | null = null;
  let written = 0;
  do {
    const page = await store.cases.list({ filter: { searchKeys: null }, limit: 200, cursor });
    for (const record of page.items) {
      const result = await store.cases.update(record.id, record.version, caseKeys(record));
      if (result.ok) written++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  await store.nextNumber(BACKFILLED);
  return written;
}
