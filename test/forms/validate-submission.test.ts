import assert from 'node:assert/strict';
import type { ErrorObject } from 'ajv';
import { fieldPointerOf, loadForm, validateSubmission } from '../../forms/index.ts';
import { contactForm, contactSubmission } from './fixtures.ts';

const form = loadForm(contactForm());

function errorsOf(data: unknown, draft = false) {
  return validateSubmission(form, data, { draft }).errors.map((e) => [
    e.pointer,
    e.label,
    e.message,
  ]);
}

describe('validateSubmission', () => {
  it('accepts a complete, correct submission', () => {
    assert.deepEqual(validateSubmission(form, contactSubmission()), { ok: true, errors: [] });
  });

  it('points a missing answer at the missing field, in the words of its label', () => {
    const data = contactSubmission();
    delete data.child.firstName;
    assert.deepEqual(errorsOf(data), [
      ['/child/firstName', "Child's first name", "Enter the child's first name"],
    ]);
  });

  it('asks to choose for a missing choice and answers a question label', () => {
    const definition = contactForm('questions');
    definition.schema.properties.known = {
      type: 'boolean',
      title: 'Is the child known to police?',
    };
    definition.schema.required.push('known');
    definition.uischema.elements.push({ type: 'Control', scope: '#/properties/known' });
    const questions = loadForm(definition);
    const data = contactSubmission();
    delete data.reason;
    const messages = validateSubmission(questions, data).errors.map((e) => e.message);
    assert.deepEqual(messages, [
      'Choose the reason for contact',
      'Answer "Is the child known to police?"',
    ]);
  });

  it('explains wrong dates, choices, types, lengths and patterns in plain words', () => {
    const data = contactSubmission();
    data.child.dateOfBirth = '14/03/2019';
    data.child.nhsNumber = '12345';
    data.reason = 'worry';
    data.parentalResponsibility = 'x'.repeat(201);
    data.analysis = 42;
    assert.deepEqual(errorsOf(data), [
      ['/child/dateOfBirth', 'Date of birth', 'Date of birth must be a date, like 2019-03-14'],
      ['/child/nhsNumber', 'NHS number', 'NHS number is not in the right format'],
      ['/reason', 'Reason for contact', 'Choose one of: neglect, physical, emotional, sexual'],
      [
        '/parentalResponsibility',
        'Who has parental responsibility',
        'Who has parental responsibility must be 200 characters or fewer',
      ],
      ['/analysis', 'Your analysis', 'Your analysis must be text'],
    ]);
  });

  it('lists errors in the order the form asks its questions', () => {
    const data = contactSubmission();
    delete data.reason;
    data.child.dateOfBirth = 'soon';
    assert.deepEqual(
      errorsOf(data).map(([pointer]) => pointer),
      ['/child/dateOfBirth', '/reason'],
    );
  });

  it('names fields inside lists by their index and their label', () => {
    const data = contactSubmission();
    data.siblings = [{ name: 'Alex' }, { name: 7 }, {}];
    assert.deepEqual(errorsOf(data), [
      ['/siblings/1/name', "Sibling's name", "Sibling's name must be text"],
      ['/siblings/2/name', "Sibling's name", "Enter the sibling's name"],
    ]);
  });

  it('uses the schema title, then the humanised key, when the layout gives no label', () => {
    const definition = contactForm('labels');
    definition.schema.properties.dateOfReferral = { type: 'string', format: 'date' };
    definition.uischema.elements.push({ type: 'Control', scope: '#/properties/dateOfReferral' });
    const labels = loadForm(definition);
    const data = Object.assign(contactSubmission(), { dateOfReferral: 'soon' });
    data.child.dateOfBirth = 'soon';
    const result = validateSubmission(labels, data);
    assert.deepEqual(
      result.errors.map((e) => e.label),
      ['Date of birth', 'Date of referral'],
    );
  });

  it('refuses answers to questions the form does not ask, and keys no store can keep', () => {
    const data = Object.assign(contactSubmission(), { favouriteColour: 'blue' });
    data.child.$where = 'x';
    assert.deepEqual(errorsOf(data), [
      ['/favouriteColour', 'Favourite colour', 'Favourite colour is not a question on this form'],
      ['/child/$where', 'Where', '"$where" cannot be used as a field name'],
    ]);
  });

  it('shows the titles of oneOf choices rather than their codes', () => {
    const definition = contactForm('titled-choices');
    definition.schema.properties.reason = {
      title: 'Reason for contact',
      oneOf: [
        { const: 'neglect', title: 'Neglect' },
        { const: 'physical', title: 'Physical abuse' },
      ],
    };
    const titled = loadForm(definition);
    const data = Object.assign(contactSubmission(), { reason: 'worry' });
    assert.deepEqual(
      validateSubmission(titled, data).errors.map((e) => [e.pointer, e.message]),
      [['/reason', 'Choose one of: Neglect, Physical abuse']],
    );
  });

  it('lets a draft leave out required answers at any depth', () => {
    assert.deepEqual(validateSubmission(form, {}, { draft: true }), { ok: true, errors: [] });
    const result = validateSubmission(form, { child: {}, siblings: [{}] }, { draft: true });
    assert.deepEqual(result, { ok: true, errors: [] });
    assert.equal(validateSubmission(form, { child: {}, siblings: [{}] }).ok, false);
  });

  it('still refuses a draft with a wrong answer', () => {
    assert.deepEqual(errorsOf({ child: { dateOfBirth: 'yesterday' } }, true), [
      ['/child/dateOfBirth', 'Date of birth', 'Date of birth must be a date, like 2019-03-14'],
    ]);
  });

  it('does not run a pattern on text longer than the field allows', () => {
    const data = contactSubmission();
    data.child.nhsNumber = 'x'.repeat(100_000);
    assert.deepEqual(
      validateSubmission(form, data).errors.map((e) => e.keyword),
      ['maxLength'],
    );
  });

  it('names the whole form when the data is not an object', () => {
    assert.deepEqual(errorsOf('hello'), [['', 'Contact', 'Contact must be a set of answers']]);
  });

  it('never throws, even when reading the data throws', () => {
    const data = {
      get child(): never {
        throw new Error('boom');
      },
      reason: 'neglect',
    };
    const result = validateSubmission(form, data);
    assert.equal(result.ok, false);
    assert.match(result.errors[0]?.message ?? '', /could not be checked: boom/);
  });

  it('does not change the data it checks', () => {
    const data = Object.assign(contactSubmission(), {
      child: { firstName: 'Sam', dateOfBirth: '2019-03-14' },
    });
    const before = JSON.stringify(data);
    validateSubmission(form, data);
    validateSubmission(form, data, { draft: true });
    assert.equal(JSON.stringify(data), before);
  });
});

describe('fieldPointerOf', () => {
  const error = (keyword: string, instancePath: string, params: Record<string, unknown>) =>
    ({ keyword, instancePath, params, schemaPath: '#' }) as ErrorObject;

  it('points a required error at the missing property, not its parent', () => {
    assert.equal(
      fieldPointerOf(error('required', '/child', { missingProperty: 'firstName' })),
      '/child/firstName',
    );
  });

  it('points an additionalProperties error at the extra property', () => {
    assert.equal(
      fieldPointerOf(error('additionalProperties', '', { additionalProperty: 'x' })),
      '/x',
    );
  });

  it('escapes a property name that holds a slash', () => {
    assert.equal(fieldPointerOf(error('propertyNames', '/a', { propertyName: 'b/c' })), '/a/b~1c');
  });

  it('keeps the instance path for an error about the value itself', () => {
    assert.equal(
      fieldPointerOf(error('format', '/child/dateOfBirth', { format: 'date' })),
      '/child/dateOfBirth',
    );
  });
});
