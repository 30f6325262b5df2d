/**
 * Group commit for the embedded store. Every write made in one turn of the event loop runs
 * inside one SQLite transaction, committed once at the end of the turn; concurrent requests then
 * share a commit instead of queueing for one each.
 *
 * Durability is that of SQLite's synchronous=FULL (the WAL is synced after each commit, before
 * the write is acknowledged) but the sync runs on libuv's thread pool, not on the event loop:
 * the connection runs with synchronous=NORMAL (COMMIT writes the WAL without syncing it), then
 * `fdatasync` on the WAL file. Each write's promise settles only after a sync that began after
 * its commit has finished. Syncs do not overlap: writes made while one runs stay in the open
 * transaction, committed as one when it ends and covered by the next sync; fewer, larger commits
 * write fewer WAL pages, and no write waits longer than it would have.
 *
 * One consequence: for the millisecond or so of a sync, other requests in this process can read
 * what a commit wrote before that commit is acknowledged. A request that also writes (reading a
 * case records an access) is acknowledged after its own commit's sync, which covers the earlier
 * commit too.
 */
import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs';
import type Database from 'better-sqlite3';

/** Runs writes inside the turn's shared transaction. */
export interface GroupCommit {
  /** Runs `write` now, inside the open transaction; resolves with its result once it is on disk. */
  write<R>(write: () => R): Promise<R>;
  /** Commits and syncs whatever is open, at once (before closing a store on the connection). */
  flush(): void;
  /** Flushes and lets go of the WAL file (before closing the connection). */
  close(): void;
}

type Waiter = (error?: unknown) => void;

/** Syncs a file's data to disk and calls back: `fs.fdatasync`, or a stand-in in tests. */
export type SyncFile = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

/** A group committer on one connection to the database file `file` (in WAL mode). */
export function createGroupCommit(
  db: Database.Database,
  file: string,
  sync: SyncFile = fdatasync,
): GroupCommit {
  let open: Waiter[] = [];
  let committed: Waiter[] = [];
  let syncing = false;
  let closing = false;
  let walFd: number | null = null;

  const settle = (waiters: Waiter[], error?: unknown) => {
    for (const w of waiters) w(error);
  };

  /** The WAL file, opened once (SQLite keeps the same file while a connection is open). */
  function wal(): number {
    walFd ??= openSync(`${file}-wal`, 'r+');
    return walFd;
  }

  function startSync(): void {
    if (syncing || committed.length === 0) return;
    const covered = committed;
    committed = [];
    syncing = true;
    let fd: number;
    try {
      fd = wal();
    } catch (error) {
      syncing = false;
      settle(covered, error);
      return;
    }
    sync(fd, (error) => {
      syncing = false;
      settle(covered, error ?? undefined);
      if (closing) return releaseWal();
      // Writes made while the sync ran were kept in the open transaction: commit them now, as
      // one, and sync again.
      commit();
      startSync();
    });
  }

  function releaseWal(): void {
    if (walFd === null) return;
    closeSync(walFd);
    walFd = null;
  }

  /** Commits the turn's transaction; its writes wait for the next sync. */
  function commit(): boolean {
    const waiting = open;
    open = [];
    if (!db.inTransaction) return false;
    try {
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      settle(waiting, error);
      return false;
    }
    committed.push(...waiting);
    return true;
  }

  return {
    write(write) {
      if (!db.inTransaction) {
        db.exec('BEGIN IMMEDIATE');
        setImmediate(() => {
          // While a sync runs, the transaction stays open and gathers later turns' writes too:
          // they could not be acknowledged before the next sync anyway. The sync's end commits.
          if (syncing) return;
          if (commit()) startSync();
        });
      }
      let result: ReturnType<typeof write>;
      try {
        // A failed statement (a unique key taken) is undone on its own; the others stand.
        result = write();
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise((resolve, reject) => {
        open.push((error) => (error === undefined ? resolve(result) : reject(error)));
      });
    },
    flush() {
      commit();
      if (committed.length === 0) return;
      const covered = committed;
      committed = [];
      let failure: unknown;
      try {
        fdatasyncSync(wal());
      } catch (error) {
        failure = error;
      }
      settle(covered, failure);
    },
    close() {
      this.flush();
      closing = true;
      // A sync still running on the thread pool closes the file when it ends.
      if (!syncing) releaseWal();
    },
  };
}
