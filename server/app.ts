/**
 * Builds the Fastify application as a plugin over a store. The entry file (main.ts) only
 * listens; tests drive the app with `app.inject()`.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { errorBody, isLowformError, LowformError } from './errors.ts';
import type { Store } from './store/store.ts';

/** What the app is built from. */
export interface AppOptions {
  store: Store;
  logger?: FastifyServerOptions['logger'];
}

/** Builds the app; the caller owns the store and closes it after the app. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 1024 * 1024 });
  const { store } = options;

  app.setErrorHandler((error, request, reply) => {
    if (isLowformError(error)) {
      return reply.status(error.status).send(errorBody(error));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(errorBody(new LowformError('LF_INTERNAL')));
  });

  app.get('/health', async () => ({ status: 'ok' }));

  app.get('/ready', async (_request, reply) => {
    try {
      await store.ping();
      return { status: 'ready', store: store.kind };
    } catch {
      return reply
        .status(503)
        .send(
          errorBody(new LowformError('LF_STORE_UNAVAILABLE', undefined, { store: store.kind })),
        );
    }
  });

  return app;
}
