import assert from 'node:assert/strict';
import { csrfTokenMatches } from '../../server/auth/csrf-token.ts';

describe('CSRF token check', () => {
  const token = 'k3Jd9sQ0vX1mZ8pL2rT5wY7uB4nC6eF0aH1gI3jK5lM';

  it('accepts the session’s own token', () => {
    assert.equal(csrfTokenMatches(token, token), true);
  });

  it('refuses a token that differs in one character', () => {
    assert.equal(csrfTokenMatches(`${token.slice(0, -1)}N`, token), false);
  });

  it('refuses, without throwing, a token of another length', () => {
    assert.equal(csrfTokenMatches(token.slice(1), token), false);
    assert.equal(csrfTokenMatches(`${token}x`, token), false);
    assert.equal(csrfTokenMatches('', token), false);
  });

  it('refuses a token with the same number of characters but not of bytes', () => {
    assert.equal(csrfTokenMatches('é'.repeat(token.length), token), false);
  });

  it('refuses a missing header and a header sent twice', () => {
    assert.equal(csrfTokenMatches(undefined, token), false);
    assert.equal(csrfTokenMatches([token, token], token), false);
  });
});
