import assert from 'node:assert/strict';
import { type Client, loginAs, startTestApp, storeKinds, type TestApp } from './harness.ts';

for (const kind of storeKinds) {
  describe(`users API (${kind})`, function () {
    this.timeout(60_000);
    let test: TestApp;
    let admin: Client;

    beforeEach(async () => {
      test = await startTestApp(kind);
      admin = await loginAs(test, 'alex', ['admin'], []);
    });
    afterEach(() => test.close());

    async function userNamed(username: string) {
      return (await test.store.users.findOne({ username }))!;
    }

    it('makes a one-time password when none is sent, answers it once, and it logs the user in', async () => {
      const created = await admin.request({
        method: 'POST',
        url: '/api/users',
        payload: {
          username: 'robin',
          displayName: 'Robin Reed',
          roles: ['practitioner'],
          teams: ['north'],
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      const { oneTimePassword, ...view } = created.json();
      assert.match(oneTimePassword, /^[A-Za-z0-9_-]{24}$/);
      assert.equal(view.username, 'robin');
      assert.equal(view.passwordHash, undefined);
      const login = await test.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username: 'robin', password: oneTimePassword },
      });
      assert.equal(login.statusCode, 200, login.body);
      // Never shown again: the list and a second look carry no password.
      const list = await admin.request({ method: 'GET', url: '/api/users' });
      assert.ok(!list.body.includes(oneTimePassword));
      assert.ok(!JSON.stringify(await userNamed('robin')).includes(oneTimePassword));
      // A password the admin chose is not echoed.
      const chosen = await admin.request({
        method: 'POST',
        url: '/api/users',
        payload: {
          username: 'sky',
          displayName: 'Sky',
          roles: ['manager'],
          password: 'a long enough password',
        },
      });
      assert.equal(chosen.statusCode, 201, chosen.body);
      assert.equal(chosen.json().oneTimePassword, undefined);
    });

    it('never removes the last active admin, by role or by deactivation; with a second admin it may', async () => {
      const alex = await userNamed('alex');
      const demote = await admin.request({
        method: 'PATCH',
        url: `/api/users/${alex.id}`,
        payload: { expectedVersion: alex.version, roles: ['manager'] },
      });
      assert.equal(demote.statusCode, 422, demote.body);
      assert.match(demote.json().error.message, /last active admin/);
      const deactivate = await admin.request({
        method: 'PATCH',
        url: `/api/users/${alex.id}`,
        payload: { expectedVersion: alex.version, active: false },
      });
      assert.equal(deactivate.statusCode, 422, deactivate.body);
      assert.deepEqual((await userNamed('alex')).roles, ['admin']);
      assert.equal((await userNamed('alex')).active, true);

      // An inactive admin does not count.
      await loginAs(test, 'dormant', ['admin'], []);
      const dormant = await userNamed('dormant');
      const off = await admin.request({
        method: 'PATCH',
        url: `/api/users/${dormant.id}`,
        payload: { expectedVersion: dormant.version, active: false },
      });
      assert.equal(off.statusCode, 200, off.body);
      const still = await admin.request({
        method: 'PATCH',
        url: `/api/users/${alex.id}`,
        payload: { expectedVersion: alex.version, roles: ['manager'] },
      });
      assert.equal(still.statusCode, 422, still.body);

      await loginAs(test, 'casey', ['admin'], []);
      const now = await userNamed('alex');
      const allowed = await admin.request({
        method: 'PATCH',
        url: `/api/users/${now.id}`,
        payload: { expectedVersion: now.version, roles: ['manager', 'practitioner'] },
      });
      assert.equal(allowed.statusCode, 200, allowed.body);
    });

    it('leaves an admin when two admins deactivate each other at the same moment', async () => {
      const casey = await loginAs(test, 'casey', ['admin'], []);
      const [alex, caseyRecord] = [await userNamed('alex'), await userNamed('casey')];
      const [a, b] = await Promise.all([
        admin.request({
          method: 'PATCH',
          url: `/api/users/${caseyRecord.id}`,
          payload: { expectedVersion: caseyRecord.version, active: false },
        }),
        casey.request({
          method: 'PATCH',
          url: `/api/users/${alex.id}`,
          payload: { expectedVersion: alex.version, active: false },
        }),
      ]);
      // At worst both are refused; never both done.
      assert.ok(a.statusCode === 422 || b.statusCode === 422, `${a.statusCode} ${b.statusCode}`);
      const admins = await test.store.users.count({ roles: { has: 'admin' }, active: true });
      assert.ok(admins >= 1);
      for (const [response, username] of [
        [a, 'casey'],
        [b, 'alex'],
      ] as const)
        assert.equal((await userNamed(username)).active, response.statusCode !== 200, username);
    });
  });
}
