/**
 * Migration benchmark on the embedded store: a dry run of 1,000 open cases from version 1 of the
 * pack's workflow to version 2 (target: under 2 s), beside a baseline measured in the same run on
 * the same cases: 1,000 bare compare-and-set writes of the case records, one after another and 8
 * at a time (as the real run moves them). The real run is timed once at the end.
 *
 * npm run bench:migration       (BENCH_CASES, BENCH_ROUNDS to change the size)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadPack } from '../../server/demo/load-pack.ts';
import { caseDepsFor } from '../../server/services/case-deps.ts';
import { createCase } from '../../server/services/cases.ts';
import { publishVersion } from '../../server/services/definitions.ts';
import { createUser } from '../../server/services/users.ts';
import { dryRunMigration, runMigration } from '../../server/services/workflow-migrations.ts';
import { openEmbeddedStore } from '../../server/store/embedded.ts';
import { listAll } from '../../server/store/list-all.ts';
import type { Store } from '../../server/store/store.ts';
import { median, printTable } from './table.ts';

const CASES = Number(process.env.BENCH_CASES ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

type StateConfig = { states?: Record<string, StateConfig> };

function leaves(config: StateConfig, prefix = ''): string[] {
  return Object.entries(config.states ?? {}).flatMap(([key, child]) => {
    const at = prefix ? `${prefix}.${key}` : key;
    return child.states ? leaves(child, at) : [at];
  });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** One compare-and-set write per case at its current version, `parallel` at a time. */
async function casWrites(store: Store, parallel: number): Promise<void> {
  const cases = await listAll(store.cases, { filter: { workflowVersion: 1 }, omit: ['snapshot'] });
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++]!;
      const result = await store.cases.update(c.id, c.version, { updatedAt: c.updatedAt });
      if (!result.ok) throw new Error(`baseline write of ${c.id} failed`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lowform-bench-migration-'));
  const store = openEmbeddedStore({ dataDir: dir });
  try {
    const deps = caseDepsFor(store);
    await loadPack(deps, 'child-protection', 'bench', new Date());
    const now = new Date();
    const worker = await createUser(
      store,
      {
        username: 'worker',
        displayName: 'Worker',
        password: 'bench-password-long',
        roles: ['practitioner'],
        teams: ['north'],
      },
      now,
    );
    const admin = await createUser(
      store,
      {
        username: 'admin',
        displayName: 'Admin',
        password: 'bench-password-long',
        roles: ['admin'],
        teams: [],
      },
      now,
    );
    for (let i = 0; i < CASES; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, CASES - i) }, (_, j) =>
          createCase(deps, worker, {
            workflowId: 'child-protection',
            subject: { firstName: `Bench${i + j}`, lastName: 'Example' },
          }),
        ),
      );
    }
    const v1 = JSON.parse((await store.workflows.get('child-protection@1'))!.definition);
    const v2 = structuredClone(v1);
    v2.stages['referralAndAssessment.referral'].title = 'Referral and contact';
    await publishVersion(deps, 'workflow', 'child-protection', v2, 'bench', now);
    const input = {
      fromVersion: 1,
      toVersion: 2,
      stateMapping: Object.fromEntries(leaves(v1.machine).map((s) => [s, s])),
    };

    const dry: number[] = [];
    const sequential: number[] = [];
    const parallel: number[] = [];
    let listed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      dry.push(
        await timed(async () => {
          listed = (await dryRunMigration(deps, admin, 'child-protection', input, CASES)).total;
        }),
      );
      sequential.push(await timed(() => casWrites(store, 1)));
      parallel.push(await timed(() => casWrites(store, 8)));
    }
    let moved = 0;
    const real = await timed(async () => {
      moved = (await runMigration(deps, admin, 'child-protection', input)).moved;
    });
    await deps.cases.outbox.stop();

    const row = (what: string, ms: number[]) => [
      what,
      median(ms).toFixed(0),
      Math.min(...ms).toFixed(0),
      Math.max(...ms).toFixed(0),
      (median(ms) / CASES).toFixed(2),
    ];
    console.log(
      `\n${CASES} open cases (${listed} in the dry run, ${moved} moved), ${ROUNDS} rounds, load ${os.loadavg()[0]!.toFixed(1)}\n`,
    );
    printTable(
      ['what', 'median ms', 'min ms', 'max ms', 'ms per case'],
      [
        row('dry run (target < 2000 ms)', dry),
        row('baseline: CAS writes, 1 at a time', sequential),
        row('baseline: CAS writes, 8 at a time', parallel),
        row('real migration run (once)', [real]),
      ],
    );
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
