/**
 * Limits log-in attempts. Counts live in the store so that every server process sees the same
 * ones. An attempt is reserved by compare-and-set before its password is checked, so guesses sent
 * at once cannot pass the limit. Past the limit a key waits a delay that doubles with each further
 * failure, and its counts are forgotten (and removed) a window after its last attempt.
 */
import type { LoginThrottleRecord, Store } from '../store/store.ts';

const WINDOW_MS = 15 * 60_000;
const SWEEP_INTERVAL_MS = 60_000;
const SWEEP_BATCH = 200;
/** Longer than any password check takes: a reservation older than this was never settled. */
const PENDING_LIFETIME_MS = 60_000;
/** Compare-and-set rounds before an attempt is refused rather than wait any longer. */
const MAX_ROUNDS = 100;
/**
 * How long an attempt waits while only checks still running stand between it and the limit
 * (several right passwords at once, say): they may all succeed, so it is not refused for them.
 */
const BUSY_WAIT_MS = 5_000;
const BUSY_POLL_MS = 25;

/** What became of a log-in attempt. */
export type LoginAttempt =
  | { outcome: 'accepted' }
  | { outcome: 'refused' }
  | { outcome: 'limited'; retryAfterMs: number };

/** Reserves attempts around a password check. */
export interface LoginLimiter {
  /**
   * Runs `check` (true when the password is right) unless the account or address must wait;
   * every check is counted before it starts.
   */
  attempt(
    username: string,
    address: string,
    now: Date,
    check: () => Promise<boolean>,
  ): Promise<LoginAttempt>;
}

/** One kind of key: past `threshold` failures, a delay from `firstDelayMs` doubling to `maxDelayMs`. */
interface Level {
  key(account: string, network: string): string;
  threshold: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

function levelsFor(perAccount: number): Level[] {
  return [
    // One account from one address: the person's own mistakes (or a guesser's there).
    {
      key: (account, network) => `pair/${account}/${network}`,
      threshold: perAccount,
      firstDelayMs: 30_000,
      maxDelayMs: WINDOW_MS,
    },
    // Many addresses guessing one account are slowed, but never for more than a minute: guesses
    // from elsewhere must not keep the account's owner out for a whole window.
    {
      key: (account) => `account/${account}`,
      threshold: perAccount * 10,
      firstDelayMs: 1000,
      maxDelayMs: 60_000,
    },
    // One address trying many accounts; a shared office address makes many honest mistakes, so
    // the threshold is high and the delay short.
    {
      key: (_account, network) => `address/${network}`,
      threshold: perAccount * 20,
      firstDelayMs: 1000,
      maxDelayMs: 60_000,
    },
  ];
}

/** The network an address is counted by: IPv4 as it is, IPv6 by its /64 (one subscriber's). */
export function networkOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const halves = address.split('%')[0]!.toLowerCase().split('::');
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves[1] ? halves[1].split(':') : [];
  const zeros = Array<string>(Math.max(0, 8 - head.length - tail.length)).fill('0');
  const groups = [...head, ...zeros, ...tail].slice(0, 4);
  return `${groups.map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

const iso = (t: number) => new Date(t).toISOString();

/** What to do with a key's record: write these changes (or nothing), and what to answer. */
type Decision<T> = { changes: Partial<LoginThrottleRecord>; result: T } | { result: T };

/** A limiter allowing `perAccount` failures per account and address before delays begin. */
export function createLoginLimiter(store: Store, perAccount: number): LoginLimiter {
  const levels = levelsFor(perAccount);
  const throttles = store.loginThrottles;
  let lastSweep = Number.NEGATIVE_INFINITY;

  /**
   * Applies `next` to the key's live record (null when absent or expired) by compare-and-set; a
   * decision without changes writes nothing. `crowded` is the result when writers keep racing.
   */
  async function change<T>(
    id: string,
    t: number,
    next: (live: LoginThrottleRecord | null) => Decision<T>,
    crowded: T,
  ): Promise<T> {
    let current = await throttles.get(id);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const live = current && t < Date.parse(current.expiresAt) ? current : null;
      const decided = next(live);
      if (!('changes' in decided)) return decided.result;
      const fields = {
        failures: live?.failures ?? 0,
        pending: live?.pending ?? 0,
        nextAttemptAt: live?.nextAttemptAt ?? iso(t),
        ...decided.changes,
      };
      if (!current) {
        const record = { id, version: 1, ...fields, expiresAt: iso(t + WINDOW_MS) };
        // insertOnce answers with the record that won when another writer inserted it first.
        const inserted = await throttles.insertOnce(record);
        if (inserted.created) return decided.result;
        current = inserted.record;
        continue;
      }
      // An expired record is reused for the key, its counts started again.
      const updated = await throttles.update(id, current.version, {
        ...fields,
        expiresAt: iso(t + WINDOW_MS),
      });
      if (updated.ok) return decided.result;
      current = updated.reason === 'conflict' ? updated.current : null;
    }
    return crowded;
  }

  /**
   * Reserves an attempt on one key (null), or says how long to wait, or 'busy' when the limit is
   * reached only by checks still running, whose outcome is not known yet.
   */
  const reserve = (level: Level, id: string, t: number) =>
    change<number | null | 'busy'>(
      id,
      t,
      (live) => {
        const failures = live?.failures ?? 0;
        // Every write sets expiresAt a window ahead: a key unwritten for a while has no check
        // still running, only ones whose server stopped before settling them.
        const writtenAt = live ? Date.parse(live.expiresAt) - WINDOW_MS : t;
        const pending = t - writtenAt < PENDING_LIFETIME_MS ? (live?.pending ?? 0) : 0;
        const nextAt = live ? Date.parse(live.nextAttemptAt) : t;
        if (failures + pending >= level.threshold) {
          if (failures < level.threshold) return { result: 'busy' };
          // Past the limit one attempt runs at a time, and only once the delay is over.
          if (pending > 0) return { result: Math.max(nextAt - t, 1000) };
          if (t < nextAt) return { result: nextAt - t };
        }
        return { changes: { pending: pending + 1 }, result: null };
      },
      1000,
    );

  /** Settles a reserved attempt: a failure counts (and may start a delay); the rest give it back. */
  const settle = (level: Level, id: string, t: number, failed: boolean) =>
    change<void>(
      id,
      t,
      (live) => {
        if (!live) return { result: undefined };
        const pending = Math.max(0, live.pending - 1);
        if (!failed) return { changes: { pending }, result: undefined };
        const failures = live.failures + 1;
        const over = failures - level.threshold;
        const delay = over < 0 ? 0 : Math.min(level.maxDelayMs, level.firstDelayMs * 2 ** over);
        return {
          changes: { pending, failures, nextAttemptAt: iso(t + delay) },
          result: undefined,
        };
      },
      undefined,
    );

  /** Removes counts whose window has passed, at most once a minute. */
  async function sweep(t: number): Promise<void> {
    if (t - lastSweep < SWEEP_INTERVAL_MS && t >= lastSweep) return;
    lastSweep = t;
    const expired = await throttles.list({
      filter: { expiresAt: { lte: iso(t) } },
      limit: SWEEP_BATCH,
    });
    await Promise.all(expired.items.map((record) => throttles.delete(record.id)));
  }

  return {
    async attempt(username, address, now, check) {
      const t = now.getTime();
      await sweep(t);
      const account = encodeURIComponent(username.toLowerCase());
      const network = networkOf(address);
      const ids = levels.map((level) => level.key(account, network));
      // The account and address first: under a burst of guesses it refuses nearly all of them,
      // and the keys that many addresses or accounts share are then written only for the rest.
      let first = await reserve(levels[0]!, ids[0]!, t);
      for (let waited = 0; first === 'busy' && waited < BUSY_WAIT_MS; waited += BUSY_POLL_MS) {
        await new Promise((resolve) => setTimeout(resolve, BUSY_POLL_MS));
        first = await reserve(levels[0]!, ids[0]!, t);
      }
      if (first !== null)
        return { outcome: 'limited', retryAfterMs: first === 'busy' ? 1000 : first };
      const shared = levels.slice(1);
      const waits = [
        null,
        ...(await Promise.all(shared.map((level, i) => reserve(level, ids[i + 1]!, t)))),
      ];
      if (waits.some((wait) => wait !== null)) {
        const after = waits.map((w) => (w === 'busy' ? 1000 : (w ?? 0)));
        await Promise.all(
          levels.map((level, i) =>
            waits[i] === null ? settle(level, ids[i]!, t, false) : undefined,
          ),
        );
        return { outcome: 'limited', retryAfterMs: Math.max(...after) };
      }
      let right: boolean | null = null;
      try {
        right = await check();
      } finally {
        await Promise.all(
          levels.map((level, i) =>
            // The right password starts the account and address's own count again.
            i === 0 && right
              ? throttles.delete(ids[i]!)
              : settle(level, ids[i]!, t, right === false),
          ),
        );
      }
      return { outcome: right ? 'accepted' : 'refused' };
    },
  };
}
