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

  it('describes every 2xx response of the API with its properties, free-form only where said', async () => {
    const doc = (await test.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const components = doc.components.schemas as Record<string, Schema>;
    const vague: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Operations>)) {
      if (!path.startsWith('/api/')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          if (!status.startsWith('2') || status === '204') continue;
          const schema = response.content?.['application/json']?.schema;
          const where = `${method.toUpperCase()} ${path} ${status}`;
          if (!schema) vague.push(`${where}: no schema`);
          else vague.push(...vagueParts(schema, components, where, new Set()));
        }
      }
    }
    assert.deepEqual(vague, []);
  });

  it('serves the documentation page', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/docs/' });
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /html/);
  });
});

interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  description?: string;
  enum?: unknown[];
}
type Operations = Record<
  string,
  { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }
>;

/** The parts of a response schema that say nothing: objects with no properties, not free-form by description. */
function vagueParts(
  schema: Schema,
  components: Record<string, Schema>,
  where: string,
  seen: Set<string>,
): string[] {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.has(name)) return [];
    const target = components[name];
    if (!target) return [`${where}: unknown $ref ${schema.$ref}`];
    return vagueParts(target, components, `${where} > ${name}`, new Set([...seen, name]));
  }
  const out: string[] = [];
  // OpenAPI 3.0 writes JSON Schema's null type as a nullable object that only null matches.
  if (schema.enum?.length === 1 && schema.enum[0] === null) return out;
  const isObject =
    schema.type === 'object' || (Array.isArray(schema.type) && schema.type.includes('object'));
  const freeForm = schema.additionalProperties === true || (isObject && !schema.properties);
  if (isObject && freeForm && !/free-form/i.test(schema.description ?? '')) {
    if (typeof schema.additionalProperties !== 'object')
      out.push(`${where}: an object with no properties`);
  }
  for (const [key, property] of Object.entries(schema.properties ?? {}))
    out.push(...vagueParts(property, components, `${where}.${key}`, seen));
  if (schema.items) out.push(...vagueParts(schema.items, components, `${where}[]`, seen));
  if (typeof schema.additionalProperties === 'object')
    out.push(...vagueParts(schema.additionalProperties, components, `${where}{}`, seen));
  for (const part of schema.anyOf ?? []) out.push(...vagueParts(part, components, where, seen));
  return out;
}
