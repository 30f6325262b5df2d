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

    describe('JSON bodies are taken as sent, never type-coerced', () => {
      let manager: Client;
      before(async () => {
        manager = await loginAs(test, 'morgan', ['manager']);
      });

      /** The fields a 400 names, as "in path". */
      const named = (response: { json(): unknown }) =>
        (
          response.json() as { error: { details: { in: string; path: string }[] } }
        ).error.details.map((d) => `${d.in} ${d.path}`);

      it('refuses {"restricted": null} and the case stays restricted', async () => {
        const created = await worker.request({
          method: 'POST',
          url: '/api/cases',
          payload: { workflowId: 'tiny-care', subject: { firstName: 'Ida', lastName: 'Kept' } },
        });
        const id = created.json().id as string;
        const restricted = await manager.request({
          method: 'PATCH',
          url: `/api/cases/${id}`,
          payload: { expectedVersion: created.json().version, restricted: true },
        });
        assert.equal(restricted.statusCode, 200, restricted.body);
        const response = await manager.request({
          method: 'PATCH',
          url: `/api/cases/${id}`,
          payload: { expectedVersion: restricted.json().version, restricted: null },
        });
        assert.equal(response.statusCode, 400, response.body);
        assert.equal(response.json().error.code, 'LF_VALIDATION');
        assert.deepEqual(named(response), ['body /restricted']);
        assert.equal((await test.store.cases.get(id))?.restricted, true);
      });

      it('refuses a first name sent as false instead of storing "false"', async () => {
        const before = await storedState();
        const response = await worker.request({
          method: 'POST',
          url: '/api/cases',
          payload: { workflowId: 'tiny-care', subject: { firstName: false, lastName: 'Example' } },
        });
        assert.equal(response.statusCode, 400, response.body);
        assert.equal(response.json().error.code, 'LF_VALIDATION');
        assert.deepEqual(named(response), ['body /subject/firstName']);
        assert.equal(await storedState(), before);
      });

      it('refuses an expectedVersion sent as the string "2"', async () => {
        const before = await storedState();
        const version = (await test.store.cases.get(caseId))!.version;
        const response = await manager.request({
          method: 'PATCH',
          url: `/api/cases/${caseId}`,
          payload: { expectedVersion: String(version), restricted: false },
        });
        assert.equal(response.statusCode, 400, response.body);
        assert.equal(response.json().error.code, 'LF_VALIDATION');
        assert.deepEqual(named(response), ['body /expectedVersion']);
        assert.equal(await storedState(), before);
      });

      it('still reads booleans and numbers from a query string', async () => {
        // Two visible cases at least, so that a page of one has a next page.
        await worker.request({
          method: 'POST',
          url: '/api/cases',
          payload: { workflowId: 'tiny-care', subject: { firstName: 'Pia', lastName: 'Paged' } },
        });
        const filtered = await worker.request({
          method: 'GET',
          url: '/api/cases?overdue=true&limit=5',
        });
        assert.equal(filtered.statusCode, 200, filtered.body);
        assert.ok(Array.isArray(filtered.json().items));
        const page = await worker.request({ method: 'GET', url: '/api/cases?limit=1' });
        assert.equal(page.statusCode, 200, page.body);
        assert.equal(page.json().items.length, 1);
        assert.equal(typeof page.json().nextCursor, 'string');
      });
    });

    describe('JSON bodies are read as UTF-8 only', () => {
      const newCase = (firstName: string) =>
        JSON.stringify({ workflowId: 'tiny-care', subject: { firstName, lastName: 'Example' } });
      const send = (body: Buffer, contentType: string) =>
        worker.request({
          method: 'POST',
          url: '/api/cases',
          body,
          headers: { 'content-type': contentType },
        });

      for (const [charset, encoding] of [
        ['latin1', 'latin1'],
        ['utf-16', 'utf16le'],
      ] as const) {
        it(`refuses a body declared ${charset} with 415 and stores nothing`, async () => {
          const before = await storedState();
          const response = await send(
            Buffer.from(newCase('Zoë'), encoding),
            `application/json; charset=${charset}`,
          );
          assert.equal(response.statusCode, 415, response.body);
          assert.equal(response.json().error.code, 'LF_UNSUPPORTED_MEDIA_TYPE');
          assert.deepEqual(response.json().error.details, { charset });
          assert.equal(await storedState(), before);
        });
      }

      for (const contentType of [
        'application/json; charset=utf-8',
        'application/json; charset="UTF-8"',
        'application/json',
      ]) {
        it(`stores the characters sent as ${contentType}`, async () => {
          const response = await send(Buffer.from(newCase('Zoë'), 'utf8'), contentType);
          assert.equal(response.statusCode, 201, response.body);
          const stored = await test.store.cases.get(response.json().id);
          assert.equal(stored?.subject.firstName, 'Zoë');
        });
      }
    });

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
