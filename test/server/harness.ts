/**
 * Builds the app on a real store for API tests: the embedded store on a temporary file, or the
 * MongoDB adapter on the test server. Also logs users in and sends requests with their session.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../schemas/generated/records.ts';
import { type AppOptions, buildApp } from '../../server/app.ts';
import { createUser } from '../../server/services/users.ts';
import { openEmbeddedStore } from '../../server/store/embedded.ts';
import { openMongoStore } from '../../server/store/mongodb.ts';
import type { Store } from '../../server/store/store.ts';
import { dropTestDatabase, mongoTestUri, uniqueDatabaseName } from '../support/mongo-server.ts';

/** The store kinds API tests run on. */
export const storeKinds = ['embedded', 'mongodb'] as const;

/** A running app on a fresh store. */
export interface TestApp {
  app: FastifyInstance;
  store: Store;
  close(): Promise<void>;
}

/** The password every test user gets. */
export const TEST_PASSWORD = 'correct horse battery staple';

/** Opens a fresh store of the given kind and builds the app on it. */
export async function startTestApp(
  kind: (typeof storeKinds)[number],
  options: Partial<AppOptions> = {},
): Promise<TestApp> {
  let store: Store;
  let cleanup: () => Promise<void>;
  if (kind === 'embedded') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lowform-api-'));
    store = openEmbeddedStore({ dataDir: dir });
    cleanup = () => rm(dir, { recursive: true, force: true });
  } else {
    const uri = await mongoTestUri();
    const database = uniqueDatabaseName('lowform_api');
    store = await openMongoStore({ uri, database });
    cleanup = () => dropTestDatabase(uri, database);
  }
  const app = await buildApp({ store, sessionSecret: 'a'.repeat(40), ...options });
  return {
    app,
    store,
    async close() {
      await app.close();
      await store.close();
      await cleanup();
    },
  };
}

/** A logged-in client: sends the session cookie and CSRF token with every request. */
export interface Client {
  cookie: string;
  csrfToken: string;
  userId: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

/** Creates a user with these roles and teams (if missing) and logs them in. */
export async function loginAs(
  test: TestApp,
  username: string,
  roles: Role[],
  teams: string[] = ['north'],
): Promise<Client> {
  if (!(await test.store.users.findOne({ username }))) {
    await createUser(
      test.store,
      { username, displayName: username, password: TEST_PASSWORD, roles, teams },
      new Date(),
    );
  }
  const response = await test.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username, password: TEST_PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
  const setCookie = response.cookies.find((c) => c.name === 'lowform_session');
  if (!setCookie) throw new Error('no session cookie');
  const cookie = `lowform_session=${setCookie.value}`;
  const body = response.json() as { csrfToken: string; user: { id: string } };
  return {
    cookie,
    csrfToken: body.csrfToken,
    userId: body.user.id,
    request(options) {
      return test.app.inject({
        ...options,
        headers: { cookie, 'x-csrf-token': body.csrfToken, ...(options.headers ?? {}) },
      });
    },
  };
}
