import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { openEmbeddedStore } from '../../server/store/embedded.ts';
import type { Store } from '../../server/store/store.ts';

describe('probes', () => {
  let dataDir: string;
  let store: Store;
  let app: FastifyInstance;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'lowform-app-'));
    store = openEmbeddedStore({ dataDir });
    app = await buildApp({ store });
  });

  afterEach(async () => {
    await app.close();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('says the process is alive', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ok' });
  });

  it('says it is ready when the store answers', async () => {
    const response = await app.inject({ method: 'GET', url: '/ready' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ready', store: 'embedded' });
  });

  it('says it is not ready, in the one error shape, when the store does not answer', async () => {
    await store.close();
    const response = await app.inject({ method: 'GET', url: '/ready' });
    assert.equal(response.statusCode, 503);
    assert.equal(response.json().error.code, 'LF_STORE_UNAVAILABLE');
  });
});
