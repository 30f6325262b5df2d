import assert from 'node:assert/strict';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { openMongoStore } from '../../server/store/mongodb.ts';
import { collectionIndexes, indexName } from '../../server/store/store.ts';
import { startFerretDB } from '../support/ferretdb.ts';
import { dropTestDatabase, mongoTestUri, uniqueDatabaseName } from '../support/mongo-server.ts';
import { describeStoreContract } from './contract.ts';
import { makeCase } from './fixtures.ts';
import { mountSmallDisk } from './small-disk.ts';

let uri = '';
let database = '';

describeStoreContract('store contract (mongodb)', {
  async create() {
    uri = await mongoTestUri();
    database = uniqueDatabaseName('lowform_contract');
  },
  async open() {
    return openMongoStore({ uri, database });
  },
  async destroy() {
    await dropTestDatabase(uri, database);
  },
  async openStalled(timeoutMS) {
    // A FerretDB of its own to freeze: SIGSTOP keeps its sockets open and answers nothing.
    const server = await startFerretDB();
    const store = await openMongoStore({ uri: server.uri, database: 'lowform_stalled', timeoutMS });
    process.kill(server.pid, 'SIGSTOP');
    let frozen = true;
    return {
      store,
      async end() {
        if (frozen) process.kill(server.pid, 'SIGCONT');
        frozen = false;
      },
      async close() {
        await store.close();
        await server.stop();
      },
    };
  },
  async openOnSmallDisk() {
    // FerretDB keeps its SQLite files in its state directory, here on the small disk.
    const disk = mountSmallDisk(4);
    const server = await startFerretDB({ stateDir: path.join(disk.dir, 'state') });
    const store = await openMongoStore({ uri: server.uri, database: 'lowform_full' });
    return {
      store,
      start: async () => disk.fill(),
      end: async () => disk.free(),
      async close() {
        await store.close();
        await server.stop();
        disk.unmount();
      },
    };
  },
});

describe('mongodb store indexes', function () {
  this.timeout(60_000);
  let indexUri = '';
  let indexDatabase = '';
  beforeEach(async () => {
    indexUri = await mongoTestUri();
    indexDatabase = uniqueDatabaseName('lowform_indexes');
  });
  afterEach(() => dropTestDatabase(indexUri, indexDatabase));

  it('drops, at open, an index an earlier version declared and this one does not', async () => {
    const client = new MongoClient(indexUri);
    try {
      const submissions = client.db(indexDatabase).collection('submissions');
      const names = async () => (await submissions.indexes()).map((i) => i.name).sort();
      await (await openMongoStore({ uri: indexUri, database: indexDatabase })).close();
      const declared = collectionIndexes.submissions.map((i) => indexName('submissions', i));
      assert.deepEqual(await names(), ['_id_', ...declared].sort());
      await submissions.createIndex(
        { caseId: 1, formId: 1 },
        { name: 'submissions_caseId_formId' },
      );
      assert.ok((await names()).includes('submissions_caseId_formId'));
      await (await openMongoStore({ uri: indexUri, database: indexDatabase })).close();
      assert.deepEqual(await names(), ['_id_', ...declared].sort());
    } finally {
      await client.close();
    }
  });
});

describe('mongodb store compare-and-set claims', function () {
  this.timeout(60_000);
  let claimUri = '';
  let claimDatabase = '';
  beforeEach(async () => {
    claimUri = await mongoTestUri();
    claimDatabase = uniqueDatabaseName('lowform_claims');
  });
  afterEach(() => dropTestDatabase(claimUri, claimDatabase));

  const claimCount = async () => {
    const client = new MongoClient(claimUri);
    try {
      return await client.db(claimDatabase).collection('claims').countDocuments();
    } finally {
      await client.close();
    }
  };

  it('leaves no claim behind after successful and refused updates', async () => {
    // Claims are how updates are serialised on FerretDB; forced here so that any server tests it.
    const store = await openMongoStore({
      uri: claimUri,
      database: claimDatabase,
      atomicUpdates: false,
    });
    try {
      await store.cases.insert(makeCase(1));
      for (let version = 1; version <= 10; version++) {
        const result = await store.cases.update(makeCase(1).id, version, { stage: `s${version}` });
        assert.equal(result.ok, true);
      }
      const stale = await store.cases.update(makeCase(1).id, 3, { stage: 'stale' });
      assert.equal(stale.ok, false);
      const racing = await Promise.all(
        Array.from({ length: 10 }, () => store.cases.update(makeCase(1).id, 11, { stage: 'race' })),
      );
      assert.equal(racing.filter((r) => r.ok).length, 1);
      assert.equal((await store.cases.get(makeCase(1).id))?.version, 12);
      assert.equal(await claimCount(), 0);
    } finally {
      await store.close();
    }
  });

  it('is not blocked by a claim a crashed writer left after applying its change', async () => {
    const store = await openMongoStore({
      uri: claimUri,
      database: claimDatabase,
      atomicUpdates: false,
    });
    const client = new MongoClient(claimUri);
    try {
      await store.cases.insert(makeCase(1));
      assert.equal((await store.cases.update(makeCase(1).id, 1, { stage: 'a' })).ok, true);
      // A writer that applied version 2 -> 3 and died before removing its claim.
      const claims = client
        .db(claimDatabase)
        .collection<{ _id: string; changes: object; at: Date }>('claims');
      await store.cases.update(makeCase(1).id, 2, { stage: 'b' });
      await claims.insertOne({
        _id: `cases/${makeCase(1).id}/3`,
        changes: { stage: 'b' },
        at: new Date(),
      });
      const stale = await store.cases.update(makeCase(1).id, 2, { stage: 'late' });
      assert.equal(stale.ok, false);
      assert.equal(stale.ok === false && stale.reason, 'conflict');
      assert.equal((await store.cases.update(makeCase(1).id, 3, { stage: 'c' })).ok, true);
      assert.equal((await store.cases.get(makeCase(1).id))?.stage, 'c');
      assert.equal(await claimCount(), 0, 'the settled claim is cleared by the writer that met it');
    } finally {
      await client.close();
      await store.close();
    }
  });
});
