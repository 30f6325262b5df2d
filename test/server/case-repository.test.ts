import assert from 'node:assert/strict';
import { createAccessLog } from '../../server/services/access-log.ts';
import { approveSignOff, takeEvent } from '../../server/services/case-events.ts';
import {
  appendInOrder,
  appendLater,
  appendsDone,
  flushPendingEvents,
  serviceEntry,
  writeCase,
} from '../../server/services/case-record.ts';
import { type CaseDeps, createCase, readCase } from '../../server/services/cases.ts';
import { createDefinitionRegistry } from '../../server/services/definition-registry.ts';
import { createCalendarSource } from '../../server/services/working-calendar.ts';
import type { UserRecord } from '../../server/store/store.ts';
import { publishTinyCare } from './fixtures.ts';
import { loginAs, startTestApp, storeKinds, type TestApp } from './harness.ts';

/**
 * The chronology outbox (case-record.ts) and the sign-off service, called directly: no routes,
 * so a failure points at the module.
 */
for (const kind of storeKinds) {
  describe(`case outbox and sign-offs, called directly (${kind})`, function () {
    this.timeout(60_000);
    let test: TestApp;
    let deps: CaseDeps;
    let worker: UserRecord;
    let manager: UserRecord;
    const clock = new Date('2026-03-16T09:00:00.000Z');

    beforeEach(async () => {
      test = await startTestApp(kind, { now: () => clock });
      const lead = await loginAs(test, 'lee', ['practice_lead']);
      const admin = await loginAs(test, 'alex', ['admin']);
      await publishTinyCare(lead, admin);
      await loginAs(test, 'sam', ['practitioner']);
      await loginAs(test, 'morgan', ['manager']);
      worker = (await test.store.users.findOne({ username: 'sam' }))!;
      manager = (await test.store.users.findOne({ username: 'morgan' }))!;
      deps = {
        store: test.store,
        registry: createDefinitionRegistry(test.store),
        now: () => clock,
        access: createAccessLog(test.store),
        calendar: createCalendarSource(test.store, { now: () => clock }),
      };
    });
    afterEach(() => test.close());

    const entries = async (caseId: string) =>
      (
        await test.store.events.list({
          filter: { caseId },
          sort: { field: 'seq', direction: 'asc' },
        })
      ).items.map((e) => [e.seq, e.type]);

    it('appends a case’s entries in the order they were started, a slow one first', async () => {
      const record = await createCase(deps, worker, {
        workflowId: 'tiny-care',
        subject: { firstName: 'Ada', lastName: 'Example' },
      });
      await appendsDone(test.store, record.id);
      const note = (type: string, delayMs: number) => async () => {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        await test.store.events.append({
          caseId: record.id,
          kind: 'event',
          type,
          at: clock.toISOString(),
          actor: worker.id,
          data: {},
        });
      };
      appendLater(test.store, record.id, note('slow', 200));
      const fast = appendInOrder(test.store, record.id, note('fast', 0));
      await fast;
      await appendsDone(test.store, record.id);
      assert.deepEqual(await entries(record.id), [
        [1, 'case-started'],
        [2, 'slow'],
        [3, 'fast'],
      ]);
    });

    it('lets a failed append pass, and the next read puts the pending entry in once', async () => {
      const record = await createCase(deps, worker, {
        workflowId: 'tiny-care',
        subject: { firstName: 'Ada', lastName: 'Example' },
      });
      await appendsDone(test.store, record.id);
      appendLater(test.store, record.id, async () => {
        throw new Error('the store went away');
      });
      // What the failed append would have written is on the case, as writeCase leaves it.
      const written = await writeCase(
        test.store,
        record,
        { updatedAt: clock.toISOString() },
        serviceEntry('assignment', 'case-changed', manager.id, clock, 'Case details saved'),
      );
      await appendsDone(test.store, record.id);
      await Promise.all([
        flushPendingEvents(test.store, written),
        flushPendingEvents(test.store, written),
        readCase(deps, worker, record.id),
      ]);
      assert.deepEqual(await entries(record.id), [
        [1, 'case-started'],
        [2, 'case-changed'],
      ]);
    });

    it('refuses a write at a stale version with the current one, writing nothing', async () => {
      const record = await createCase(deps, worker, {
        workflowId: 'tiny-care',
        subject: { firstName: 'Ada', lastName: 'Example' },
      });
      await writeCase(test.store, record, { updatedAt: clock.toISOString() }, () => []);
      await assert.rejects(
        writeCase(test.store, record, { restricted: true }, () => []),
        (error: { code?: string; details?: unknown }) =>
          error.code === 'LF_CONFLICT' &&
          JSON.stringify(error.details) === JSON.stringify({ currentVersion: 2 }),
      );
      assert.equal((await test.store.cases.get(record.id))!.restricted, false);
    });

    it('signs off a waiting event and takes it, recording each step once', async () => {
      const record = await createCase(deps, worker, {
        workflowId: 'tiny-care',
        subject: { firstName: 'Ada', lastName: 'Example' },
      });
      const waiting = await takeEvent(deps, worker, record.id, {
        type: 'close',
        expectedVersion: record.version,
      });
      assert.equal(waiting.status, 'waiting');
      await assert.rejects(approveSignOff(deps, worker, record.id, 'nothing-waiting'), {
        code: 'LF_NOT_FOUND',
      });
      const closed = await approveSignOff(deps, manager, record.id, 'close');
      assert.equal(closed.final, true);
      assert.deepEqual(closed.signOffRequests, []);
      assert.deepEqual(closed.signOffs, [], 'the sign-off is used up by its event');
      await appendsDone(test.store, record.id);
      assert.deepEqual(await entries(record.id), [
        [1, 'case-started'],
        [2, 'sign-off-requested'],
        [3, 'sign-off-given'],
        [4, 'close'],
      ]);
    });
  });
}
