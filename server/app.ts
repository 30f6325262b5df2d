/**
 * Builds the Fastify application as a plugin over a store. The entry file (main.ts) only
 * listens; tests drive the app with `app.inject()`.
 */
import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { csrfTokenMatches } from './auth/csrf-token.ts';
import { createLoginLimiter, type LoginLimiter } from './auth/login-limiter.ts';
import {
  createSessionMemory,
  SESSION_COOKIE,
  type SessionMemory,
  type SessionPolicy,
} from './auth/sessions.ts';
import { createVerifiedCookies } from './auth/verified-cookies.ts';
import { MAX_BODY_DEPTH, nestsDeeperThan } from './body-depth.ts';
import { errorBody, isLowformError, LowformError } from './errors.ts';
import { toLowformError } from './http-errors.ts';
import { refuseNonUtf8Body } from './json-charset.ts';
import { accessFor, mayCall, mayCallBeforePasswordChange } from './permissions.ts';
import { clientErrorHandler, frameworkErrors } from './pre-route-errors.ts';
import { buildRequestValidator } from './request-validators.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { caseDocumentRoutes } from './routes/case-documents.ts';
import { caseFormRoutes } from './routes/case-forms.ts';
import { caseRoutes } from './routes/cases.ts';
import { definitionRoutes } from './routes/definitions.ts';
import { reportRoutes } from './routes/reports.ts';
import { sessionRoutes } from './routes/session.ts';
import { isAppRoute, uiRoutes } from './routes/ui.ts';
import { userRoutes } from './routes/users.ts';
import { workflowMigrationRoutes } from './routes/workflow-migrations.ts';
import { errorSchema, userViewSchema } from './schemas.ts';
import { securityHeaders } from './security-headers.ts';
import { type AccessLog, createAccessLog } from './services/access-log.ts';
import { backfillCaseKeys } from './services/case-keys.ts';
import { backfillMilestones } from './services/case-milestones.ts';
import { type CaseRepository, createCaseRepository } from './services/case-repository.ts';
import {
  createDefinitionRegistry,
  type DefinitionRegistry,
} from './services/definition-registry.ts';
import { type CalendarSource, createCalendarSource } from './services/working-calendar.ts';
import { withDeadline } from './store/deadline.ts';
import type { SessionRecord, Store, UserRecord } from './store/store.ts';
import { viewSchemas } from './view-schemas.ts';

/** What the app is built from. */
export interface AppOptions {
  store: Store;
  logger?: FastifyServerOptions['logger'];
  /** Signs session cookies; a random one (sessions end at restart) when not given. */
  sessionSecret?: string | undefined;
  session?: SessionPolicy;
  bodyLimitBytes?: number;
  trustProxy?: boolean;
  loginAttemptsPerWindow?: number;
  /** Serve the built web app at `/` (default: when ui/dist exists). */
  serveUi?: boolean;
  /** Where the built web app is; ui/dist by default. */
  uiDist?: string;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
}

/** What route plugins receive. */
export interface RouteDeps {
  store: Store;
  now: () => Date;
  session: SessionPolicy;
  /** Resumed sessions, remembered briefly; logging out and changing users forget them. */
  sessions: SessionMemory;
  limiter: LoginLimiter;
  secureCookies: boolean;
  access: AccessLog;
  /** The working-day calendar, kept fresh from the store. */
  calendar: CalendarSource;
  /** Published forms and workflows. */
  registry: DefinitionRegistry;
  /** Cases and their chronology (with this process's chronology outbox). */
  cases: CaseRepository;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: { user: UserRecord; session: SessionRecord } | null;
  }
  interface FastifyInstance {
    /** Every route registered, for the permissions test and the docs. */
    routeList: { method: string; url: string }[];
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** /ready answers within 2 s: a store slower than this to answer a ping is not ready. */
const READY_DEADLINE_MS = 1500;

/** Builds the app; the caller owns the store and closes it after the app. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const headers = securityHeaders();
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Refused before any hook runs, so these set the security headers themselves.
    frameworkErrors: frameworkErrors(headers),
    clientErrorHandler: clientErrorHandler(headers),
    // Bodies are validated exactly as sent; only query strings, params and headers are coerced.
    schemaController: { compilersFactory: { buildValidator: buildRequestValidator } },
  });
  const session = options.session ?? { idleMinutes: 30, maxHours: 12 };
  const sessions = createSessionMemory(store, session);
  const registry = createDefinitionRegistry(store);
  const deps: RouteDeps = {
    store,
    now,
    session,
    sessions,
    limiter: createLoginLimiter(store, options.loginAttemptsPerWindow ?? 5),
    secureCookies: options.trustProxy ?? false,
    access: createAccessLog(store),
    calendar: createCalendarSource(store, { now }),
    registry,
    cases: createCaseRepository({
      store,
      registry,
      now,
      warn: (message, error) => app.log.warn({ err: error }, message),
    }),
  };
  // An imported calendar counts from the first request on; a store that cannot be read yet
  // leaves the shipped one, and the source tries again on a later request.
  await deps.calendar.refresh(true).catch(() => {});
  // Cases stored before their list keys existed get them once, before this process serves.
  await backfillCaseKeys(store).catch((error: unknown) =>
    app.log.warn({ err: error }, 'the cases could not be given their list keys'),
  );
  // Cases stored before they carried their milestones get them once, before reports are served.
  await backfillMilestones(store).catch((error: unknown) =>
    app.log.warn({ err: error }, 'the cases could not be given their milestones'),
  );
  // The chronology outbox repairs what a crashed process left before this one serves; a store
  // that cannot be read yet is repaired on a later beat.
  await deps.cases.outbox
    .start()
    .catch((error: unknown) =>
      app.log.warn({ err: error }, 'the chronology outbox could not start'),
    );
  app.addHook('onClose', () => deps.cases.outbox.stop());

  // Cookies and security headers first: their hooks must run before ours.
  await app.register(cookie, {
    secret: options.sessionSecret ?? randomBytes(32).toString('base64url'),
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  app.addSchema(errorSchema);
  app.addSchema(userViewSchema);
  for (const schema of viewSchemas) app.addSchema(schema);
  app.decorateRequest('auth', null);

  app.setErrorHandler((error, request, reply) => {
    const mapped = toLowformError(error);
    if (mapped.status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.status(mapped.status).send(errorBody(mapped));
  });
  let servesUi = false;
  app.setNotFoundHandler((request, reply) => {
    if (servesUi && request.method === 'GET' && isAppRoute(request.url)) {
      return reply.type('text/html').sendFile('index.html');
    }
    const message = `There is no ${request.method} ${request.url}.`;
    return reply.status(404).send(errorBody(new LowformError('LF_NOT_FOUND', message)));
  });

  const routeList: { method: string; url: string }[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      routeList.push({ method, url: route.url });
      if (!accessFor(method, route.url)) {
        throw new Error(
          `${method} ${route.url} is not in the permissions table (server/permissions.ts).`,
        );
      }
    }
  });

  // Only JSON bodies: anything else is 415, not a string handed to a route.
  app.removeContentTypeParser('text/plain');
  app.addHook('preParsing', async (request, _reply, payload) => {
    refuseNonUtf8Body(request.headers['content-type']);
    return payload;
  });
  app.addHook('preValidation', async (request) => {
    if (request.body !== undefined && nestsDeeperThan(request.body, MAX_BODY_DEPTH)) {
      throw new LowformError(
        'LF_BAD_REQUEST',
        `The request body is nested more than ${MAX_BODY_DEPTH} levels deep.`,
      );
    }
  });

  // A browser sends the same signed cookie on every request: check its signature once.
  const verifiedCookies = createVerifiedCookies();
  app.addHook('onRequest', async (request) => {
    const access = accessFor(request.method, request.routeOptions.url ?? '');
    if (!access || access === 'public') return;
    const signed = request.cookies[SESSION_COOKIE];
    const sessionId = signed ? verifiedCookies.check(signed, (v) => request.unsignCookie(v)) : null;
    if (sessionId) request.auth = await sessions.resume(sessionId, now());
    if (!request.auth) throw new LowformError('LF_UNAUTHENTICATED');
    if (
      request.auth.user.mustChangePassword &&
      !mayCallBeforePasswordChange(request.method, request.routeOptions.url ?? '')
    )
      throw new LowformError('LF_PASSWORD_CHANGE_REQUIRED');
    if (!mayCall(access, request.auth.user.roles)) {
      throw new LowformError('LF_FORBIDDEN', undefined, {
        needs: access,
        has: request.auth.user.roles,
      });
    }
    if (
      MUTATING.has(request.method) &&
      !csrfTokenMatches(request.headers['x-csrf-token'], request.auth.session.csrfToken)
    ) {
      throw new LowformError(
        'LF_FORBIDDEN',
        'The request is missing its x-csrf-token header. Reload the page and try again.',
      );
    }
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Lowform API',
        version: '0.1.0',
        description:
          'Cases, forms and workflows. Errors: {"error": {"code", "message", "details"}}.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  app.get(
    '/health',
    {
      schema: {
        tags: ['probes'],
        response: { 200: { type: 'object', properties: { status: { type: 'string' } } } },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['probes'],
        response: {
          200: {
            type: 'object',
            properties: { status: { type: 'string' }, store: { type: 'string' } },
          },
          503: { $ref: 'LowformError#' },
        },
      },
    },
    async (_request, reply) => {
      try {
        // Probes give up after a few seconds: answer first, whatever the store's deadline.
        await withDeadline(store.ping(), READY_DEADLINE_MS, { store: store.kind });
        return { status: 'ready', store: store.kind };
      } catch (error) {
        // A full disk says so; anything else is a store that does not answer.
        const reason = isLowformError(error, 'LF_STORE_FULL')
          ? error
          : new LowformError('LF_STORE_UNAVAILABLE', undefined, { store: store.kind });
        return reply.status(503).send(errorBody(reason));
      }
    },
  );

  servesUi = options.serveUi === false ? false : await uiRoutes(app, { dist: options.uiDist });
  await app.register(sessionRoutes, deps);
  await app.register(userRoutes, deps);
  await app.register(definitionRoutes, { ...deps, kind: 'form' });
  await app.register(definitionRoutes, { ...deps, kind: 'workflow' });
  await app.register(definitionRoutes, { ...deps, kind: 'template' });
  await app.register(caseRoutes, deps);
  await app.register(caseFormRoutes, deps);
  await app.register(reportRoutes, deps);
  await app.register(caseDocumentRoutes, deps);
  await app.register(workflowMigrationRoutes, deps);
  await app.register(calendarRoutes, deps);
  return app;
}
