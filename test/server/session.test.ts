import assert from 'node:assert/strict';
import { SESSION_MEMORY_MS } from '../../server/auth/sessions.ts';
import { createUser } from '../../server/services/users.ts';
import { loginAs, startTestApp, storeKinds, TEST_PASSWORD, type TestApp } from './harness.ts';

for (const kind of storeKinds) {
  describe(`sessions (${kind})`, function () {
    this.timeout(30_000);
    let test: TestApp;
    let clock = new Date('2026-03-14T09:00:00.000Z');

    beforeEach(async () => {
      clock = new Date('2026-03-14T09:00:00.000Z');
      test = await startTestApp(kind, {
        now: () => clock,
        session: { idleMinutes: 30, maxHours: 12 },
        loginAttemptsPerWindow: 3,
      });
      await createUser(
        test.store,
        {
          username: 'sam',
          displayName: 'Sam Worker',
          password: TEST_PASSWORD,
          roles: ['practitioner'],
          teams: ['north'],
        },
        clock,
      );
    });
    afterEach(() => test.close());

    const login = (username: string, password: string, headers: Record<string, string> = {}) =>
      test.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username, password },
        headers,
      });

    it('logs in with the right password and sets a strict, httpOnly, signed cookie', async () => {
      const response = await login('sam', TEST_PASSWORD);
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.equal(body.user.username, 'sam');
      assert.equal(body.user.passwordHash, undefined);
      assert.ok(body.csrfToken.length >= 32);
      const cookie = response.cookies.find((c) => c.name === 'lowform_session');
      assert.ok(cookie);
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Strict');
      assert.match(cookie.value, /\./, 'the cookie is signed');
    });

    it('refuses a wrong password and an unknown user with the same message', async () => {
      const wrong = await login('sam', 'not the password');
      const unknown = await login('nobody', 'not the password');
      assert.equal(wrong.statusCode, 401);
      assert.equal(unknown.statusCode, 401);
      assert.equal(wrong.json().error.message, unknown.json().error.message);
      assert.equal(wrong.json().error.code, 'LF_UNAUTHENTICATED');
    });

    it('limits failed attempts on an account from one address, even with the right password after', async () => {
      for (let i = 0; i < 3; i++) assert.equal((await login('sam', 'wrong')).statusCode, 401);
      const limited = await login('sam', TEST_PASSWORD);
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.json().error.code, 'LF_RATE_LIMITED');
      clock = new Date(clock.getTime() + 16 * 60_000);
      assert.equal((await login('sam', TEST_PASSWORD)).statusCode, 200);
    });

    it('says who is logged in, and refuses without a session', async () => {
      const client = await loginAs(test, 'sam', ['practitioner']);
      const me = await client.request({ method: 'GET', url: '/api/session' });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().user.username, 'sam');
      assert.equal(me.json().csrfToken, client.csrfToken);
      const anonymous = await test.app.inject({ method: 'GET', url: '/api/session' });
      assert.equal(anonymous.statusCode, 401);
      const forged = await test.app.inject({
        method: 'GET',
        url: '/api/session',
        headers: { cookie: 'lowform_session=forged-session-id' },
      });
      assert.equal(forged.statusCode, 401);
    });

    it('gives a new session id at each log in', async () => {
      const first = await loginAs(test, 'sam', ['practitioner']);
      const second = await loginAs(test, 'sam', ['practitioner']);
      assert.notEqual(first.cookie, second.cookie);
    });

    it('ends a session after 30 idle minutes and after 12 hours however active', async () => {
      const client = await loginAs(test, 'sam', ['practitioner']);
      clock = new Date(clock.getTime() + 29 * 60_000);
      assert.equal((await client.request({ method: 'GET', url: '/api/session' })).statusCode, 200);
      clock = new Date(clock.getTime() + 31 * 60_000);
      assert.equal((await client.request({ method: 'GET', url: '/api/session' })).statusCode, 401);

      const busy = await loginAs(test, 'sam', ['practitioner']);
      const loggedInAt = clock.getTime();
      // A request every 25 minutes keeps the session from idling out ...
      while (clock.getTime() + 25 * 60_000 < loggedInAt + 12 * 3_600_000) {
        clock = new Date(clock.getTime() + 25 * 60_000);
        assert.equal((await busy.request({ method: 'GET', url: '/api/session' })).statusCode, 200);
      }
      // ... until 12 hours after log in.
      clock = new Date(clock.getTime() + 25 * 60_000);
      assert.equal((await busy.request({ method: 'GET', url: '/api/session' })).statusCode, 401);
    });

    it('logs out: the session no longer works', async () => {
      const client = await loginAs(test, 'sam', ['practitioner']);
      const out = await client.request({ method: 'DELETE', url: '/api/session' });
      assert.equal(out.statusCode, 204);
      assert.equal((await client.request({ method: 'GET', url: '/api/session' })).statusCode, 401);
    });

    it('refuses a user an admin deactivates at once, and one deactivated elsewhere within a second', async () => {
      const admin = await loginAs(test, 'ada', ['admin']);
      const sam = await loginAs(test, 'sam', ['practitioner']);
      const who = () => sam.request({ method: 'GET', url: '/api/session' });
      assert.equal((await who()).statusCode, 200);
      const user = (await test.store.users.findOne({ username: 'sam' }))!;
      const off = await admin.request({
        method: 'PATCH',
        url: `/api/users/${user.id}`,
        payload: { expectedVersion: user.version, active: false },
      });
      assert.equal(off.statusCode, 200, off.body);
      assert.equal((await who()).statusCode, 401, 'deactivated through this server: at once');

      // Deactivated by another process (the CLI): this server remembers the session for a second.
      const kim = await loginAs(test, 'kim', ['practitioner']);
      const kimAsks = () => kim.request({ method: 'GET', url: '/api/session' });
      assert.equal((await kimAsks()).statusCode, 200);
      const record = (await test.store.users.findOne({ username: 'kim' }))!;
      await test.store.users.update(record.id, record.version, { active: false });
      clock = new Date(clock.getTime() + SESSION_MEMORY_MS);
      assert.equal((await kimAsks()).statusCode, 401);
    });

    it('refuses a cookie with a forged signature, even for a session id that exists', async () => {
      const client = await loginAs(test, 'sam', ['practitioner']);
      assert.equal((await client.request({ method: 'GET', url: '/api/session' })).statusCode, 200);
      const [id] = decodeURIComponent(client.cookie.slice('lowform_session='.length)).split('.');
      const forged = `lowform_session=${encodeURIComponent(`${id}.${'A'.repeat(43)}`)}`;
      const response = await test.app.inject({
        method: 'GET',
        url: '/api/session',
        headers: { cookie: forged },
      });
      assert.equal(response.statusCode, 401);
    });

    it('refuses a mutating request without the CSRF token', async () => {
      const client = await loginAs(test, 'sam', ['practitioner']);
      const response = await test.app.inject({
        method: 'DELETE',
        url: '/api/session',
        headers: { cookie: client.cookie },
      });
      assert.equal(response.statusCode, 403);
      assert.match(response.json().error.message, /x-csrf-token/);
      assert.equal((await client.request({ method: 'GET', url: '/api/session' })).statusCode, 200);
    });

    it('refuses a mutating request with a wrong CSRF token, of the same length or not', async () => {
      const client = await loginAs(test, 'sam', ['practitioner']);
      const wrong = [
        `${client.csrfToken.slice(0, -1)}${client.csrfToken.endsWith('A') ? 'B' : 'A'}`,
        client.csrfToken.slice(1),
        `${client.csrfToken}x`,
        'é'.repeat(client.csrfToken.length / 2),
      ];
      for (const token of wrong) {
        const response = await client.request({
          method: 'DELETE',
          url: '/api/session',
          headers: { 'x-csrf-token': token },
        });
        assert.equal(response.statusCode, 403, token);
        assert.equal(response.json().error.code, 'LF_FORBIDDEN');
      }
      assert.equal((await client.request({ method: 'GET', url: '/api/session' })).statusCode, 200);
    });

    it('sends security headers on every response', async () => {
      for (const url of ['/health', '/api/session', '/nowhere']) {
        const response = await test.app.inject({ method: 'GET', url });
        assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
        assert.ok(response.headers['content-security-policy'], url);
        assert.ok(response.headers['x-frame-options'], url);
      }
    });
  });
}
