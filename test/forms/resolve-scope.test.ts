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
});
