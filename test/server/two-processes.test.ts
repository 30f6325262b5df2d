/**
 * Two real server processes (server/main.ts, as `npm start` runs it) on one store: the embedded
 * store's file, or one MongoDB database. Nothing a request needs is held in one process's
 * memory: a change made through one is what the other shows, and a session ended through one is
 * refused by the other on its next request (README, "Scale": the session-change counter is read
 * on every request; a session itself is remembered for at most a second).
 *
 * The in-process tests of the same (two apps on one store object) are in
 * session-revocation.test.ts; these add separate processes, connections and memory.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../crash/server-process.ts';
import { dropTestDatabase, mongoTestUri, uniqueDatabaseName } from '../support/mongo-server.ts';
import { storeKinds } from './harness.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSWORD = 'two-process-password';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A server process on the store the environment names; resolves once /ready answers. */
async function startServer(env: Record<string, string>) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOWFORM_DEMO: '1',
      LOWFORM_DEMO_PASSWORD: PASSWORD,
      // Every process of a deployment signs cookies with the same secret.
      LOWFORM_SESSION_SECRET: 'two-process-session-secret-0123456789abcdef',
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited while starting: ${log}`);
    if (Date.now() > deadline) throw new Error(`the server did not become ready: ${log}`);
    const ready = await fetch(`${base}/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    await sleep(100);
  }
  return {
    base,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A user logged in through one server: the cookie and CSRF token, usable on any of them. */
async function logIn(base: string, username: string) {
  const response = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('lowform_session='))!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: cookie.split(';')[0]!, csrfToken };
}

type Session = Awaited<ReturnType<typeof logIn>>;

async function call(base: string, who: Session, method: string, url: string, body?: unknown) {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: {
      cookie: who.cookie,
      'x-csrf-token': who.csrfToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

for (const kind of storeKinds) {
  describe(`two server processes on one store (${kind})`, function () {
    this.timeout(300_000);
    let servers: { base: string; stop(): Promise<void> }[] = [];
    let cleanup: () => Promise<void> = async () => {};

    before(async () => {
      let env: Record<string, string>;
      if (kind === 'embedded') {
        const dir = await mkdtemp(path.join(os.tmpdir(), 'lowform-two-'));
        env = { LOWFORM_DATA_DIR: dir, MONGODB_URI: '' };
        cleanup = () => rm(dir, { recursive: true, force: true });
      } else {
        const uri = await mongoTestUri();
        const database = uniqueDatabaseName('lowform_two');
        const named = new URL(uri);
        named.pathname = `/${database}`;
        env = { MONGODB_URI: named.toString() };
        cleanup = () => dropTestDatabase(uri, database);
      }
      // One after the other, as a deployment rolls out: the first seeds the demo, the second
      // finds it there.
      servers.push(await startServer(env));
      servers.push(await startServer(env));
    });
    after(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      servers = [];
      await cleanup();
    });

    it('shows through one process a change made through the other, both ways', async () => {
      const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
      const worker = await logIn(a.base, 'practitioner');
      const manager = await logIn(b.base, 'manager');
      const opened = await call(a.base, worker, 'POST', '/api/cases', {
        workflowId: 'child-protection',
        subject: { firstName: 'Twyla', lastName: 'Twoprocess' },
      });
      assert.equal(opened.status, 201, JSON.stringify(opened.body));
      const id = opened.body.id as string;
      // Read through the other process, by id and by the search index.
      const seen = await call(b.base, manager, 'GET', `/api/cases/${id}`);
      assert.equal(seen.status, 200);
      assert.equal(seen.body.version, opened.body.version);
      const found = await call(b.base, manager, 'GET', '/api/cases?q=twyla%20twoprocess');
      assert.deepEqual(
        found.body.items.map((c: { id: string }) => c.id),
        [id],
      );
      // Changed through the second, seen through the first.
      const restricted = await call(b.base, manager, 'PATCH', `/api/cases/${id}`, {
        expectedVersion: seen.body.version,
        restricted: true,
      });
      assert.equal(restricted.status, 200, JSON.stringify(restricted.body));
      const after = await call(a.base, worker, 'GET', `/api/cases/${id}`);
      assert.equal(after.status, 200);
      assert.equal(after.body.version, restricted.body.version);
      assert.equal(after.body.restricted, true);
      // A write at the version the first process last showed is a conflict, not an overwrite.
      const stale = await call(a.base, manager, 'PATCH', `/api/cases/${id}`, {
        expectedVersion: seen.body.version,
        restricted: false,
      });
      assert.equal(stale.status, 409);
    });

    it('refuses on the other process, on its next request, a session logged out on one', async () => {
      const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
      const worker = await logIn(a.base, 'practitioner');
      // The session is now remembered by the second process.
      assert.equal((await call(b.base, worker, 'GET', '/api/session')).status, 200);
      assert.equal((await call(a.base, worker, 'DELETE', '/api/session')).status, 204);
      assert.equal((await call(b.base, worker, 'GET', '/api/session')).status, 401);
      assert.equal((await call(b.base, worker, 'GET', '/api/cases')).status, 401);
    });

    it('refuses on the other process the sessions of a user whose password an admin reset', async () => {
      const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
      const worker = await logIn(a.base, 'practitioner');
      const admin = await logIn(a.base, 'admin');
      assert.equal((await call(b.base, worker, 'GET', '/api/session')).status, 200);
      const users = await call(a.base, admin, 'GET', '/api/users');
      const user = users.body.items.find(
        (u: { username: string }) => u.username === 'practitioner',
      );
      const reset = await call(a.base, admin, 'PATCH', `/api/users/${user.id}`, {
        expectedVersion: user.version,
        password: PASSWORD,
      });
      assert.equal(reset.status, 200, JSON.stringify(reset.body));
      assert.equal((await call(b.base, worker, 'GET', '/api/session')).status, 401);
    });
  });
}
