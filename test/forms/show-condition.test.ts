import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isVisible, type UISchemaElement } from '@jsonforms/core';
import { allQuestions, remove, setShowOnlyIf } from '../../forms/edit-form.ts';
import { compileCondition, readShowRule, type ShowOnlyIf } from '../../forms/show-condition.ts';
import type { FormDefinition } from '../../schemas/generated/form-definition.ts';
import { createInterpretingAjv } from '../../ui/src/forms/interpreting-ajv.ts';

const contact = () =>
  JSON.parse(
    readFileSync(
      new URL('../../schemas/packs/child-protection/forms/contact.json', import.meta.url),
      'utf8',
    ),
  ) as FormDefinition;

const aware = '#/properties/parentsAware';
const decision = '#/properties/referralDecision';
const referrer = '#/properties/referrer';
const reasons = '#/properties/referralReasons';

/** Whether JSON Forms shows the question for these answers, under the rule the designer wrote. */
function shownFor(definition: FormDefinition, scope: string, data: Record<string, unknown>) {
  const control = allQuestions(definition).find((q) => q.scope === scope)!;
  const element = control.layoutPath
    .split('/')
    .slice(2)
    .reduce<unknown>(
      (node, token) => (node as Record<string, unknown>)[token],
      definition.uischema,
    );
  return isVisible(element as UISchemaElement, data, '', createInterpretingAjv(), undefined);
}

describe('"show only if" beyond is and is not', () => {
  it('shows a question when a choice is any of several, as JSON Forms evaluates the rule', () => {
    const condition: ShowOnlyIf = {
      join: 'all',
      conditions: [
        { question: decision, test: 'any-of', values: ['assessment', 'strategy-discussion'] },
      ],
    };
    const form = setShowOnlyIf(contact(), reasons, condition);
    assert.equal(shownFor(form, reasons, { referralDecision: 'assessment' }), true);
    assert.equal(shownFor(form, reasons, { referralDecision: 'strategy-discussion' }), true);
    assert.equal(shownFor(form, reasons, { referralDecision: 'no-further-action' }), false);
    assert.equal(shownFor(form, reasons, {}), false);
    assert.deepEqual(allQuestions(form).find((q) => q.scope === reasons)!.showOnlyIf, condition);
  });

  it('shows a question while another is empty: unanswered, blank text, or (yes/no) not given', () => {
    const condition: ShowOnlyIf = {
      join: 'all',
      conditions: [{ question: referrer, test: 'is-empty', values: [] }],
    };
    const form = setShowOnlyIf(contact(), reasons, condition);
    assert.equal(shownFor(form, reasons, {}), true);
    assert.equal(shownFor(form, reasons, { referrer: '' }), true);
    assert.equal(shownFor(form, reasons, { referrer: 'School' }), false);
    const onAware = setShowOnlyIf(contact(), reasons, {
      join: 'all',
      conditions: [{ question: aware, test: 'is-empty', values: [] }],
    });
    assert.equal(shownFor(onAware, reasons, {}), true);
    assert.equal(shownFor(onAware, reasons, { parentsAware: false }), false, 'no is an answer');
  });

  it('joins conditions with OR and with AND, one level, and reads both back', () => {
    const either: ShowOnlyIf = {
      join: 'any',
      conditions: [
        { question: aware, test: 'is', values: [false] },
        { question: decision, test: 'is', values: ['strategy-discussion'] },
      ],
    };
    const or = setShowOnlyIf(contact(), reasons, either);
    assert.equal(shownFor(or, reasons, { parentsAware: false }), true);
    assert.equal(
      shownFor(or, reasons, { parentsAware: true, referralDecision: 'assessment' }),
      false,
    );
    assert.equal(
      shownFor(or, reasons, { parentsAware: true, referralDecision: 'strategy-discussion' }),
      true,
    );
    assert.deepEqual(allQuestions(or).find((q) => q.scope === reasons)!.showOnlyIf, either);
    const and = setShowOnlyIf(contact(), reasons, { ...either, join: 'all' });
    assert.equal(shownFor(and, reasons, { parentsAware: false }), false);
    assert.equal(
      shownFor(and, reasons, { parentsAware: false, referralDecision: 'strategy-discussion' }),
      true,
    );
    assert.throws(() => remove(or, decision), /shown only depending/);
  });

  it('writes the schema conditions written out in show-condition.ts', () => {
    const shapes = {
      [aware]: 'boolean',
      [decision]: 'string',
      '#/properties/needs': 'list',
    } as const;
    const compile = (c: ShowOnlyIf) => compileCondition(c, (s) => shapes[s as keyof typeof shapes]);
    assert.deepEqual(
      compile({
        join: 'any',
        conditions: [
          { question: '#/properties/needs', test: 'any-of', values: ['a', 'b'] },
          { question: '#/properties/needs', test: 'is-not', values: ['c'] },
          { question: aware, test: 'is-empty', values: [] },
          { question: decision, test: 'is-empty', values: [] },
        ],
      }),
      {
        type: 'OR',
        conditions: [
          { scope: '#/properties/needs', schema: { contains: { enum: ['a', 'b'] } } },
          { scope: '#/properties/needs', schema: { not: { contains: { const: 'c' } } } },
          { scope: aware, schema: { not: { type: 'boolean' } } },
          { scope: decision, schema: { not: { type: 'string', minLength: 1 } } },
        ],
      },
    );
  });

  it('reads a LEAF condition as "is", and refuses what the panel cannot put in words', () => {
    const leaf = { effect: 'SHOW', condition: { type: 'LEAF', scope: aware, expectedValue: true } };
    assert.deepEqual(readShowRule(leaf), {
      join: 'all',
      conditions: [{ question: aware, test: 'is', values: [true] }],
    });
    const nested = {
      effect: 'SHOW',
      condition: {
        type: 'OR',
        conditions: [leaf.condition, { type: 'AND', conditions: [leaf.condition, leaf.condition] }],
      },
    };
    assert.equal(readShowRule(nested), undefined, 'two levels of AND and OR');
    assert.equal(readShowRule({ ...leaf, effect: 'HIDE' }), undefined, 'a HIDE rule');
    const pattern = { effect: 'SHOW', condition: { scope: referrer, schema: { pattern: '^S' } } };
    assert.equal(readShowRule(pattern), undefined, 'a schema the panel has no words for');
    const form = contact();
    const elements = (
      form.uischema as unknown as { elements: { elements: { rule?: unknown }[] }[] }
    ).elements;
    elements.at(-1)!.elements.at(-1)!.rule = nested;
    const question = allQuestions(form).find((q) => q.scope === reasons)!;
    assert.equal(question.showOnlyIf, undefined);
    assert.equal(question.otherRule, true);
  });

  it('refuses a condition without its answer, on a group, or on the question itself', () => {
    const form = contact();
    const none: ShowOnlyIf = {
      join: 'all',
      conditions: [{ question: aware, test: 'is', values: [] }],
    };
    assert.throws(() => setShowOnlyIf(form, reasons, none), /Choose the answer/);
    const emptyList: ShowOnlyIf = {
      join: 'all',
      conditions: [{ question: decision, test: 'any-of', values: [] }],
    };
    assert.throws(() => setShowOnlyIf(form, reasons, emptyList), /at least one/);
    const self: ShowOnlyIf = {
      join: 'all',
      conditions: [{ question: reasons, test: 'is-empty', values: [] }],
    };
    assert.throws(() => setShowOnlyIf(form, reasons, self), /its own answer/);
    const group: ShowOnlyIf = {
      join: 'all',
      conditions: [{ question: '#/properties/household', test: 'is-empty', values: [] }],
    };
    assert.throws(() => setShowOnlyIf(form, reasons, group), /group/);
  });
});
