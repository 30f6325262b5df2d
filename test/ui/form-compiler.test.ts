import assert from 'node:assert/strict';
import {
  Actions,
  type JsonSchema as CoreSchema,
  coreReducer,
  isEnabled,
  isVisible,
  type JsonFormsCore,
  type RankedTester,
  type Translator,
  type UISchemaElement,
} from '@jsonforms/core';
import { dataPathOf, getAt, pointerOf, setAt } from '../../ui/src/forms/data-path.ts';
import { formI18n } from '../../ui/src/forms/form-i18n.ts';
import { labelsByPointer } from '../../ui/src/forms/form-labels.ts';
import type { JsonSchema } from '../../ui/src/forms/form-types.ts';
import { inPlaceMiddleware } from '../../ui/src/forms/in-place-middleware.ts';
import { inputFromDateTime, timeFromInput, valueFromText } from '../../ui/src/forms/input-value.ts';
import { createInterpretingAjv } from '../../ui/src/forms/interpreting-ajv.ts';
import { resolveScope } from '../../ui/src/forms/resolve-scope.ts';
import * as testers from '../../ui/src/forms/testers.ts';

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

/** Which of Lowform's testers wins for a control, as JSON Forms' dispatcher would decide. */
function winner(scope: string, options?: Record<string, unknown>, root: JsonSchema = schema) {
  const uischema = { type: 'Control', scope, ...(options ? { options } : {}) } as UISchemaElement;
  let best = 'none';
  let bestRank = -1;
  for (const [name, tester] of Object.entries(testers)) {
    if (!name.endsWith('Tester')) continue;
    const rank: number = (tester as unknown as RankedTester)(uischema, root as CoreSchema, {
      rootSchema: root as CoreSchema,
      config: {},
    });
    if (rank > bestRank) [best, bestRank] = [name, rank];
  }
  return best;
}

describe('form renderer: testers and labels', () => {
  it('resolves nested scopes and local $refs to a data path, schema and requiredness', () => {
    const resolved = resolveScope(schema, '#/properties/child/properties/fullName');
    assert.deepEqual(resolved?.path, ['child', 'fullName']);
    assert.equal(resolved?.schema.maxLength, 100);
    assert.equal(resolved?.required, true);
    assert.equal(resolveScope(schema, '#/properties/nothing'), null);
  });

  it('chooses a renderer for each kind of control by the highest-ranked JSON Forms tester', () => {
    const root: JsonSchema = {
      type: 'object',
      properties: {
        text: { type: 'string' },
        date: { type: 'string', format: 'date' },
        time: { type: 'string', format: 'time' },
        when: { type: 'string', format: 'date-time' },
        count: { type: 'integer' },
        amount: { type: 'number' },
        yes: { type: 'boolean' },
        pick: { type: 'string', enum: ['a', 'b'] },
        titled: { type: 'string', oneOf: [{ const: 'a', title: 'A' }] },
        many: { type: 'array', uniqueItems: true, items: { type: 'string', enum: ['a', 'b'] } },
        list: { type: 'array', items: { type: 'object', properties: { n: { type: 'string' } } } },
        words: { type: 'array', items: { type: 'string' } },
        address: { type: 'object', properties: { line: { type: 'string' } } },
      },
    };
    const scopes = Object.keys(root.properties!).map((name) => `#/properties/${name}`);
    assert.deepEqual(
      scopes.map((scope) => winner(scope, undefined, root)),
      [
        'textControlTester',
        'dateControlTester',
        'dateControlTester',
        'dateControlTester',
        'numberControlTester',
        'numberControlTester',
        'booleanControlTester',
        'enumControlTester',
        'enumControlTester',
        'multiEnumControlTester',
        'arrayControlTester',
        'arrayControlTester',
        'objectControlTester',
      ],
    );
    assert.equal(winner('#/properties/pick', { format: 'radio' }, root), 'radioControlTester');
    assert.equal(winner('#/properties/text', { multi: true }, root), 'textControlTester');
  });

  it('labels fields from the UI schema, the title or the property name, for the error summary', () => {
    const labels = labelsByPointer(schema, {
      type: 'VerticalLayout',
      elements: [
        { type: 'Control', scope: '#/properties/child' },
        { type: 'Control', scope: '#/properties/worried' },
        { type: 'Control', scope: '#/properties/decision', label: 'Decision made' },
      ],
    });
    assert.deepEqual(
      [...labels],
      [
        ['/child', 'Child'],
        ['/child/fullName', 'Full name'],
        ['/child/dateOfBirth', 'Date of birth'],
        ['/worried', 'Are you worried?'],
        ['/decision', 'Decision made'],
      ],
    );
  });

  it('labels an untitled control in the words the server uses, through JSON Forms translate', () => {
    const { translate } = formI18n(undefined);
    const ui = { type: 'Control', scope: '#/properties/childNHSNumber' };
    const context = { schema: { type: 'string' }, uischema: ui, path: 'childNHSNumber' };
    assert.equal(
      translate!('childNHSNumber.label', 'Child NHS Number', context),
      'Child NHS number',
    );
    const titled = { ...context, schema: { type: 'string', title: 'NHS number' } };
    assert.equal(translate!('childNHSNumber.label', 'NHS number', titled), 'NHS number');
  });

  it('lets a translation change a label, with the default words given to it', () => {
    const welsh: Record<string, string> = { 'child.fullName.label': 'Enw llawn y plentyn' };
    const { translate, locale } = formI18n({
      locale: 'cy',
      translate: ((key: string, defaultMessage: string | undefined) =>
        welsh[key] ?? defaultMessage) as Translator,
    });
    const ui = { type: 'Control', scope: '#/properties/child/properties/fullName' };
    const context = { schema: { type: 'string' }, uischema: ui, path: 'child.fullName' };
    assert.equal(locale, 'cy');
    assert.equal(translate!('child.fullName.label', 'Full Name', context), 'Enw llawn y plentyn');
    assert.equal(
      translate!('child.dateOfBirth.label', 'Date Of Birth', {
        ...context,
        path: 'child.dateOfBirth',
      }),
      'Date of birth',
    );
  });
});

describe('form renderer: rules, changes and typed values', () => {
  const ajv = createInterpretingAjv();
  const ruled = (effect: string, conditionSchema: object, failWhenUndefined = false) =>
    ({
      type: 'Control',
      scope: '#/properties/b',
      rule: {
        effect,
        condition: { scope: '#/properties/a', schema: conditionSchema, failWhenUndefined },
      },
    }) as UISchemaElement;

  it('evaluates rule conditions with an interpreting validator: SHOW, HIDE, ENABLE, DISABLE', () => {
    const yes = { const: 'yes' };
    assert.equal(isVisible(ruled('SHOW', yes), { a: 'yes' }, '', ajv, {}), true);
    assert.equal(isVisible(ruled('SHOW', yes), { a: 'no' }, '', ajv, {}), false);
    assert.equal(isVisible(ruled('HIDE', yes), { a: 'yes' }, '', ajv, {}), false);
    assert.equal(isEnabled(ruled('ENABLE', yes), { a: 'no' }, '', ajv, {}), false);
    assert.equal(isEnabled(ruled('DISABLE', yes), { a: 'yes' }, '', ajv, {}), false);
    assert.equal(isVisible(ruled('SHOW', { not: yes }, true), {}, '', ajv, {}), false);
    assert.equal(isVisible(ruled('SHOW', { not: yes }), {}, '', ajv, {}), true);
  });

  it('honours every JSON Schema keyword in a condition, not a subset', () => {
    // The old hand-written matcher treated keywords it did not know (multipleOf,
    // dependencies, uniqueItems, format) as matching.
    assert.equal(ajv.validate({ multipleOf: 5 }, 12), false);
    assert.equal(ajv.validate({ dependencies: { a: ['b'] } }, { a: 1 }), false);
    assert.equal(ajv.validate({ uniqueItems: true }, ['a', 'a']), false);
    assert.equal(ajv.validate({ format: 'date' }, '2026-02-30'), false);
  });

  it('applies a change in place and keeps the same core state, reporting the change', () => {
    const data: Record<string, unknown> = { child: { fullName: 'Amara' } };
    const changes: unknown[] = [];
    const middleware = inPlaceMiddleware(
      () => data,
      (path, value) => changes.push([path, value]),
    );
    const core: JsonFormsCore = coreReducer(
      undefined,
      Actions.init(data, schema as CoreSchema, undefined, { ajv, validationMode: 'NoValidation' }),
    );
    const after = middleware(
      core,
      Actions.update('people.0.memberName', () => 'Ade'),
      coreReducer,
    );
    assert.equal(after, core);
    assert.equal(after.data, data);
    assert.deepEqual(data, { child: { fullName: 'Amara' }, people: [{ memberName: 'Ade' }] });
    middleware(
      core,
      Actions.update('child.fullName', () => undefined),
      coreReducer,
    );
    assert.deepEqual(data.child, {});
    assert.deepEqual(changes, [
      [['people', 0, 'memberName'], 'Ade'],
      [['child', 'fullName'], undefined],
    ]);
  });

  it('reads and writes values at a path, creating objects and removing emptied keys', () => {
    const data: Record<string, unknown> = {};
    setAt(data, dataPathOf('child.fullName'), 'Amara');
    setAt(data, dataPathOf('people.0.memberName'), 'Ade');
    assert.deepEqual(data, { child: { fullName: 'Amara' }, people: [{ memberName: 'Ade' }] });
    assert.equal(getAt(data, ['people', 0, 'memberName']), 'Ade');
    assert.equal(pointerOf(dataPathOf('people.0.memberName')), '/people/0/memberName');
    assert.equal(getAt(data, ['missing', 'deep']), undefined);
  });

  it('keeps what is typed in a number field even when it is not a number yet', () => {
    assert.equal(valueFromText('number', '12.5'), 12.5);
    assert.equal(valueFromText('integer', '12.5'), '12.5');
    assert.equal(valueFromText('number', '1e'), '1e');
    assert.equal(valueFromText('number', ''), undefined);
  });

  it('stores times with seconds and date-times as instants', () => {
    assert.equal(timeFromInput('09:30'), '09:30:00');
    assert.equal(inputFromDateTime('not a date'), '');
    assert.match(inputFromDateTime('2026-03-12T09:30:00Z'), /^2026-03-1\dT\d\d:30$/);
  });
});
