/**
 * What the API benchmarks share: starting a benchmark server (test/bench/api-target.ts) in a
 * child process, sending it load with autocannon, and waiting for it to drain between runs.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import autocannon from 'autocannon';
import type { TargetReady } from './api-target.ts';

export const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);

/** One autocannon run's figures. */
export interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Sends load to `url` for BENCH_SECONDS (after a one-second warm-up when asked). */
export async function load(
  url: string,
  make: () => autocannon.Request,
  warmUp: boolean,
): Promise<Measured> {
  const requests = [{ setupRequest: (request: autocannon.Request) => ({ ...request, ...make() }) }];
  if (warmUp) await autocannon({ url, connections: CONNECTIONS, duration: 1, requests });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
  };
}

/**
 * Starts the servers for one store in a child process and waits until they are ready. `root` is
 * the tree whose target runs (another commit's worktree, for a comparison between commits).
 */
export async function startTarget(
  env: Record<string, string>,
  root = path.join(import.meta.dirname, '../..'),
): Promise<{ child: ChildProcess; ready: TargetReady }> {
  const child = fork(path.join(root, 'test/bench/api-target.ts'), {
    cwd: root,
    env: { ...process.env, ...env },
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_TARGET_NODE_OPTIONS ?? '').split(' ').filter(Boolean),
    ],
  });
  const [ready] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`the benchmark server exited with ${code} before it was ready`);
    }),
  ])) as [TargetReady];
  return { child, ready };
}

/**
 * Waits until the server has worked through requests autocannon gave up on at the end of a run
 * (a slow store can hold a backlog), so that the next run measures only its own requests.
 */
export async function drain(bareBase: string, caseId: string): Promise<void> {
  for (let tries = 0; tries < 120; tries++) {
    const started = Date.now();
    await fetch(`${bareBase}/bare/cases/${caseId}`);
    if (Date.now() - started < 100) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Tells a target to stop and waits for it to exit. */
export async function stopTarget(child: ChildProcess): Promise<void> {
  child.send('stop');
  await once(child, 'exit');
}
