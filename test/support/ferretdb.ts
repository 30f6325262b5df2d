// Real MongoDB wire-protocol server for tests: MongoDB cannot be installed
// everywhere, but Go can build FerretDB (SQLite backend) from the module proxy.
import { type ChildProcess, spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const moduleDir = resolve(dirname(fileURLToPath(import.meta.url)), '../ferretdb');
const binaryPath = join(moduleDir, 'bin', 'lowform-ferretdb');
const buildInputs = ['main.go', 'go.mod', 'go.sum'].map((f) => join(moduleDir, f));

const startTimeoutMs = 60_000;
const killGraceMs = 5_000;
const tailBytes = 4_000;

const howToProvideServer =
  'To run these tests either install Go >= 1.24 (https://go.dev/dl/; it must be on PATH ' +
  'or at /usr/local/go/bin/go, and reach the Go module proxy) so the bundled FerretDB ' +
  'can be built from test/ferretdb, or set MONGODB_URI to a running MongoDB or FerretDB ' +
  'server, e.g. MONGODB_URI=mongodb://127.0.0.1:27017/.';

function tail(text: string): string {
  return text.length > tailBytes ? `…${text.slice(-tailBytes)}` : text;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, fsConstants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function findGo(): Promise<string | undefined> {
  const candidates = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, 'go'));
  candidates.push('/usr/local/go/bin/go');
  for (const candidate of candidates) {
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function mtimeMs(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}

async function isBinaryFresh(): Promise<boolean> {
  const built = await mtimeMs(binaryPath);
  if (built === undefined) return false;
  for (const input of buildInputs) {
    const changed = await mtimeMs(input);
    if (changed === undefined || changed > built) return false;
  }
  return true;
}

function runCollecting(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      // Only the tail is ever reported, so cap memory on very chatty failures.
      output = (output + chunk.toString('utf8')).slice(-64 * tailBytes);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, output }));
  });
}

/** Builds lazily because the first compile takes minutes, while reruns should cost nothing. */
export async function buildFerretDB(): Promise<string> {
  if (await isBinaryFresh()) return binaryPath;

  const go = await findGo();
  if (go === undefined) {
    throw new Error(
      `Cannot build FerretDB for the tests: no \`go\` found on PATH or at /usr/local/go/bin/go. ${howToProvideServer}`,
    );
  }

  // Build to a unique name and rename, so parallel test workers never run a half-written binary.
  await mkdir(dirname(binaryPath), { recursive: true });
  const partial = `${binaryPath}.${process.pid}.${Date.now()}.partial`;
  let result: Awaited<ReturnType<typeof runCollecting>>;
  try {
    result = await runCollecting(go, ['build', '-o', partial, '.'], moduleDir);
  } catch (error) {
    await rm(partial, { force: true });
    throw new Error(
      `Cannot build FerretDB for the tests: running ${go} failed (${String(error)}). ${howToProvideServer}`,
    );
  }
  if (result.code !== 0) {
    await rm(partial, { force: true });
    const status =
      result.signal !== null ? `signal ${result.signal}` : `exit code ${String(result.code)}`;
    throw new Error(
      `Cannot build FerretDB for the tests: \`${go} build\` in ${moduleDir} failed with ${status}. ` +
        `${howToProvideServer}\n--- build output (tail) ---\n${tail(result.output)}`,
    );
  }
  await rename(partial, binaryPath);
  return binaryPath;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolvePromise(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolvePromise(true);
    };
    child.once('exit', onExit);
  });
}

/** Gives each caller a private throwaway server so tests never share or leak database state. */
export async function startFerretDB(
  options: { listenAddr?: string; stateDir?: string } = {},
): Promise<{ uri: string; pid: number; stop(): Promise<void> }> {
  const binary = await buildFerretDB();
  // A caller-owned state dir survives stop(), so a test can restart the server on the same data.
  const ownsState = options.stateDir === undefined;
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'lowform-ferretdb-')));

  // Port 0 is safe: the server binds before printing, so the URI carries the real port.
  const child = spawn(
    binary,
    [
      '-listen-addr',
      options.listenAddr ?? '127.0.0.1:0',
      '-state-dir',
      stateDir,
      '-log-level',
      'warn',
      '-exit-on-stdin-eof',
      ...(ownsState ? ['-remove-state-dir'] : []),
    ],
    // stdin stays open only so that, if this process dies without stop(), EOF makes the server
    // exit and delete its state dir.
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );

  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4 * tailBytes);
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (!(await waitForExit(child, 0))) {
        child.kill('SIGTERM');
        if (!(await waitForExit(child, killGraceMs))) {
          child.kill('SIGKILL');
          await waitForExit(child, killGraceMs);
        }
      }
      child.stdin.destroy();
      if (ownsState) await rm(stateDir, { recursive: true, force: true });
    })();
    return stopping;
  };

  let uri: string;
  try {
    uri = await new Promise<string>((resolvePromise, reject) => {
      let stdout = '';
      const fail = (reason: string): void => {
        cleanup();
        reject(
          new Error(`FerretDB (${binary}) ${reason}.\n--- stderr (tail) ---\n${tail(stderr)}`),
        );
      };
      const onData = (chunk: Buffer): void => {
        stdout += chunk.toString('utf8');
        const match = /^LISTENING (\S+)\s*$/m.exec(stdout);
        if (match?.[1] !== undefined) {
          cleanup();
          resolvePromise(match[1]);
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        fail(`exited before accepting connections (${signal ?? `exit code ${String(code)}`})`);
      };
      const onError = (error: Error): void => fail(`could not be started: ${error.message}`);
      const timer = setTimeout(
        () => fail(`did not report LISTENING within ${startTimeoutMs / 1000}s`),
        startTimeoutMs,
      );
      const cleanup = (): void => {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.off('exit', onExit);
        child.off('error', onError);
      };
      child.stdout.on('data', onData);
      child.once('exit', onExit);
      child.once('error', onError);
    });
  } catch (error) {
    await stop();
    throw error;
  }

  // Keep draining stdout so the server can never block on a full pipe.
  child.stdout.resume();
  // A forgotten stop() must not keep the test runner alive; stdin EOF then ends the server.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void }).unref?.();
  }

  // The pid lets outage tests freeze the server (SIGSTOP) and thaw it (SIGCONT).
  return { uri, pid: child.pid ?? 0, stop };
}
