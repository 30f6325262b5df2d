import assert from 'node:assert/strict';
import { loadForm, prefillFor } from '../../forms/index.ts';
import { assessmentForm, contactSubmission } from './fixtures.ts';

describe('prefillFor', () => {
  const assessment = loadForm(assessmentForm());

  it('takes each prefilled field from the latest submission of its source form', () => {
    const older = { child: { firstName: 'Old', dateOfBirth: '2018-01-01' } };
    const data = prefillFor(assessment, [
      { formId: 'contact', data: contactSubmission(), submittedAt: '2026-02-01T09:00:00.000Z' },
      { formId: 'contact', data: older, submittedAt: '2026-01-01T09:00:00.000Z' },
      { formId: 'referral', data: { childName: 'Other' }, submittedAt: '2026-03-01T09:00:00.000Z' },
    ]);
    assert.deepEqual(data, { childName: 'Sam', dateOfBirth: '2019-03-14' });
  });

  it('leaves out fields whose source has no answer, and everything when nothing was submitted', () => {
    const data = prefillFor(assessment, [
      {
        formId: 'contact',
        data: { child: { firstName: 'Sam' } },
        submittedAt: '2026-01-01T09:00:00.000Z',
      },
    ]);
    assert.deepEqual(data, { childName: 'Sam' });
    assert.deepEqual(prefillFor(assessment, []), {});
  });

  it('fills nested fields and copies values, so editing them changes no submission', () => {
    const definition = assessmentForm('nested-prefill');
    definition.schema.properties.household = {
      type: 'object',
      properties: { members: { type: 'array', items: { type: 'string' } } },
    };
    definition.uischema.elements.push({ type: 'Control', scope: '#/properties/household' });
    definition.prefill = { 'household/members': { form: 'contact', field: 'people' } };
    const source = { people: ['Ann', 'Bob'] };
    const data = prefillFor(loadForm(definition), [
      { formId: 'contact', data: source, submittedAt: '2026-01-01T09:00:00.000Z' },
    ]);
    assert.deepEqual(data, { household: { members: ['Ann', 'Bob'] } });
    (data.household as { members: string[] }).members.push('Cat');
    assert.deepEqual(source.people, ['Ann', 'Bob']);
  });
});
