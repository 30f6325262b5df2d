import assert from 'node:assert/strict';
import { accessFor } from '../../server/permissions.ts';
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

  // Written out by hand, not read from the table: a wrong entry in server/permissions.ts fails here.
  const P = 'practitioner';
  const M = 'manager';
  const L = 'practice_lead';
  const A = 'admin';
  const expected: Record<string, readonly string[]> = {
    'GET /api/session': [P, M, L, A],
    'POST /api/session/password': [P, M, L, A],
    'GET /api/users': [M, A],
    'POST /api/users': [A],
    'PATCH /api/users/:id': [A],
    'GET /api/forms': [P, M, L, A],
    'GET /api/forms/:id': [P, M, L, A],
    'GET /api/forms/:id/versions/:version': [P, M, L, A],
    'POST /api/forms': [L],
    'GET /api/forms/:id/draft': [L],
    'PUT /api/forms/:id/draft': [L],
    'POST /api/forms/:id/lint': [L],
    'GET /api/forms/:id/diff': [L],
    'POST /api/forms/:id/publish': [L],
    'GET /api/forms/:id/versions': [L],
    'POST /api/forms/:id/versions/:version/restore': [L],
    'GET /api/forms/:id/dependents': [L],
    'GET /api/forms/:id/usage': [L],
    'GET /api/form-drafts': [L],
    'GET /api/form-burden': [L],
    'GET /api/workflows': [P, M, L, A],
    'GET /api/workflows/:id': [P, M, L, A],
    'GET /api/workflows/:id/versions/:version': [P, M, L, A],
    'POST /api/workflows': [A],
    'GET /api/workflows/:id/draft': [A],
    'PUT /api/workflows/:id/draft': [A],
    'POST /api/workflows/:id/lint': [A],
    'POST /api/workflows/:id/publish': [A],
    'GET /api/workflows/:id/versions': [A],
    'POST /api/workflows/:id/versions/:version/restore': [A],
    'GET /api/workflows/:id/open-cases': [A],
    'POST /api/workflows/:id/migrations': [A],
    'GET /api/workflows/:id/migrations/:migrationId': [A],
    'GET /api/workflows/:id/export': [A],
    'POST /api/workflows/:id/import': [A],
    'GET /api/calendar': [P, M, L, A],
    'GET /api/document-templates': [P, M, L, A],
    'GET /api/document-templates/:id': [P, M, L, A],
    'GET /api/document-templates/:id/versions/:version': [P, M, L, A],
    'POST /api/document-templates': [L],
    'GET /api/document-templates/:id/draft': [L],
    'PUT /api/document-templates/:id/draft': [L],
    'POST /api/document-templates/:id/lint': [L],
    'POST /api/document-templates/:id/publish': [L],
    'GET /api/document-templates/:id/versions': [L],
    'POST /api/document-templates/:id/versions/:version/restore': [L],
    'POST /api/document-templates/:id/preview': [L],
    'POST /api/cases': [P, M],
    'GET /api/cases': [P, M],
    'GET /api/cases/:id': [P, M],
    'PATCH /api/cases/:id': [M],
    'GET /api/cases/:id/forms/:formId': [P, M],
    'PUT /api/cases/:id/forms/:formId/draft': [P, M],
    'POST /api/cases/:id/forms/:formId/submit': [P, M],
    'POST /api/cases/:id/events': [P, M],
    // The route admits case workers; the stage's signOff.by decides (tested in case-repository).
    'POST /api/cases/:id/sign-offs/:event': [P, M],
    'GET /api/cases/:id/chronology': [P, M],
    'GET /api/sign-offs': [M],
    'GET /api/cases/:id/access-log': [M, A],
    'GET /api/reports/indicators': [M, A],
    'GET /api/reports/indicators/export': [M, A],
    'GET /api/reports/indicators/:id/cases': [M, A],
    'GET /api/reports/indicators/:id/cases/export': [M, A],
    'GET /api/reports/caseload': [M, A],
    'GET /api/reports/sign-offs': [M, A],
    'GET /api/reports/annex-a/:table': [M, A],
    'GET /api/reports/census/:table': [M, A],
    'GET /api/cases/:id/documents': [P, M],
    'GET /api/cases/:id/documents/preview': [P, M],
    'POST /api/cases/:id/documents': [P, M],
    'GET /api/cases/:id/documents/:documentId': [P, M],
  };

  it('serves exactly the API routes the written-out matrix names', () => {
    const served = test.app.routeList
      .filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`)
      .filter((key) => key !== 'POST /api/session' && key !== 'DELETE /api/session');
    assert.deepEqual([...served].sort(), Object.keys(expected).sort());
  });

  it('lets through exactly the roles the matrix names, and nobody without a session', async () => {
    const problems: string[] = [];
    for (const [key, roles] of Object.entries(expected)) {
      const [method, pattern] = key.split(' ') as ['GET', string];
      const url = concreteUrl(pattern);
      const anonymous = await test.app.inject({ method, url, payload: {} });
      if (anonymous.statusCode !== 401)
        problems.push(`${key} anonymous got ${anonymous.statusCode}, not 401`);
      for (const role of ROLES) {
        const response = await clients.get(role)!.request({ method, url, payload: {} });
        const refused = response.statusCode === 401 || response.statusCode === 403;
        if (roles.includes(role) === refused)
          problems.push(`${key} as ${role} got ${response.statusCode}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('keeps the public routes public', async () => {
    for (const url of ['/health', '/docs/json']) {
      const response = await test.app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, url);
    }
  });

  it('lets any signed-in user log out', async () => {
    const client = await loginAs(test, 'leaving', ['admin']);
    assert.equal((await client.request({ method: 'DELETE', url: '/api/session' })).statusCode, 204);
  });
});
