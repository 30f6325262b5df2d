/**
 * Chooses the adapter: MongoDB when a URI is configured, otherwise the embedded store.
 */
import { openEmbeddedStore } from './embedded.ts';
import { openMongoStore } from './mongodb.ts';
import type { Store } from './store.ts';

export type * from './store.ts';
export { formatCaseReference } from './store.ts';

/** What the store needs to know from the configuration. */
export interface StoreConfig {
  dataDir: string;
  mongodbUri?: string | undefined;
  mongodbDatabase?: string | undefined;
  /** The deadline of one store operation, in milliseconds (LOWFORM_STORE_TIMEOUT_MS). */
  timeoutMs?: number | undefined;
}

/** Opens the configured store: MongoDB when `mongodbUri` is set, else SQLite in `dataDir`. */
export async function openStore(config: StoreConfig): Promise<Store> {
  if (config.mongodbUri) {
    return openMongoStore({
      uri: config.mongodbUri,
      database: config.mongodbDatabase,
      timeoutMS: config.timeoutMs,
    });
  }
  return openEmbeddedStore({ dataDir: config.dataDir, timeoutMs: config.timeoutMs });
}
