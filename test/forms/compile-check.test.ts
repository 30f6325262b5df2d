import assert from 'node:assert/strict';
import { checkSchemaCompiles } from '../../forms/compile-check.ts';
import { inspectForm, lintForm } from '../../forms/lint-form.ts';
import { contactForm, type Json } from './fixtures.ts';

/** What lint says against what loading (one whole compile, validators built) says. */
function bothWays(definition: Json) {
  const whole = inspectForm(JSON.parse(JSON.stringify(definition)), { build: true }).findings;
  return { parts: lintForm(definition), whole };
}

describe('checkSchemaCompiles (lint compiles part by part)', () => {
  it('finds what a whole compile finds: an ignored keyword in a question', () => {
    const definition = contactForm();
    definition.schema.properties.reason.maxlength = 10;
    const { parts, whole } = bothWays(definition);
    assert.deepEqual(parts, whole);
    assert.deepEqual(
      parts.map((f) => f.code),
      ['schema-keyword-ignored'],
    );
  });

  it('finds what a whole compile finds: an unknown format, at the same schema path', () => {
    const definition = contactForm();
    definition.schema.properties.child.properties.dateOfBirth.format = 'birthday';
    const { parts, whole } = bothWays(definition);
    assert.deepEqual(parts, whole);
    assert.match(parts[0]?.message ?? '', /unknown format "birthday" .*#\/properties\/child/);
  });

  it('finds what a whole compile finds: an unknown format inside a list’s items', () => {
    const definition = contactForm();
    definition.schema.properties.siblings.items.properties.name.format = 'full-name';
    const { parts, whole } = bothWays(definition);
    assert.deepEqual(parts, whole);
    assert.equal(parts[0]?.code, 'schema-not-compilable');
  });

  it('finds an unknown keyword at the root, outside every question', () => {
    const definition = contactForm();
    definition.schema.minproperties = 1;
    const { parts, whole } = bothWays(definition);
    assert.deepEqual(parts, whole);
    assert.match(parts[0]?.message ?? '', /unknown keyword: "minproperties"/);
  });

  it('follows a question’s $ref into the definitions, and a $ref elsewhere compiles whole', () => {
    const definition = contactForm();
    definition.schema.definitions = { code: { type: 'string', format: 'postcode' } };
    definition.schema.properties.analysis = { $ref: '#/definitions/code', title: 'Code' };
    let { parts, whole } = bothWays(definition);
    assert.deepEqual(parts, whole);
    assert.match(parts[0]?.message ?? '', /unknown format "postcode"/);
    definition.schema.properties.analysis = { $ref: '#/properties/reason', title: 'Same' };
    ({ parts, whole } = bothWays(definition));
    assert.deepEqual(parts, whole);
    assert.deepEqual(parts, []);
  });

  it('gives the same answer from its cache, and a new one when a question changes', () => {
    const schema = { type: 'object', properties: { a: { type: 'string', colour: 'red' } } };
    const first = checkSchemaCompiles(schema);
    assert.deepEqual(checkSchemaCompiles(structuredClone(schema)), first);
    assert.match(first.ignored[0] ?? '', /unknown keyword: "colour"/);
    schema.properties.a = { type: 'string' } as typeof schema.properties.a;
    assert.deepEqual(checkSchemaCompiles(schema), { ignored: [] });
  });

  it('finds a problem in a form it has never seen (one whole compile first), and after an edit of a clean one', () => {
    const unseen = (words: string) => ({
      type: 'object',
      properties: Object.fromEntries(
        Array.from({ length: 20 }, (_, i) => [`q${i}`, { type: 'string', title: `${words} ${i}` }]),
      ),
    });
    const withProblem = unseen(`Never seen ${Date.now()}`) as {
      properties: Record<string, Record<string, unknown>>;
    };
    withProblem.properties.q7!.format = 'colour';
    assert.match(checkSchemaCompiles(withProblem).error ?? '', /unknown format "colour" .*q7/);
    const clean = unseen(`Clean ${Date.now()}`) as typeof withProblem;
    assert.deepEqual(checkSchemaCompiles(clean), { ignored: [] });
    clean.properties.q3!.maxlength = 5;
    assert.match(checkSchemaCompiles(clean).ignored[0] ?? '', /unknown keyword: "maxlength"/);
  });
});
