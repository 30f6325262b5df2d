import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { intakeAnswers, publishTinyCare } from './fixtures.ts';
import { type Client, loginAs, startTestApp, storeKinds, type TestApp } from './harness.ts';

/** Fill rates and recording time, from submissions made through the API. */
for (const kind of storeKinds) {
  describe(`form usage: fill rates and recording time (${kind})`, function () {
    this.timeout(90_000);
    let test: TestApp;
    let worker: Client;
    let lead: Client;
    let clock: Date;

    beforeEach(async () => {
      clock = new Date('2026-03-16T09:00:00.000Z');
      // Sessions outlive the year this test jumps forward.
      test = await startTestApp(kind, {
        now: () => clock,
        session: { idleMinutes: 1_000_000, maxHours: 20_000 },
      });
      worker = await loginAs(test, 'sam', ['practitioner']);
      lead = await loginAs(test, 'lee', ['practice_lead']);
      const admin = await loginAs(test, 'alex', ['admin']);
      await publishTinyCare(lead, admin);
    });
    afterEach(() => test.close());

    /** Opens a case and records its intake: saved as a draft first, then submitted. */
    async function recordIntake(data: Record<string, unknown>, seconds: [number, number]) {
      const opened = await worker.request({
        method: 'POST',
        url: '/api/cases',
        payload: { workflowId: 'tiny-care', subject: { firstName: 'Ada', lastName: 'Example' } },
      });
      assert.equal(opened.statusCode, 201, opened.body);
      const id = opened.json().id;
      const saved = await worker.request({
        method: 'PUT',
        url: `/api/cases/${id}/forms/intake/draft`,
        payload: { data, revision: 0, activeSeconds: seconds[0] },
      });
      assert.equal(saved.statusCode, 200, saved.body);
      const again = await worker.request({
        method: 'PUT',
        url: `/api/cases/${id}/forms/intake/draft`,
        payload: { data, revision: saved.json().revision, activeSeconds: 0 },
      });
      assert.equal(again.statusCode, 200, again.body);
      const submitted = await worker.request({
        method: 'POST',
        url: `/api/cases/${id}/forms/intake/submit`,
        payload: { data, idempotencyKey: randomUUID(), activeSeconds: seconds[1] },
      });
      assert.equal(submitted.statusCode, 200, submitted.body);
    }

    const usage = async (query = '') => {
      const response = await lead.request({
        method: 'GET',
        url: `/api/forms/intake/usage${query}`,
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };

    it('counts how often each question is answered, and the median active minutes', async () => {
      const { dateOfBirth: _, ...withoutDate } = intakeAnswers('assess');
      // Six intakes, two without a date of birth; active minutes 2, 4, 6, 8, 10, 12.
      for (let i = 0; i < 6; i++) {
        const data = i < 2 ? withoutDate : intakeAnswers('assess');
        await recordIntake(data, [60 * (i + 1), 60 * (i + 1)]);
      }
      const found = await usage();
      assert.equal(found.submissions, 6);
      assert.equal(found.minSubmissions, 5);
      const rates = Object.fromEntries(
        found.questions.map((q: { pointer: string; rate: number }) => [q.pointer, q.rate]),
      );
      assert.deepEqual(rates, {
        '/childName': 1,
        '/dateOfBirth': 0.667,
        '/concerns': 1,
        '/decision': 1,
      });
      assert.deepEqual(found.recording, [{ version: 1, measured: 6, medianMinutes: 7 }]);
      // Aggregates only: nothing names a case, a worker or an answer.
      const text = JSON.stringify(found);
      assert.ok(!text.includes(worker.userId) && !text.includes('bruising'), text);
    });

    it('withholds figures over fewer than five submissions, and counts only the period asked', async () => {
      for (let i = 0; i < 4; i++) await recordIntake(intakeAnswers('assess'), [30, 30]);
      const few = await usage();
      assert.equal(few.submissions, 4);
      assert.ok(few.questions.every((q: { rate: unknown }) => q.rate === null));
      assert.deepEqual(few.recording, [{ version: 1, measured: 4, medianMinutes: null }]);
      clock = new Date('2027-05-16T09:00:00.000Z');
      assert.equal((await usage('?months=12')).submissions, 0);
      assert.equal((await usage('?months=24')).submissions, 4);
    });
  });
}
