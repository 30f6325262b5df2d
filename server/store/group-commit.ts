/**
 * Group commit for the embedded store. Every write made in one turn of the event loop runs
 * inside one SQLite transaction, committed (and fsynced) once at the end of the turn; each
 * write's promise settles only after that commit, so nothing is acknowledged before it is on
 * disk. Concurrent requests then share an fsync instead of queueing for one each.
 */
import type Database from 'better-sqlite3';

/** Runs writes inside the turn's shared transaction. */
export interface GroupCommit {
  /** Runs `write` now, inside the open transaction; resolves with its result after the commit. */
  write<R>(write: () => R): Promise<R>;
  /** Commits whatever is open, at once (before closing the database). */
  flush(): void;
}

/** A group committer on one connection. */
export function createGroupCommit(db: Database.Database): GroupCommit {
  let waiters: { settle: (error?: unknown) => void }[] = [];

  function commit(): void {
    const settling = waiters;
    waiters = [];
    if (!db.inTransaction) return;
    try {
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      for (const w of settling) w.settle(error);
      return;
    }
    for (const w of settling) w.settle();
  }

  return {
    write(write) {
      if (!db.inTransaction) {
        db.exec('BEGIN IMMEDIATE');
        setImmediate(commit);
      }
      let result: ReturnType<typeof write>;
      try {
        // A failed statement (a unique key taken) is undone on its own; the others stand.
        result = write();
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise((resolve, reject) => {
        waiters.push({
          settle: (error) => (error === undefined ? resolve(result) : reject(error)),
        });
      });
    },
    flush: commit,
  };
}
