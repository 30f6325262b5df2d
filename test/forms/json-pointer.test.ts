import assert from 'node:assert/strict';
import { fieldPointerFor, pointerOf, pointerTokens, valueAt } from '../../forms/json-pointer.ts';

describe('forms: JSON Pointer', () => {
  it('writes a path as a pointer, escaping ~ and / in keys', () => {
    assert.equal(pointerOf(['child', 0, 'a/b~c']), '/child/0/a~1b~0c');
    assert.equal(pointerOf([]), '');
  });

  it('reads a pointer back into its keys', () => {
    assert.deepEqual(pointerTokens('/child/0/a~1b~0c'), ['child', '0', 'a/b~c']);
    assert.deepEqual(pointerTokens(''), []);
  });

  it('finds the value at a pointer, and nothing through a missing or inherited key', () => {
    const data = { child: [{ 'a/b~c': 'x' }] };
    assert.equal(valueAt(data, pointerTokens('/child/0/a~1b~0c')), 'x');
    assert.equal(valueAt(data, pointerTokens('/child/1')), undefined);
    assert.equal(valueAt(data, ['toString']), undefined);
  });

  it('names the field a data pointer answers, list indexes as *', () => {
    assert.equal(fieldPointerFor('/people/3/name'), '/people/*/name');
  });
});
