import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { EMBEDDED_FILE_NAME, openEmbeddedStore } from '../../server/store/embedded.ts';
import { collectionIndexes, indexName } from '../../server/store/store.ts';
import { describeStoreContract } from './contract.ts';

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
