/**
 * Limits failed log-in attempts per account and per address. Counts live in the store (one
 * counter per key and 15-minute window) so that every server process sees the same counts.
 */
import type { Store } from '../store/store.ts';

const WINDOW_MS = 15 * 60_000;

/** The counters a failed attempt increments in the current window. */
function counterKeys(username: string, address: string, now: Date): [string, string] {
  const window = Math.floor(now.getTime() / WINDOW_MS);
  return [
    `login-fail/account/${username.toLowerCase()}/${window}`,
    `login-fail/address/${address}/${window}`,
  ];
}

/** Decides whether an attempt may go ahead and records failures. */
export interface LoginLimiter {
  /** True while the account and address are under their limits. */
  allowed(username: string, address: string, now: Date): Promise<boolean>;
  /** Counts a failed attempt. */
  recordFailure(username: string, address: string, now: Date): Promise<void>;
}

/** A limiter allowing `perAccount` failures per account (ten times that per address) a window. */
export function createLoginLimiter(store: Store, perAccount: number): LoginLimiter {
  return {
    async allowed(username, address, now) {
      const [account, from] = counterKeys(username, address, now);
      const [byAccount, byAddress] = await Promise.all([
        store.currentNumber(account),
        store.currentNumber(from),
      ]);
      return byAccount < perAccount && byAddress < perAccount * 10;
    },
    async recordFailure(username, address, now) {
      const [account, from] = counterKeys(username, address, now);
      await Promise.all([store.nextNumber(account), store.nextNumber(from)]);
    },
  };
}
