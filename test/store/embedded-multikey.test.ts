import assert from 'node:assert/strict';
import { sameSideRows, sideRows, sideTables } from '../../server/store/embedded-multikey.ts';

/** A record of any shape (the side rows read fields by path). */
const r = (record: { id: string } & Record<string, unknown>) => record;

describe('embedded store: multikey side rows', () => {
  const table = sideTables('cases').find((t) => t.array === 'visibleTo' && t.sort === 'updatedAt')!;
  const unsorted = { name: 't', array: 'tags', sort: null };
  const at = '2026-12-01T10:00:00.000Z';

  it('gives one row per distinct scalar element, under the sort value', () => {
    const record = {
      id: 'c1',
      visibleTo: ['team:north', 'team:north', 'user:u1', { x: 1 }],
      updatedAt: at,
    };
    assert.deepEqual(sideRows(table, record), [
      ['team:north', at, 'c1'],
      ['user:u1', at, 'c1'],
    ]);
    assert.deepEqual(sideRows(table, r({ id: 'c1', visibleTo: ['team:north'] })), []);
  });

  it('leaves rows alone only when the elements and the sort value are the same', () => {
    const before = r({ id: 'c1', visibleTo: ['team:north', 'user:u1'], updatedAt: at });
    assert.equal(
      sameSideRows(table, before, r({ ...before, visibleTo: ['user:u1', 'team:north'] })),
      true,
    );
    assert.equal(
      sameSideRows(table, before, r({ ...before, updatedAt: '2026-12-01T10:00:01.000Z' })),
      false,
    );
    assert.equal(sameSideRows(table, before, r({ ...before, visibleTo: ['team:north'] })), false);
    assert.equal(
      sameSideRows(table, before, r({ ...before, visibleTo: ['team:north', 'user:u2'] })),
      false,
    );
    // No rows either way: a record without the sort value has none, whatever its elements.
    assert.equal(
      sameSideRows(table, r({ id: 'c1', visibleTo: ['a'] }), r({ id: 'c1', visibleTo: ['b'] })),
      true,
    );
    assert.equal(
      sameSideRows(
        unsorted,
        r({ id: 'c1', tags: ['a', 'b'] }),
        r({ id: 'c1', tags: ['b', 'a', 'a'] }),
      ),
      true,
    );
    assert.equal(sameSideRows(unsorted, r({ id: 'c1', tags: ['a'] }), r({ id: 'c1' })), false);
  });
});
