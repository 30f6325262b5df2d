/**
 * The crash test's settings, read once from the environment: the short form by default (about a
 * minute), the long form with CRASH_KILLS=100. A bad value stops the run and names the variable.
 */

/** How hard and how long the crash test pushes. */
export interface CrashConfig {
  /** SIGKILLs under load; the run ends with one more, quiet, kill before the check. */
  kills: number;
  /** Concurrent clients, each logged in as the demo practitioner. */
  clients: number;
  /** The server is killed between these many milliseconds after it answers /ready. */
  upMinMs: number;
  upMaxMs: number;
  /** Cases a client works on at once; a case is put aside after this many moves. */
  casesPerClient: number;
  movesPerCase: number;
  /** A request with no answer after this long is a stall (a violation), not a lost answer. */
  requestTimeoutMs: number;
  /** Keep the data directory and server log even when the run passes. */
  keepData: boolean;
}

const settings = {
  CRASH_KILLS: { key: 'kills', fallback: 12, min: 1, max: 10_000 },
  CRASH_CLIENTS: { key: 'clients', fallback: 12, min: 1, max: 200 },
  CRASH_UP_MIN_MS: { key: 'upMinMs', fallback: 500, min: 0, max: 600_000 },
  CRASH_UP_MAX_MS: { key: 'upMaxMs', fallback: 3000, min: 0, max: 600_000 },
  CRASH_CASES_PER_CLIENT: { key: 'casesPerClient', fallback: 3, min: 1, max: 100 },
  CRASH_MOVES_PER_CASE: { key: 'movesPerCase', fallback: 4, min: 1, max: 1000 },
  CRASH_REQUEST_TIMEOUT_MS: { key: 'requestTimeoutMs', fallback: 30_000, min: 1000, max: 600_000 },
} as const satisfies Record<
  string,
  { key: keyof CrashConfig; fallback: number; min: number; max: number }
>;

/** Reads CRASH_* variables; throws naming the first bad one. */
export function loadCrashConfig(env: NodeJS.ProcessEnv = process.env): CrashConfig {
  const numbers: Record<string, number> = {};
  for (const [name, { key, fallback, min, max }] of Object.entries(settings)) {
    const raw = env[name];
    const value = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`${name}=${raw} should be a whole number from ${min} to ${max}.`);
    numbers[key] = value;
  }
  const config = {
    ...(numbers as Omit<CrashConfig, 'keepData'>),
    keepData: env.CRASH_KEEP_DATA === '1',
  };
  if (config.upMaxMs < config.upMinMs)
    throw new Error(
      `CRASH_UP_MAX_MS=${config.upMaxMs} should not be less than CRASH_UP_MIN_MS=${config.upMinMs}.`,
    );
  return config;
}
