/**
 * The one way the app talks to the server: JSON over fetch with the session cookie, the CSRF
 * token on every mutating request, and errors turned into ApiError with the server's code.
 */

/** Code used when the server could not be reached at all (no HTTP answer). */
export const OFFLINE = 'LF_OFFLINE';

/** An error answer from the API, or OFFLINE when there was none. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** True when the error means the server could not be reached. */
export function isOffline(error: unknown): boolean {
  return error instanceof ApiError && error.code === OFFLINE;
}

let csrfToken = '';
let onUnauthenticated: (() => void) | null = null;

/** Called when the server says the session has ended (a 401 on anything but logging in). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

/** Remembers the token that the login or session response gave. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** A successful answer: its status (200, 201, 202, 204) and body. */
export interface ApiResponse<T> {
  status: number;
  body: T;
}

/** Sends a request and returns status and body; throws ApiError on 4xx/5xx or no answer. */
export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, OFFLINE, 'The server cannot be reached. Check your connection.');
  }
  const text = await response.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    if (response.status === 401 && path !== '/api/session') onUnauthenticated?.();
    const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } })
      ?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? `The server answered ${response.status}.`,
      error?.details,
    );
  }
  return { status: response.status, body: parsed as T };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Sends JSON and reads a text answer (an HTML page); throws ApiError on 4xx/5xx. */
export async function requestText(
  method: 'POST' | 'PUT',
  path: string,
  body: unknown,
): Promise<{ text: string; headers: Headers }> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        accept: 'text/html',
        'content-type': 'application/json',
        'x-csrf-token': csrfToken,
      },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, OFFLINE, 'The server cannot be reached. Check your connection.');
  }
  const text = await response.text();
  if (!response.ok) {
    if (response.status === 401) onUnauthenticated?.();
    const error = (
      safeJson(text) as { error?: { code?: string; message?: string; details?: unknown } }
    )?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? `The server answered ${response.status}.`,
      error?.details,
    );
  }
  return { text, headers: response.headers };
}

/** GET a JSON body. */
export async function getJson<T>(path: string): Promise<T> {
  return (await request<T>('GET', path)).body;
}

/** Builds a query string from the values that are set. */
export function query(
  params: Record<string, string | number | boolean | null | undefined>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
