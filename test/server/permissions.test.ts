import assert from 'node:assert/strict';
import { type Access, accessFor, mayCall, routeAccess } from '../../server/permissions.ts';
import { type Client, loginAs, startTestApp, type TestApp } from './harness.ts';

const ROLES = ['practitioner', 'manager', 'practice_lead', 'admin'] as const;

/** A concrete URL for a route pattern: ids that exist nowhere, so nothing is changed. */
function concreteUrl(pattern: string): string {
  return pattern
    .replace(':formId', 'contact')
    .replace(':version', '1')
    .replace(':event', 'approve')
    .replace(':id', 'no-such-record');
}

describe('permissions', function () {
  this.timeout(60_000);
  let test: TestApp;
  const clients = new Map<string, Client>();

  before(async () => {
    test = await startTestApp('embedded');
    for (const role of ROLES) clients.set(role, await loginAs(test, `only-${role}`, [role]));
  });
  after(() => test.close());

  it('has an entry in the table for every route the app serves', () => {
    const missing = test.app.routeList.filter((r) => !accessFor(r.method, r.url));
    assert.deepEqual(missing, []);
    assert.ok(test.app.routeList.length >= 10);
  });

  it('walks every route for every role and lets through exactly the roles the table names', async () => {
    const problems: string[] = [];
    const routes = test.app.routeList.filter(
      (r) => r.method !== 'HEAD' && !r.url.startsWith('/docs') && r.method !== 'DELETE',
    );
    for (const route of routes) {
      const access = routeAccess[`${route.method} ${route.url}`] as Access;
      const url = concreteUrl(route.url);
      const anonymous = await test.app.inject({ method: route.method as 'GET', url, payload: {} });
      const anonymousAllowed = access === 'public';
      if (!anonymousAllowed && anonymous.statusCode !== 401) {
        problems.push(
          `${route.method} ${route.url} anonymous got ${anonymous.statusCode}, not 401`,
        );
      }
      for (const role of ROLES) {
        const response = await clients
          .get(role)!
          .request({ method: route.method as 'GET', url, payload: {} });
        const allowed = mayCall(access, [role]);
        const refused = response.statusCode === 401 || response.statusCode === 403;
        if (allowed === refused) {
          problems.push(`${route.method} ${route.url} as ${role} got ${response.statusCode}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('lets any signed-in user log out', async () => {
    const client = await loginAs(test, 'leaving', ['admin']);
    assert.equal((await client.request({ method: 'DELETE', url: '/api/session' })).statusCode, 204);
  });
});
