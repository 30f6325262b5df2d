import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import {
  type Client,
  loginAs,
  startTestApp,
  storeKinds,
  TEST_PASSWORD,
  type TestApp,
} from './harness.ts';

/** A session made from a log-in or password-change response: its cookie and CSRF token. */
function sessionFrom(test: TestApp, response: LightMyRequestResponse): Client {
  const set = response.cookies.find((c) => c.name === 'lowform_session');
  assert.ok(set, `no session cookie in ${response.statusCode} ${response.body}`);
  const cookie = `lowform_session=${set.value}`;
  const body = response.json() as { csrfToken: string; user: { id: string } };
  return {
    cookie,
    csrfToken: body.csrfToken,
    userId: body.user.id,
    request: (options) =>
      test.app.inject({
        ...options,
        headers: { cookie, 'x-csrf-token': body.csrfToken, ...(options.headers ?? {}) },
      }),
  };
}

for (const kind of storeKinds) {
  describe(`choosing a new password (${kind})`, function () {
    this.timeout(60_000);
    let test: TestApp;
    let admin: Client;

    beforeEach(async () => {
      test = await startTestApp(kind, { loginAttemptsPerWindow: 3 });
      admin = await loginAs(test, 'alex', ['admin'], []);
    });
    afterEach(() => test.close());

    const logIn = (username: string, password: string) =>
      test.app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
    const changePassword = (client: Client, currentPassword: string, newPassword: string) =>
      client.request({
        method: 'POST',
        url: '/api/session/password',
        payload: { currentPassword, newPassword },
      });
    const whoAmI = (client: Client) => client.request({ method: 'GET', url: '/api/session' });

    /** An admin adds Robin without a password; the one-time password the server made. */
    async function addRobin(): Promise<string> {
      const created = await admin.request({
        method: 'POST',
        url: '/api/users',
        payload: { username: 'robin', displayName: 'Robin Reed', roles: ['practitioner'] },
      });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().mustChangePassword, true);
      return created.json().oneTimePassword;
    }

    it('lets a one-time password log in only to choose a new password, then works as the new one', async () => {
      const oneTime = await addRobin();
      const login = await logIn('robin', oneTime);
      assert.equal(login.statusCode, 200, login.body);
      assert.equal(login.json().mustChangePassword, true);
      const robin = sessionFrom(test, login);
      // A second device logged in with the same one-time password.
      const elsewhere = sessionFrom(test, await logIn('robin', oneTime));

      const me = await whoAmI(robin);
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().mustChangePassword, true);
      for (const [method, url] of [
        ['GET', '/api/cases'],
        ['GET', '/api/forms'],
        ['POST', '/api/cases'],
        ['GET', '/api/calendar'],
      ] as const) {
        const refused = await robin.request({ method, url, payload: {} });
        assert.equal(refused.statusCode, 403, `${method} ${url}: ${refused.body}`);
        assert.equal(refused.json().error.code, 'LF_PASSWORD_CHANGE_REQUIRED');
        assert.match(refused.json().error.message, /^Choose a new password first\./);
      }

      const changed = await changePassword(robin, oneTime, 'my own long password');
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal(changed.json().mustChangePassword, false);
      assert.equal(changed.json().user.username, 'robin');
      const renewed = sessionFrom(test, changed);
      assert.notEqual(renewed.cookie, robin.cookie, 'a new session for the new password');

      // The flag is cleared in the store, and the new session may do what a practitioner may.
      const stored = await test.store.users.findOne({ username: 'robin' });
      assert.equal(stored?.mustChangePassword, false);
      assert.equal((await whoAmI(renewed)).json().mustChangePassword, false);
      const cases = await renewed.request({ method: 'GET', url: '/api/cases' });
      assert.equal(cases.statusCode, 200, cases.body);
      // Every earlier session ended: the one that asked and the other device's.
      assert.equal((await whoAmI(robin)).statusCode, 401);
      assert.equal((await whoAmI(elsewhere)).statusCode, 401);
      assert.equal(await test.store.sessions.count({ userId: renewed.userId }), 1);

      assert.equal(
        (await logIn('robin', oneTime)).statusCode,
        401,
        'the one-time password is gone',
      );
      const again = await logIn('robin', 'my own long password');
      assert.equal(again.statusCode, 200, again.body);
      assert.equal(again.json().mustChangePassword, false);
    });

    it('refuses a wrong current password, a short new one and the same one again, each at its field', async () => {
      const oneTime = await addRobin();
      const robin = sessionFrom(test, await logIn('robin', oneTime));
      const refusals = [
        [
          await changePassword(robin, 'not the password', 'my own long password'),
          '/currentPassword',
          /current password is not right/,
        ],
        [
          await changePassword(robin, oneTime, 'too short'),
          '/newPassword',
          /at least 12 characters/,
        ],
        [
          await changePassword(robin, oneTime, oneTime),
          '/newPassword',
          /different from the current one/,
        ],
      ] as const;
      for (const [response, path, message] of refusals) {
        assert.equal(response.statusCode, 400, response.body);
        const { error } = response.json();
        assert.equal(error.code, 'LF_VALIDATION');
        assert.match(error.message, message);
        assert.equal(error.details[0].path, path);
      }
      // Nothing changed: the one-time password still logs in, still only to choose a password.
      const stored = await test.store.users.findOne({ username: 'robin' });
      assert.equal(stored?.mustChangePassword, true);
      assert.equal((await whoAmI(robin)).statusCode, 200);
      const relogin = await logIn('robin', oneTime);
      assert.equal(relogin.statusCode, 200);
      assert.equal(relogin.json().mustChangePassword, true);
      // Logging out is open before the password is chosen.
      const out = await robin.request({ method: 'DELETE', url: '/api/session' });
      assert.equal(out.statusCode, 204, out.body);
      assert.equal((await whoAmI(robin)).statusCode, 401);
    });

    it('counts wrong current passwords toward the log-in limit', async () => {
      const sam = await loginAs(test, 'sam', ['practitioner']);
      for (let i = 0; i < 3; i++) {
        const wrong = await changePassword(sam, `wrong guess ${i}`, 'my own long password');
        assert.equal(wrong.statusCode, 400, wrong.body);
      }
      const limited = await changePassword(sam, TEST_PASSWORD, 'my own long password');
      assert.equal(limited.statusCode, 429, limited.body);
      assert.equal(limited.json().error.code, 'LF_RATE_LIMITED');
      assert.ok(Number(limited.headers['retry-after']) > 0);
      // The same count as logging in: the right password at the log-in form must wait too.
      assert.equal((await logIn('sam', TEST_PASSWORD)).statusCode, 429);
      assert.equal((await whoAmI(sam)).statusCode, 200, 'the session itself goes on');
    });

    it('lets any signed-in user change their own password and ends their other sessions', async () => {
      const sam = await loginAs(test, 'sam', ['manager']);
      const phone = sessionFrom(test, await logIn('sam', TEST_PASSWORD));
      assert.equal((await whoAmI(sam)).json().mustChangePassword, false);
      const changed = await changePassword(sam, TEST_PASSWORD, 'a newer longer password');
      assert.equal(changed.statusCode, 200, changed.body);
      const renewed = sessionFrom(test, changed);
      assert.equal((await whoAmI(renewed)).statusCode, 200);
      assert.equal((await renewed.request({ method: 'GET', url: '/api/users' })).statusCode, 200);
      assert.equal((await whoAmI(phone)).statusCode, 401, 'the other session ended');
      assert.equal((await whoAmI(sam)).statusCode, 401, 'the session that asked was replaced');
      assert.equal((await logIn('sam', TEST_PASSWORD)).statusCode, 401, 'the old password');
      // The admin's session is not touched.
      assert.equal((await whoAmI(admin)).statusCode, 200);
    });

    it('makes a password an admin resets for someone else work only to choose a new one', async () => {
      await loginAs(test, 'sam', ['practitioner']);
      const samRecord = (await test.store.users.findOne({ username: 'sam' }))!;
      const reset = await admin.request({
        method: 'PATCH',
        url: `/api/users/${samRecord.id}`,
        payload: { expectedVersion: samRecord.version, password: 'an admin-set password' },
      });
      assert.equal(reset.statusCode, 200, reset.body);
      assert.equal(reset.json().mustChangePassword, true);
      const sam = sessionFrom(test, await logIn('sam', 'an admin-set password'));
      assert.equal((await whoAmI(sam)).json().mustChangePassword, true);
      const refused = await sam.request({ method: 'GET', url: '/api/cases' });
      assert.equal(refused.json().error.code, 'LF_PASSWORD_CHANGE_REQUIRED');
      const changed = await changePassword(sam, 'an admin-set password', 'sam chose this one');
      assert.equal(changed.statusCode, 200, changed.body);
      const renewed = sessionFrom(test, changed);
      assert.equal((await renewed.request({ method: 'GET', url: '/api/cases' })).statusCode, 200);

      // An admin setting their own password is choosing it.
      const alex = (await test.store.users.findOne({ username: 'alex' }))!;
      const own = await admin.request({
        method: 'PATCH',
        url: `/api/users/${alex.id}`,
        payload: { expectedVersion: alex.version, password: 'alex chose this one' },
      });
      assert.equal(own.statusCode, 200, own.body);
      assert.notEqual(own.json().mustChangePassword, true);
    });
  });
}
