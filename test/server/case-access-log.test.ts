import assert from 'node:assert/strict';
import { reportCases } from '../engine/fixtures/report-cases.ts';
import { type Client, loginAs, startTestApp, storeKinds, type TestApp } from './harness.ts';
import { storeHistories } from './report-records.ts';

for (const kind of storeKinds) {
  describe(`the access log of a case, paged and filtered (${kind})`, function () {
    this.timeout(90_000);
    let test: TestApp;
    let manager: Client;
    let outsider: Client;
    let admin: Client;

    before(async () => {
      test = await startTestApp(kind);
      await storeHistories(
        test.store,
        reportCases.filter((c) => c.id === 'a'),
      );
      manager = await loginAs(test, 'mona', ['manager'], ['north']);
      outsider = await loginAs(test, 'sid', ['manager'], ['south']);
      admin = await loginAs(test, 'ada', ['admin'], []);
      // 250 reads: one every hour from 30 March 2026 (BST from 29 March), by three people.
      const actors = [manager.userId, admin.userId, outsider.userId];
      const start = Date.parse('2026-03-30T00:30:00.000Z');
      await test.store.access.insertMany(
        Array.from({ length: 250 }, (_, i) => ({
          id: `e${String(i).padStart(4, '0')}`,
          version: 1,
          caseId: 'a',
          type: `read-${i}`,
          at: new Date(start + i * 3_600_000).toISOString(),
          actor: actors[i % 3]!,
        })),
      );
    });
    after(() => test.close());

    const page = async (client: Client, query: string) => {
      const response = await client.request({
        method: 'GET',
        url: `/api/cases/a/access-log?${query}`,
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as {
        items: { type: string; at: string; actor: { id: string } }[];
        nextCursor: string | null;
        people?: { id: string; displayName: string; reads: number }[];
      };
    };

    it('pages through every entry in order, naming who read it', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const body = await page(manager, `limit=100${cursor ? `&cursor=${cursor}` : ''}`);
        if (pages === 0) {
          assert.deepEqual(
            body.people?.map((p) => `${p.displayName} ${p.reads}`),
            ['ada 83', 'mona 84', 'sid 83'],
          );
        } else assert.equal(body.people, undefined);
        seen.push(...body.items.map((e) => e.type));
        cursor = body.nextCursor;
        pages++;
      } while (cursor);
      assert.equal(pages, 3);
      assert.deepEqual(
        seen,
        Array.from({ length: 250 }, (_, i) => `read-${i}`),
      );
      const newest = await page(admin, 'limit=1&order=desc');
      assert.equal(newest.items[0]?.type, 'read-249');
    });

    it("filters by person and by London dates (BST's midnight is 23:00 UTC)", async () => {
      const mine = await page(manager, `actor=${admin.userId}&limit=500`);
      assert.equal(mine.items.length, 83);
      assert.ok(mine.items.every((e) => e.actor.id === admin.userId));
      // 1 April in London runs from 2026-03-31T23:00Z to 2026-04-01T23:00Z: entries 47 to 70.
      const day = await page(manager, 'from=2026-04-01&to=2026-04-01&limit=500');
      assert.deepEqual(
        [day.items[0]?.at, day.items.at(-1)?.at, day.items.length],
        ['2026-03-31T23:30:00.000Z', '2026-04-01T22:30:00.000Z', 24],
      );
      const both = await page(manager, `from=2026-04-01&to=2026-04-01&actor=${manager.userId}`);
      assert.equal(both.items.length, 8);
      const wrong = await manager.request({
        method: 'GET',
        url: '/api/cases/a/access-log?from=2026-04-02&to=2026-04-01',
      });
      assert.equal(wrong.statusCode, 400);
    });

    it('hides the log of a case from a manager of another team, not from an admin', async () => {
      const response = await outsider.request({ method: 'GET', url: '/api/cases/a/access-log' });
      assert.equal(response.statusCode, 404);
      assert.equal((await page(admin, 'limit=1')).items.length, 1);
    });
  });
}
