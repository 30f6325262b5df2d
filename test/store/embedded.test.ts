import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { EMBEDDED_FILE_NAME, openEmbeddedStore } from '../../server/store/embedded.ts';
import { collectionIndexes, indexName } from '../../server/store/store.ts';
import { describeStoreContract } from './contract.ts';
import { makeCase } from './fixtures.ts';
import { mountSmallDisk } from './small-disk.ts';

let dataDir = '';

describeStoreContract('store contract (embedded)', {
  async create() {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'lowform-store-'));
  },
  async open() {
    return openEmbeddedStore({ dataDir });
  },
  async destroy() {
    await rm(dataDir, { recursive: true, force: true });
  },
  async openStalled(timeoutMs) {
    // A store of its own, so that its connections take this deadline.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lowform-stalled-'));
    const store = openEmbeddedStore({ dataDir: dir, timeoutMs });
    // Another connection holds the write lock, as another process (the CLI) can.
    const holder = new Database(path.join(dir, EMBEDDED_FILE_NAME));
    holder.exec('BEGIN IMMEDIATE');
    return {
      store,
      async end() {
        if (holder.open) holder.close();
      },
      async close() {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
  async openOnSmallDisk() {
    const disk = mountSmallDisk(4);
    const store = openEmbeddedStore({ dataDir: disk.dir });
    return {
      store,
      start: async () => disk.fill(),
      end: async () => disk.free(),
      async close() {
        await store.close();
        disk.unmount();
      },
    };
  },
});

describe('embedded store indexes', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lowform-indexes-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const indexNames = (table: string) => {
    const db = new Database(path.join(dir, EMBEDDED_FILE_NAME), { readonly: true });
    try {
      const rows = db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = ?",
        )
        .all(table) as { name: string }[];
      return rows.map((r) => r.name).sort();
    } finally {
      db.close();
    }
  };

  it('drops, at open, an index an earlier version declared and this one does not', async () => {
    await openEmbeddedStore({ dataDir: dir }).close();
    const declared = collectionIndexes.submissions.map((i) => indexName('submissions', i));
    assert.deepEqual(indexNames('submissions'), declared.sort());
    const db = new Database(path.join(dir, EMBEDDED_FILE_NAME));
    db.exec(
      `CREATE INDEX "submissions_caseId_formId" ON submissions (json_extract(doc, '$.caseId'), json_extract(doc, '$.formId'))`,
    );
    db.close();
    assert.ok(indexNames('submissions').includes('submissions_caseId_formId'));
    await openEmbeddedStore({ dataDir: dir }).close();
    assert.deepEqual(indexNames('submissions'), declared.sort());
  });
});

describe('embedded store reads', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lowform-reads-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('shows no record whose write is not yet committed, and shows it once the write is acknowledged', async () => {
    const store = openEmbeddedStore({ dataDir: dir });
    try {
      await store.cases.insert(makeCase(1));
      const record = makeCase(2, { team: 'south' });
      // Not awaited: the insert runs now inside the turn's open transaction, committed later.
      const written = store.cases.insert(record);
      const moved = store.cases.update(makeCase(1).id, 1, { stage: 'assessment' });
      const next = store.nextNumber('CP-2026');
      assert.equal(await store.cases.get(record.id), null);
      assert.equal(await store.cases.findOne({ team: 'south' }), null);
      assert.deepEqual((await store.cases.list()).items, [makeCase(1)]);
      assert.equal(await store.cases.count(), 1);
      assert.deepEqual(await store.cases.countBy('stage'), [{ value: 'referral', count: 1 }]);
      assert.equal(await store.currentNumber('CP-2026'), 0);

      await Promise.all([written, moved, next]);
      assert.deepEqual(await store.cases.get(record.id), record);
      assert.deepEqual(await store.cases.findOne({ team: 'south' }), record);
      assert.equal(await store.cases.count(), 2);
      assert.deepEqual(await store.cases.countBy('stage'), [
        { value: 'assessment', count: 1 },
        { value: 'referral', count: 1 },
      ]);
      assert.equal(await store.currentNumber('CP-2026'), 1);
    } finally {
      await store.close();
    }
  });

  it('shows a chronology entry only once its append is committed', async () => {
    const store = openEmbeddedStore({ dataDir: dir });
    try {
      const appended = store.events.append({
        caseId: 'case-0001',
        kind: 'event',
        type: 'created',
        at: '2026-03-14T09:30:00.000Z',
        actor: 'user-1',
        data: {},
      });
      assert.equal(await store.events.count({ caseId: 'case-0001' }), 0);
      const { record } = await appended;
      assert.deepEqual((await store.events.list({ filter: { caseId: 'case-0001' } })).items, [
        record,
      ]);
    } finally {
      await store.close();
    }
  });
});
