import assert from 'node:assert/strict';
import { createLoginLimiter, type LoginAttempt } from '../../server/auth/login-limiter.ts';
import { createUser } from '../../server/services/users.ts';
import { startTestApp, storeKinds, TEST_PASSWORD, type TestApp } from './harness.ts';

const start = new Date('2026-03-14T09:00:00.000Z');
const later = (ms: number) => new Date(start.getTime() + ms);

for (const kind of storeKinds) {
  describe(`login limiter (${kind})`, function () {
    this.timeout(60_000);
    let test: TestApp;
    let checks: number;

    beforeEach(async () => {
      test = await startTestApp(kind);
      checks = 0;
    });
    afterEach(() => test.close());

    /** An attempt whose password check is counted, and right only when `right`. */
    const attempt = (
      limiter: ReturnType<typeof createLoginLimiter>,
      username: string,
      address: string,
      at: Date,
      right = false,
      checkMs = 0,
    ): Promise<LoginAttempt> =>
      limiter.attempt(username, address, at, async () => {
        checks += 1;
        await new Promise((resolve) => setTimeout(resolve, checkMs));
        return right;
      });

    it('checks at most the limit of 40 wrong passwords sent at once', async () => {
      const limiter = createLoginLimiter(test.store, 5);
      const outcomes = await Promise.all(
        // Each check takes as long as argon2's, so that the attempts overlap.
        Array.from({ length: 40 }, () => attempt(limiter, 'sam', '10.0.0.1', start, false, 50)),
      );
      assert.equal(checks, 5);
      assert.equal(outcomes.filter((o) => o.outcome === 'refused').length, 5);
      assert.equal(outcomes.filter((o) => o.outcome === 'limited').length, 35);
    });

    it('lets in every one of 8 right passwords sent at once, checking each once', async () => {
      const limiter = createLoginLimiter(test.store, 5);
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, () => attempt(limiter, 'sam', '10.0.0.1', start, true, 50)),
      );
      assert.deepEqual(
        outcomes.map((o) => o.outcome),
        Array(8).fill('accepted'),
      );
      assert.equal(checks, 8);
    });

    it('lets the account and address try again after a short delay that grows with each failure', async () => {
      const limiter = createLoginLimiter(test.store, 5);
      for (let i = 0; i < 5; i++) {
        assert.equal((await attempt(limiter, 'sam', '10.0.0.1', start)).outcome, 'refused');
      }
      assert.deepEqual(await attempt(limiter, 'sam', '10.0.0.1', later(29_000), true), {
        outcome: 'limited',
        retryAfterMs: 1000,
      });
      assert.equal(checks, 5);
      assert.equal((await attempt(limiter, 'sam', '10.0.0.1', later(30_000))).outcome, 'refused');
      assert.deepEqual(await attempt(limiter, 'sam', '10.0.0.1', later(31_000), true), {
        outcome: 'limited',
        retryAfterMs: 59_000,
      });
      assert.equal(
        (await attempt(limiter, 'sam', '10.0.0.1', later(90_000), true)).outcome,
        'accepted',
      );
      assert.equal(checks, 7);
    });

    it('starts counting again after the right password', async () => {
      const limiter = createLoginLimiter(test.store, 5);
      for (let i = 0; i < 4; i++) await attempt(limiter, 'sam', '10.0.0.1', start);
      assert.equal((await attempt(limiter, 'sam', '10.0.0.1', start, true)).outcome, 'accepted');
      for (let i = 0; i < 5; i++) {
        assert.equal((await attempt(limiter, 'sam', '10.0.0.1', start)).outcome, 'refused');
      }
      assert.equal((await attempt(limiter, 'sam', '10.0.0.1', start)).outcome, 'limited');
    });

    it('does not hold up the right password from another address after 40 guesses from one', async () => {
      const limiter = createLoginLimiter(test.store, 5);
      await Promise.all(
        Array.from({ length: 40 }, () => attempt(limiter, 'sam', '203.0.113.9', start, false, 50)),
      );
      assert.equal(
        (await attempt(limiter, 'sam', '10.0.0.1', later(1000), true)).outcome,
        'accepted',
      );
    });

    it('does not lock out a shared office address after 50 failures on other accounts', async () => {
      const limiter = createLoginLimiter(test.store, 5);
      for (let i = 0; i < 50; i++) {
        const outcome = await attempt(limiter, `user${i % 10}`, '10.0.0.1', start);
        assert.equal(outcome.outcome, 'refused', `attempt ${i}`);
      }
      assert.equal((await attempt(limiter, 'sam', '10.0.0.1', start, true)).outcome, 'accepted');
    });

    it('slows down, for at most a minute, many addresses guessing one account', async () => {
      const limiter = createLoginLimiter(test.store, 5);
      for (let i = 0; i < 50; i++) await attempt(limiter, 'sam', `198.51.100.${i % 10}`, start);
      assert.equal(checks, 50);
      const limited = await attempt(limiter, 'sam', '10.0.0.1', start, true);
      assert.equal(limited.outcome, 'limited');
      assert.ok(limited.outcome === 'limited' && limited.retryAfterMs <= 60_000);
      assert.equal(
        (await attempt(limiter, 'sam', '10.0.0.1', later(60_000), true)).outcome,
        'accepted',
      );
    });

    it('slows down, for at most a minute, one address trying many accounts', async () => {
      const limiter = createLoginLimiter(test.store, 5);
      for (let i = 0; i < 100; i++) await attempt(limiter, `user${i}`, '198.51.100.7', start);
      assert.equal(checks, 100);
      const limited = await attempt(limiter, 'sam', '198.51.100.7', start, true);
      assert.equal(limited.outcome, 'limited');
      assert.ok(limited.outcome === 'limited' && limited.retryAfterMs <= 60_000);
      assert.equal(
        (await attempt(limiter, 'sam', '198.51.100.7', later(60_000), true)).outcome,
        'accepted',
      );
    });

    it('forgets counts a window after the last attempt, and removes them', async () => {
      const limiter = createLoginLimiter(test.store, 5);
      for (let i = 0; i < 5; i++) await attempt(limiter, 'sam', '10.0.0.1', start);
      assert.equal((await attempt(limiter, 'sam', '10.0.0.1', start)).outcome, 'limited');
      assert.ok((await test.store.loginThrottles.count()) > 0);
      // 15 minutes after the last checked attempt, counting starts again ...
      const quiet = later(15 * 60_000);
      assert.equal((await attempt(limiter, 'kim', '10.0.0.2', quiet)).outcome, 'refused');
      // ... and the old counts are gone from the store, not kept for ever.
      const left = await test.store.loginThrottles.list({ limit: 100 });
      assert.deepEqual(left.items.map((r) => r.id).sort(), [
        'account/kim',
        'address/10.0.0.2',
        'pair/kim/10.0.0.2',
      ]);
      assert.equal((await attempt(limiter, 'sam', '10.0.0.1', quiet)).outcome, 'refused');
    });

    it('holds nobody up for long with an attempt that never finished (its server stopped)', async () => {
      const limiter = createLoginLimiter(test.store, 5);
      await test.store.loginThrottles.insert({
        id: 'pair/sam/10.0.0.1',
        version: 1,
        failures: 4,
        pending: 1,
        nextAttemptAt: start.toISOString(),
        expiresAt: later(15 * 60_000).toISOString(),
      });
      assert.equal(
        (await attempt(limiter, 'sam', '10.0.0.1', later(1000), true)).outcome,
        'limited',
      );
      assert.equal(
        (await attempt(limiter, 'sam', '10.0.0.1', later(61_000), true)).outcome,
        'accepted',
      );
    });

    it('counts an IPv6 client by its /64 network', async () => {
      const limiter = createLoginLimiter(test.store, 5);
      for (let i = 0; i < 5; i++) await attempt(limiter, 'sam', `2001:db8:1:2::${i + 1}`, start);
      assert.equal((await attempt(limiter, 'sam', '2001:db8:1:2::99', start)).outcome, 'limited');
      assert.equal((await attempt(limiter, 'sam', '2001:db8:1:3::1', start)).outcome, 'refused');
    });
  });

  describe(`log in under attack (${kind})`, function () {
    this.timeout(60_000);
    let test: TestApp;
    let clock = start;

    beforeEach(async () => {
      clock = start;
      test = await startTestApp(kind, { now: () => clock, loginAttemptsPerWindow: 5 });
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

    const login = (password: string, remoteAddress = '10.0.0.1') =>
      test.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username: 'sam', password },
        remoteAddress,
      });

    it('checks at most 5 of 40 wrong passwords sent at once, and refuses the rest with 429', async () => {
      const responses = await Promise.all(Array.from({ length: 40 }, () => login('wrong guess')));
      const statuses = responses.map((r) => r.statusCode);
      // Only a checked password is answered 401; a refused attempt is 429 without a check.
      assert.equal(statuses.filter((s) => s === 401).length, 5);
      assert.equal(statuses.filter((s) => s === 429).length, 35);
      assert.equal((await login(TEST_PASSWORD, '10.0.0.2')).statusCode, 200);
    });

    it('says how long to wait, and lets the right password in after that', async () => {
      for (let i = 0; i < 5; i++) assert.equal((await login('wrong guess')).statusCode, 401);
      const limited = await login(TEST_PASSWORD);
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.json().error.code, 'LF_RATE_LIMITED');
      assert.match(
        limited.json().error.message,
        /^Too many failed attempts to log in\. Wait 30 seconds/,
      );
      assert.equal(limited.headers['retry-after'], '30');
      clock = later(30_000);
      assert.equal((await login(TEST_PASSWORD)).statusCode, 200);
    });
  });
}
