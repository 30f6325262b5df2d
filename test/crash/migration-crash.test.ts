import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { caseDepsFor } from '../../server/services/case-deps.ts';
import { createCase } from '../../server/services/cases.ts';
import { publishVersion } from '../../server/services/definitions.ts';
import { EMBEDDED_FILE_NAME, openEmbeddedStore } from '../../server/store/embedded.ts';
import { CRASH_PASSWORD, freePort, ServerProcess } from './server-process.ts';

const CASES = 1000;

type StateConfig = { states?: Record<string, StateConfig> };

/** Every leaf state path of a machine config. */
function leaves(config: StateConfig, prefix = ''): string[] {
  return Object.entries(config.states ?? {}).flatMap(([key, child]) => {
    const at = prefix ? `${prefix}.${key}` : key;
    return child.states ? leaves(child, at) : [at];
  });
}

/** Logs in over HTTP; returns the headers a mutating request sends. */
async function logIn(base: string, username: string): Promise<Record<string, string>> {
  const response = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: CRASH_PASSWORD }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  const cookie = response.headers
    .getSetCookie()
    .find((c) => c.startsWith('lowform_session='))!
    .split(';')[0]!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a migration killed mid-way', function () {
  this.timeout(900_000);
  let dataDir: string;
  let server: ServerProcess;

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'lowform-migration-crash-'));
    server = new ServerProcess({
      dataDir,
      port: await freePort(),
      logFile: path.join(dataDir, 'server.log'),
    });
  });
  after(async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it(`finishes the rest when run again after a SIGKILL, each of ${CASES} cases moved once`, async () => {
    // The demo's pack, users and cases, from the real server's first start.
    await server.start();
    await server.kill();

    // Seed the cases and publish version 2 (a stage renamed) with the server down.
    const store = openEmbeddedStore({ dataDir });
    const deps = caseDepsFor(store);
    const practitioner = (await store.users.findOne({ username: 'practitioner' }))!;
    for (let i = 0; i < CASES; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, CASES - i) }, (_, j) =>
          createCase(deps, practitioner, {
            workflowId: 'child-protection',
            subject: { firstName: `Crash${i + j}`, lastName: 'Example' },
          }),
        ),
      );
    }
    const v1 = JSON.parse((await store.workflows.get('child-protection@1'))!.definition);
    const v2 = structuredClone(v1);
    v2.stages['referralAndAssessment.referral'].title = 'Referral and contact';
    await publishVersion(deps, 'workflow', 'child-protection', v2, 'test', new Date());
    const open = await store.cases.count({ workflowId: 'child-protection', final: false });
    await store.close();
    const stateMapping = Object.fromEntries(leaves(v1.machine).map((s) => [s, s]));

    const file = path.join(dataDir, EMBEDDED_FILE_NAME);
    const reader = new Database(file, { readonly: true, fileMustExist: true });
    const movedNow = () =>
      (
        reader
          .prepare(
            `SELECT count(*) AS n FROM cases WHERE json_extract(doc, '$.workflowVersion') = 2`,
          )
          .get() as { n: number }
      ).n;
    try {
      await server.start();
      const headers = await logIn(server.base, 'admin');
      const body = JSON.stringify({ fromVersion: 1, toVersion: 2, stateMapping });
      const url = `${server.base}/api/workflows/child-protection/migrations`;
      const first = fetch(url, { method: 'POST', headers, body }).then(
        (r) => r.status,
        () => 'killed' as const,
      );
      // Kill it a third of the way through.
      const deadline = Date.now() + 300_000;
      while (movedNow() < CASES / 3 && Date.now() < deadline) await sleep(20);
      await server.kill();
      assert.equal(await first, 'killed', 'the migration was still running when killed');
      const before = movedNow();
      assert.ok(before > 0 && before < open, `${before} of ${open} moved before the kill`);

      await server.start();
      const again = await fetch(url, {
        method: 'POST',
        headers: await logIn(server.base, 'admin'),
        body,
      });
      assert.equal(again.status, 200, await again.clone().text());
      const outcome = (await again.json()) as {
        migrationId: string;
        status: string;
        moved: number;
        reported: unknown[];
      };
      assert.equal(outcome.status, 'done');
      assert.deepEqual(outcome.reported, []);
      assert.equal(movedNow(), open, 'every open case is on version 2');
      // The run was resumed, not started afresh: one migration record.
      const migrations = reader.prepare('SELECT count(*) AS n FROM migrations').get() as {
        n: number;
      };
      assert.equal(migrations.n, 1);

      // The entries of the last cases moved are appended just after the answer: wait for them.
      const perCase = () =>
        reader
          .prepare(
            `SELECT json_extract(doc, '$.caseId') AS caseId, count(*) AS n FROM events WHERE json_extract(doc, '$.type') = 'workflow-migrated' GROUP BY caseId`,
          )
          .all() as { caseId: string; n: number }[];
      let counts = perCase();
      for (let i = 0; i < 300 && counts.length < open; i++) {
        await sleep(100);
        counts = perCase();
      }
      assert.equal(counts.length, open, 'every moved case has its migration entry');
      assert.deepEqual(
        counts.filter((c) => c.n !== 1),
        [],
        'no case has two',
      );
      // The recovered count is exact: the cases moved before the kill are counted too.
      assert.equal(outcome.moved, open);
    } finally {
      reader.close();
    }
  });
});
