/**
 * The entry point: reads the configuration, opens the store, builds the app and listens.
 */
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { isLowformError } from './errors.ts';
import { openStore } from './store/index.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const store = await openStore({ dataDir: config.dataDir, mongodbUri: config.mongodbUri });
  const app = await buildApp({ store, logger: { level: config.logLevel } });
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    {
      store: store.kind,
      url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`,
    },
    'Lowform is running',
  );
}

main().catch((error: unknown) => {
  console.error(isLowformError(error) ? `Lowform could not start: ${error.message}` : error);
  process.exit(1);
});
