import assert from 'node:assert/strict';
import { type FormError, isFormError, loadForm } from '../../forms/index.ts';
import { contactForm } from './fixtures.ts';

/** The FormError loadForm throws for a definition, failing the test if it loads. */
function refusal(definition: unknown): FormError {
  try {
    loadForm(definition);
  } catch (error) {
    assert.ok(isFormError(error), `expected a FormError, got ${error}`);
    return error;
  }
  assert.fail('the definition loaded');
}

/** A definition whose schema is the given property map, each property shown by a control. */
function formWith(properties: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    id: 'hostile',
    version: 1,
    title: 'Hostile',
    schema: { type: 'object', properties, ...extra },
    uischema: {
      type: 'VerticalLayout',
      elements: Object.keys(properties).map((key) => ({
        type: 'Control',
        scope: `#/properties/${key}`,
      })),
    },
  };
}

/** Milliseconds fn takes. */
function timed(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

describe('loadForm', () => {
  it('loads a valid definition with its fields, labels and validators', () => {
    const form = loadForm(contactForm());
    assert.equal(form.id, 'contact');
    assert.equal(form.version, 1);
    assert.equal(form.fieldByPointer.get('/child/nhsNumber')?.label, 'NHS number');
    assert.equal(form.fieldByPointer.get('/siblings/*/name')?.label, "Sibling's name");
    assert.equal(typeof form.validators.full, 'function');
    assert.deepEqual(form.warnings, []);
  });

  it('accepts the definition as JSON text', () => {
    const form = loadForm(JSON.stringify(contactForm('contact-text')));
    assert.equal(form.id, 'contact-text');
  });

  it('refuses JSON text that does not parse as an invalid definition', () => {
    const error = refusal('{"id": "contact",');
    assert.equal(error.code, 'LF_FORM_INVALID');
    assert.equal(error.details.problems[0]?.code, 'not-json');
  });

  it('throws one error listing every problem with its JSON path', () => {
    const definition = contactForm();
    definition.schema.properties['child.name'] = { type: 'string' };
    definition.schema.properties.reason.pattern = '(a+)+$';
    definition.uischema.elements.push({ type: 'Control', scope: '#/properties/nothing' });
    delete definition.title;
    const error = refusal(definition);
    assert.equal(error.code, 'LF_FORM_INVALID');
    const problems = error.details.problems.map((p) => `${p.code} ${p.path}`);
    assert.deepEqual(problems.sort(), [
      'bad-property-name /schema/properties/child.name',
      'meta-schema ',
      'unknown-scope /uischema/elements/5/scope',
      'unsafe-pattern /schema/properties/reason/pattern',
    ]);
    assert.match(error.message, /contact@1 is not valid/);
    assert.match(
      error.message,
      /- \/schema\/properties\/child\.name: "child\.name" cannot be the key of a field: it contains a dot/,
    );
  });

  it('refuses a 10 MB definition quickly, before any other check', () => {
    const properties: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) {
      properties[`field${i}`] = { type: 'string', description: 'x'.repeat(1000) };
    }
    let error: FormError | undefined;
    const ms = timed(() => {
      error = refusal(formWith(properties));
    });
    assert.equal(error?.code, 'LF_FORM_TOO_LARGE');
    assert.match(error?.message ?? '', /larger than 1000000 bytes/);
    assert.ok(ms < 2000, `took ${ms} ms`);
  });

  it('refuses 10 MB of JSON text without parsing it', () => {
    const text = JSON.stringify(
      formWith({ a: { type: 'string', description: 'x'.repeat(10_000_000) } }),
    );
    const ms = timed(() => assert.equal(refusal(text).code, 'LF_FORM_TOO_LARGE'));
    assert.ok(ms < 2000, `took ${ms} ms`);
  });

  it('refuses a schema nested thousands of levels deep quickly, without overflowing the stack', () => {
    let node: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 100_000; i++) node = { type: 'object', properties: { a: node } };
    let error: FormError | undefined;
    const ms = timed(() => {
      error = refusal(formWith({ a: node }));
    });
    assert.equal(error?.code, 'LF_FORM_TOO_LARGE');
    assert.equal(error?.details.problems[0]?.code, 'too-deep');
    assert.ok(ms < 2000, `took ${ms} ms`);
  });

  it('refuses a schema nested more than 32 levels deep', () => {
    let node: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 40; i++) node = { type: 'object', properties: { a: node } };
    const error = refusal(formWith({ a: node }));
    assert.equal(error.code, 'LF_FORM_INVALID');
    assert.ok(error.details.problems.some((p) => p.code === 'too-deep'));
  });

  it('refuses a definition that refers to itself', () => {
    const definition: Record<string, unknown> = formWith({ a: { type: 'string' } });
    definition.description = definition as never;
    assert.equal(refusal(definition).code, 'LF_FORM_TOO_LARGE');
  });

  it('refuses a catastrophic regex quickly, naming the field', () => {
    const definition = formWith({
      name: { type: 'string', maxLength: 50, pattern: '^(\\w+\\s?)*$' },
    });
    let error: FormError | undefined;
    const ms = timed(() => {
      error = refusal(definition);
    });
    assert.equal(error?.details.problems[0]?.code, 'unsafe-pattern');
    assert.equal(error?.details.problems[0]?.path, '/schema/properties/name/pattern');
    assert.ok(ms < 2000, `took ${ms} ms`);
  });

  it('refuses a remote $ref without fetching it', () => {
    const error = refusal(formWith({ a: { $ref: 'https://example.org/evil.json' } }));
    assert.equal(error.details.problems[0]?.code, 'remote-ref');
    assert.equal(error.details.problems[0]?.path, '/schema/properties/a/$ref');
  });

  it('refuses bad property names at every depth', () => {
    const error = refusal(
      formWith({
        child: {
          type: 'object',
          properties: { $where: { type: 'string' }, 'a.b': { type: 'string' } },
        },
        list: {
          type: 'array',
          items: { type: 'object', properties: { '9': { type: 'string' }, '9lives': {} } },
        },
      }),
    );
    assert.deepEqual(
      error.details.problems.filter((p) => p.code === 'bad-property-name').map((p) => p.path),
      [
        '/schema/properties/child/properties/$where',
        '/schema/properties/child/properties/a.b',
        '/schema/properties/list/items/properties/9',
      ],
    );
  });

  it('refuses more than 500 fields', () => {
    const properties: Record<string, unknown> = {};
    for (let i = 0; i < 501; i++) properties[`f${i}`] = { type: 'string', title: `F${i}` };
    const error = refusal(formWith(properties));
    assert.ok(error.details.problems.some((p) => p.code === 'too-many-fields'));
  });

  it('refuses $refs that multiply a small schema into millions of fields, quickly', () => {
    const definitions: Record<string, unknown> = { d30: { type: 'string' } };
    for (let i = 29; i >= 0; i--) {
      const next = { $ref: `#/definitions/d${i + 1}` };
      definitions[`d${i}`] = { type: 'object', properties: { a: next, b: next } };
    }
    let error: FormError | undefined;
    const ms = timed(() => {
      error = refusal(formWith({ root: { $ref: '#/definitions/d0' } }, { definitions }));
    });
    assert.ok(error?.details.problems.some((p) => p.code === 'too-many-fields'));
    assert.ok(ms < 2000, `took ${ms} ms`);
  });

  it('reports a format ajv does not know as a problem of the definition', () => {
    const error = refusal(formWith({ a: { type: 'string', format: 'postcode' } }));
    assert.equal(error.details.problems[0]?.code, 'schema-not-compilable');
    assert.match(error.message, /unknown format "postcode"/);
  });

  it('returns the cached form for the same id, version and content', () => {
    const first = loadForm(contactForm('cached'));
    assert.equal(loadForm(contactForm('cached')), first);
  });

  it('recompiles when a draft changes under the same id and version', () => {
    const first = loadForm(contactForm('edited'));
    const changed = contactForm('edited');
    changed.schema.properties.reason.enum.push('other');
    const second = loadForm(changed);
    assert.notEqual(second, first);
    assert.equal(
      second.validators.full({
        child: { firstName: 'A', dateOfBirth: '2020-01-01' },
        reason: 'other',
      }),
      true,
    );
    assert.equal(
      first.validators.full({
        child: { firstName: 'A', dateOfBirth: '2020-01-01' },
        reason: 'other',
      }),
      false,
    );
  });

  it('keeps its own frozen copy, so changing the caller object changes nothing', () => {
    const definition = contactForm('owned');
    const form = loadForm(definition);
    definition.title = 'Changed';
    assert.equal(form.definition.title, 'Contact');
    assert.ok(Object.isFrozen(form.definition.schema));
  });
});
