import { openMongoStore } from '../../server/store/mongodb.ts';
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
