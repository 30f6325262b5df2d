import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './harness.ts';

describe('API documentation', function () {
  this.timeout(30_000);
  let test: TestApp;
  before(async () => {
    test = await startTestApp('embedded');
  });
  after(() => test.close());

  it('serves an OpenAPI document that describes every API route and its error shape', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/docs/json' });
    assert.equal(response.statusCode, 200);
    const doc = response.json();
    assert.match(doc.openapi, /^3\./);
    const documented = new Set(
      Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
    const apiRoutes = test.app.routeList.filter(
      (r) => r.url.startsWith('/api/') && r.method !== 'HEAD',
    );
    const missing = apiRoutes.map((r) => `${r.method} ${r.url}`).filter((r) => !documented.has(r));
    assert.deepEqual(missing, []);
    const events = doc.paths['/api/cases/{id}/events'].post;
    for (const status of ['200', '401', '409', '422']) assert.ok(events.responses[status], status);
    assert.ok(doc.components.schemas.LowformError);
  });

  it('serves the documentation page', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/docs/' });
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /html/);
  });
});
