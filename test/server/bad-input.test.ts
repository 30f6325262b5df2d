import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { intakeAnswers, publishTinyCare } from './fixtures.ts';
import { type Client, loginAs, startTestApp, storeKinds, type TestApp } from './harness.ts';

for (const kind of storeKinds) {
  describe(`bad input (${kind})`, function () {
    this.timeout(60_000);
    let test: TestApp;
    let worker: Client;
    let caseId: string;

    before(async () => {
      test = await startTestApp(kind);
      worker = await loginAs(test, 'sam', ['practitioner']);
      await publishTinyCare(
        await loginAs(test, 'lee', ['practice_lead']),
        await loginAs(test, 'alex', ['admin']),
      );
      const created = await worker.request({
        method: 'POST',
        url: '/api/cases',
        payload: { workflowId: 'tiny-care', subject: { firstName: 'Ada', lastName: 'Example' } },
      });
      caseId = created.json().id;
    });
    after(() => test.close());

    /** Everything stored, to prove a refused request changed nothing. */
    async function storedState() {
      const all = async (c: { list: (q: object) => Promise<{ items: unknown[] }> }) =>
        JSON.stringify((await c.list({ limit: 500 })).items);
      return [
        await all(test.store.cases),
        await all(test.store.submissions),
        await all(test.store.users),
        (await test.store.events.count({ caseId })).toString(),
      ].join('\n');
    }

    const raw = (method: string, url: string, body: string, contentType = 'application/json') =>
      worker.request({
        method: method as 'POST',
        url,
        body,
        headers: { 'content-type': contentType },
      });

    const cases: [
      string,
      () => Promise<{ statusCode: number; json(): { error: { code: string } } }>,
      number,
    ][] = [
      [
        'malformed JSON',
        () => raw('POST', `/api/cases/${caseId}/events`, '{"type": "assess",'),
        400,
      ],
      [
        'a body that is not JSON',
        () => raw('POST', `/api/cases/${caseId}/events`, 'type=assess', 'text/plain'),
        415,
      ],
      [
        'a body over the limit',
        () =>
          raw(
            'POST',
            `/api/cases/${caseId}/events`,
            JSON.stringify({ type: 'a', reason: 'x'.repeat(1_100_000), expectedVersion: 1 }),
          ),
        413,
      ],
      [
        'deep nesting',
        () =>
          raw(
            'PUT',
            `/api/cases/${caseId}/forms/intake/draft`,
            `{"revision":0,"data":{"childName":${'['.repeat(5000)}${']'.repeat(5000)}}}`,
          ),
        400,
      ],
      [
        'a __proto__ key',
        () =>
          raw(
            'PUT',
            `/api/cases/${caseId}/forms/intake/draft`,
            '{"revision":0,"data":{"__proto__":{"admin":true}}}',
          ),
        400,
      ],
      [
        'a constructor.prototype key',
        () =>
          raw(
            'PUT',
            `/api/cases/${caseId}/forms/intake/draft`,
            '{"revision":0,"data":{"constructor":{"prototype":{"x":1}}}}',
          ),
        400,
      ],
      [
        'a key starting with $',
        () =>
          raw(
            'PUT',
            `/api/cases/${caseId}/forms/intake/draft`,
            '{"revision":0,"data":{"$where":"1"}}',
          ),
        422,
      ],
      [
        'a key with a dot',
        () =>
          raw(
            'PUT',
            `/api/cases/${caseId}/forms/intake/draft`,
            '{"revision":0,"data":{"a.b":"1"}}',
          ),
        422,
      ],
      [
        'an unknown body field',
        () =>
          raw(
            'POST',
            `/api/cases/${caseId}/events`,
            '{"type":"assess","expectedVersion":1,"admin":true}',
          ),
        400,
      ],
      [
        'an operator in a query string',
        () => worker.request({ method: 'GET', url: '/api/cases?stage[$ne]=x' }),
        400,
      ],
      [
        'an operator as a query value',
        () => worker.request({ method: 'GET', url: '/api/cases?q[$regex]=.*' }),
        400,
      ],
      [
        'an unknown case id',
        () => worker.request({ method: 'GET', url: '/api/cases/no-such-case' }),
        404,
      ],
      [
        'a case id of the wrong shape',
        () => worker.request({ method: 'GET', url: '/api/cases/..%2F..%2Fetc' }),
        400,
      ],
      [
        'a form id of the wrong shape',
        () => worker.request({ method: 'GET', url: `/api/cases/${caseId}/forms/Intake$` }),
        400,
      ],
      [
        'an unknown form on the case',
        () => worker.request({ method: 'GET', url: `/api/cases/${caseId}/forms/unknown-form` }),
        404,
      ],
      [
        'a wrong-typed version',
        () =>
          raw('POST', `/api/cases/${caseId}/events`, '{"type":"assess","expectedVersion":"one"}'),
        400,
      ],
      [
        'a submission with a bad idempotency key',
        () =>
          raw(
            'POST',
            `/api/cases/${caseId}/forms/intake/submit`,
            JSON.stringify({ data: intakeAnswers(), idempotencyKey: '$x' }),
          ),
        400,
      ],
    ];

    for (const [what, send, status] of cases) {
      it(`answers ${what} with ${status} in the one error shape and changes nothing`, async () => {
        const before = await storedState();
        const response = await send();
        assert.equal(response.statusCode, status, JSON.stringify(response.json()));
        assert.match(response.json().error.code, /^LF_[A-Z_]+$/);
        assert.equal(await storedState(), before);
      });
    }

    it('still works normally after all that', async () => {
      const response = await worker.request({
        method: 'POST',
        url: `/api/cases/${caseId}/forms/intake/submit`,
        payload: { data: intakeAnswers(), idempotencyKey: randomUUID() },
      });
      assert.equal(response.statusCode, 200, response.body);
    });
  });
}
