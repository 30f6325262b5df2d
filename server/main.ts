/**
 * The entry point: reads the configuration, opens the store, seeds demo data in demo mode,
 * builds the app and listens.
 */
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { prepareStore } from './demo/prepare.ts';
import { isLowformError } from './errors.ts';
import { createDefinitionRegistry } from './services/definition-registry.ts';
import { openStore } from './store/index.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const store = await openStore({
    dataDir: config.dataDir,
    mongodbUri: config.mongodbUri,
    timeoutMs: config.storeTimeoutMs,
  });
  const app = await buildApp({
    store,
    logger: { level: config.logLevel },
    sessionSecret: config.sessionSecret,
    session: { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours },
    bodyLimitBytes: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    loginAttemptsPerWindow: config.loginAttemptsPerWindow,
  });
  const notes = await prepareStore(
    store,
    createDefinitionRegistry(store),
    config,
    () => new Date(),
  );
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const host = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  const url = `http://${host}:${config.port}`;
  app.log.info({ store: store.kind, url }, 'Lowform is running');
  console.log(`\nLowform is running at ${url} on the ${store.kind} store.`);
  for (const note of notes) console.log(note);
  if (config.demo) console.log('Log in as practitioner, manager, practice_lead or admin.\n');
}

main().catch((error: unknown) => {
  console.error(isLowformError(error) ? `Lowform could not start: ${error.message}` : error);
  process.exit(1);
});
