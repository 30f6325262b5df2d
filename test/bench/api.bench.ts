/**
 * API benchmark: requests per second and p50/p99 latency at 50 connections for GET /api/cases/:id,
 * POST .../submit (a 50-field form) and POST .../events, on both stores, each beside a bare
 * Fastify route doing the same single store operation in the same run.
 * Target: each route at least 40% of its bare baseline's rate, p99 under 50 ms.
 *
 * npm run bench:api     (BENCH_SECONDS=5 by default; mongodb on FerretDB or MONGODB_URI)
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { buildApp } from '../../server/app.ts';
import { createUser } from '../../server/services/users.ts';
import { openEmbeddedStore } from '../../server/store/embedded.ts';
import { openMongoStore } from '../../server/store/mongodb.ts';
import type { Store } from '../../server/store/store.ts';
import {
  dropTestDatabase,
  mongoTestUri,
  stopMongoTestServer,
  uniqueDatabaseName,
} from '../support/mongo-server.ts';
import { printTable } from './table.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;
/** Cases to spread requests over: FerretDB scans, so it gets fewer to stay within minutes. */
const CASES = {
  embedded: Number(process.env.BENCH_CASES ?? 2000),
  mongodb: Number(process.env.BENCH_CASES_MONGODB ?? 300),
};
const PASSWORD = 'benchmark password 1';

const fieldNames = Array.from({ length: 50 }, (_, i) => `answer${i + 1}`);
const benchForm = {
  id: 'bench-form',
  version: 1,
  title: 'Fifty questions',
  schema: {
    type: 'object',
    required: fieldNames.slice(0, 10),
    properties: Object.fromEntries(
      fieldNames.map((f, i) => [f, { type: 'string', title: `Question ${i + 1}`, maxLength: 500 }]),
    ),
  },
  uischema: {
    type: 'VerticalLayout',
    elements: fieldNames.map((f) => ({ type: 'Control', scope: `#/properties/${f}` })),
  },
};
const benchWorkflow = {
  id: 'bench-flow',
  version: 1,
  title: 'Benchmark',
  machine: {
    initial: 'open',
    states: {
      open: {
        on: {
          note: { description: 'Record a note' },
          close: { target: 'closed', description: 'Close' },
        },
      },
      closed: { type: 'final' },
    },
  },
  stages: {
    open: {
      title: 'Open',
      forms: [{ id: 'bench-form', required: false }],
      roles: { note: ['practitioner'], close: ['practitioner'] },
    },
    closed: { title: 'Closed' },
  },
};
const answers = Object.fromEntries(
  fieldNames.map((f) => [f, 'A short answer in the worker’s words.']),
);

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(url: string, make: () => autocannon.Request): Promise<Measured> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, ...make() }) }],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
  };
}

async function benchStore(label: string, store: Store): Promise<(string | number)[][]> {
  const app = await buildApp({ store, sessionSecret: 'b'.repeat(40), serveUi: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
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
  const publish = async (who: string, kind: string, definition: object) => {
    const headers = await session(who);
    const created = await app.inject({
      method: 'POST',
      url: `/api/${kind}`,
      headers,
      payload: { definition },
    });
    await app.inject({
      method: 'POST',
      url: `/api/${kind}/${(definition as { id: string }).id}/publish`,
      headers,
      payload: { expectedVersion: created.json().recordVersion },
    });
  };
  await publish('lead', 'forms', benchForm);
  await publish('admin', 'workflows', benchWorkflow);
  const headers = { ...(await session('worker')), 'content-type': 'application/json' };
  const caseIds: string[] = [];
  for (let i = 0; i < CASES[label as keyof typeof CASES]; i++) {
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
      return store.submissions.insert({
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
  const bareBase = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;

  let pick = 0;
  const nextCase = () => caseIds[pick++ % caseIds.length]!;
  const rows: (string | number)[][] = [];
  const compare = async (name: string, ours: Measured, baseline: Measured) => {
    const ratio = ours.rps / baseline.rps;
    rows.push([
      label,
      name,
      ours.rps.toFixed(0),
      baseline.rps.toFixed(0),
      `${(ratio * 100).toFixed(0)}%`,
      ours.p50,
      ours.p99,
      ours.errors,
      ratio >= 0.4 && ours.p99 < 50 ? 'yes' : 'NO',
    ]);
  };

  await compare(
    'GET /api/cases/:id',
    await load(base, () => ({ method: 'GET', path: `/api/cases/${nextCase()}`, headers })),
    await load(bareBase, () => ({ method: 'GET', path: `/bare/cases/${nextCase()}` })),
  );
  await compare(
    'POST .../submit (50 fields)',
    await load(base, () => ({
      method: 'POST',
      path: `/api/cases/${nextCase()}/forms/bench-form/submit`,
      headers,
      body: JSON.stringify({ data: answers, idempotencyKey: randomUUID() }),
    })),
    await load(bareBase, () => ({
      method: 'POST',
      path: '/bare/submissions',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: randomUUID(), data: answers }),
    })),
  );
  // Each event goes to a case at a known version, so every request is an accepted move.
  const versions = new Map<string, number>();
  const nextMove = () => {
    const id = nextCase();
    const version = versions.get(id) ?? 1;
    versions.set(id, version + 1);
    return { id, version };
  };
  const ours = await load(base, () => {
    const { id, version } = nextMove();
    return {
      method: 'POST',
      path: `/api/cases/${id}/events`,
      headers,
      body: JSON.stringify({ type: 'note', expectedVersion: version }),
    };
  });
  const bareVersions = new Map<string, number>();
  const baseline = await load(bareBase, () => {
    const id = nextCase();
    const version = bareVersions.get(id) ?? versions.get(id) ?? 1;
    bareVersions.set(id, version + 1);
    return {
      method: 'POST',
      path: '/bare/events',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, version }),
    };
  });
  await compare('POST .../events', ours, baseline);

  await bare.close();
  await app.close();
  return rows;
}

const rows: (string | number)[][] = [];
const dir = await mkdtemp(path.join(os.tmpdir(), 'lowform-bench-api-'));
const embedded = openEmbeddedStore({ dataDir: dir });
rows.push(...(await benchStore('embedded', embedded)));
console.log('embedded done:', JSON.stringify(rows));
await embedded.close();
await rm(dir, { recursive: true, force: true });
try {
  const uri = await mongoTestUri();
  const database = uniqueDatabaseName('lowform_bench_api');
  const mongo = await openMongoStore({ uri, database });
  rows.push(...(await benchStore('mongodb', mongo)));
  await mongo.close();
  await dropTestDatabase(uri, database);
} finally {
  await stopMongoTestServer();
}
console.log(
  `\nAPI at ${CONNECTIONS} connections, ${SECONDS} s per run (target: >= 40% of bare, p99 < 50 ms)\n`,
);
printTable(
  ['store', 'route', 'req/s', 'bare req/s', 'of bare', 'p50 ms', 'p99 ms', 'non-2xx', 'target met'],
  rows,
);
