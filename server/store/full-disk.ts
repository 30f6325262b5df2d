/**
 * Readiness while the store's disk is full. A full disk shows itself only when a write fails, so
 * each adapter reports its LF_STORE_FULL failures here; from then on the readiness probe tries a
 * small write of its own, and the store is ready again once one succeeds.
 */
import { isLowformError } from '../errors.ts';

/** What an adapter keeps about its disk. */
export interface FullDiskWatch {
  /** Notes a failure, returning it: an LF_STORE_FULL makes the store unready. */
  noted<E>(error: E): E;
  /** Resolves when the store takes writes: at once, or after the probe write succeeds. */
  check(): Promise<void>;
}

/** A watch whose recovery is tested by `probeWrite`, which rejects LF_STORE_FULL while full. */
export function createFullDiskWatch(probeWrite: () => Promise<void>): FullDiskWatch {
  let full = false;
  return {
    noted(error) {
      if (isLowformError(error, 'LF_STORE_FULL')) full = true;
      return error;
    },
    async check() {
      if (!full) return;
      await probeWrite();
      full = false;
    },
  };
}
