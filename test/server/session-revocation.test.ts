import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import {
  createSessionMemory,
  SESSION_MEMORY_MS,
  startSession,
} from '../../server/auth/sessions.ts';
import { type UserChanges, updateUser } from '../../server/services/users.ts';
import type { Store, UserRecord } from '../../server/store/store.ts';
import { type Client, loginAs, startTestApp, storeKinds, type TestApp } from './harness.ts';

const policy = { idleMinutes: 30, maxHours: 12 };

for (const kind of storeKinds) {
  describe(`sessions end when their user changes (${kind})`, function () {
    this.timeout(30_000);
    let test: TestApp;
    let clock = new Date('2026-03-14T09:00:00.000Z');
    let admin: Client;
    let sam: Client;

    beforeEach(async () => {
      clock = new Date('2026-03-14T09:00:00.000Z');
      test = await startTestApp(kind, { now: () => clock, session: policy });
      admin = await loginAs(test, 'ada', ['admin']);
      sam = await loginAs(test, 'sam', ['practitioner']);
      // Sam's session is now in this server's one-second memory.
      assert.equal((await whoIsSam()).statusCode, 200);
    });
    afterEach(() => test.close());

    const whoIsSam = (app: FastifyInstance = test.app) =>
      app.inject({ method: 'GET', url: '/api/session', headers: { cookie: sam.cookie } });
    const samRecord = async (): Promise<UserRecord> =>
      (await test.store.users.findOne({ username: 'sam' }))!;
    const change = async (changes: UserChanges, by: Client = admin) => {
      const user = await samRecord();
      const response = await by.request({
        method: 'PATCH',
        url: `/api/users/${user.id}`,
        payload: { expectedVersion: user.version, ...changes },
      });
      assert.equal(response.statusCode, 200, response.body);
    };

    const changes: [string, UserChanges][] = [
      ['a password reset', { password: 'a brand new password' }],
      ['deactivation', { active: false }],
      ['a role change', { roles: ['manager'] }],
      ['a team change', { teams: ['south'] }],
    ];
    for (const [what, payload] of changes) {
      it(`ends the user's sessions at once after ${what} by an admin`, async () => {
        await change(payload);
        assert.equal((await whoIsSam()).statusCode, 401);
        assert.equal(await test.store.sessions.count({ userId: sam.userId }), 0);
        assert.equal(await test.store.sessions.count({ userId: admin.userId }), 1);
        assert.equal(
          (await admin.request({ method: 'GET', url: '/api/session' })).statusCode,
          200,
          "the admin's own session goes on",
        );
      });
    }

    it("keeps the user's sessions when only the display name changes", async () => {
      await change({ displayName: 'Samantha Worker' });
      const me = await whoIsSam();
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().user.displayName, 'Samantha Worker');
    });

    it('ends the session on a second server at once when the first resets the password or logs out', async () => {
      const other = await buildApp({
        store: test.store,
        sessionSecret: 'a'.repeat(40),
        now: () => clock,
        session: policy,
      });
      try {
        assert.equal((await whoIsSam(other)).statusCode, 200);
        await change({ password: 'a brand new password' });
        assert.equal((await whoIsSam()).statusCode, 401, 'the server that made the change');
        assert.equal((await whoIsSam(other)).statusCode, 401, 'the other server, at once');
        // A log-out through one server ends the session on the other at once too.
        const again = await loginAs(test, 'kim', ['practitioner']);
        const onOther = () =>
          other.inject({ method: 'GET', url: '/api/session', headers: { cookie: again.cookie } });
        assert.equal((await onOther()).statusCode, 200);
        assert.equal(
          (await again.request({ method: 'DELETE', url: '/api/session' })).statusCode,
          204,
        );
        assert.equal((await onOther()).statusCode, 401, 'logged out elsewhere, at once');
      } finally {
        await other.close();
      }
    });

    it('does not honour a session whose user was changed in the store by another process', async () => {
      // As the CLI or a process that stopped before removing the sessions would leave it.
      const user = await samRecord();
      await test.store.users.update(user.id, user.version, { roles: ['manager'] });
      assert.equal(await test.store.sessions.count({ userId: sam.userId }), 1);
      clock = new Date(clock.getTime() + SESSION_MEMORY_MS);
      assert.equal((await whoIsSam()).statusCode, 401);
    });

    it('ends the sessions when the user service resets a password, as the CLI would', async () => {
      const user = await samRecord();
      await updateUser(test.store, user.id, user.version, { password: 'another new one!' }, clock);
      assert.equal(await test.store.sessions.count({ userId: sam.userId }), 0);
      assert.equal((await whoIsSam()).statusCode, 401, 'at once');
    });
  });

  describe(`session memory (${kind})`, function () {
    this.timeout(30_000);
    let test: TestApp;
    const now = new Date('2026-03-14T09:00:00.000Z');

    beforeEach(async () => {
      test = await startTestApp(kind);
    });
    afterEach(() => test.close());

    /** The store, with reading a user held until `release` is called. */
    function holdUserReads(store: Store): { store: Store; release(): void; reads(): number } {
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let reads = 0;
      const users = Object.create(store.users) as Store['users'];
      users.get = async (id) => {
        reads += 1;
        const user = await store.users.get(id);
        await held;
        return user;
      };
      return { store: { ...store, users }, release: () => release(), reads: () => reads };
    }

    it('does not remember a session it read before being told to forget', async () => {
      const user = (await loginAs(test, 'sam', ['practitioner'])).userId;
      const record = (await test.store.users.get(user))!;
      const session = await startSession(test.store, record, now, policy);
      const held = holdUserReads(test.store);
      const memory = createSessionMemory(held.store, policy);
      const first = memory.resume(session.id, now);
      await new Promise((resolve) => setTimeout(resolve, 20));
      // The user changes while the read is under way; the change tells the memory to forget.
      memory.forgetAll();
      held.release();
      assert.ok(await first);
      await memory.resume(session.id, now);
      assert.equal(held.reads(), 2, 'the second resume read the store again');
    });

    it('does not honour a session removed while it was being resumed', async () => {
      const user = (await loginAs(test, 'sam', ['practitioner'])).userId;
      const record = (await test.store.users.get(user))!;
      const old = new Date(now.getTime() - 5 * 60_000);
      const session = await startSession(test.store, record, old, policy);
      const held = holdUserReads(test.store);
      const memory = createSessionMemory(held.store, policy);
      const resumed = memory.resume(session.id, now);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await test.store.sessions.delete(session.id);
      held.release();
      assert.equal(await resumed, null);
    });
  });
}
