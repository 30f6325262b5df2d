/**
 * API benchmark: requests per second and p50/p99 latency at 50 connections for GET /api/cases/:id,
 * POST .../submit (a 50-field form) and POST .../events, on both stores, each beside a bare
 * Fastify route doing the same single store operation in the same run.
 * Target: each route at least 40% of its bare baseline's rate, p99 under 50 ms.
 *
 * The servers run in a child process (test/bench/api-target.ts) with the whole of one core's event
 * loop; autocannon runs here. Each run starts with a one-second warm-up that is not counted.
 *
 * npm run bench:api   BENCH_SECONDS=5 by default; BENCH_STORES=embedded,mongodb (both by
 * default); mongodb on FerretDB built from test/ferretdb, or on MONGODB_URI when it is set.
 */
import { randomUUID } from 'node:crypto';
import type autocannon from 'autocannon';
import {
  dropTestDatabase,
  mongoTestUri,
  stopMongoTestServer,
  uniqueDatabaseName,
} from '../support/mongo-server.ts';
import { answers } from './api-definitions.ts';
import { CONNECTIONS, drain, load, type Measured, startTarget, stopTarget } from './api-load.ts';
import { median, printTable } from './table.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Cases to spread requests over: FerretDB scans, so it gets fewer to stay within minutes. */
const CASES = {
  embedded: Number(process.env.BENCH_CASES ?? 2000),
  mongodb: Number(process.env.BENCH_CASES_MONGODB ?? 300),
};

async function benchStore(
  label: string,
  env: Record<string, string>,
): Promise<(string | number)[][]> {
  const { child, ready } = await startTarget({ ...env, BENCH_STORE: label });
  const { base, bareBase, caseIds, headers } = ready;
  const drained = () => drain(bareBase, caseIds[0]!);
  let pick = 0;
  const nextCase = () => caseIds[pick++ % caseIds.length]!;
  const rows: (string | number)[][] = [];
  /**
   * Ours and the bare route take turns, ROUNDS times, so that a change in the machine's load
   * (it is shared) falls on both; the table gives medians, and the ratio is the median of each
   * round's ratio.
   */
  const paired = async (
    name: string,
    ours: () => autocannon.Request,
    bare: () => autocannon.Request,
  ) => {
    const runs: { ours: Measured; bare: Measured }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const oursRun = await load(base, ours, round === 0);
      await drained();
      runs.push({ ours: oursRun, bare: await load(bareBase, bare, round === 0) });
      await drained();
    }
    const ratio = median(runs.map((r) => r.ours.rps / r.bare.rps));
    const p99 = median(runs.map((r) => r.ours.p99));
    rows.push([
      label,
      name,
      median(runs.map((r) => r.ours.rps)).toFixed(0),
      median(runs.map((r) => r.bare.rps)).toFixed(0),
      `${(ratio * 100).toFixed(0)}%`,
      median(runs.map((r) => r.ours.p50)),
      p99,
      median(runs.map((r) => r.bare.p99)),
      runs.reduce((n, r) => n + r.ours.errors + r.bare.errors, 0),
      ratio >= 0.4 && p99 < 50 ? 'yes' : 'NO',
    ]);
  };

  await paired(
    'GET /api/cases/:id',
    () => ({ method: 'GET', path: `/api/cases/${nextCase()}`, headers }),
    () => ({ method: 'GET', path: `/bare/cases/${nextCase()}` }),
  );
  await paired(
    'POST .../submit (50 fields)',
    () => ({
      method: 'POST',
      path: `/api/cases/${nextCase()}/forms/bench-form/submit`,
      headers,
      body: JSON.stringify({ data: answers, idempotencyKey: randomUUID() }),
    }),
    () => ({
      method: 'POST',
      path: '/bare/submissions',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: randomUUID(), data: answers }),
    }),
  );
  // Each move goes to a case at its current version, so every request is accepted; both routes
  // bump a case's version by one, so one map serves both.
  const versions = new Map<string, number>();
  const nextMove = () => {
    const id = nextCase();
    const version = versions.get(id) ?? 1;
    versions.set(id, version + 1);
    return { id, version };
  };
  await paired(
    'POST .../events',
    () => {
      const { id, version } = nextMove();
      return {
        method: 'POST',
        path: `/api/cases/${id}/events`,
        headers,
        body: JSON.stringify({ type: 'note', expectedVersion: version }),
      };
    },
    () => {
      const { id, version } = nextMove();
      return {
        method: 'POST',
        path: '/bare/events',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id, version }),
      };
    },
  );

  // FerretDB's SQLite handler has crashed (SIGBUS) when a database was dropped under requests
  // still running, so the target stops only once it has caught up.
  await drained();
  await stopTarget(child);
  return rows;
}

/** Which stores to measure. */
const stores = (process.env.BENCH_STORES ?? 'embedded,mongodb').split(',');
const rows: (string | number)[][] = [];
if (stores.includes('embedded')) {
  rows.push(...(await benchStore('embedded', { BENCH_CASES: String(CASES.embedded) })));
  console.log('embedded done:', JSON.stringify(rows));
}
if (stores.includes('mongodb')) {
  try {
    const uri = await mongoTestUri();
    const database = uniqueDatabaseName('lowform_bench_api');
    rows.push(
      ...(await benchStore('mongodb', {
        BENCH_CASES: String(CASES.mongodb),
        BENCH_MONGODB_URI: uri,
        BENCH_MONGODB_DATABASE: database,
      })),
    );
    await dropTestDatabase(uri, database);
  } finally {
    await stopMongoTestServer();
  }
}
console.log(
  `\nAPI at ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s each for ours and the bare route in turn; medians (target: >= 40% of bare, p99 < 50 ms)\n`,
);
printTable(
  [
    'store',
    'route',
    'req/s',
    'bare req/s',
    'of bare',
    'p50 ms',
    'p99 ms',
    'bare p99 ms',
    'errors',
    'target met',
  ],
  rows,
);
