import assert from 'node:assert/strict';
import { createAjv } from '../../forms/index.ts';

describe('createAjv', () => {
  it('checks formats such as date and email', () => {
    const validate = createAjv().compile({ type: 'string', format: 'date' });
    assert.equal(validate('2019-03-14'), true);
    assert.equal(validate('2019-02-30'), false);
    assert.equal(createAjv().compile({ format: 'email' })('not an email'), false);
  });

  it('accepts the x-family annotation but refuses unknown keywords and formats', () => {
    const ajv = createAjv();
    assert.equal(ajv.compile({ type: 'string', 'x-family': true })('a'), true);
    assert.throws(
      () => ajv.compile({ type: 'string', maxlength: 3 }),
      /unknown keyword: "maxlength"/,
    );
    assert.throws(() => ajv.compile({ type: 'string', format: 'postcode' }), /unknown format/);
  });

  it('reports every error at once and never changes the data', () => {
    const validate = createAjv().compile({
      type: 'object',
      properties: { a: { type: 'integer', default: 1 }, b: { type: 'string' } },
    });
    const data = { a: '2', b: 3 };
    assert.equal(validate(data), false);
    assert.equal(validate.errors?.length, 2);
    assert.deepEqual(data, { a: '2', b: 3 });
  });
});
