/**
 * The real server, as `npm start` runs it (server/main.ts through tsx, without the UI build,
 * which the server does not need: it serves no UI when ui/dist is missing), in a process of its
 * own on a data directory that outlives it, so that it can be SIGKILLed and started again.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The demo users' password in every crash run. */
export const CRASH_PASSWORD = 'crash-test-password';

/** A free TCP port on the loopback address, to use for every start of one run. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error()),
      );
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One server, started and killed over and over on the same data directory. */
export class ServerProcess {
  readonly base: string;
  /** How many times the server has been started; answers are tagged with it. */
  epoch = 0;
  /** How long each start took, from spawn to /ready. */
  readonly startMs: number[] = [];
  /** Exits nobody asked for, with the end of the log, for the report. */
  readonly unexpectedExits: string[] = [];
  #child: ChildProcess | null = null;
  #exited: Promise<void> = Promise.resolve();
  #log: WriteStream;
  #tail = '';

  constructor(readonly options: { dataDir: string; port: number; logFile: string }) {
    this.base = `http://127.0.0.1:${options.port}`;
    this.#log = createWriteStream(options.logFile, { flags: 'a' });
  }

  /** Starts the server and resolves once /ready answers 200. */
  async start(timeoutMs = 120_000): Promise<void> {
    this.epoch += 1;
    this.#log.write(`\n=== start ${this.epoch} at ${new Date().toISOString()}\n`);
    // node --import tsx is what the tsx CLI does, minus the CLI's own parent process: a SIGKILL
    // must hit the process that holds the database, not a wrapper that would leave it running.
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        LOWFORM_DATA_DIR: this.options.dataDir,
        PORT: String(this.options.port),
        HOST: '127.0.0.1',
        LOWFORM_DEMO: '1',
        LOWFORM_DEMO_PASSWORD: CRASH_PASSWORD,
        // A fixed secret keeps sessions valid across restarts, as in production.
        LOWFORM_SESSION_SECRET: 'crash-test-session-secret-0123456789abcdef',
        LOG_LEVEL: 'warn',
        MONGODB_URI: '',
      },
    });
    const epoch = this.epoch;
    const keep = (chunk: Buffer) => {
      this.#log.write(chunk);
      this.#tail = (this.#tail + chunk.toString()).slice(-2000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.#child = child;
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        if (this.#child === child) {
          this.#child = null;
          this.unexpectedExits.push(
            `start ${epoch} exited by itself (code ${code}, signal ${signal}): ${this.#tail.trim()}`,
          );
        }
        resolve();
      });
    });
    const spawned = Date.now();
    const deadline = spawned + timeoutMs;
    while (Date.now() < deadline) {
      if (this.#child !== child)
        throw new Error(`The server exited while starting: ${this.#tail.trim()}`);
      try {
        const response = await fetch(`${this.base}/ready`, { signal: AbortSignal.timeout(2000) });
        await response.arrayBuffer();
        if (response.status === 200) {
          this.startMs.push(Date.now() - spawned);
          return;
        }
      } catch {
        // Not listening yet.
      }
      await sleep(50);
    }
    throw new Error(`The server did not answer /ready within ${timeoutMs} ms: ${this.#tail}`);
  }

  /** SIGKILLs the server and resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = null;
    this.#log.write(`\n=== SIGKILL ${this.epoch} at ${new Date().toISOString()}\n`);
    child.kill('SIGKILL');
    await this.#exited;
  }

  /** Kills the server, if running, and closes the log. */
  async stop(): Promise<void> {
    await this.kill();
    await new Promise((resolve) => this.#log.end(resolve));
  }
}
