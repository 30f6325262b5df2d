/**
 * A signed-in user changes their own password: the one-time password an admin gave them (which
 * they must change before anything else) or one they chose. The current password is checked
 * through the login limiter, so guessing it here is as slow as guessing it at log in.
 */
import type { LoginLimiter } from '../auth/login-limiter.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { endStaleSessions, noteSessionChange, userStamp } from '../auth/sessions.ts';
import { waitWords } from '../auth/wait-words.ts';
import { LowformError } from '../errors.ts';
import type { Store, UserRecord } from '../store/store.ts';
import { passwordProblem } from './users.ts';

/** What the user sent. */
export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

/** Who asks, and from where (the limiter counts by account and address). */
export interface PasswordChanger {
  user: UserRecord;
  /** The stamp of the session asking: a user changed since it began may not change anything. */
  sessionStamp: string;
  address: string;
}

/** Compare-and-set rounds against other writes to the user (a display name changed meanwhile). */
const MAX_ROUNDS = 3;

function fieldProblem(path: '/currentPassword' | '/newPassword', problem: string): LowformError {
  return new LowformError('LF_VALIDATION', problem, [{ in: 'body', path, problem }]);
}

/**
 * Checks the current password (counted by the limiter) and the new one (the password rules, and
 * not the current one again), then stores the new hash and clears mustChangePassword. Returns the
 * changed user; the caller starts the user's new session, then calls `endSessionsBefore`.
 * A wrong current password or a rule broken is LF_VALIDATION naming the field; too many wrong
 * ones is LF_RATE_LIMITED with `retryAfterSeconds`.
 */
export async function changeOwnPassword(
  store: Store,
  limiter: LoginLimiter,
  who: PasswordChanger,
  change: PasswordChange,
  now: Date,
): Promise<UserRecord> {
  const problem = passwordProblem(change.newPassword);
  if (problem) throw fieldProblem('/newPassword', problem);
  const attempt = await limiter.attempt(who.user.username, who.address, now, () =>
    verifyPassword(who.user.passwordHash, change.currentPassword),
  );
  if (attempt.outcome === 'limited') {
    const seconds = Math.ceil(attempt.retryAfterMs / 1000);
    throw new LowformError(
      'LF_RATE_LIMITED',
      `Too many wrong passwords. Wait ${waitWords(seconds)} and try again, or ask an admin to reset your password.`,
      { retryAfterSeconds: seconds },
    );
  }
  if (attempt.outcome === 'refused') {
    throw fieldProblem('/currentPassword', 'The current password is not right.');
  }
  if (change.newPassword === change.currentPassword) {
    throw fieldProblem('/newPassword', 'The new password must be different from the current one.');
  }
  const passwordHash = await hashPassword(change.newPassword);
  let user = who.user;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const result = await store.users.update(user.id, user.version, {
      passwordHash,
      mustChangePassword: false,
      updatedAt: now.toISOString(),
    });
    if (result.ok) return result.record;
    if (result.reason === 'missing') throw new LowformError('LF_UNAUTHENTICATED');
    // Changed since the session was read: go on only if the session still stands for it.
    if (!result.current.active || userStamp(result.current) !== who.sessionStamp)
      throw new LowformError('LF_UNAUTHENTICATED');
    user = result.current;
  }
  throw new LowformError('LF_CONFLICT');
}

/**
 * Ends every session of the user that began before the change (all but the new one), in the
 * store and, through the session-change counter, in every process's memory.
 */
export async function endSessionsBefore(store: Store, user: UserRecord): Promise<void> {
  await endStaleSessions(store, user);
  await noteSessionChange(store);
}
