/** Mocha global fixtures: stop the shared MongoDB-compatible test server after the run. */
import { stopMongoTestServer } from './support/mongo-server.ts';

/** Runs once after all tests. */
export async function mochaGlobalTeardown(): Promise<void> {
  await stopMongoTestServer();
}
