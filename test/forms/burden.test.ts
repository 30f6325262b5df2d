import assert from 'node:assert/strict';
import {
  formBurden,
  loadForm,
  packBurden,
  secondsPerField,
  secondsPerPrefilledField,
} from '../../forms/index.ts';
import { assessmentForm, contactForm, type Json } from './fixtures.ts';

describe('formBurden', () => {
  it('counts questions, not the groups and lists that hold them', () => {
    const burden = formBurden(loadForm(contactForm()));
    // firstName, dateOfBirth, nhsNumber, reason, parentalResponsibility, analysis, siblings/name
    assert.equal(burden.fields, 7);
    assert.equal(burden.requiredFields, 4);
    assert.equal(burden.freeTextFields, 5);
    assert.equal(burden.choiceFields, 1);
    assert.equal(burden.prefilledFields, 0);
  });

  it('estimates minutes from the seconds per kind of field', () => {
    const burden = formBurden(loadForm(contactForm()));
    const s = secondsPerField;
    const seconds = 4 * s.text + s.date + s.choice + s['long-text'];
    assert.equal(burden.estimatedMinutes, Math.ceil(seconds / 60));
  });

  it('counts a text field as long when it is multi-line or allows more than 200 characters', () => {
    const definition = contactForm('short-analysis');
    definition.uischema.elements[3].options = {};
    definition.schema.properties.analysis.maxLength = 200;
    const burden = formBurden(loadForm(definition));
    const s = secondsPerField;
    assert.equal(burden.estimatedMinutes, Math.ceil((5 * s.text + s.date + s.choice) / 60));
    definition.schema.properties.analysis.maxLength = 201;
    const longer = formBurden(loadForm({ ...definition, id: 'long-analysis' }));
    assert.equal(longer.estimatedMinutes, formBurden(loadForm(contactForm())).estimatedMinutes);
  });

  it('charges prefilled fields a glance instead of an answer', () => {
    const keys = Array.from({ length: 10 }, (_, i) => `name${i}`);
    const definition: Json = {
      id: 'names',
      version: 1,
      title: 'Names',
      schema: {
        type: 'object',
        properties: Object.fromEntries(keys.map((k) => [k, { type: 'string', title: k }])),
      },
      uischema: {
        type: 'VerticalLayout',
        elements: keys.map((k) => ({ type: 'Control', scope: `#/properties/${k}` })),
      },
    };
    const asked = formBurden(loadForm(definition));
    definition.id = 'prefilled-names';
    definition.prefill = Object.fromEntries(keys.map((k) => [k, { form: 'contact', field: k }]));
    const prefilled = formBurden(loadForm(definition));
    assert.equal(asked.estimatedMinutes, Math.ceil((10 * secondsPerField.text) / 60));
    assert.equal(prefilled.estimatedMinutes, Math.ceil((10 * secondsPerPrefilledField) / 60));
    assert.equal(prefilled.prefilledFields, 10);
  });

  it('uses the estimatedMinutes the definition gives', () => {
    const burden = formBurden(
      loadForm(Object.assign(contactForm('estimated'), { estimatedMinutes: 45 })),
    );
    assert.equal(burden.estimatedMinutes, 45);
  });
});

describe('packBurden', () => {
  it('adds up the forms of a pack', () => {
    const contact = loadForm(contactForm());
    const assessment = loadForm(assessmentForm());
    const pack = packBurden([contact, assessment]);
    assert.equal(pack.fields, formBurden(contact).fields + formBurden(assessment).fields);
    assert.equal(
      pack.estimatedMinutes,
      formBurden(contact).estimatedMinutes + formBurden(assessment).estimatedMinutes,
    );
    assert.deepEqual(
      pack.forms.map((f) => f.id),
      ['contact', 'assessment'],
    );
  });

  it('finds a question asked on two forms, but not one prefilled from the other', () => {
    const pack = packBurden([loadForm(contactForm()), loadForm(assessmentForm())]);
    // The child's name and date of birth are prefilled; the reason is asked again.
    assert.deepEqual(pack.duplicates, [
      {
        question: 'reason for contact',
        occurrences: [
          { formId: 'contact', pointer: '/reason', label: 'Reason for contact' },
          { formId: 'assessment', pointer: '/reason', label: 'Reason for contact' },
        ],
      },
    ]);
  });

  it('finds the same key with the same type under different labels', () => {
    const other = assessmentForm('other');
    delete other.prefill;
    other.schema.properties.reason.title = 'Why';
    other.schema.properties.childName.title = 'Name';
    const pack = packBurden([loadForm(assessmentForm()), loadForm(other)]);
    const questions = pack.duplicates.map((d) =>
      d.occurrences.map((o) => `${o.formId}${o.pointer}`),
    );
    assert.deepEqual(questions, [
      ['assessment/findings', 'other/findings'],
      ['assessment/reason', 'other/reason'],
    ]);
  });

  it('does not count one form asking a question twice as a duplicate across forms', () => {
    const pack = packBurden([loadForm(contactForm())]);
    assert.deepEqual(pack.duplicates, []);
  });
});
