/**
 * The lists a request can ask for, served by indexes: search by every word of a name, the
 * overdue list by due date, the sign-off queue by its keys; each paged, each exact (nothing the
 * user may not see), on both stores. On the embedded store, the query plan of each list the
 * services run is checked: no list reads the cases table other than by id.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildApp } from '../../server/app.ts';
import { caseSearchTerms } from '../../server/services/case-search.ts';
import {
  EMBEDDED_FILE_NAME,
  embeddedListSql,
  openEmbeddedStore,
} from '../../server/store/embedded.ts';
import { openMongoStore } from '../../server/store/mongodb.ts';
import type { ListQuery, Store } from '../../server/store/store.ts';
import { makeCase } from '../store/fixtures.ts';
import { dropTestDatabase, mongoTestUri, uniqueDatabaseName } from '../support/mongo-server.ts';
import { publishTinyCare } from './fixtures.ts';
import { type Client, loginAs, storeKinds, type TestApp } from './harness.ts';

/** A fresh store of the kind, with its data directory for the embedded one. */
async function openFreshStore(kind: (typeof storeKinds)[number]) {
  if (kind === 'embedded') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lowform-lists-'));
    return {
      store: openEmbeddedStore({ dataDir: dir }),
      file: path.join(dir, EMBEDDED_FILE_NAME),
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const uri = await mongoTestUri();
  const database = uniqueDatabaseName('lowform_lists');
  return {
    store: await openMongoStore({ uri, database }),
    file: null,
    cleanup: () => dropTestDatabase(uri, database),
  };
}

for (const kind of storeKinds) {
  describe(`lists served by indexes (${kind})`, function () {
    this.timeout(120_000);
    let test: TestApp;
    let store: Store;
    let file: string | null;
    let clock: Date;
    let worker: Client;
    let southWorker: Client;
    let manager: Client;
    /** The queries the services sent to the cases collection. */
    let queries: ListQuery[];

    async function start(before?: (store: Store) => Promise<void>) {
      const fresh = await openFreshStore(kind);
      store = fresh.store;
      file = fresh.file;
      await before?.(store);
      const app = await buildApp({
        store,
        sessionSecret: 'a'.repeat(40),
        now: () => clock,
        session: { idleMinutes: 43_200, maxHours: 720 },
      });
      test = {
        app,
        store,
        async close() {
          await app.close();
          await store.close();
          await fresh.cleanup();
        },
      };
      worker = await loginAs(test, 'sam', ['practitioner'], ['north']);
      southWorker = await loginAs(test, 'sol', ['practitioner'], ['south']);
      manager = await loginAs(test, 'morgan', ['manager'], ['north']);
      const lead = await loginAs(test, 'lee', ['practice_lead'], ['north']);
      const admin = await loginAs(test, 'alex', ['admin'], ['north']);
      await publishTinyCare(lead, admin);
      queries = [];
      const list = store.cases.list.bind(store.cases);
      store.cases.list = (query) => {
        queries.push(query ?? {});
        return list(query);
      };
    }

    beforeEach(() => {
      clock = new Date('2026-03-16T09:00:00.000Z'); // a Monday
    });
    afterEach(() => test.close());

    async function openCase(client: Client, firstName: string, lastName: string) {
      const response = await client.request({
        method: 'POST',
        url: '/api/cases',
        payload: { workflowId: 'tiny-care', subject: { firstName, lastName } },
      });
      assert.equal(response.statusCode, 201, response.body);
      return response.json() as { id: string; version: number };
    }

    /** Every page of a list, by `limit`: the ids in order, and each page's size. */
    async function allPages(client: Client, url: string, limit: number) {
      const ids: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const sep = url.includes('?') ? '&' : '?';
        const response = await client.request({
          method: 'GET',
          url: `${url}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        });
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json() as {
          items: { id?: string; caseId?: string }[];
          nextCursor: string | null;
        };
        ids.push(...body.items.map((i) => i.id ?? i.caseId!));
        sizes.push(body.items.length);
        cursor = body.nextCursor;
      } while (cursor);
      return { ids, sizes };
    }

    it('finds cases by every word of a search, by prefix, a page at a time, and only those the user may see', async () => {
      await start();
      const johnSmith = await openCase(worker, 'John', 'Smith');
      const joanSmithers = await openCase(worker, 'Joan', 'Smithers');
      // Opened by the manager: no practitioner is allocated.
      const marySmith = await openCase(manager, 'Mary', 'Smith');
      await openCase(worker, 'John', 'Jones');
      await openCase(southWorker, 'John', 'Smith');
      const sorted = (ids: string[]) => [...ids].sort();
      const search = async (client: Client, q: string) =>
        (await allPages(client, `/api/cases?q=${encodeURIComponent(q)}&sort=reference`, 1)).ids;

      assert.deepEqual(await search(worker, 'smith john'), [johnSmith.id]);
      assert.deepEqual(await search(worker, 'JO smi'), [johnSmith.id, joanSmithers.id]);
      assert.deepEqual(
        sorted(await search(worker, 'smith')),
        sorted([johnSmith.id, joanSmithers.id, marySmith.id]),
      );
      // The south team's John Smith is theirs alone.
      assert.equal((await search(southWorker, 'john smith')).length, 1);
      assert.notEqual((await search(southWorker, 'john smith'))[0], johnSmith.id);

      // Restricted with no named workers: the team's managers still find it, the worker not.
      const restricted = await manager.request({
        method: 'PATCH',
        url: `/api/cases/${marySmith.id}`,
        payload: { expectedVersion: marySmith.version, restricted: true },
      });
      assert.equal(restricted.statusCode, 200, restricted.body);
      assert.deepEqual(await search(worker, 'mary'), []);
      assert.deepEqual(await search(manager, 'mary smith'), [marySmith.id]);
      // Two words: both reach the store, which returns only the matches (pages are full).
      const two = await allPages(worker, `/api/cases?q=${encodeURIComponent('jo smith')}`, 1);
      assert.deepEqual(two.sizes, [1, 1]);
    });

    it('lists overdue cases by due date, oldest first, whatever changed last, a page at a time', async () => {
      await start();
      // Each case's decision is due a working day after it is opened.
      const monday = await openCase(worker, 'Ann', 'Early');
      clock = new Date('2026-03-17T09:00:00.000Z');
      const tuesday = await openCase(worker, 'Ben', 'Middle');
      clock = new Date('2026-03-18T09:00:00.000Z');
      const wednesday = await openCase(worker, 'Cat', 'Late');
      await openCase(southWorker, 'Dan', 'Elsewhere');
      clock = new Date('2026-03-20T09:00:00.000Z');
      // The Monday case changes last: the list is still by due date.
      const allocated = await manager.request({
        method: 'PATCH',
        url: `/api/cases/${monday.id}`,
        payload: { expectedVersion: monday.version, workers: [worker.userId] },
      });
      assert.equal(allocated.statusCode, 200, allocated.body);
      const overdue = await allPages(worker, '/api/cases?overdue=true', 2);
      assert.deepEqual(overdue.ids, [monday.id, tuesday.id, wednesday.id]);
      assert.deepEqual(overdue.sizes, [2, 1]);
    });

    it('pages the sign-off queue oldest first, only for the teams and roles that can give it', async () => {
      await start();
      const asked: string[] = [];
      for (const name of ['One', 'Two', 'Three']) {
        const c = await openCase(worker, name, 'Waiting');
        const held = await worker.request({
          method: 'POST',
          url: `/api/cases/${c.id}/events`,
          payload: { type: 'close', expectedVersion: c.version },
        });
        assert.equal(held.statusCode, 202, held.body);
        asked.push(c.id);
        clock = new Date(clock.getTime() + 60_000);
      }
      await openCase(worker, 'Not', 'Waiting');
      const queue = await allPages(manager, '/api/sign-offs', 2);
      assert.deepEqual(queue.ids, asked);
      assert.deepEqual(queue.sizes, [2, 1]);
      const southManager = await loginAs(test, 'mo', ['manager'], ['south']);
      assert.deepEqual((await allPages(southManager, '/api/sign-offs', 2)).ids, []);
      const approved = await manager.request({
        method: 'POST',
        url: `/api/cases/${asked[0]}/sign-offs/close`,
      });
      assert.equal(approved.statusCode, 200, approved.body);
      assert.deepEqual((await allPages(manager, '/api/sign-offs', 2)).ids, asked.slice(1));
    });

    it('gives cases stored before the list keys their keys when the app starts', async () => {
      const old = makeCase(1, {
        id: 'old-case',
        reference: 'TC-2025-000001',
        team: 'north',
        subject: { firstName: 'Olive', lastName: 'Older', familyId: 'family-old' },
        searchTerms: caseSearchTerms({ firstName: 'Olive', lastName: 'Older' }, 'TC-2025-000001'),
        visibleTo: ['managers:north', 'team:north'],
        signOffRequests: [
          {
            event: 'close',
            summary: 'Close with no further action',
            requestedBy: 'someone',
            at: '2026-03-01T09:00:00.000Z',
            stage: 'referral',
          },
        ],
      });
      await start(async (s) => {
        await s.cases.insert(old);
      });
      assert.deepEqual((await allPages(worker, '/api/cases?q=olive', 10)).ids, ['old-case']);
      assert.deepEqual((await allPages(manager, '/api/sign-offs', 10)).ids, ['old-case']);
    });

    if (kind === 'embedded') {
      it('reads the cases table only by id for every list the services run', async () => {
        await start();
        await openCase(worker, 'John', 'Smith');
        const urls: [Client, string][] = [
          [worker, '/api/cases'],
          [worker, '/api/cases?sort=due'],
          [worker, '/api/cases?sort=reference'],
          [worker, '/api/cases?overdue=true'],
          [worker, '/api/cases?q=smith'],
          [worker, '/api/cases?q=john%20smith'],
          [manager, '/api/cases?team=north'],
          [manager, '/api/sign-offs'],
        ];
        const plans = new Map<string, { text: string; plan: string[] }>();
        const db = new Database(file!, { readonly: true });
        try {
          for (const [client, url] of urls) {
            queries = [];
            const response = await client.request({ method: 'GET', url });
            assert.equal(response.statusCode, 200, response.body);
            assert.equal(queries.length, 1, url);
            const { text, params } = embeddedListSql(store.cases, queries[0]!);
            const rows = db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as {
              detail: string;
            }[];
            plans.set(url, { text, plan: rows.map((r) => r.detail) });
          }
        } finally {
          db.close();
        }
        // Which multikey index each list reads (the plan calls each one's table t).
        const expected: Record<string, [string, RegExp]> = {
          '/api/cases': [
            'cases_visibleTo_updatedAt_id',
            /^SEARCH t USING PRIMARY KEY \(value=\?\)$/,
          ],
          '/api/cases?sort=due': [
            'cases_visibleTo_dueAt_id',
            /^SEARCH t USING PRIMARY KEY \(value=\?\)$/,
          ],
          '/api/cases?sort=reference': [
            'cases_visibleTo_reference_id',
            /^SEARCH t USING PRIMARY KEY \(value=\?\)$/,
          ],
          '/api/cases?overdue=true': [
            'cases_visibleTo_dueAt_id',
            /^SEARCH t USING PRIMARY KEY \(value=\? AND s<\?\)$/,
          ],
          '/api/cases?q=smith': [
            'cases_searchKeys_id',
            /^SEARCH t USING PRIMARY KEY \(value>\? AND value<\?\)$/,
          ],
          '/api/cases?q=john%20smith': [
            'cases_searchKeys_id',
            /^SEARCH t USING PRIMARY KEY \(value>\? AND value<\?\)$/,
          ],
          '/api/cases?team=north': [
            'cases_visibleTo_updatedAt_id',
            /^SEARCH t USING PRIMARY KEY \(value=\?\)$/,
          ],
          '/api/sign-offs': [
            'cases_signOffKeys_signOffSince_id',
            /^SEARCH t USING PRIMARY KEY \(value=\?\)$/,
          ],
        };
        for (const [url, { text, plan }] of plans) {
          const shown = `${url}: ${plan.join(' | ')}`;
          const [table, search] = expected[url]!;
          assert.ok(text.includes(`FROM "${table}" t`), `${url} reads ${table}: ${text}`);
          const onTable = plan.filter((d) => / t\b/.test(d));
          assert.ok(onTable.length > 0 && onTable.every((d) => search.test(d)), shown);
          // The cases table is read only by id, from what the index gave.
          const onCases = plan.filter((d) => / (c|cases)\b/.test(d));
          assert.ok(onCases.length > 0, shown);
          for (const detail of onCases)
            assert.match(
              detail,
              /^SEARCH c USING (COVERING )?INDEX sqlite_autoindex_cases_1 \(id=\?\)$/,
              shown,
            );
        }
      });
    }
  });
}
