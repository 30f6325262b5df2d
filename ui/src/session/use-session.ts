/**
 * Who is logged in: one reactive session for the whole app, loaded once at start and changed by
 * logging in and out.
 */
import { reactive } from 'vue';
import { ApiError, getJson, request, setCsrfToken } from '../api/client.ts';
import type { Role, Session, User } from '../api/types.ts';
import { dropLegacyDrafts } from '../drafts/draft-outbox.ts';
import { discardDrafts, sendDraftsBeforeLogOut } from '../drafts/send-drafts-at-log-out.ts';

interface SessionState {
  user: User | null;
  loaded: boolean;
  /** The user logged in with a password an admin gave them: they must choose their own first. */
  mustChangePassword: boolean;
}

const state = reactive<SessionState>({ user: null, loaded: false, mustChangePassword: false });

type SessionBody = Session;

/** Takes up a session the server answered with. */
function takeUp(body: SessionBody): void {
  setCsrfToken(body.csrfToken);
  state.user = body.user;
  state.mustChangePassword = body.mustChangePassword;
}

/** Loads the current session once; a 401 means nobody is logged in. */
export async function loadSession(): Promise<User | null> {
  if (state.loaded) return state.user;
  dropLegacyDrafts();
  try {
    takeUp(await getJson<SessionBody>('/api/session'));
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    state.user = null;
  }
  state.loaded = true;
  return state.user;
}

/** Logs in; throws ApiError (401 LF_UNAUTHENTICATED, 429 LF_RATE_LIMITED) when refused. */
export async function logIn(username: string, password: string): Promise<User> {
  const { body } = await request<SessionBody>('POST', '/api/session', { username, password });
  dropLegacyDrafts();
  takeUp(body);
  state.loaded = true;
  return body.user;
}

/**
 * Changes the user's password. The server answers with a new session (its cookie and CSRF token)
 * and ends every other; throws ApiError (400 LF_VALIDATION with the field's path in details,
 * 429 LF_RATE_LIMITED) when refused.
 */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  const { body } = await request<SessionBody>('POST', '/api/session/password', {
    currentPassword,
    newPassword,
  });
  takeUp(body);
}

/**
 * Logs out. The user's pending drafts are sent first; when some cannot be, `confirmLoss` is
 * asked (with how many forms) whether to log out anyway and lose them, and false keeps the
 * session and the drafts. Then every draft of the user is removed from this device, so the next
 * user of the computer never gets them. Returns whether the user was logged out. The session is
 * forgotten here even when the server cannot be reached.
 */
export async function logOut(
  confirmLoss: (unsentForms: number) => boolean | Promise<boolean>,
): Promise<boolean> {
  const leaving = state.user;
  if (leaving) {
    const unsent = await sendDraftsBeforeLogOut(leaving.id);
    if (unsent > 0 && !(await confirmLoss(unsent))) return false;
    discardDrafts(leaving.id);
  }
  try {
    await request('DELETE', '/api/session');
  } finally {
    state.user = null;
    state.mustChangePassword = false;
    setCsrfToken('');
  }
  return true;
}

/**
 * True when the session this tab would send with belongs to the user: checked before a draft is
 * sent, so that one user's words are never sent as another's. After a 401 the user may have
 * logged in again in another tab: the server is asked, and the session taken up if it is theirs.
 */
export async function sessionIsUser(userId: string): Promise<boolean> {
  if (state.user) return state.user.id === userId;
  try {
    const body = await getJson<SessionBody>('/api/session');
    if (body.user.id !== userId) return false;
    takeUp(body);
    return true;
  } catch {
    return false;
  }
}

/** Forgets the user after the server said the session ended (a 401 on another call). */
export function sessionEnded(): void {
  state.user = null;
  state.mustChangePassword = false;
}

/** True when the logged-in user holds the role. */
export function hasRole(role: Role): boolean {
  return state.user?.roles.includes(role) ?? false;
}

/** The reactive session, for templates. */
export function useSession(): Readonly<SessionState> {
  return state;
}
