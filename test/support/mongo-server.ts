/**
 * The MongoDB-compatible server the mongodb suites run against: the server named by MONGODB_URI
 * when it is set, else a FerretDB built from test/ferretdb and started once for the whole run.
 */
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { startFerretDB } from './ferretdb.ts';

let started: Promise<{ uri: string; stop(): Promise<void> }> | null = null;

const howToProvide =
  'The mongodb tests need a MongoDB-compatible server. Either install Go (1.26 or newer) so that ' +
  'npm test can build FerretDB from test/ferretdb, or set MONGODB_URI to a MongoDB or FerretDB ' +
  'server, e.g. MONGODB_URI=mongodb://127.0.0.1:27017 npm test.';

/** The URI of the test server, starting FerretDB on first use when MONGODB_URI is not set. */
export async function mongoTestUri(): Promise<string> {
  const configured = process.env.MONGODB_URI;
  if (configured) return configured;
  if (!started) {
    started = startFerretDB().catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${howToProvide}\nStarting FerretDB failed: ${reason}`);
    });
  }
  const server = started;
  return (await server).uri;
}

/** A database name no other suite uses. */
export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/** Drops a test database. */
export async function dropTestDatabase(uri: string, database: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.db(database).dropDatabase();
  } finally {
    await client.close();
  }
}

/** Stops the FerretDB this run started, if any. */
export async function stopMongoTestServer(): Promise<void> {
  if (!started) return;
  const server = await started.catch(() => null);
  started = null;
  await server?.stop();
}
