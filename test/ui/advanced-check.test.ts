import assert from 'node:assert/strict';
import { jsonPositions } from '../../forms/json-position.ts';
import { checkAdvanced } from '../../ui/src/designer/advanced-check.ts';

const lines = (text: string, what: 'schema' | 'layout') =>
  checkAdvanced(text, what).problems.map((p) => `${p.line}:${p.column} ${p.message}`);

describe('the Advanced part’s check as one types', () => {
  it('passes a question’s schema and layout that the meta-schemas accept', () => {
    const schema = '{\n  "type": "string",\n  "title": "Who",\n  "maxLength": 200\n}';
    assert.deepEqual(checkAdvanced(schema, 'schema'), {
      value: { type: 'string', title: 'Who', maxLength: 200 },
      problems: [],
    });
    const layout =
      '{ "type": "Control", "scope": "#/properties/who", "options": { "multi": true } }';
    assert.deepEqual(checkAdvanced(layout, 'layout').problems, []);
  });

  it('puts each meta-schema objection to a question’s schema at its line', () => {
    const text = [
      '{',
      '  "type": "strnig",',
      '  "title": 3,',
      '  "minLength": -1,',
      '  "properties": {',
      '    "a": { "maximum": "ten" }',
      '  }',
      '}',
    ].join('\n');
    assert.deepEqual(lines(text, 'schema'), [
      '2:3 "type" is none of the kinds of value allowed here.',
      '3:3 "title" should be text in quotes.',
      '4:3 "minLength": -1 is less than 0.',
      '6:12 "maximum" should be a number.',
    ]);
  });

  it('puts objections to a layout element at their lines: unknown keys, a missing scope, a bad effect', () => {
    const text = [
      '{',
      '  "type": "Control",',
      '  "scop": "#/properties/a",',
      '  "rule": { "effect": "SHOWW", "condition": { "scope": "#/properties/b", "schema": {} } }',
      '}',
    ].join('\n');
    assert.deepEqual(lines(text, 'layout'), [
      '1:1 Add "scope".',
      '3:3 "scop" is not allowed here.',
      '4:13 "effect": use one of ["SHOW","HIDE","ENABLE","DISABLE"].',
    ]);
  });

  it('says where text stops being JSON', () => {
    assert.deepEqual(lines('{\n  "type": "string",\n}', 'schema'), [
      '3:1 This is not JSON from here on.',
    ]);
  });

  it('finds the line and column of every value by its pointer', () => {
    const positions = jsonPositions('{\n "a": [1, {"b/c": true}],\n "d": "x"\n}');
    assert.deepEqual(Object.fromEntries(positions), {
      '': { line: 1, column: 1 },
      '/a': { line: 2, column: 2 },
      '/a/0': { line: 2, column: 8 },
      '/a/1': { line: 2, column: 11 },
      '/a/1/b~1c': { line: 2, column: 12 },
      '/d': { line: 3, column: 2 },
    });
  });
});
