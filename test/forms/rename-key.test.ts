import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeChanges } from '../../forms/describe-changes.ts';
import { diffForms } from '../../forms/diff-forms.ts';
import {
  allQuestions,
  EditRefused,
  relabel,
  renameKey,
  setPrefill,
  setShowOnlyIf,
} from '../../forms/edit-form.ts';
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

const aware = '#/properties/parentsAware';
const reasons = '#/properties/referralReasons';

describe('renaming a question’s key (an explicit edit)', () => {
  it('moves the property, its place in required, its control, the rules reading it and its prefill', () => {
    let form = setShowOnlyIf(contact(), reasons, {
      join: 'all',
      conditions: [{ question: aware, test: 'is', values: [false] }],
    });
    form = setPrefill(form, aware, { form: 'referral', field: 'parentsKnow' });
    form.schema.required = [...(form.schema.required ?? []), 'parentsAware'];
    const renamed = renameKey(form, aware, 'parentsInformed');
    const keys = Object.keys(renamed.schema.properties as object);
    assert.equal(
      keys.indexOf('parentsInformed'),
      Object.keys(form.schema.properties as object).indexOf('parentsAware'),
    );
    assert.equal(keys.includes('parentsAware'), false);
    assert.equal(renamed.schema.required?.includes('parentsInformed'), true);
    const question = allQuestions(renamed).find((q) => q.key === 'parentsInformed')!;
    assert.equal(question.scope, '#/properties/parentsInformed');
    assert.deepEqual(question.prefillFrom, { form: 'referral', field: 'parentsKnow' });
    assert.equal(
      allQuestions(renamed).find((q) => q.scope === reasons)!.showOnlyIf?.conditions[0]?.question,
      '#/properties/parentsInformed',
    );
    assert.deepEqual(
      lintForm(renamed).filter((f) => f.severity === 'error'),
      [],
    );
  });

  it('is never done by rewording, and refuses a key that is taken or not a key', () => {
    const reworded = relabel(contact(), aware, 'Have the parents been told?');
    assert.equal(
      allQuestions(reworded).some((q) => q.scope === aware),
      true,
    );
    assert.throws(() => renameKey(contact(), aware, 'referrer'), /already/);
    assert.throws(() => renameKey(contact(), aware, 'parents aware'), EditRefused);
    assert.throws(() => renameKey(contact(), aware, '2ndTry'), EditRefused);
  });

  it('is a breaking change in the diff, and the designer’s words say so', () => {
    const before = contact();
    const after = renameKey(before, aware, 'parentsInformed');
    const diff = diffForms(loadForm(before), loadForm({ ...after, version: 2 }));
    assert.equal(diff.breaking, true);
    assert.deepEqual(
      diff.renamed.map((r) => [r.from.pointer, r.to.pointer]),
      [['/parentsAware', '/parentsInformed']],
    );
    assert.match(
      diff.reasons[0] ?? '',
      /has a new key \(\/parentsAware became \/parentsInformed\)/,
    );
    assert.match(diff.summary, /^1 question given a new key; 1 breaking change\.$/);
    assert.deepEqual(describeChanges(before, after), [
      '1 question given a new key: “Do the parents know about this contact?” (parentsAware to parentsInformed); answers already given stay under the old key.',
    ]);
  });

  it('is still a key renamed when the question was reworded in the same draft', () => {
    const before = contact();
    const after = relabel(
      renameKey(before, aware, 'parentsInformed'),
      '#/properties/parentsInformed',
      'Have the parents been told?',
    );
    const diff = diffForms(loadForm(before), loadForm({ ...after, version: 2 }));
    assert.deepEqual(
      diff.renamed.map((r) => [r.from.pointer, r.to.pointer]),
      [['/parentsAware', '/parentsInformed']],
    );
    assert.deepEqual([diff.added, diff.removed], [[], []]);
    assert.equal(diff.breaking, true);
  });
});
