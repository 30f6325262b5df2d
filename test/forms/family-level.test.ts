import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeChanges } from '../../forms/describe-changes.ts';
import { allQuestions, EditRefused, setFamily } from '../../forms/edit-form.ts';
import { lintForm } from '../../forms/lint-form.ts';
import { loadForm } from '../../forms/load-form.ts';
import type { FormDefinition } from '../../schemas/generated/form-definition.ts';

const contact = () =>
  JSON.parse(
    readFileSync(
      new URL('../../schemas/packs/child-protection/forms/contact.json', import.meta.url),
      'utf8',
    ),
  ) as FormDefinition;

const question = (d: FormDefinition, key: string) => allQuestions(d).find((q) => q.key === key)!;

describe('family-level questions in the designer', () => {
  it('reads the pack’s family-level questions (x-family) and only top-level ones can be', () => {
    const form = contact();
    assert.equal(question(form, 'address').family, true);
    assert.equal(question(form, 'household').family, true);
    assert.equal(question(form, 'referrer').family, false);
    const nested = allQuestions(form).find((q) => !q.topLevel)!;
    assert.ok(nested, 'the contact form has a question inside a group');
    assert.throws(() => setFamily(form, nested.scope, true), EditRefused);
  });

  it('makes a question family-level and back, as x-family, which lint and loading accept', () => {
    const form = contact();
    const family = setFamily(form, '#/properties/referrer', true);
    assert.equal(
      (family.schema.properties as Record<string, Record<string, unknown>>).referrer!['x-family'],
      true,
    );
    assert.equal(question(family, 'referrer').family, true);
    assert.deepEqual(
      lintForm(family).filter((f) => f.severity === 'error'),
      [],
    );
    assert.equal(loadForm({ ...family, version: 9 }).fieldByPointer.get('/referrer')?.family, true);
    assert.deepEqual(describeChanges(form, family), [
      '1 question made family-level: “Who contacted us, and from which agency”.',
    ]);
    const back = setFamily(family, '#/properties/referrer', false);
    assert.deepEqual(back, form);
  });
});
