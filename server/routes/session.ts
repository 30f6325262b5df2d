/**
 * Log in, who am I, log out, change my password. The login response and GET carry the CSRF token
 * that every mutating request sends back as `x-csrf-token`, and say whether the user must choose a
 * new password before anything else.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { decoyHash, verifyPassword } from '../auth/passwords.ts';
import { endSession, SESSION_COOKIE, startSession } from '../auth/sessions.ts';
import { waitWords } from '../auth/wait-words.ts';
import { LowformError } from '../errors.ts';
import { errorResponses } from '../schemas.ts';
import { changeOwnPassword, endSessionsBefore } from '../services/password-change.ts';
import { toUserView } from '../services/users.ts';
import type { SessionRecord, UserRecord } from '../store/store.ts';
import type { SchemaTypeProvider } from '../type-provider.ts';

const sessionView = { $ref: 'Session#' } as const;

/** The session as clients see it: who, the CSRF token, and whether a password must be chosen. */
function sessionBody(user: UserRecord, session: SessionRecord) {
  return {
    user: toUserView(user),
    csrfToken: session.csrfToken,
    mustChangePassword: user.mustChangePassword === true,
  };
}

/** Session routes. */
export async function sessionRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  // Handler types (params, query, body) come from the route schemas.
  const typed = app.withTypeProvider<SchemaTypeProvider>();
  const { store, now, limiter } = deps;
  const setSessionCookie = (reply: FastifyReply, session: SessionRecord) =>
    reply.setCookie(SESSION_COOKIE, session.id, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.secureCookies,
      signed: true,
      maxAge: deps.session.maxHours * 3600,
    });

  typed.post(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Log in',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'password'],
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 64 },
            password: { type: 'string', minLength: 1, maxLength: 256 },
          },
        },
        response: { 200: sessionView, ...errorResponses(429) },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const at = now();
      let user = null as UserRecord | null;
      const attempt = await limiter.attempt(username, request.ip, at, async () => {
        user = await store.users.findOne({ username: username.toLowerCase() });
        const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash), password);
        return ok && user?.active === true;
      });
      if (attempt.outcome === 'limited') {
        const seconds = Math.ceil(attempt.retryAfterMs / 1000);
        reply.header('retry-after', String(seconds));
        throw new LowformError(
          'LF_RATE_LIMITED',
          `Too many failed attempts to log in. Wait ${waitWords(seconds)} and try again, or ask an admin to reset your password.`,
          { retryAfterSeconds: seconds },
        );
      }
      if (attempt.outcome === 'refused' || !user) {
        throw new LowformError('LF_UNAUTHENTICATED', 'The username or password is not right.');
      }
      const signed = request.cookies[SESSION_COOKIE];
      const previous = signed ? request.unsignCookie(signed) : null;
      if (previous?.valid && previous.value) {
        deps.sessions.forget(previous.value);
        await endSession(store, previous.value);
      }
      const session = await startSession(store, user, at, deps.session);
      setSessionCookie(reply, session);
      return sessionBody(user, session);
    },
  );

  typed.get(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Who is logged in',
        response: { 200: sessionView, ...errorResponses() },
      },
    },
    async (request) => {
      const auth = request.auth!;
      return sessionBody(auth.user, auth.session);
    },
  );

  typed.post(
    '/api/session/password',
    {
      schema: {
        tags: ['session'],
        summary: 'Change my password',
        description:
          'Checks the current password (wrong ones count toward the log-in limit), stores the new one, starts a new session (new cookie and CSRF token) and ends every other session of the user.',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['currentPassword', 'newPassword'],
          properties: {
            currentPassword: { type: 'string', minLength: 1, maxLength: 256 },
            newPassword: { type: 'string', maxLength: 256 },
          },
        },
        response: { 200: sessionView, ...errorResponses(409, 429) },
      },
    },
    async (request, reply) => {
      const auth = request.auth!;
      const at = now();
      let user: UserRecord;
      try {
        user = await changeOwnPassword(
          store,
          limiter,
          { user: auth.user, sessionStamp: auth.session.userStamp, address: request.ip },
          request.body,
          at,
        );
      } catch (error) {
        const wait = (error as { details?: { retryAfterSeconds?: number } }).details;
        if (wait?.retryAfterSeconds) reply.header('retry-after', String(wait.retryAfterSeconds));
        throw error;
      }
      // A new session for the new password; every earlier one (this included) ends.
      const session = await startSession(store, user, at, deps.session);
      deps.sessions.forgetAll();
      await endSessionsBefore(store, user);
      setSessionCookie(reply, session);
      return sessionBody(user, session);
    },
  );

  typed.delete(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Log out',
        response: { 204: { type: 'null' }, ...errorResponses() },
      },
    },
    async (request, reply) => {
      deps.sessions.forget(request.auth!.session.id);
      await endSession(store, request.auth!.session.id);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );
}
