import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { createUser } from '../../server/services/users.ts';
import { openEmbeddedStore } from '../../server/store/embedded.ts';
import { openMongoStore } from '../../server/store/mongodb.ts';
import type { Store } from '../../server/store/store.ts';
import { canMountSmallDisk, mountSmallDisk } from '../store/small-disk.ts';
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
  let login: () => Promise<LightMyRequestResponse>;

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
    login = await withSam(app, store);
  });

  after(async () => {
    await app?.close();
    await store?.close();
    await server?.stop();
    await rm(stateDir, { recursive: true, force: true });
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

/** Creates sam and returns a function that logs sam in. */
async function withSam(app: FastifyInstance, store: Store) {
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
  return () =>
    app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'sam', password: TEST_PASSWORD },
    });
}

/** Sends a request and says how long the answer took. */
async function timed(request: () => Promise<LightMyRequestResponse>) {
  const started = Date.now();
  const response = await request();
  return { response, elapsed: Date.now() - started };
}

describe('a frozen MongoDB', function () {
  this.timeout(120_000);
  const deadline = 1500;
  let server: Awaited<ReturnType<typeof startFerretDB>>;
  let store: Store;
  let app: FastifyInstance;
  let frozen = false;

  before(async () => {
    server = await startFerretDB();
    store = await openMongoStore({
      uri: server.uri,
      database: 'lowform_frozen',
      timeoutMS: deadline,
    });
    app = await buildApp({ store, sessionSecret: 's'.repeat(40) });
  });

  after(async () => {
    if (frozen) process.kill(server.pid, 'SIGCONT');
    await app?.close();
    await store?.close();
    await server?.stop();
  });

  it('fails requests with 503 within the store deadline, /ready within 2 s, and recovers when it thaws', async () => {
    const login = await withSam(app, store);
    const session = await login();
    assert.equal(session.statusCode, 200);
    const cookie = `lowform_session=${session.cookies.find((c) => c.name === 'lowform_session')?.value}`;
    // Past the second for which a resumed session is answered from memory.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // SIGSTOP: the process keeps its sockets open and answers nothing, as a hung server does.
    process.kill(server.pid, 'SIGSTOP');
    frozen = true;

    const ready = await timed(() => app.inject({ method: 'GET', url: '/ready' }));
    assert.equal(ready.response.statusCode, 503, ready.response.body);
    assert.equal(ready.response.json().error.code, 'LF_STORE_UNAVAILABLE');
    assert.ok(ready.elapsed < 2000, `/ready took ${ready.elapsed} ms`);
    for (const request of [
      () => app.inject({ method: 'GET', url: '/api/cases', headers: { cookie } }),
      () => login(),
    ]) {
      const { response, elapsed } = await timed(request);
      assert.equal(response.statusCode, 503, response.body);
      assert.equal(response.json().error.code, 'LF_STORE_UNAVAILABLE');
      assert.ok(elapsed < deadline + 1000, `took ${elapsed} ms`);
    }

    process.kill(server.pid, 'SIGCONT');
    frozen = false;
    let status = 0;
    for (let attempt = 0; attempt < 40 && status !== 200; attempt++) {
      status = (await app.inject({ method: 'GET', url: '/ready' })).statusCode;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(status, 200);
    assert.equal((await login()).statusCode, 200);
  });
});

// A real full disk is a tmpfs, which needs root; elsewhere the suite is not declared.
(canMountSmallDisk ? describe : () => undefined)('a full disk (embedded store)', function () {
  this.timeout(60_000);
  let disk: ReturnType<typeof mountSmallDisk>;
  let store: Store;
  let app: FastifyInstance;

  before(async () => {
    disk = mountSmallDisk(4);
    store = openEmbeddedStore({ dataDir: disk.dir });
    app = await buildApp({ store, sessionSecret: 's'.repeat(40) });
  });

  after(async () => {
    await app?.close();
    await store?.close();
    disk?.unmount();
  });

  it('answers 503 LF_STORE_FULL and is not ready while the disk is full, and recovers once it is not', async () => {
    const login = await withSam(app, store);
    assert.equal((await login()).statusCode, 200);
    disk.fill();

    const refused = await login();
    assert.equal(refused.statusCode, 503, refused.body);
    assert.equal(refused.json().error.code, 'LF_STORE_FULL');
    assert.match(refused.json().error.message, /disk is full.*nothing was saved/);
    const ready = await app.inject({ method: 'GET', url: '/ready' });
    assert.equal(ready.statusCode, 503);
    assert.equal(ready.json().error.code, 'LF_STORE_FULL');
    assert.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200);

    disk.free();
    assert.equal((await app.inject({ method: 'GET', url: '/ready' })).statusCode, 200);
    assert.equal((await login()).statusCode, 200);
  });
});
