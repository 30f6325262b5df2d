import assert from 'node:assert/strict';
import {
  canRedo,
  canUndo,
  currentOf,
  record,
  redo,
  startHistory,
  undo,
} from '../../ui/src/designer/edit-history.ts';

describe('designer edit history: undo and redo', () => {
  it('undoes and redoes edits in order, naming each', () => {
    let history = startHistory('v0');
    assert.equal(canUndo(history), false);
    history = record(history, 'v1', 'first');
    history = record(history, 'v2', 'second');
    assert.equal(currentOf(history), 'v2');
    history = undo(history);
    assert.equal(currentOf(history), 'v1');
    assert.equal(history.what[history.at + 1], 'second');
    history = undo(history);
    assert.equal(currentOf(history), 'v0');
    assert.equal(canUndo(history), false);
    assert.equal(undo(history), history, 'undo at the start changes nothing');
    history = redo(redo(history));
    assert.equal(currentOf(history), 'v2');
    assert.equal(canRedo(history), false);
  });

  it('drops the undone edits when a new edit is made', () => {
    let history = record(record(startHistory('v0'), 'v1', 'a'), 'v2', 'b');
    history = record(undo(history), 'v3', 'c');
    assert.deepEqual(history.entries, ['v0', 'v1', 'v3']);
    assert.deepEqual(history.what, ['Opened', 'a', 'c']);
    assert.equal(canRedo(history), false);
  });
});
