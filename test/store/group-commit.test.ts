import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  createGroupCommit,
  type GroupCommit,
  type SyncFile,
} from '../../server/store/group-commit.ts';

/** A sync that waits until the test lets it finish. */
function heldSync() {
  const pending: ((error: NodeJS.ErrnoException | null) => void)[] = [];
  const sync: SyncFile = (_fd, done) => {
    pending.push(done);
  };
  return { sync, pending };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Whether a promise has settled yet, without waiting for it. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol('pending');
  const result = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    Promise.resolve(marker),
  ]);
  return result !== marker;
}

describe('group commit (embedded store)', () => {
  let dir: string;
  let db: Database.Database;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lowform-group-commit-'));
    file = path.join(dir, 'test.sqlite');
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE t (n INTEGER)');
  });

  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  const insert = (writes: GroupCommit, n: number) =>
    writes.write(() => db.prepare('INSERT INTO t (n) VALUES (?)').run(n).changes);

  it('acknowledges a write only after the WAL sync that follows its commit', async () => {
    const { sync, pending } = heldSync();
    const writes = createGroupCommit(db, file, sync);
    const first = insert(writes, 1);
    const second = insert(writes, 2);
    await nextTurn();
    assert.equal(db.inTransaction, false, 'the turn’s transaction is committed');
    assert.equal(pending.length, 1, 'one sync for both writes');
    assert.equal(await settled(first), false);
    assert.equal(await settled(second), false);
    pending[0]!(null);
    assert.deepEqual(await Promise.all([first, second]), [1, 1]);
  });

  it('keeps writes made during a sync for one commit when it ends, covered by the next sync', async () => {
    const { sync, pending } = heldSync();
    const writes = createGroupCommit(db, file, sync);
    const early = insert(writes, 1);
    await nextTurn();
    const late = insert(writes, 2);
    const later = insert(writes, 3);
    await nextTurn();
    assert.equal(pending.length, 1, 'no second sync while the first runs');
    assert.equal(db.inTransaction, true, 'later writes wait, uncommitted, for the sync to end');
    pending[0]!(null);
    await early;
    assert.equal(db.inTransaction, false, 'committed as one when the sync ended');
    assert.equal(await settled(late), false, 'the first sync began before this commit');
    assert.equal(pending.length, 2, 'the next sync starts when the first ends');
    pending[1]!(null);
    assert.deepEqual(await Promise.all([late, later]), [1, 1]);
  });

  it('fails the writes a failed sync covered', async () => {
    const { sync, pending } = heldSync();
    const writes = createGroupCommit(db, file, sync);
    const write = insert(writes, 1);
    await nextTurn();
    const failure = Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
    pending[0]!(failure);
    await assert.rejects(write, /EIO/);
  });

  it('fails only the write whose statement fails, and keeps the others of its turn', async () => {
    db.exec('CREATE UNIQUE INDEX t_n ON t (n)');
    const writes = createGroupCommit(db, file);
    const results = await Promise.allSettled([
      insert(writes, 1),
      insert(writes, 1),
      insert(writes, 2),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.deepEqual(db.prepare('SELECT n FROM t ORDER BY n').pluck().all(), [1, 2]);
  });

  it('commits and syncs at once when flushed, so another connection sees the write', async () => {
    const writes = createGroupCommit(db, file);
    const write = insert(writes, 7);
    writes.flush();
    assert.equal(await write, 1);
    const other = new Database(file, { readonly: true });
    try {
      assert.deepEqual(other.prepare('SELECT n FROM t').pluck().all(), [7]);
    } finally {
      other.close();
    }
    writes.close();
  });
});
