import assert from 'node:assert/strict';
import { type FormFinding, lintForm, loadForm, validateSubmission } from '../../forms/index.ts';
import type { Json } from './fixtures.ts';

function form(schema: Json, uischema: Json, extra: Json = {}): Json {
  return { id: 'dialect', version: 1, title: 'Dialect', schema, uischema, ...extra };
}

function codes(findings: FormFinding[], severity: FormFinding['severity'] = 'error'): string[] {
  return findings
    .filter((f) => f.severity === severity)
    .map((f) => `${f.code} ${f.path}`)
    .sort();
}

const person: Json = {
  type: 'object',
  properties: {
    occupation: { type: 'string', enum: ['developer', 'other'] },
    enabled: { type: 'boolean' },
    comments: {
      type: 'array',
      items: {
        type: 'object',
        properties: { message: { type: 'string' }, date: { type: 'string', format: 'date' } },
      },
    },
    address: {
      type: 'object',
      properties: { street: { type: 'string' }, state: { type: 'string' } },
    },
  },
};

function control(scope: string, more: Json = {}): Json {
  return { type: 'Control', scope, ...more };
}

describe("forms: JSON Forms 3.7's dialect", () => {
  it('accepts LEAF, AND and OR conditions and checks every scope inside them', () => {
    const rule = {
      effect: 'SHOW',
      condition: {
        type: 'OR',
        conditions: [
          { type: 'LEAF', scope: '#/properties/occupation', expectedValue: 'developer' },
          {
            type: 'AND',
            conditions: [
              { scope: '/properties/enabled', schema: { const: true } },
              { scope: '#/properties/nothing', schema: { pattern: '(a+)+' } },
            ],
          },
        ],
      },
    };
    const uischema = {
      type: 'VerticalLayout',
      elements: [control('#/properties/occupation'), control('#/properties/enabled', { rule })],
    };
    assert.deepEqual(codes(lintForm(form(person, uischema))), [
      'unknown-scope /uischema/elements/1/rule/condition/conditions/1/conditions/1/scope',
      'unsafe-pattern /uischema/elements/1/rule/condition/conditions/1/conditions/1/schema/pattern',
    ]);
  });

  it('refuses a condition of no known shape, naming what is missing', () => {
    const rule = { effect: 'HIDE', condition: { type: 'LEAF', scope: '#/properties/enabled' } };
    const findings = lintForm(form(person, control('#/properties/enabled', { rule })));
    assert.ok(
      findings.some(
        (f) => f.path === '/uischema/rule/condition' && f.message === 'Add "expectedValue".',
      ),
      JSON.stringify(findings),
    );
  });

  it('accepts i18n keys, a Group without a label and nested categorization', () => {
    const uischema = {
      type: 'Categorization',
      i18n: 'person',
      elements: [
        {
          type: 'Category',
          label: 'Work',
          elements: [
            { type: 'Group', elements: [control('#/properties/occupation', { i18n: 'job' })] },
          ],
        },
        {
          type: 'Categorization',
          label: 'More',
          elements: [
            {
              type: 'Category',
              i18n: 'more.details',
              elements: [control('#/properties/enabled'), control('#/properties/comments')],
            },
            { type: 'Category', label: 'Address', elements: [control('#/properties/address')] },
          ],
        },
      ],
    };
    const findings = lintForm(form(person, uischema));
    assert.deepEqual(codes(findings), []);
    assert.ok(
      findings.some(
        (f) => f.code === 'missing-label' && f.path === '/uischema/elements/1/elements/0',
      ),
    );
  });

  it('reads a ListWithDetail and its detail scopes against each item', () => {
    const uischema = {
      type: 'ListWithDetail',
      scope: '#/properties/comments',
      options: {
        labelRef: '#/items/properties/message',
        detail: { type: 'VerticalLayout', elements: [control('#/properties/mesage')] },
      },
    };
    const findings = lintForm(form(person, uischema));
    assert.deepEqual(codes(findings), ['unknown-scope /uischema/options/detail/elements/0/scope']);
    uischema.options.detail.elements[0]!.scope = '#/properties/message';
    uischema.options.labelRef = '#/items/properties/nothing';
    const fixed = lintForm(form(person, uischema));
    assert.deepEqual(codes(fixed), []);
    assert.deepEqual(
      codes(fixed, 'warning').filter((c) => c.startsWith('unknown-label-ref')),
      ['unknown-label-ref /uischema/options/labelRef'],
    );
  });

  it("reads an object control's detail against the object, not as list items", () => {
    const uischema = control('#/properties/address', {
      options: {
        detail: {
          type: 'Group',
          label: 'Address',
          elements: [control('#/properties/street'), control('#/properties/state')],
        },
      },
    });
    assert.deepEqual(codes(lintForm(form(person, uischema))), []);
  });

  it('accepts GENERATED, REGISTERED and DEFAULT details, and nothing else as a string', () => {
    for (const detail of ['GENERATED', 'REGISTERED', 'DEFAULT']) {
      const uischema = control('#/properties/comments', { options: { detail } });
      assert.deepEqual(codes(lintForm(form(person, uischema))), [], detail);
    }
    const wrong = control('#/properties/comments', { options: { detail: 'GENERATE' } });
    const findings = lintForm(form(person, wrong));
    assert.ok(
      findings.some((f) => f.path === '/uischema/options/detail' && /GENERATED/.test(f.message)),
    );
  });

  it('resolves scopes through allOf, anyOf, then, and #/ for the whole form', () => {
    const schema = {
      type: 'object',
      $defs: { base: { type: 'object', properties: { width: { type: 'integer' } } } },
      properties: {
        element: {
          allOf: [{ $ref: '#/$defs/base' }, { properties: { shape: { type: 'string' } } }],
        },
        recurrence: { type: 'string', enum: ['Never', 'Daily'] },
      },
      anyOf: [
        {
          if: { properties: { recurrence: { const: 'Never' } } },
          // biome-ignore lint/suspicious/noThenProperty: then is a JSON Schema keyword here, not a promise.
          then: { properties: { lastName: { type: 'string' }, age: { type: 'number' } } },
        },
      ],
    };
    const uischema = {
      type: 'VerticalLayout',
      elements: [
        control('#/properties/element/properties/width'),
        control('#/properties/element/properties/shape'),
        control('#/properties/recurrence'),
        control('#/anyOf/0/then/properties/lastName'),
        control('#/properties/age'),
      ],
    };
    const findings = lintForm(form(schema, uischema));
    assert.deepEqual(codes(findings), []);
    assert.deepEqual(codes(findings, 'warning'), [
      'missing-label /schema/properties/age',
      'missing-label /schema/properties/element/properties/shape',
      'missing-label /schema/properties/element/properties/width',
      'missing-label /schema/properties/lastName',
      'missing-label /schema/properties/recurrence',
    ]);
    assert.deepEqual(codes(lintForm(form(schema, control('#/')))), []);
  });

  it('accepts $id and draft-07 $schema anywhere, resolving $refs against the form', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: 'https://example.org/person.json',
      type: 'object',
      definitions: { name: { type: 'string', maxLength: 5 } },
      properties: {
        child: {
          $id: 'https://example.org/child.json',
          type: 'object',
          properties: { name: { $ref: '#/definitions/name' } },
        },
      },
    };
    const loaded = loadForm(form(schema, control('#')));
    assert.equal(validateSubmission(loaded, { child: { name: 'Sam' } }).ok, true);
    assert.equal(validateSubmission(loaded, { child: { name: 'Samantha' } }).ok, false);
    const older = { ...schema, $schema: 'http://json-schema.org/draft-04/schema#' };
    assert.deepEqual(codes(lintForm(form(older, control('#')))), ['not-draft-07 /schema/$schema']);
  });

  it('refuses a root that is not an object, saying why', () => {
    const findings = lintForm(form({ type: 'array', items: { type: 'string' } }, control('#')));
    assert.deepEqual(codes(findings), ['root-not-object /schema/type']);
    assert.match(
      findings[0]!.message,
      /must be type "object": a submission is stored as one record/,
    );
  });

  it('accepts keys JSON Forms uses and refuses only those no store can keep', () => {
    const schema = {
      type: 'object',
      properties: {
        'an-array-of-numbers': { type: 'array', items: { type: 'number' } },
        street_address: { type: 'string' },
        Straße: { type: 'string' },
        'a.b': { type: 'string' },
        $where: { type: 'string' },
        '12': { type: 'string' },
      },
    };
    assert.deepEqual(codes(lintForm(form(schema, control('#')))), [
      'bad-property-name /schema/properties/$where',
      'bad-property-name /schema/properties/12',
      'bad-property-name /schema/properties/a.b',
    ]);
  });

  it('refuses answers under keys no store can keep, even where the schema allows any key', () => {
    const schema = {
      type: 'object',
      properties: { notes: { type: 'object', additionalProperties: { type: 'string' } } },
      patternProperties: { '^x-': { type: 'string', maxLength: 10 } },
    };
    const loaded = loadForm(form(schema, control('#')));
    assert.equal(validateSubmission(loaded, { notes: { 'free-text': 'ok' }, 'x-a': 'y' }).ok, true);
    assert.equal(validateSubmission(loaded, { notes: { 'a.b': 'no' } }).ok, false);
    assert.equal(validateSubmission(loaded, { notes: { $set: 'no' } }).ok, false);
  });

  it('marks read-only fields from the layout, the schema and the form, as JSON Forms does', () => {
    const schema = {
      type: 'object',
      required: ['locked'],
      properties: {
        locked: { type: 'string', title: 'Locked', readOnly: true },
        unlocked: { type: 'string', title: 'Unlocked', readOnly: true },
        byLayout: { type: 'string', title: 'By layout' },
        free: { type: 'string', title: 'Free' },
      },
    };
    const uischema = {
      type: 'VerticalLayout',
      elements: [
        control('#/properties/locked'),
        control('#/properties/unlocked', { options: { readonly: false } }),
        control('#/properties/byLayout', { options: { readonly: true } }),
        control('#/properties/free'),
      ],
    };
    const loaded = loadForm(form(schema, uischema));
    const readonly = loaded.fields.filter((f) => f.readonly).map((f) => f.key);
    assert.deepEqual(readonly, ['locked', 'byLayout']);
    assert.deepEqual(codes([...loaded.warnings], 'warning'), [
      'read-only-required /schema/properties/locked',
    ]);
    // The server checks a read-only answer like any other: it must still be valid.
    assert.equal(validateSubmission(loaded, { locked: 'given', byLayout: 1 }).ok, false);
    assert.equal(validateSubmission(loaded, { locked: 'given' }).ok, true);
    const whole = loadForm(form(schema, uischema, { readonly: true }));
    assert.ok(whole.fields.every((f) => f.readonly));
    assert.deepEqual(codes([...whole.warnings], 'warning'), ['form-read-only /readonly']);
  });

  it('checks date-time and time answers as JSON Forms writes them', () => {
    const schema = {
      type: 'object',
      properties: {
        at: { type: 'string', format: 'date-time', title: 'At' },
        time: { type: 'string', format: 'time', title: 'Time' },
      },
    };
    const loaded = loadForm(form(schema, control('#')));
    assert.deepEqual(
      loaded.fields.map((f) => f.kind),
      ['date', 'date'],
    );
    const ok = (data: Json) => validateSubmission(loaded, data).ok;
    assert.equal(ok({ at: '2020-06-25T23:08:00.000Z', time: '23:08:00' }), true);
    assert.equal(ok({ at: '2020-06-25T23:08:42+02:00', time: '23:08:00Z' }), true);
    assert.equal(ok({ at: '2020-06-25T23:08' }), false);
    assert.equal(ok({ at: '25/06/2020' }), false);
    assert.equal(ok({ time: '25:00:00' }), false);
    const [error] = validateSubmission(loaded, { time: 'noon' }).errors;
    assert.equal(error?.pointer, '/time');
  });

  it('names the field an error inside an if/then under a one-schema anyOf is about', () => {
    const schema = {
      type: 'object',
      properties: { recurrence: { type: 'string', enum: ['Never', 'Daily'] } },
      anyOf: [
        {
          if: { properties: { recurrence: { const: 'Never' } } },
          // biome-ignore lint/suspicious/noThenProperty: then is a JSON Schema keyword here, not a promise.
          then: { properties: { lastName: { type: 'string', title: 'Last name' } } },
        },
      ],
      oneOf: [{ required: ['recurrence'] }, { required: ['code'] }],
    };
    const loaded = loadForm(form(schema, control('#')));
    const errors = validateSubmission(loaded, { recurrence: 'Never', lastName: 5 }).errors;
    assert.deepEqual(
      errors.map((e) => [e.pointer, e.message]),
      [['/lastName', 'Last name must be text']],
    );
    // Of two alternatives, the outer error speaks for both and the inner ones are dropped.
    const both = validateSubmission(loaded, { lastName: 'x' }).errors;
    assert.equal(both.length, 1);
    assert.equal(both[0]?.pointer, '');
  });
});
