/**
 * Active recording time: how long someone spends on a form while actually working on it
 * (typing, moving between fields). Each sign of activity adds the time since the one before,
 * unless that gap was a pause of more than a minute, which is not counted. The seconds are sent
 * with autosave and submit, and the form designer shows their median per form version (never
 * per worker).
 */

/** A pause longer than this is not recording time. */
export const IDLE_AFTER_MS = 60_000;

/** Counts active milliseconds between signs of activity. */
export interface ActiveTimer {
  /** Call on every sign of activity: a keystroke, an input, a field entered. */
  activity(): void;
  /** Whole seconds counted and not yet sent. */
  unsent(): number;
  /** After a save or submit carried `seconds`: they are sent. */
  sent(seconds: number): void;
}

/** A timer on a clock (milliseconds; `performance.now` in the browser). */
export function createActiveTimer(now: () => number = () => performance.now()): ActiveTimer {
  let last: number | null = null;
  let counted = 0;
  return {
    activity() {
      const at = now();
      if (last !== null && at - last <= IDLE_AFTER_MS) counted += at - last;
      last = at;
    },
    unsent: () => Math.floor(counted / 1000),
    sent(seconds) {
      counted = Math.max(0, counted - seconds * 1000);
    },
  };
}
