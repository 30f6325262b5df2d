import assert from 'node:assert/strict';
import { isoDateOf } from '../../forms/typed-date.ts';

describe('forms: reading a date as people type it', () => {
  it('reads day/month/year with slashes, dots or dashes', () => {
    assert.equal(isoDateOf('14/03/2019'), '2019-03-14');
    assert.equal(isoDateOf('4.3.2019'), '2019-03-04');
    assert.equal(isoDateOf('04-03-2019'), '2019-03-04');
  });

  it('reads a day, a month name or its first three letters, and a year', () => {
    assert.equal(isoDateOf('14 March 2019'), '2019-03-14');
    assert.equal(isoDateOf('4 mar 2019'), '2019-03-04');
    assert.equal(isoDateOf('4 Sept 2019'), '2019-09-04');
    assert.equal(isoDateOf(' 1 December 2020 '), '2020-12-01');
  });

  it('reads nothing else as a date', () => {
    assert.deepEqual(
      ['Okafor', '2019-03-14', '14/03/19', '14 Marchy 2019', '14 Foo 2019', ''].map(isoDateOf),
      [null, null, null, null, null, null],
    );
  });
});
