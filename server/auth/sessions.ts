/**
 * Cookie sessions kept in the store: a random id in a signed, httpOnly, SameSite=Strict cookie;
 * an idle expiry refreshed as the user works and an absolute expiry set at log in.
 */
import { createHash, randomBytes } from 'node:crypto';
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

/**
 * A digest of what a session's rights rest on: the user's password hash, roles, teams and
 * standing. A session started before any of them changed no longer matches, whichever process
 * made the change and whether or not its sessions were removed.
 */
export function userStamp(user: UserRecord): string {
  const rights = [user.passwordHash, [...user.roles].sort(), [...user.teams].sort(), user.active];
  return createHash('sha256').update(JSON.stringify(rights)).digest('base64url');
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
    userStamp: userStamp(user),
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
  if (!user?.active || session.userStamp !== userStamp(user)) {
    await store.sessions.delete(id);
    return null;
  }
  if (now.getTime() - Date.parse(session.lastSeenAt) > TOUCH_INTERVAL_MS) {
    const touched = await store.sessions.update(id, session.version, {
      lastSeenAt: now.toISOString(),
    });
    if (touched.ok) return { session: touched.record, user };
    // Removed since it was read (logged out, or its user changed): not honoured.
    if (touched.reason === 'missing') return null;
  }
  return { session, user };
}

/** Ends a session; every process's session memory hears of it (see USER_CHANGES). */
export async function endSession(store: Store, id: string): Promise<void> {
  await store.sessions.delete(id);
  await noteSessionChange(store);
}

/**
 * A counter in the store, moved on by every change that can end sessions (a user's password,
 * roles, teams or standing changed through the user service; a log-out). Every process's session
 * memory compares it on each request, so such a change takes effect at once everywhere.
 */
export const USER_CHANGES = 'lowform.session-changes';

/** Moves the session-change counter on: remembered sessions are checked again everywhere. */
export async function noteSessionChange(store: Store): Promise<void> {
  await store.nextNumber(USER_CHANGES);
}

/**
 * Removes a user's sessions that began before their password, roles, teams or standing last
 * changed (resuming one is refused anyway; this ends them in the store too).
 */
export async function endStaleSessions(store: Store, user: UserRecord): Promise<void> {
  const current = userStamp(user);
  let cursor: string | null = null;
  do {
    const page = await store.sessions.list({ filter: { userId: user.id }, limit: 200, cursor });
    const stale = page.items.filter((session) => session.userStamp !== current);
    await Promise.all(stale.map((session) => store.sessions.delete(session.id)));
    cursor = page.nextCursor;
  } while (cursor);
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
 * several requests at once, and each would otherwise read the session and its user. A remembered
 * session is answered only while the store's session-change counter (USER_CHANGES, one read) is
 * where it was when the session was read, so a log-out or a user change made through the user
 * service, by any process, takes effect at once. A change written to the store some other way
 * takes effect within SESSION_MEMORY_MS, since an entry is dated from before its read began and
 * never extended. Expiry is still checked on each request.
 */
export function createSessionMemory(store: Store, policy: SessionPolicy): SessionMemory {
  const seen = new Map<
    string,
    { at: number; changes: number; resumed: { session: SessionRecord; user: UserRecord } }
  >();
  // Bumped by every forget: a read that began before one is answered but not remembered.
  let generation = 0;
  return {
    async resume(id, now) {
      const known = seen.get(id);
      const t = now.getTime();
      // Read before the session, so a change landing during the read is seen next time.
      const changes = await store.currentNumber(USER_CHANGES);
      if (known && t - known.at < SESSION_MEMORY_MS && t >= known.at && known.changes === changes) {
        const { session } = known.resumed;
        const idleUntil = Date.parse(session.lastSeenAt) + policy.idleMinutes * 60_000;
        if (t < Date.parse(session.expiresAt) && t < idleUntil) return known.resumed;
      }
      seen.delete(id);
      const began = generation;
      const resumed = await resumeSession(store, id, now, policy);
      if (resumed && began === generation) {
        // Bounded: sessions come and go; past this many, start again.
        if (seen.size >= 10_000) seen.clear();
        seen.set(id, { at: t, changes, resumed });
      }
      return resumed;
    },
    forget(id) {
      generation += 1;
      seen.delete(id);
    },
    forgetAll() {
      generation += 1;
      seen.clear();
    },
  };
}
