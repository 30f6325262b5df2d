import assert from 'node:assert/strict';
import { unsafePatternReason } from '../../forms/index.ts';

describe('unsafePatternReason', () => {
  const catastrophic = [
    '(a+)+',
    '(a*)*',
    '(a|a)*',
    '(\\w+\\s?)*',
    '^(a?a)*$',
    '(x(a|aa)y)*',
    '^(([a-z])+.)+[A-Z]([a-z])+$',
    '(.*a){12}',
    '([a-zA-Z]+)*$',
  ];
  for (const pattern of catastrophic) {
    it(`refuses ${pattern}, which can backtrack exponentially`, () => {
      assert.match(unsafePatternReason(pattern) ?? '', /exponential|match nothing/);
    });
  }

  const safe = [
    '^\\d{10}$',
    '^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$',
    '^(\\+44|0)\\d{10}$',
    '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    '^(\\d+\\.){3}\\d+$',
    '^([a-z]+\\.)*[a-z]+$',
    "^[\\p{L} '-]+$",
    '^\\s*\\S.*$',
  ];
  for (const pattern of safe) {
    it(`accepts ${pattern}`, () => {
      assert.equal(unsafePatternReason(pattern), null);
    });
  }

  it('refuses backreferences', () => {
    assert.match(unsafePatternReason('^(a)\\1$') ?? '', /backreference/);
    assert.match(unsafePatternReason('^(?<x>a)\\k<x>$') ?? '', /backreference/);
  });

  it('refuses many ambiguous places even outside a repeat', () => {
    assert.match(unsafePatternReason('a?a?a?a?aaaa') ?? '', /more than 3 places/);
    assert.equal(unsafePatternReason('a?a?aa'), null);
  });

  it('refuses a pattern longer than 256 characters', () => {
    assert.match(unsafePatternReason('a'.repeat(257)) ?? '', /longer than 256/);
    assert.equal(unsafePatternReason('a'.repeat(256)), null);
  });

  it('refuses a pattern that is not a regular expression under the u flag ajv uses', () => {
    assert.match(unsafePatternReason('[') ?? '', /not a valid regular expression/);
    assert.match(unsafePatternReason('\\-') ?? '', /not a valid regular expression/);
  });

  it('reads escapes and classes so that distinct starts are not ambiguous', () => {
    assert.equal(unsafePatternReason('(\\x41|\\u0042|\\u{43}|[d-f])*'), null);
    assert.notEqual(unsafePatternReason('(\\x41|[A-C])*'), null);
    assert.equal(unsafePatternReason('([^a]|a)*'), null);
    assert.notEqual(unsafePatternReason('(\\W|\\s)*'), null);
  });
});
