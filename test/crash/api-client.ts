/**
 * One logged-in user of the API over real HTTP, who tells apart what a crash makes of a request:
 * answered (2xx or an error), refused (the connection was never made, so nothing happened), or
 * lost (sent, and no answer came: it may or may not have happened).
 */
import { CRASH_PASSWORD } from './server-process.ts';

/** The error shape every Lowform error has on the wire. */
export interface ErrorBody {
  error?: { code?: string; message?: string; details?: unknown };
}

/** What became of one request. */
export type Outcome<T> =
  | { kind: 'ok'; status: number; body: T; epoch: number }
  | { kind: 'error'; status: number; body: ErrorBody; epoch: number }
  | { kind: 'lost'; cause: string };

/** What the client needs from the harness: where the server is and which start it is on. */
export interface ServerHandle {
  readonly base: string;
  readonly epoch: number;
}

/** A server down for longer than this (between a kill and the restart) is a stall. */
const DOWN_FOR_MS = 120_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Raised when the server does not answer a request in time: a stall, which fails the run. */
export class StalledRequest extends Error {}

function errorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}

/** A practitioner's session against the crash test's server. */
export class ApiClient {
  #cookie = '';
  #csrf = '';
  /** Log-ins after the first: a session the server no longer knew. */
  relogins = 0;
  #loggedIn = false;
  #loggingIn: Promise<void> | null = null;

  constructor(
    readonly server: ServerHandle,
    readonly options: { username?: string; timeoutMs: number },
  ) {}

  /**
   * Sends a request; waits out a server that is down (connection refused: nothing was sent) and
   * logs in again when the session is unknown (401: nothing was done). Returns every other
   * outcome, a lost answer included.
   */
  async send<T>(method: string, url: string, body?: unknown): Promise<Outcome<T>> {
    const downSince = Date.now();
    for (;;) {
      if (!this.#loggedIn) {
        // Requests sent at once on one session share one log-in.
        this.#loggingIn ??= this.#logIn().finally(() => {
          this.#loggingIn = null;
        });
        await this.#loggingIn;
      }
      const outcome = await this.#once<T>(method, url, body);
      if (outcome === 'refused') {
        if (Date.now() - downSince > DOWN_FOR_MS)
          throw new StalledRequest(`${method} ${url}: the server was down for two minutes`);
        await sleep(50);
        continue;
      }
      if (outcome.kind === 'error' && outcome.status === 401) {
        this.#loggedIn = false;
        this.relogins += 1;
        continue;
      }
      return outcome;
    }
  }

  async #logIn(): Promise<void> {
    const username = this.options.username ?? 'practitioner';
    for (;;) {
      const outcome = await this.#once<{ csrfToken: string }>('POST', '/api/session', {
        username,
        password: CRASH_PASSWORD,
      });
      if (outcome === 'refused' || outcome.kind === 'lost') {
        await sleep(50);
        continue;
      }
      if (outcome.kind === 'error' && outcome.status === 429) {
        // Log-ins of one account at once are limited; the answer says how long to wait.
        const details = outcome.body.error?.details as { retryAfterSeconds?: number } | undefined;
        await sleep(1000 * (details?.retryAfterSeconds ?? 1) * (0.5 + Math.random()));
        continue;
      }
      if (outcome.kind === 'error')
        throw new Error(`Could not log in as ${username}: ${JSON.stringify(outcome.body)}`);
      this.#csrf = outcome.body.csrfToken;
      this.#loggedIn = true;
      return;
    }
  }

  async #once<T>(method: string, url: string, body?: unknown): Promise<Outcome<T> | 'refused'> {
    const headers: Record<string, string> = {};
    if (this.#cookie) headers.cookie = this.#cookie;
    if (method !== 'GET') headers['x-csrf-token'] = this.#csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const epoch = this.server.epoch;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.server.base}${url}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      // An answer counts only once all of it has arrived.
      text = await response.text();
    } catch (error) {
      if ((error as Error).name === 'TimeoutError')
        throw new StalledRequest(`${method} ${url}: no answer in ${this.options.timeoutMs} ms`);
      const code = errorCode(error);
      return code === 'ECONNREFUSED' ? 'refused' : { kind: 'lost', cause: code };
    }
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('lowform_session='));
    if (cookie) this.#cookie = cookie.split(';')[0]!;
    const parsed = text ? JSON.parse(text) : undefined;
    if (response.status >= 200 && response.status < 300)
      return { kind: 'ok', status: response.status, body: parsed as T, epoch };
    return { kind: 'error', status: response.status, body: (parsed ?? {}) as ErrorBody, epoch };
  }
}
