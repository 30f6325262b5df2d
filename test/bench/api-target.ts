/**
 * The server side of bench:api, run in its own process so that the load generator does not share
 * its event loop: opens a store, builds the Lowform app and, beside it on the same store, a bare
 * Fastify app doing one store operation per route; seeds users, the definitions and cases; then
 * sends the parent (over IPC) where to send load, and closes everything when told "stop".
 *
 * BENCH_STORE=embedded|mongodb; for mongodb BENCH_MONGODB_URI and BENCH_MONGODB_DATABASE;
 * BENCH_CASES, the number of cases to spread requests over.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { buildApp } from '../../server/app.ts';
import { createUser } from '../../server/services/users.ts';
import { openEmbeddedStore } from '../../server/store/embedded.ts';
import { openMongoStore } from '../../server/store/mongodb.ts';
import type { Store } from '../../server/store/store.ts';
import { dropTestDatabase } from '../support/mongo-server.ts';
import { benchForm, benchWorkflow } from './api-definitions.ts';

/** What the parent needs to send load. */
export interface TargetReady {
  base: string;
  bareBase: string;
  caseIds: string[];
  headers: Record<string, string>;
}

const PASSWORD = 'benchmark password 1';

async function openStore(suffix = ''): Promise<{ store: Store; cleanUp(): Promise<void> }> {
  if (process.env.BENCH_STORE === 'mongodb') {
    const uri = process.env.BENCH_MONGODB_URI!;
    const database = `${process.env.BENCH_MONGODB_DATABASE!}${suffix && `_${suffix}`}`;
    const store = await openMongoStore({ uri, database });
    return {
      store,
      async cleanUp() {
        await store.close();
        await dropTestDatabase(uri, database);
      },
    };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lowform-bench-api-'));
  const store = openEmbeddedStore({ dataDir: dir });
  return {
    store,
    async cleanUp() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const { store, cleanUp } = await openStore();
// The bare submit route writes to a store of its own, so that the benchmark's cases do not gather
// thousands of unrelated submissions (FerretDB scans them on every case read).
const { store: bareSubmissions, cleanUp: cleanUpBare } = await openStore('bare');
const app = await buildApp({ store, sessionSecret: 'b'.repeat(40), serveUi: false });
await app.listen({ port: 0, host: '127.0.0.1' });
for (const [username, role] of [
  ['lead', 'practice_lead'],
  ['admin', 'admin'],
  ['worker', 'practitioner'],
] as const) {
  await createUser(
    store,
    { username, displayName: username, password: PASSWORD, roles: [role], teams: ['north'] },
    new Date(),
  );
}
const session = async (username: string) => {
  const response = await app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username, password: PASSWORD },
  });
  const cookie = response.cookies.find((c) => c.name === 'lowform_session')!;
  return {
    cookie: `lowform_session=${cookie.value}`,
    'x-csrf-token': response.json().csrfToken as string,
  };
};
const publish = async (who: string, kind: string, definition: { id: string }) => {
  const headers = await session(who);
  const created = await app.inject({
    method: 'POST',
    url: `/api/${kind}`,
    headers,
    payload: { definition },
  });
  const published = await app.inject({
    method: 'POST',
    url: `/api/${kind}/${definition.id}/publish`,
    headers,
    payload: { expectedVersion: created.json().recordVersion },
  });
  if (published.statusCode !== 200)
    throw new Error(`publishing ${definition.id}: ${published.body}`);
};
await publish('lead', 'forms', benchForm);
await publish('admin', 'workflows', benchWorkflow);
const headers = { ...(await session('worker')), 'content-type': 'application/json' };
const caseIds: string[] = [];
for (let i = 0; i < Number(process.env.BENCH_CASES ?? 2000); i++) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/cases',
    headers,
    payload: { workflowId: 'bench-flow', subject: { firstName: 'Bench', lastName: `Child${i}` } },
  });
  caseIds.push(response.json().id);
}

// The bare baseline: no auth, no schemas, the same single store operation.
const bare = Fastify();
bare.get<{ Params: { id: string } }>('/bare/cases/:id', async (request) =>
  store.cases.get(request.params.id),
);
bare.post<{ Body: { id: string; data: Record<string, unknown> } }>(
  '/bare/submissions',
  async (request) => {
    const at = new Date().toISOString();
    return bareSubmissions.submissions.insert({
      id: request.body.id,
      version: 1,
      caseId: caseIds[0]!,
      formId: 'bench-form',
      formVersion: 1,
      status: 'submitted',
      data: request.body.data,
      author: 'x',
      createdAt: at,
      updatedAt: at,
      submittedAt: at,
    });
  },
);
bare.post<{ Body: { id: string; version: number } }>('/bare/events', async (request) =>
  store.cases.update(request.body.id, request.body.version, {
    updatedAt: new Date().toISOString(),
  }),
);
await bare.listen({ port: 0, host: '127.0.0.1' });

const address = (server: typeof app.server) =>
  `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const ready: TargetReady = {
  base: address(app.server),
  bareBase: address(bare.server),
  caseIds,
  headers,
};
process.send!(ready);
process.on('message', async (message) => {
  if (message !== 'stop') return;
  await bare.close();
  await app.close();
  await cleanUp();
  await cleanUpBare();
  process.exit(0);
});
