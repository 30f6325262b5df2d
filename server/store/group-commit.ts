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

/** Options for a group committer. */
export interface GroupCommitOptions {
  /** Turns a SQLite failure into the error the writer receives (by default the failure itself). */
  mapError?: (error: unknown) => unknown;
}

/** A group committer on one connection. */
export function createGroupCommit(
  db: Database.Database,
  options: GroupCommitOptions = {},
): GroupCommit {
  const mapError = options.mapError ?? ((error: unknown) => error);
  let waiters: { settle: (error?: unknown) => void }[] = [];

  /** Settles the waiting writes: all acknowledged, or all failed with `error`. */
  function settleAll(error?: unknown): void {
    const settling = waiters;
    waiters = [];
    for (const w of settling) w.settle(error);
  }

  function commit(): void {
    if (!db.inTransaction) {
      // Only a rollback ends a transaction early, and it settles its writes as it happens.
      settleAll(mapError(new Error('The write transaction ended before its commit.')));
      return;
    }
    try {
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      settleAll(mapError(error));
      return;
    }
    settleAll();
  }

  return {
    write(write) {
      if (!db.inTransaction) {
        try {
          // Waits (up to busy_timeout) while another process holds the write lock.
          db.exec('BEGIN IMMEDIATE');
        } catch (error) {
          return Promise.reject(mapError(error));
        }
        setImmediate(commit);
      }
      let result: ReturnType<typeof write>;
      try {
        // A failed statement (a unique key taken) is undone on its own; the others stand.
        result = write();
      } catch (error) {
        // Some failures (SQLITE_FULL, SQLITE_IOERR) make SQLite roll the whole transaction back:
        // the turn's earlier writes are gone, so none of them may be acknowledged.
        if (!db.inTransaction) settleAll(mapError(error));
        return Promise.reject(mapError(error));
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
