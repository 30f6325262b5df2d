/**
 * The access log: every read of a case or one of its forms is recorded before the response goes
 * out. Entries recorded together (one response's list, a page's reads) are written as one group
 * at the end of the current task, so on the embedded store they join the writes the response is
 * already waiting for in the turn's group commit, rather than costing a commit of their own.
 */
import { randomUUID } from 'node:crypto';
import type { AccessRecord, Store } from '../store/store.ts';

/** Records reads. */
export interface AccessLog {
  /** Resolves once the entry is stored. */
  record(entry: Omit<AccessRecord, 'id' | 'version'>): Promise<void>;
}

/** An access log writing to the store in groups. */
export function createAccessLog(store: Store): AccessLog {
  let batch: { entries: AccessRecord[]; done: Promise<void> } | null = null;

  function startBatch() {
    const entries: AccessRecord[] = [];
    const done = new Promise<void>((resolve, reject) => {
      queueMicrotask(() => {
        batch = null;
        store.access.insertMany(entries).then(resolve, reject);
      });
    });
    return { entries, done };
  }

  return {
    record(entry) {
      batch ??= startBatch();
      // Ids that sort in arrival order, so that reads at the same instant list as they came.
      const id = `${process.hrtime.bigint().toString().padStart(20, '0')}-${randomUUID()}`;
      batch.entries.push({ ...entry, id, version: 1 });
      return batch.done;
    },
  };
}

/** What recording a read needs. */
export interface AccessDeps {
  access: AccessLog;
  now: () => Date;
}

/** Records that someone was shown a case or one of its forms (the access log, not the chronology). */
export async function recordAccess(
  deps: AccessDeps,
  user: { id: string },
  caseId: string,
  what: string,
): Promise<void> {
  await deps.access.record({ caseId, type: what, at: deps.now().toISOString(), actor: user.id });
}

/** Records that someone was shown several cases (a list, a queue). */
export async function recordAccessMany(
  deps: AccessDeps,
  user: { id: string },
  cases: readonly { id: string }[],
  what: string,
): Promise<void> {
  const at = deps.now().toISOString();
  await Promise.all(
    cases.map((c) => deps.access.record({ caseId: c.id, type: what, at, actor: user.id })),
  );
}
