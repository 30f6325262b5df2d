import assert from 'node:assert/strict';
import { compileForm, listControls } from '../../ui/src/forms/compile-form.ts';
import { chooseInput } from '../../ui/src/forms/control-testers.ts';
import { getAt, pointerOf, setAt } from '../../ui/src/forms/data-path.ts';
import type { ControlNode, JsonSchema } from '../../ui/src/forms/form-types.ts';
import { valueFromText } from '../../ui/src/forms/input-value.ts';
import { resolveScope } from '../../ui/src/forms/resolve-scope.ts';
import { matchesSchema, ruleOutcome } from '../../ui/src/forms/rule-condition.ts';

const schema: JsonSchema = {
  type: 'object',
  required: ['child'],
  definitions: { name: { type: 'string', maxLength: 100 } },
  properties: {
    child: {
      type: 'object',
      required: ['fullName'],
      properties: {
        fullName: { $ref: '#/definitions/name', title: 'ignored beside a $ref' },
        dateOfBirth: { type: 'string', format: 'date' },
      },
    },
    worried: { type: 'boolean', title: 'Are you worried?' },
    decision: { type: 'string', oneOf: [{ const: 'nfa', title: 'No further action' }] },
    people: {
      type: 'array',
      items: { type: 'object', properties: { memberName: { type: 'string' } } },
    },
  },
};

describe('form renderer: compiling a UI schema', () => {
  it('resolves nested scopes and local $refs to a data path, schema and requiredness', () => {
    const resolved = resolveScope(schema, '#/properties/child/properties/fullName');
    assert.deepEqual(resolved?.path, ['child', 'fullName']);
    assert.equal(resolved?.schema.maxLength, 100);
    assert.equal(resolved?.required, true);
    assert.equal(resolveScope(schema, '#/properties/nothing'), null);
  });

  it('remembers a resolved scope instead of walking the schema again', () => {
    const first = resolveScope(schema, '#/properties/worried');
    assert.equal(resolveScope(schema, '#/properties/worried'), first);
  });

  it('ranks input kinds like JSON Forms testers: multi-line, date, choices, radio', () => {
    assert.equal(chooseInput({ type: 'string' }, { type: 'Control' }), 'text');
    assert.equal(
      chooseInput({ type: 'string' }, { type: 'Control', options: { multi: true } }),
      'textarea',
    );
    assert.equal(chooseInput({ type: 'string', format: 'date' }, { type: 'Control' }), 'date');
    assert.equal(chooseInput({ type: 'string', enum: ['a'] }, { type: 'Control' }), 'select');
    assert.equal(
      chooseInput(
        { type: 'string', enum: ['a'] },
        { type: 'Control', options: { format: 'radio' } },
      ),
      'radio',
    );
    assert.equal(chooseInput({ type: 'integer' }, { type: 'Control' }), 'integer');
    assert.equal(chooseInput({ type: 'null' }, { type: 'Control' }), 'unsupported');
  });

  it('labels controls from the UI schema, the title or the property name', () => {
    const tree = compileForm(schema, {
      type: 'VerticalLayout',
      elements: [
        { type: 'Control', scope: '#/properties/child/properties/dateOfBirth' },
        { type: 'Control', scope: '#/properties/worried' },
        { type: 'Control', scope: '#/properties/decision', label: 'Decision made' },
        { type: 'Control', scope: '#/properties/people', label: false },
      ],
    });
    const controls = listControls(tree);
    assert.deepEqual(
      controls.map((c) => [c.label, c.showLabel, c.input]),
      [
        ['Date of birth', true, 'date'],
        ['Are you worried?', true, 'boolean'],
        ['Decision made', true, 'select'],
        ['People', false, 'array'],
      ],
    );
    assert.deepEqual(controls[2]!.choices, [{ value: 'nfa', label: 'No further action' }]);
    const item = listControls((controls[3] as ControlNode).item!);
    assert.deepEqual(item[0]!.path, ['memberName']);
  });

  it('lays out every property in order when there is no UI schema', () => {
    const controls = listControls(compileForm(schema, null));
    assert.deepEqual(
      controls.map((c) => pointerOf(c.path)),
      ['/child/fullName', '/child/dateOfBirth', '/worried', '/decision', '/people'],
    );
  });

  it('labels an untitled field in the words the server uses for it, acronyms kept', () => {
    const properties = {
      childNHSNumber: { type: 'string' },
      has_parental_responsibility: { type: 'boolean' },
      dateOfBirth: { type: 'string', format: 'date' },
    };
    assert.deepEqual(
      listControls(compileForm({ type: 'object', properties }, null)).map((c) => c.label),
      ['Child NHS number', 'Has parental responsibility', 'Date of birth'],
    );
  });
});

describe('form renderer: data, rules and typed values', () => {
  it('reads and writes values at a path, creating objects and removing emptied keys', () => {
    const data: Record<string, unknown> = {};
    setAt(data, ['child', 'fullName'], 'Amara');
    setAt(data, ['people', 0, 'memberName'], 'Ade');
    assert.deepEqual(data, { child: { fullName: 'Amara' }, people: [{ memberName: 'Ade' }] });
    assert.equal(getAt(data, ['people', 0, 'memberName']), 'Ade');
    setAt(data, ['child', 'fullName'], undefined);
    assert.deepEqual(data.child, {});
    assert.equal(getAt(data, ['missing', 'deep']), undefined);
  });

  it('matches rule conditions without generating code', () => {
    assert.equal(matchesSchema({ const: 'yes' }, 'yes'), true);
    assert.equal(matchesSchema({ enum: ['a', 'b'] }, 'c'), false);
    assert.equal(matchesSchema({ not: { const: true } }, false), true);
    assert.equal(matchesSchema({ type: 'number', minimum: 3 }, 2), false);
    assert.equal(
      matchesSchema({ properties: { a: { const: 1 } }, required: ['a'] }, { a: 1 }),
      true,
    );
    assert.equal(matchesSchema({ pattern: '^[0-9]+$' }, '12a'), false);
  });

  it('applies SHOW, HIDE, ENABLE and DISABLE, and failWhenUndefined', () => {
    const rule = { schema: { const: true }, failWhenUndefined: false };
    assert.deepEqual(ruleOutcome({ ...rule, effect: 'SHOW' }, true), {
      visible: true,
      enabled: true,
    });
    assert.deepEqual(ruleOutcome({ ...rule, effect: 'HIDE' }, true), {
      visible: false,
      enabled: true,
    });
    assert.deepEqual(ruleOutcome({ ...rule, effect: 'DISABLE' }, true), {
      visible: true,
      enabled: false,
    });
    assert.equal(
      ruleOutcome({ ...rule, effect: 'SHOW', failWhenUndefined: true }, undefined).visible,
      false,
    );
  });

  it('keeps what is typed in a number field even when it is not a number yet', () => {
    assert.equal(valueFromText('number', '12.5'), 12.5);
    assert.equal(valueFromText('integer', '12.5'), '12.5');
    assert.equal(valueFromText('number', '1e'), '1e');
    assert.equal(valueFromText('text', ''), undefined);
  });
});
