import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';
import { openMongoStore } from '../../server/store/mongodb.ts';
import { collectionIndexes, indexName } from '../../server/store/store.ts';
import { dropTestDatabase, mongoTestUri, uniqueDatabaseName } from '../support/mongo-server.ts';
import { describeStoreContract } from './contract.ts';

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
