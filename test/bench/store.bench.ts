/**
 * Store benchmark: case create, get, compare-and-set update and list-page operations per second on
 * each adapter, beside the raw driver doing the same single-document operations in the same run.
 * Target: every store operation at least 70% of the raw baseline's rate.
 *
 * The "x20" row runs 20 clients at once, each creating a case and then reading it back by get and
 * by a list page: the store's group commit shares one commit among the creates of a turn while its
 * reads run beside the open commit (on committed data only); the raw baseline can only run them
 * one after another, one commit each.
 *
 * npm run bench:store            (embedded, and mongodb on FerretDB or MONGODB_URI)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type Document, MongoClient } from 'mongodb';
import { EMBEDDED_FILE_NAME, openEmbeddedStore } from '../../server/store/embedded.ts';
import { openMongoStore } from '../../server/store/mongodb.ts';
import type { CaseRecord, Store } from '../../server/store/store.ts';
import { makeCase } from '../store/fixtures.ts';
import {
  dropTestDatabase,
  mongoTestUri,
  stopMongoTestServer,
  uniqueDatabaseName,
} from '../support/mongo-server.ts';
import { median, opsPerSecond, printTable } from './table.ts';

const TEAMS = ['north', 'south', 'east', 'west'];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** The four operations, as the store and as the raw driver perform them. */
interface Operations {
  create(record: CaseRecord): Promise<unknown>;
  get(id: string): Promise<unknown>;
  update(id: string, expectedVersion: number, stage: string): Promise<unknown>;
  listPage(team: string): Promise<unknown>;
}

function storeOperations(store: Store): Operations {
  return {
    create: (record) => store.cases.insert(record),
    get: (id) => store.cases.get(id),
    update: async (id, expectedVersion, stage) => {
      const result = await store.cases.update(id, expectedVersion, { stage });
      if (!result.ok) throw new Error(`unexpected ${result.reason}`);
    },
    listPage: (team) =>
      store.cases.list({
        filter: { team },
        sort: { field: 'updatedAt', direction: 'desc' },
        limit: 20,
      }),
  };
}

function rawSqliteOperations(file: string): { ops: Operations; close(): void } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const insert = db.prepare('INSERT INTO cases (id, doc) VALUES (?, ?)');
  const select = db.prepare('SELECT doc FROM cases WHERE id = ?');
  const update = db.prepare(
    "UPDATE cases SET doc = json_set(doc, '$.stage', ?, '$.version', ?) WHERE id = ? AND json_extract(doc, '$.version') = ?",
  );
  const list = db.prepare(
    "SELECT doc FROM cases WHERE json_extract(doc, '$.team') = ? ORDER BY json_extract(doc, '$.updatedAt') DESC, id DESC LIMIT 21",
  );
  return {
    ops: {
      create: async (record) => insert.run(record.id, JSON.stringify(record)),
      get: async (id) => JSON.parse((select.get(id) as { doc: string }).doc),
      update: async (id, expectedVersion, stage) => {
        if (update.run(stage, expectedVersion + 1, id, expectedVersion).changes !== 1)
          throw new Error('conflict');
      },
      listPage: async (team) => (list.all(team) as { doc: string }[]).map((r) => JSON.parse(r.doc)),
    },
    close: () => db.close(),
  };
}

function rawMongoOperations(client: MongoClient, database: string): Operations {
  const cases = client.db(database).collection<Document>('cases');
  return {
    create: async (record) => {
      const { id, ...rest } = record;
      await cases.insertOne({ _id: id as unknown as Document['_id'], ...rest });
    },
    get: (id) => cases.findOne({ _id: id as unknown as Document['_id'] }),
    update: async (id, expectedVersion, stage) => {
      const doc = await cases.findOneAndUpdate(
        { _id: id as unknown as Document['_id'], version: expectedVersion },
        { $set: { stage, version: expectedVersion + 1 } },
        { returnDocument: 'after' },
      );
      if (!doc) throw new Error('conflict');
    },
    listPage: (team) => cases.find({ team }).sort({ updatedAt: -1, _id: -1 }).limit(21).toArray(),
  };
}

/** Runs the four operations n times each; ids are prefixed so rounds never collide. */
async function measure(
  ops: Operations,
  n: number,
  prefix: string,
): Promise<Record<string, number>> {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  const create = await opsPerSecond(n, (i) =>
    ops.create(
      makeCase(i, { id: ids[i]!, reference: `${prefix}-${i}`, team: TEAMS[i % TEAMS.length]! }),
    ),
  );
  const get = await opsPerSecond(n, (i) => ops.get(ids[(i * 7919) % n]!));
  const update = await opsPerSecond(n, (i) => ops.update(ids[i]!, 1, `stage-${i}`));
  const listPage = await opsPerSecond(Math.ceil(n / 2), (i) =>
    ops.listPage(TEAMS[i % TEAMS.length]!),
  );
  return { create, get, update, listPage, ...(await measureConcurrent(ops, n, prefix)) };
}

const CLIENTS = 20;

/** 20 clients at once, each creating a case and reading it back (get, then a list page). */
async function measureConcurrent(
  ops: Operations,
  n: number,
  prefix: string,
): Promise<Record<string, number>> {
  const perClient = Math.ceil(n / CLIENTS);
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = 0; i < perClient; i++) {
        const id = `${prefix}-c${c}-${i}`;
        const team = TEAMS[i % TEAMS.length]!;
        await ops.create(makeCase(i, { id, reference: id, team }));
        if (!(await ops.get(id))) throw new Error(`an acknowledged create of ${id} is not seen`);
        await ops.listPage(team);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  // Each client's round is three operations: the create, its get and a list page.
  return { 'create+reads x20': (3 * CLIENTS * perClient) / seconds };
}

type Result = { adapter: string; op: string; store: number; raw: number };

async function benchEmbedded(n: number): Promise<Result[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lowform-bench-'));
  const rawDir = path.join(dir, 'raw');
  const store = openEmbeddedStore({ dataDir: dir });
  await openEmbeddedStore({ dataDir: rawDir }).close(); // the same tables and indexes
  const raw = rawSqliteOperations(path.join(rawDir, EMBEDDED_FILE_NAME));
  const rounds = await interleave(storeOperations(store), raw.ops, n);
  raw.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
  return rows('embedded', rounds);
}

async function benchMongo(n: number): Promise<Result[]> {
  const uri = await mongoTestUri();
  const storeDb = uniqueDatabaseName('lowform_bench');
  const rawDb = uniqueDatabaseName('lowform_bench_raw');
  const store = await openMongoStore({ uri, database: storeDb });
  await (await openMongoStore({ uri, database: rawDb })).close(); // the same indexes
  const client = new MongoClient(uri);
  await client.connect();
  const rounds = await interleave(storeOperations(store), rawMongoOperations(client, rawDb), n);
  await client.close();
  await store.close();
  await dropTestDatabase(uri, storeDb);
  await dropTestDatabase(uri, rawDb);
  return rows('mongodb', rounds);
}

/** Alternates store and raw rounds so that machine noise falls on both alike. */
async function interleave(store: Operations, raw: Operations, n: number) {
  const storeRounds: Record<string, number>[] = [];
  const rawRounds: Record<string, number>[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    rawRounds.push(await measure(raw, n, `raw${round}`));
    storeRounds.push(await measure(store, n, `store${round}`));
  }
  return { storeRounds, rawRounds };
}

function rows(adapter: string, rounds: Awaited<ReturnType<typeof interleave>>): Result[] {
  return ['create', 'get', 'update', 'listPage', 'create+reads x20'].map((op) => ({
    adapter,
    op,
    store: median(rounds.storeRounds.map((r) => r[op]!)),
    raw: median(rounds.rawRounds.map((r) => r[op]!)),
  }));
}

/** Which adapters to measure: BENCH_STORES=embedded,mongodb (both by default). */
const stores = (process.env.BENCH_STORES ?? 'embedded,mongodb').split(',');
const results: Result[] = [];
if (stores.includes('embedded')) {
  results.push(...(await benchEmbedded(Number(process.env.BENCH_N_EMBEDDED ?? 2000))));
}
if (stores.includes('mongodb')) {
  try {
    results.push(...(await benchMongo(Number(process.env.BENCH_N_MONGODB ?? 200))));
  } finally {
    await stopMongoTestServer();
  }
}
console.log(
  `\nStore operations per second (median of ${ROUNDS} interleaved rounds; target: store >= 70% of raw)\n`,
);
printTable(
  ['adapter', 'operation', 'store ops/s', 'raw ops/s', 'store/raw', 'target met'],
  results.map((r) => [
    r.adapter,
    r.op,
    r.store.toFixed(0),
    r.raw.toFixed(0),
    `${((r.store / r.raw) * 100).toFixed(0)}%`,
    r.store / r.raw >= 0.7 ? 'yes' : 'NO',
  ]),
);
