/**
 * The API of this tree against the same API at an earlier commit, in one run: the case page
 * (GET /api/cases/:id) and a move (POST /api/cases/:id/events) at 50 connections on the embedded
 * store, the two servers taking turns round by round so that the shared machine's load falls on
 * both. Answers "does this change cost anything measurable?" with the earlier commit as the
 * baseline, which bench:api's bare routes cannot.
 *
 * npm run bench:api:commits   BENCH_BASELINE_REF=<commit> (default HEAD~1), BENCH_ROUNDS=5,
 * BENCH_SECONDS=4; BENCH_OURS_REF=<commit> measures that commit instead of the working tree;
 * BENCH_ROUTES=GET (or events) measures only the routes whose names hold one of the words. The baseline is checked out into a temporary git worktree that shares this
 * tree's node_modules, and removed afterwards. Both sides run their own test/bench/api-target.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type autocannon from 'autocannon';
import { CONNECTIONS, drain, load, type Measured, startTarget, stopTarget } from './api-load.ts';
import type { TargetReady } from './api-target.ts';
import { median, printTable } from './table.ts';

const ROOT = path.join(import.meta.dirname, '../..');
const REF = process.env.BENCH_BASELINE_REF ?? 'HEAD~1';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CASES = String(process.env.BENCH_CASES ?? 2000);

const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
const baselineCommit = git('rev-parse', '--short', REF);
const oursRef = process.env.BENCH_OURS_REF;
const oursCommit = git('rev-parse', '--short', oursRef ?? 'HEAD');
const dirty = !oursRef && git('status', '--porcelain', '--untracked-files=no') !== '';
const worktrees: string[] = [];
/** Checks a commit out into a temporary worktree that uses this tree's node_modules. */
async function checkOut(commit: string): Promise<string> {
  const tree = path.join(await mkdtemp(path.join(os.tmpdir(), 'lowform-bench-tree-')), 'tree');
  git('worktree', 'add', '--detach', tree, commit);
  worktrees.push(tree);
  await symlink(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'));
  return tree;
}

try {
  const env = { BENCH_STORE: 'embedded', BENCH_CASES: CASES };
  const ours = await startTarget(env, oursRef ? await checkOut(oursCommit) : ROOT);
  const baseline = await startTarget(env, await checkOut(baselineCommit));
  const sides = [
    { name: 'ours', ...ours, picks: 0, versions: new Map<string, number>() },
    { name: 'baseline', ...baseline, picks: 0, versions: new Map<string, number>() },
  ];
  type Side = (typeof sides)[number];
  const nextCase = (side: Side) => side.ready.caseIds[side.picks++ % side.ready.caseIds.length]!;
  const routes: { name: string; request: (side: Side) => autocannon.Request }[] = [
    {
      name: 'GET /api/cases/:id',
      request: (side) => ({
        method: 'GET',
        path: `/api/cases/${nextCase(side)}`,
        headers: side.ready.headers,
      }),
    },
    {
      name: 'POST /api/cases/:id/events',
      request: (side) => {
        // Each move goes to its case's current version, so every request is accepted.
        const id = nextCase(side);
        const version = side.versions.get(id) ?? 1;
        side.versions.set(id, version + 1);
        return {
          method: 'POST',
          path: `/api/cases/${id}/events`,
          headers: side.ready.headers,
          body: JSON.stringify({ type: 'note', expectedVersion: version }),
        };
      },
    },
  ];
  const only = process.env.BENCH_ROUTES?.split(',');
  const chosen = routes.filter((r) => !only || only.some((word) => r.name.includes(word)));
  const drained = (ready: TargetReady) => drain(ready.bareBase, ready.caseIds[0]!);
  const rows: (string | number)[][] = [];
  for (const route of chosen) {
    const runs: { ours: Measured; baseline: Measured }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Who goes first alternates, so neither side always runs on a machine the other warmed.
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      const measured: Record<string, Measured> = {};
      for (const side of order) {
        measured[side.name] = await load(side.ready.base, () => route.request(side), round < 2);
        await drained(side.ready);
      }
      runs.push({ ours: measured.ours!, baseline: measured.baseline! });
    }
    const ratio = median(runs.map((r) => r.ours.rps / r.baseline.rps));
    rows.push([
      route.name,
      median(runs.map((r) => r.ours.rps)).toFixed(0),
      median(runs.map((r) => r.baseline.rps)).toFixed(0),
      `${(ratio * 100).toFixed(1)}%`,
      runs.map((r) => `${((r.ours.rps / r.baseline.rps) * 100).toFixed(0)}`).join(' '),
      median(runs.map((r) => r.ours.p99)),
      median(runs.map((r) => r.baseline.p99)),
      runs.reduce((n, r) => n + r.ours.errors + r.baseline.errors, 0),
    ]);
  }
  for (const side of sides) await stopTarget(side.child);
  console.log(
    `\nEmbedded store, ${CONNECTIONS} connections, ${ROUNDS} rounds each side in turn; ours ${oursCommit}${dirty ? ' (with uncommitted changes)' : ''} against baseline ${baselineCommit} (${REF}); load ${os.loadavg()[0]!.toFixed(1)}\n`,
  );
  printTable(
    [
      'route',
      'ours req/s',
      'baseline req/s',
      'ours / baseline',
      'each round %',
      'ours p99 ms',
      'baseline p99 ms',
      'errors',
    ],
    rows,
  );
} finally {
  for (const tree of worktrees) {
    git('worktree', 'remove', '--force', tree);
    await rm(path.dirname(tree), { recursive: true, force: true });
  }
}
