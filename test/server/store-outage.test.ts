import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { createUser } from '../../server/services/users.ts';
import { openMongoStore } from '../../server/store/mongodb.ts';
import type { Store } from '../../server/store/store.ts';
import { startFerretDB } from '../support/ferretdb.ts';
import { TEST_PASSWORD } from './harness.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('a MongoDB outage', function () {
  this.timeout(120_000);
  let stateDir: string;
  let server: { uri: string; stop(): Promise<void> };
  let store: Store;
  let app: FastifyInstance;
  let listenAddr: string;

  before(async () => {
    // The outage is staged on a FerretDB of this test's own, even when MONGODB_URI names another.
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'lowform-outage-'));
    listenAddr = `127.0.0.1:${await freePort()}`;
    server = await startFerretDB({ listenAddr, stateDir });
    store = await openMongoStore({
      uri: server.uri,
      database: 'lowform_outage',
      serverSelectionTimeoutMS: 1000,
    });
    app = await buildApp({ store, sessionSecret: 's'.repeat(40) });
    await createUser(
      store,
      {
        username: 'sam',
        displayName: 'Sam',
        password: TEST_PASSWORD,
        roles: ['practitioner'],
        teams: ['north'],
      },
      new Date(),
    );
  });

  after(async () => {
    await app?.close();
    await store?.close();
    await server?.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  const login = () =>
    app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'sam', password: TEST_PASSWORD },
    });

  it('answers 503 within 2 seconds while the store is down, and recovers when it returns', async () => {
    const session = await login();
    assert.equal(session.statusCode, 200);
    const cookie = `lowform_session=${session.cookies.find((c) => c.name === 'lowform_session')?.value}`;
    await server.stop();

    for (const request of [
      () => app.inject({ method: 'GET', url: '/ready' }),
      () => login(),
      () =>
        app.inject({
          method: 'GET',
          url: '/api/cases',
          headers: { cookie },
        }),
    ]) {
      const started = Date.now();
      const response = await request();
      const elapsed = Date.now() - started;
      assert.equal(response.statusCode, 503, response.body);
      assert.equal(response.json().error.code, 'LF_STORE_UNAVAILABLE');
      assert.ok(elapsed < 2000, `took ${elapsed} ms`);
    }
    assert.equal(
      (await app.inject({ method: 'GET', url: '/health' })).statusCode,
      200,
      'the process keeps running',
    );

    server = await startFerretDB({ listenAddr, stateDir });
    let ready = 0;
    for (let attempt = 0; attempt < 40 && ready !== 200; attempt++) {
      ready = (await app.inject({ method: 'GET', url: '/ready' })).statusCode;
      if (ready !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(ready, 200);
    assert.equal(
      (await login()).statusCode,
      200,
      'the data written before the outage is still there',
    );
  });
});
