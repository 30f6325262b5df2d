import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { errorBody, errorCatalog, LowformError } from '../../server/errors.ts';

describe('error catalog', () => {
  const entries = Object.entries(errorCatalog);

  it('gives every code the LF_ prefix, an error status and a plain sentence', () => {
    for (const [code, entry] of entries) {
      assert.match(code, /^LF_[A-Z_]+$/, code);
      assert.ok(entry.status >= 400 && entry.status <= 599, `${code} has status ${entry.status}`);
      assert.match(entry.message, /^[A-Z].*\.$/, `${code} message is not a sentence`);
    }
  });

  it('lists every code with its status in the README, and nothing else', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const documented = new Map(
      [...readme.matchAll(/^\|\s*`(LF_[A-Z_]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((m) => [
        m[1],
        Number(m[2]),
      ]),
    );
    assert.deepEqual(
      [...documented.keys()].sort(),
      entries.map(([code]) => code).sort(),
      'README error table and catalog differ',
    );
    for (const [code, entry] of entries) assert.equal(documented.get(code), entry.status, code);
  });

  it('puts errors on the wire in the one shape, with details only when there are some', () => {
    assert.deepEqual(errorBody(new LowformError('LF_NOT_FOUND')), {
      error: { code: 'LF_NOT_FOUND', message: errorCatalog.LF_NOT_FOUND.message },
    });
    const withDetails = new LowformError('LF_VALIDATION', 'Date of birth is not a date.', [
      { field: '/dateOfBirth' },
    ]);
    assert.deepEqual(errorBody(withDetails), {
      error: {
        code: 'LF_VALIDATION',
        message: 'Date of birth is not a date.',
        details: [{ field: '/dateOfBirth' }],
      },
    });
    assert.equal(withDetails.status, 400);
  });
});
