/**
 * npm run test:crash: the real server on a temporary data directory (embedded store), concurrent
 * clients opening, drafting, submitting and moving cases, and SIGKILLs at random moments with a
 * restart on the same data after each. Then one more kill with the clients stopped, a clean
 * start, and a check through the API that every acknowledged write is there exactly once, each
 * chronology is numbered without gaps in acknowledged order, and nothing a client was shown is
 * gone. Prints a summary; exits 1 on any violation. CRASH_KILLS=100 for the long form; the
 * other CRASH_* settings are in crash-config.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApiClient } from './api-client.ts';
import { CrashClient, type StopSignal } from './crash-client.ts';
import { loadCrashConfig } from './crash-config.ts';
import { Ledger } from './ledger.ts';
import { printReport } from './report.ts';
import { freePort, ServerProcess } from './server-process.ts';
import { verifyRun } from './verify.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<number> {
  const config = loadCrashConfig();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lowform-crash-'));
  const server = new ServerProcess({
    dataDir: path.join(dir, 'data'),
    port: await freePort(),
    logFile: path.join(dir, 'server.log'),
  });
  const ledger = new Ledger();
  const started = Date.now();
  let failed = true;
  try {
    console.log(
      `Crash test: ${config.kills} kills, ${config.clients} clients, killed ${config.upMinMs}-${config.upMaxMs} ms after each start; data in ${dir}`,
    );
    await server.start();
    const stop: StopSignal = { stopped: false };
    const clients = Array.from(
      { length: config.clients },
      (_, i) => new CrashClient(`c${i + 1}`, server, ledger, config),
    );
    const running = Promise.all(clients.map((c) => c.run(stop)));
    // A client that fails for a reason of its own (a harness defect) stops the run at once.
    let clientFailure: unknown = null;
    running.catch((error: unknown) => {
      clientFailure = error;
    });
    for (let kill = 1; kill <= config.kills && !clientFailure; kill++) {
      await sleep(config.upMinMs + Math.random() * (config.upMaxMs - config.upMinMs));
      await server.kill();
      await server.start();
      if (kill % 10 === 0 || kill === config.kills)
        console.log(`  ${kill} kills, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    // Let the clients finish what the last restart interrupted, then stop them.
    await sleep(1000);
    stop.stopped = true;
    await running;
    // Anything shown must be on disk, not only in the memory of the process that showed it.
    await server.kill();
    await server.start();
    const checker = new ApiClient(server, { timeoutMs: config.requestTimeoutMs });
    const reconciled = await verifyRun(checker, ledger);
    for (const exit of server.unexpectedExits) ledger.violation('server exited by itself', exit);
    const relogins = clients.reduce((n, c) => n + c.api.relogins, 0);
    printReport(
      config,
      {
        kills: config.kills,
        seconds: (Date.now() - started) / 1000,
        relogins,
        startMs: server.startMs,
      },
      ledger,
      reconciled,
    );
    failed = ledger.violations.size > 0;
    return failed ? 1 : 0;
  } finally {
    await server.stop();
    if (failed || config.keepData) console.log(`\nData directory and server log kept in ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('The crash test could not run:', error);
    process.exit(2);
  },
);
