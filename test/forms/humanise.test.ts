import assert from 'node:assert/strict';
import { humaniseKey, midSentence, normaliseLabel } from '../../forms/humanise.ts';

describe('humaniseKey', () => {
  it('turns camelCase and snake_case keys into a sentence-case label', () => {
    assert.equal(humaniseKey('dateOfBirth'), 'Date of birth');
    assert.equal(humaniseKey('child_first_name'), 'Child first name');
    assert.equal(humaniseKey('childNHSNumber'), 'Child NHS number');
    assert.equal(humaniseKey('address2'), 'Address 2');
  });
});

describe('midSentence', () => {
  it('lowers the first letter unless the label starts with an acronym', () => {
    assert.equal(midSentence('Date of birth'), 'date of birth');
    assert.equal(midSentence('NHS number'), 'NHS number');
  });
});

describe('normaliseLabel', () => {
  it('ignores case, punctuation and spacing', () => {
    assert.equal(normaliseLabel("  Child's  first name: "), normaliseLabel('child s first name'));
    assert.notEqual(normaliseLabel('First name'), normaliseLabel('Last name'));
  });
});
