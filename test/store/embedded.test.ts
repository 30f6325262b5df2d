import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStore } from '../../server/store/embedded.ts';
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
