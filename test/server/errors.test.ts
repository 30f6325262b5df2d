import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { EngineError, engineErrorCatalog } from '../../engine/errors.ts';
import { FormError, formErrorCatalog } from '../../forms/errors.ts';
import { errorBody, errorCatalog, LowformError } from '../../server/errors.ts';
import { toLowformError } from '../../server/http-errors.ts';

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

  it("holds the engine's and forms' codes with their own messages", () => {
    const inner = [
      ...Object.entries(engineErrorCatalog),
      ...Object.entries(formErrorCatalog).map(([code, e]) => [code, e.message] as const),
    ];
    for (const [code, message] of inner) {
      assert.equal(errorCatalog[code as keyof typeof errorCatalog]?.message, message, code);
    }
  });

  it('sends an engine or forms failure under the code it was raised with', () => {
    const sent = [
      new EngineError('LF_WORKFLOW_INVALID'),
      new EngineError('LF_WORKFLOW_MISMATCH'),
      new EngineError('LF_MIGRATION_INVALID'),
      new EngineError('LF_DATE_INVALID'),
      new FormError('LF_FORM_INVALID', []),
      new FormError('LF_FORM_TOO_LARGE', []),
    ].map((e) => {
      const wire = toLowformError(e);
      return [wire.code, wire.status];
    });
    assert.deepEqual(sent, [
      ['LF_WORKFLOW_INVALID', 422],
      ['LF_WORKFLOW_MISMATCH', 409],
      ['LF_MIGRATION_INVALID', 422],
      ['LF_DATE_INVALID', 400],
      ['LF_FORM_INVALID', 422],
      ['LF_FORM_TOO_LARGE', 413],
    ]);
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
