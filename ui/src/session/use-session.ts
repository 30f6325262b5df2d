/**
 * Who is logged in: one reactive session for the whole app, loaded once at start and changed by
 * logging in and out.
 */
import { reactive } from 'vue';
import { ApiError, getJson, request, setCsrfToken } from '../api/client.ts';
import type { Role, User } from '../api/types.ts';

interface SessionState {
  user: User | null;
  loaded: boolean;
}

const state = reactive<SessionState>({ user: null, loaded: false });

interface SessionBody {
  user: User;
  csrfToken: string;
}

/** Loads the current session once; a 401 means nobody is logged in. */
export async function loadSession(): Promise<User | null> {
  if (state.loaded) return state.user;
  try {
    const body = await getJson<SessionBody>('/api/session');
    setCsrfToken(body.csrfToken);
    state.user = body.user;
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
  setCsrfToken(body.csrfToken);
  state.user = body.user;
  state.loaded = true;
  return body.user;
}

/** Logs out; the session is forgotten here even when the server cannot be reached. */
export async function logOut(): Promise<void> {
  try {
    await request('DELETE', '/api/session');
  } finally {
    state.user = null;
    setCsrfToken('');
  }
}

/** Forgets the user after the server said the session ended (a 401 on another call). */
export function sessionEnded(): void {
  state.user = null;
}

/** True when the logged-in user holds the role. */
export function hasRole(role: Role): boolean {
  return state.user?.roles.includes(role) ?? false;
}

/** The reactive session, for templates. */
export function useSession(): Readonly<SessionState> {
  return state;
}
