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

/** How long a resumed session is answered from memory before the store is asked again. */
export const SESSION_MEMORY_MS = 1000;

/** Live sessions resumed from the store, remembered for a second. */
export interface SessionMemory {
  resume(id: string, now: Date): Promise<{ session: SessionRecord; user: UserRecord } | null>;
  /** Forgets one session (this process logged it out). */
  forget(id: string): void;
  /** Forgets every session (a user's roles, teams or standing changed). */
  forgetAll(): void;
}

/**
 * Resumes sessions, answering a session seen in the last second from memory: a page fires
 * several requests at once, and each would otherwise read the session and its user. Logging out
 * and changing a user here take effect at once; a change made by another process (the CLI, a
 * second server) takes effect within SESSION_MEMORY_MS. Expiry is still checked on each request.
 */
export function createSessionMemory(store: Store, policy: SessionPolicy): SessionMemory {
  const seen = new Map<
    string,
    { at: number; resumed: { session: SessionRecord; user: UserRecord } }
  >();
  return {
    async resume(id, now) {
      const known = seen.get(id);
      const t = now.getTime();
      if (known && t - known.at < SESSION_MEMORY_MS && t >= known.at) {
        const { session } = known.resumed;
        const idleUntil = Date.parse(session.lastSeenAt) + policy.idleMinutes * 60_000;
        if (t < Date.parse(session.expiresAt) && t < idleUntil) return known.resumed;
      }
      seen.delete(id);
      const resumed = await resumeSession(store, id, now, policy);
      if (resumed) {
        // Bounded: sessions come and go; past this many, start again.
        if (seen.size >= 10_000) seen.clear();
        seen.set(id, { at: t, resumed });
      }
      return resumed;
    },
    forget: (id) => seen.delete(id),
    forgetAll: () => seen.clear(),
  };
}
