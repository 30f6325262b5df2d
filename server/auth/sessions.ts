/**
 * Cookie sessions kept in the store: a random id in a signed, httpOnly, SameSite=Strict cookie;
 * an idle expiry refreshed as the user works and an absolute expiry set at log in.
 */
import { randomBytes } from 'node:crypto';
import type { SessionRecord, Store, UserRecord } from '../store/store.ts';

/** The session cookie's name. */
export const SESSION_COOKIE = 'lowform_session';

/** How long sessions live. */
export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

/** Only touch lastSeenAt this often, so reads do not each cost a write. */
const TOUCH_INTERVAL_MS = 60_000;

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Starts a new session (always a new id, so a fixated id is useless) for a user. */
export async function startSession(
  store: Store,
  user: UserRecord,
  now: Date,
  policy: SessionPolicy,
): Promise<SessionRecord> {
  const session: SessionRecord = {
    id: randomToken(),
    version: 1,
    userId: user.id,
    csrfToken: randomToken(),
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + policy.maxHours * 3_600_000).toISOString(),
  };
  return store.sessions.insert(session);
}

/** The live session and its active user for a session id, or null (expired ones are removed). */
export async function resumeSession(
  store: Store,
  id: string,
  now: Date,
  policy: SessionPolicy,
): Promise<{ session: SessionRecord; user: UserRecord } | null> {
  const session = await store.sessions.get(id);
  if (!session) return null;
  const idleUntil = Date.parse(session.lastSeenAt) + policy.idleMinutes * 60_000;
  if (now.getTime() >= Date.parse(session.expiresAt) || now.getTime() >= idleUntil) {
    await store.sessions.delete(id);
    return null;
  }
  const user = await store.users.get(session.userId);
  if (!user?.active) return null;
  if (now.getTime() - Date.parse(session.lastSeenAt) > TOUCH_INTERVAL_MS) {
    const touched = await store.sessions.update(id, session.version, {
      lastSeenAt: now.toISOString(),
    });
    if (touched.ok) return { session: touched.record, user };
  }
  return { session, user };
}

/** Ends a session. */
export async function endSession(store: Store, id: string): Promise<void> {
  await store.sessions.delete(id);
}
