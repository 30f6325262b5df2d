import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { type CaseDeps, caseDepsFor } from '../../server/services/case-deps.ts';
import { approveSignOff, takeEvent } from '../../server/services/case-events.ts';
import { changeCase, createCase } from '../../server/services/cases.ts';
import type { CaseRecord, Store, UserRecord } from '../../server/store/store.ts';
import { publishTinyCare } from './fixtures.ts';
import { loginAs, startTestApp, storeKinds, type TestApp } from './harness.ts';

/**
 * The case repository (read, compare-and-set write, the chronology outbox) and the sign-off
 * service, called directly: no routes, so a failure points at the module.
 */
for (const kind of storeKinds) {
  describe(`case repository and sign-offs, called directly (${kind})`, function () {
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
      deps = caseDepsFor(test.store, { now: () => clock });
    });
    afterEach(() => test.close());

    const entries = async (caseId: string) =>
      (
        await test.store.events.list({
          filter: { caseId },
          sort: { field: 'seq', direction: 'asc' },
        })
      ).items.map((e) => [e.seq, e.type]);

    const open = () =>
      createCase(deps, worker, {
        workflowId: 'tiny-care',
        subject: { firstName: 'Ada', lastName: 'Example' },
      });

    /** What a crash right after a case write leaves: an entry pending on the case, not in the log. */
    async function crashAfterWrite(record: CaseRecord, type: string): Promise<CaseRecord> {
      const result = await test.store.cases.update(record.id, record.version, {
        updatedAt: clock.toISOString(),
        pendingEvents: [
          {
            idempotencyKey: `v${record.version + 1}:0`,
            kind: 'event',
            type,
            at: clock.toISOString(),
            actor: worker.id,
            summary: 'Visit recorded',
            data: {},
          },
        ],
      });
      assert.ok(result.ok);
      return result.record;
    }

    /** And a submission stored whose entry a crash kept out of the log. */
    async function crashAfterSubmission(caseId: string): Promise<void> {
      await test.store.submissions.insert({
        id: `${caseId}:intake:lost-entry`,
        version: 1,
        caseId,
        formId: 'intake',
        formVersion: 1,
        status: 'submitted',
        data: {},
        author: worker.id,
        createdAt: clock.toISOString(),
        updatedAt: clock.toISOString(),
        submittedAt: clock.toISOString(),
      });
    }

    /** A run record as a process that died without leaving would have left it. */
    async function runOfAGoneProcess(where: { host?: string; beatAt?: number } = {}) {
      // A pid that no process has now: a child's, once it has exited.
      const pid = spawnSync(process.execPath, ['-e', '0']).pid;
      await test.store.outboxRuns.insert({
        id: `gone-${pid}-${where.host ?? 'here'}`,
        version: 1,
        host: where.host ?? os.hostname(),
        pid,
        startedAt: clock.toISOString(),
        flushedBefore: clock.toISOString(),
        beatAt: where.beatAt ?? Date.now(),
      });
    }

    it('puts a change’s entries in the log before the next change’s, a slow append first', async () => {
      const record = await open();
      let slowNext = true;
      const store: Store = {
        ...test.store,
        events: Object.assign(Object.create(test.store.events), {
          append: async (event: Parameters<Store['events']['append']>[0]) => {
            if (slowNext && event.type === 'case-changed') {
              slowNext = false;
              await new Promise((resolve) => setTimeout(resolve, 200));
            }
            return test.store.events.append(event);
          },
        }),
      };
      const slow = caseDepsFor(store, { now: () => clock });
      const changed = await changeCase(slow, manager, record.id, {
        expectedVersion: record.version,
        restricted: true,
      });
      // The first change's append is still running: the next change waits for it.
      await changeCase(slow, manager, record.id, {
        expectedVersion: changed.version,
        restricted: false,
      });
      await slow.cases.appendsDone(record.id);
      const log = await test.store.events.list({
        filter: { caseId: record.id },
        sort: { field: 'seq', direction: 'asc' },
      });
      assert.deepEqual(
        log.items.map((e) => [e.seq, e.summary]),
        [
          [1, 'Case started at Referral'],
          [2, 'Case restricted'],
          [3, 'Restriction lifted'],
        ],
      );
    });

    it('reads a case and its chronology without writing to the log, after a crash too', async () => {
      const record = await open();
      await deps.cases.appendsDone(record.id);
      await crashAfterWrite(record, 'note');
      await crashAfterSubmission(record.id);
      const read = await deps.cases.read(worker, record.id);
      assert.equal(read.pendingEvents.length, 1);
      const shown = await deps.cases.chronology(record.id);
      assert.deepEqual(
        shown.map((e) => e.type),
        ['case-started'],
      );
      assert.deepEqual(await entries(record.id), [[1, 'case-started']]);
    });

    it('has the next change append what a crash left, once, before its own entry', async () => {
      const record = await open();
      await deps.cases.appendsDone(record.id);
      const crashed = await crashAfterWrite(record, 'note');
      await Promise.all([
        deps.cases.readForChange(worker, record.id),
        deps.cases.readForChange(manager, record.id),
      ]);
      await changeCase(deps, manager, record.id, {
        expectedVersion: crashed.version,
        restricted: true,
      });
      await deps.cases.appendsDone(record.id);
      assert.deepEqual(await entries(record.id), [
        [1, 'case-started'],
        [2, 'note'],
        [3, 'case-changed'],
      ]);
    });

    it('repairs at start what a process gone from this host left, once, and forgets its run', async () => {
      const record = await open();
      await deps.cases.appendsDone(record.id);
      await crashAfterWrite(record, 'note');
      await crashAfterSubmission(record.id);
      await runOfAGoneProcess();
      // Two processes starting together both repair; appends are idempotent.
      const first = caseDepsFor(test.store, { now: () => clock });
      const second = caseDepsFor(test.store, { now: () => clock });
      await Promise.all([first.cases.outbox.start(), second.cases.outbox.start()]);
      assert.deepEqual(await entries(record.id), [
        [1, 'case-started'],
        [2, 'note'],
        [3, 'form-submitted'],
      ]);
      const runs = await test.store.outboxRuns.list({});
      assert.equal(
        runs.items.filter((r) => r.id.startsWith('gone-')).length,
        0,
        'the gone run is forgotten once repaired',
      );
      await Promise.all([first.cases.outbox.stop(), second.cases.outbox.stop()]);
    });

    it('leaves a run on another host alone while it beats, and repairs it once it is silent', async () => {
      const record = await open();
      await deps.cases.appendsDone(record.id);
      await crashAfterWrite(record, 'note');
      await runOfAGoneProcess({ host: 'another-host' });
      const outbox = caseDepsFor(test.store, { now: () => clock }).cases.outbox;
      await outbox.start();
      assert.deepEqual(await entries(record.id), [[1, 'case-started']], 'it still beats');
      await test.store.outboxRuns.delete(
        (await test.store.outboxRuns.findOne({ host: 'another-host' }))!.id,
      );
      await runOfAGoneProcess({ host: 'another-host', beatAt: Date.now() - 61_000 });
      await outbox.beat();
      assert.deepEqual(await entries(record.id), [
        [1, 'case-started'],
        [2, 'note'],
      ]);
      await outbox.stop();
    });

    it('beats while it runs and leaves nothing behind when it stops', async () => {
      const outbox = caseDepsFor(test.store, { now: () => clock }).cases.outbox;
      const before = (await test.store.outboxRuns.list({})).items.length;
      await outbox.start();
      const mine = (await test.store.outboxRuns.list({})).items.filter(
        (r) => r.pid === process.pid,
      );
      assert.equal(mine.length, before + 1, 'one run more: this one');
      await outbox.beat();
      await outbox.stop();
      assert.equal((await test.store.outboxRuns.list({})).items.length, before);
    });

    it('refuses a write at a stale version with the current one, writing nothing', async () => {
      const record = await open();
      await deps.cases.write(record, { updatedAt: clock.toISOString() }, () => []);
      await assert.rejects(
        deps.cases.write(record, { restricted: true }, () => []),
        (error: { code?: string; details?: unknown }) =>
          error.code === 'LF_CONFLICT' &&
          JSON.stringify(error.details) === JSON.stringify({ currentVersion: 2 }),
      );
      assert.equal((await test.store.cases.get(record.id))!.restricted, false);
    });

    it('signs off a waiting event and takes it, recording each step once', async () => {
      const record = await open();
      const waiting = await takeEvent(deps, worker, record.id, {
        type: 'close',
        expectedVersion: record.version,
      });
      assert.equal(waiting.status, 'waiting');
      await assert.rejects(approveSignOff(deps, worker, record.id, 'nothing-waiting'), {
        code: 'LF_NOT_FOUND',
      });
      // The stage names who signs it off (tiny-care: managers), not the route.
      await assert.rejects(approveSignOff(deps, worker, record.id, 'close'), {
        code: 'LF_FORBIDDEN',
        message: 'Only a manager can sign this off.',
      });
      const closed = await approveSignOff(deps, manager, record.id, 'close');
      assert.equal(closed.final, true);
      assert.deepEqual(closed.signOffRequests, []);
      assert.deepEqual(closed.signOffs, [], 'the sign-off is used up by its event');
      await deps.cases.appendsDone(record.id);
      assert.deepEqual(await entries(record.id), [
        [1, 'case-started'],
        [2, 'sign-off-requested'],
        [3, 'sign-off-given'],
        [4, 'close'],
      ]);
    });
  });
}
