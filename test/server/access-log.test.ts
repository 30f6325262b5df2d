import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAccessLog } from '../../server/services/access-log.ts';
import { openEmbeddedStore } from '../../server/store/embedded.ts';
import type { AccessRecord, Store } from '../../server/store/store.ts';

describe('access log', () => {
  let dir: string;
  let store: Store;
  const writes: number[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lowform-access-'));
    store = openEmbeddedStore({ dataDir: dir });
    const insertMany = store.access.insertMany.bind(store.access);
    writes.length = 0;
    store.access.insertMany = async (records: AccessRecord[]) => {
      writes.push(records.length);
      return insertMany(records);
    };
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores reads that arrive together in one write, and each caller waits for it', async () => {
    const log = createAccessLog(store);
    const at = '2026-03-14T09:00:00.000Z';
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        log.record({ caseId: 'c1', type: `read-${i}`, at, actor: 'u1' }),
      ),
    );
    assert.deepEqual(writes, [40]);
    const page = await store.access.list({
      filter: { caseId: 'c1' },
      sort: { field: 'at', direction: 'asc' },
      limit: 100,
    });
    assert.deepEqual(
      page.items.map((e) => e.type),
      Array.from({ length: 40 }, (_, i) => `read-${i}`),
      'reads at the same instant keep their order',
    );
    await log.record({ caseId: 'c1', type: 'later', at, actor: 'u1' });
    assert.deepEqual(writes, [40, 1]);
  });

  it('fails every caller of a group whose write fails', async () => {
    const log = createAccessLog(store);
    await store.close();
    const results = await Promise.allSettled([
      log.record({ caseId: 'c1', type: 'a', at: '2026-03-14T09:00:00.000Z', actor: 'u1' }),
      log.record({ caseId: 'c1', type: 'b', at: '2026-03-14T09:00:00.000Z', actor: 'u1' }),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    store = openEmbeddedStore({ dataDir: dir });
  });
});
