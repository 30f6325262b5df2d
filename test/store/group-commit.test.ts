import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createGroupCommit, type GroupCommit } from '../../server/store/group-commit.ts';

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
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (n INTEGER)');
  });

  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  const insert = (writes: GroupCommit, n: number) =>
    writes.write(() => db.prepare('INSERT INTO t (n) VALUES (?)').run(n).changes);
  const seenElsewhere = () => {
    const other = new Database(file, { readonly: true });
    try {
      return other.prepare('SELECT n FROM t ORDER BY n').pluck().all();
    } finally {
      other.close();
    }
  };

  it('acknowledges the writes of one turn together, only once their shared commit is done', async () => {
    const writes = createGroupCommit(db);
    const first = insert(writes, 1);
    const second = insert(writes, 2);
    assert.equal(db.inTransaction, true, 'both writes wait in one open transaction');
    assert.equal(await settled(first), false);
    assert.deepEqual(seenElsewhere(), [], 'nothing is visible before the commit');
    assert.deepEqual(await Promise.all([first, second]), [1, 1]);
    assert.equal(db.inTransaction, false);
    assert.deepEqual(seenElsewhere(), [1, 2]);
  });

  it('fails only the write whose statement fails, and keeps the others of its turn', async () => {
    db.exec('CREATE UNIQUE INDEX t_n ON t (n)');
    const writes = createGroupCommit(db);
    const results = await Promise.allSettled([
      insert(writes, 1),
      insert(writes, 1),
      insert(writes, 2),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.deepEqual(seenElsewhere(), [1, 2]);
  });

  it('commits at once when flushed, so another connection sees the write', async () => {
    const writes = createGroupCommit(db);
    const write = insert(writes, 7);
    writes.flush();
    assert.deepEqual(seenElsewhere(), [7]);
    assert.equal(await write, 1);
  });

  it('acknowledges none of a turn whose transaction SQLite rolled back, and runs the next writes on', async () => {
    db.exec('CREATE TABLE big (b BLOB)');
    // A database that may not grow past a few pages: a large row then fails with SQLITE_FULL,
    // which SQLite answers by rolling back the whole transaction, earlier writes included.
    db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 4}`);
    const writes = createGroupCommit(db);
    const first = insert(writes, 1);
    const full = writes.write(() =>
      db.prepare('INSERT INTO big (b) VALUES (?)').run(Buffer.alloc(64 * 1024)),
    );
    const after = insert(writes, 3);
    const outcomes = await Promise.race([
      Promise.allSettled([first, full, after]),
      new Promise((resolve) => setTimeout(() => resolve('a write never settled'), 1000)),
    ]);
    assert.ok(Array.isArray(outcomes), String(outcomes));
    assert.deepEqual(
      outcomes.map((o) =>
        o.status === 'rejected' ? (o.reason as { code?: string }).code : o.value,
      ),
      ['SQLITE_FULL', 'SQLITE_FULL', 1],
    );
    assert.deepEqual(seenElsewhere(), [3], 'only the write made after the rollback is kept');
  });
});
