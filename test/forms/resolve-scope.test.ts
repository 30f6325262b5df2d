import assert from 'node:assert/strict';
import { resolveScope } from '../../forms/resolve-scope.ts';
import type { SchemaNode } from '../../forms/walk-schema.ts';

const schema: SchemaNode = {
  type: 'object',
  required: ['child'],
  definitions: {
    person: {
      type: 'object',
      required: ['fullName'],
      properties: { fullName: { type: 'string', maxLength: 100 }, nickname: { type: 'string' } },
    },
    a: { $ref: '#/definitions/b' },
    b: { $ref: '#/definitions/a' },
  },
  properties: {
    child: { $ref: '#/definitions/person' },
    looped: { $ref: '#/definitions/a' },
    people: { type: 'array', items: { $ref: '#/definitions/person' } },
  },
};

describe('forms: resolving a JSON Forms scope', () => {
  it('follows a local $ref to the data path, schema and requiredness of a nested field', () => {
    const resolved = resolveScope(schema, '#/properties/child/properties/fullName');
    assert.deepEqual(resolved, {
      path: ['child', 'fullName'],
      schema: { type: 'string', maxLength: 100 },
      required: true,
      fieldPointer: '/child/fullName',
    });
    assert.equal(resolveScope(schema, '#/properties/child/properties/nickname')?.required, false);
  });

  it('walks through list items without adding them to the data path', () => {
    const resolved = resolveScope(schema, '#/properties/people/items/properties/fullName');
    assert.deepEqual(resolved?.path, ['people', 'fullName']);
    assert.equal(resolved?.schema.maxLength, 100);
  });

  it('names nothing for a missing field, a scope that is not local, or a $ref loop', () => {
    assert.equal(resolveScope(schema, '#/properties/nothing'), null);
    assert.equal(resolveScope(schema, 'properties/child'), null);
    assert.equal(resolveScope(schema, '#/properties/looped/properties/x'), null);
  });

  it('reads # as the whole form', () => {
    assert.deepEqual(resolveScope(schema, '#')?.path, []);
  });

  it('reads #/ and /-scopes as JSON Forms does', () => {
    assert.deepEqual(resolveScope(schema, '#/')?.path, []);
    assert.deepEqual(resolveScope(schema, '/properties/child')?.path, ['child']);
    assert.equal(resolveScope(schema, 'child'), null);
  });

  it('gives the field pointer, list items as *', () => {
    const resolved = resolveScope(schema, '#/properties/people/items/properties/fullName');
    assert.equal(resolved?.fieldPointer, '/people/*/fullName');
    assert.equal(resolved?.required, true);
  });

  it('finds a property an allOf, anyOf, oneOf, then or else adds, and its requiredness', () => {
    const combined: SchemaNode = {
      type: 'object',
      required: ['width'],
      definitions: { base: { type: 'object', properties: { width: { type: 'integer' } } } },
      allOf: [{ $ref: '#/definitions/base' }, { required: ['shape'] }],
      anyOf: [{ required: ['colour'], properties: { shape: {}, colour: {} } }],
      // biome-ignore lint/suspicious/noThenProperty: then is a JSON Schema keyword here.
      then: { properties: { age: { type: 'number' } } },
      oneOf: [{ properties: { 'a/b': { type: 'boolean' } } }],
    };
    assert.deepEqual(resolveScope(combined, '#/properties/width'), {
      path: ['width'],
      schema: { type: 'integer' },
      required: true,
      fieldPointer: '/width',
    });
    assert.equal(resolveScope(combined, '#/properties/shape')?.required, true);
    // Required by one alternative is required only sometimes: not marked.
    assert.equal(resolveScope(combined, '#/properties/colour')?.required, false);
    assert.equal(resolveScope(combined, '#/properties/age')?.schema.type, 'number');
    assert.equal(resolveScope(combined, '#/then/properties/age')?.required, false);
    assert.deepEqual(resolveScope(combined, '#/properties/a~1b')?.path, ['a/b']);
    assert.equal(resolveScope(combined, '#/properties/nothing'), null);
  });

  it('walks any keyword, array members included, without adding to the path', () => {
    const conditional: SchemaNode = {
      type: 'object',
      anyOf: [
        {
          if: { properties: { kind: { const: 'x' } } },
          // biome-ignore lint/suspicious/noThenProperty: then is a JSON Schema keyword here.
          then: { properties: { x: {} } },
        },
      ],
    };
    assert.deepEqual(resolveScope(conditional, '#/anyOf/0/then/properties/x')?.path, ['x']);
    assert.deepEqual(resolveScope(conditional, '#/anyOf/0/if/properties/kind')?.path, ['kind']);
    assert.equal(resolveScope(conditional, '#/anyOf/1/then/properties/x'), null);
  });

  it('gives up on a combinator cycle instead of looping', () => {
    const cyclic: SchemaNode = { definitions: { a: { allOf: [{ $ref: '#/definitions/a' }] } } };
    cyclic.allOf = [{ $ref: '#/definitions/a' }];
    assert.equal(resolveScope(cyclic, '#/properties/x'), null);
  });
});
