import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { buildApp } from '../../server/app.ts';
import { importBankHolidays } from '../../server/services/calendar-import.ts';
import { intakeAnswers, publishTinyCare } from './fixtures.ts';
import { type Client, loginAs, startTestApp, storeKinds, type TestApp } from './harness.ts';

for (const kind of storeKinds) {
  describe(`cases API (${kind})`, function () {
    this.timeout(60_000);
    let test: TestApp;
    let clock: Date;
    let worker: Client;
    let manager: Client;
    let lead: Client;
    let admin: Client;

    beforeEach(async () => {
      clock = new Date('2026-03-16T09:00:00.000Z'); // a Monday
      // Sessions outlive the days these tests jump forward.
      test = await startTestApp(kind, {
        now: () => clock,
        session: { idleMinutes: 43_200, maxHours: 720 },
      });
      worker = await loginAs(test, 'sam', ['practitioner'], ['north']);
      manager = await loginAs(test, 'morgan', ['manager'], ['north']);
      lead = await loginAs(test, 'lee', ['practice_lead'], ['north']);
      admin = await loginAs(test, 'alex', ['admin'], ['north']);
      await publishTinyCare(lead, admin);
    });
    afterEach(() => test.close());

    async function openCase(
      client = worker,
      subject = { firstName: 'Ada', lastName: 'Example', dateOfBirth: '2019-03-14' },
    ) {
      const response = await client.request({
        method: 'POST',
        url: '/api/cases',
        payload: { workflowId: 'tiny-care', subject },
      });
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    }

    async function submit(
      caseId: string,
      formId: string,
      data: Record<string, unknown>,
      key = randomUUID(),
    ) {
      return worker.request({
        method: 'POST',
        url: `/api/cases/${caseId}/forms/${formId}/submit`,
        payload: { data, idempotencyKey: key },
      });
    }

    async function send(
      client: Client,
      caseId: string,
      type: string,
      expectedVersion: number,
      reason?: string,
    ) {
      return client.request({
        method: 'POST',
        url: `/api/cases/${caseId}/events`,
        payload: reason ? { type, expectedVersion, reason } : { type, expectedVersion },
      });
    }

    /** Stores an intake submission as a kill after its insert leaves it: no entry, draft kept. */
    async function storeAsAKillLeftIt(caseId: string, key: string) {
      await test.store.submissions.insert({
        id: `${caseId}:intake:${key}`,
        version: 1,
        caseId,
        formId: 'intake',
        formVersion: 1,
        status: 'submitted',
        data: intakeAnswers('assess'),
        author: worker.userId,
        createdAt: clock.toISOString(),
        updatedAt: clock.toISOString(),
        submittedAt: clock.toISOString(),
        idempotencyKey: key,
      });
    }

    async function chronology(caseId: string, client = worker) {
      const response = await client.request({
        method: 'GET',
        url: `/api/cases/${caseId}/chronology`,
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json().items as {
        seq: number;
        kind: string;
        type: string;
        summary: string;
        reason?: string;
      }[];
    }

    it('opens a case with a reference, its stage, deadline and what can be done next', async () => {
      const view = await openCase();
      assert.equal(view.reference, 'TC-2026-000001');
      assert.equal(view.version, 1);
      assert.equal(view.final, false);
      assert.deepEqual(
        view.stages.map((s: { state: string }) => s.state),
        ['referral'],
      );
      assert.deepEqual(view.stages[0].forms, [
        { id: 'intake', title: 'Intake', required: true, status: 'empty' },
      ]);
      assert.equal(view.deadline.dueOn, '2026-03-17');
      assert.equal(view.deadline.status, 'due-soon');
      assert.equal(view.deadline.workingDays, 1);
      assert.equal(view.stages[0].deadline.status, 'due-soon');
      assert.equal(view.stages[0].deadline.dueOn, '2026-03-17');
      const assess = view.availableEvents.find((e: { type: string }) => e.type === 'assess');
      assert.equal(assess.enabled, false);
      assert.deepEqual(assess.reasons, [
        {
          code: 'form-missing',
          params: { form: 'intake', title: 'Intake' },
          text: 'The Intake form has not been submitted',
        },
      ]);
      const close = view.availableEvents.find((e: { type: string }) => e.type === 'close');
      assert.equal(close.needsSignOff, true);
      assert.equal(view.assignee.id, worker.userId);
      const second = await openCase();
      assert.equal(second.reference, 'TC-2026-000002');
    });

    it('refuses a case for an unknown workflow and a subject with no name', async () => {
      const unknown = await worker.request({
        method: 'POST',
        url: '/api/cases',
        payload: { workflowId: 'no-such-flow', subject: { firstName: 'A', lastName: 'B' } },
      });
      assert.equal(unknown.statusCode, 404);
      const noName = await worker.request({
        method: 'POST',
        url: '/api/cases',
        payload: { workflowId: 'tiny-care', subject: { firstName: ' ', lastName: 'B' } },
      });
      assert.equal(noName.statusCode, 400);
      assert.equal(noName.json().error.details[0].path, '/subject/firstName');
    });

    it('finds cases by name, date of birth or reference, ignoring case and accents', async () => {
      const zoe = await openCase(worker, {
        firstName: 'Zoë',
        lastName: 'Brontë-Smith',
        dateOfBirth: '2015-01-02',
      });
      await openCase(worker, { firstName: 'Ben', lastName: 'Other', dateOfBirth: '2018-05-06' });
      const find = async (q: string) => {
        const response = await worker.request({
          method: 'GET',
          url: `/api/cases?q=${encodeURIComponent(q)}`,
        });
        assert.equal(response.statusCode, 200, response.body);
        return response.json().items.map((c: { id: string }) => c.id);
      };
      assert.deepEqual(await find('zoe'), [zoe.id]);
      assert.deepEqual(await find('BRONTE'), [zoe.id]);
      assert.deepEqual(await find('smith zo'), [zoe.id]);
      assert.deepEqual(await find('02/01/2015'), [zoe.id]);
      assert.deepEqual(await find(zoe.reference.toLowerCase()), [zoe.id]);
      assert.deepEqual(await find('nobody'), []);
    });

    it('lists by stage, assignee and overdue, a page at a time', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await openCase()).id);
      const first = await worker.request({
        method: 'GET',
        url: '/api/cases?limit=2&sort=reference',
      });
      const body = first.json();
      assert.equal(body.items.length, 2);
      const second = await worker.request({
        method: 'GET',
        url: `/api/cases?limit=2&sort=reference&cursor=${body.nextCursor}`,
      });
      assert.equal(second.json().items[0].reference, 'TC-2026-000003');
      const mine = await worker.request({
        method: 'GET',
        url: '/api/cases?assignee=me&stage=referral',
      });
      assert.equal(mine.json().items.length, 5);
      assert.equal(
        (await worker.request({ method: 'GET', url: '/api/cases?overdue=true' })).json().items
          .length,
        0,
      );
      clock = new Date('2026-03-19T09:00:00.000Z');
      const overdue = await worker.request({ method: 'GET', url: '/api/cases?overdue=true' });
      assert.equal(overdue.json().items.length, 5);
      assert.equal(overdue.json().items[0].deadline.status, 'overdue');
    });

    it('autosaves a draft by revision and hands back the newer draft on a stale one', async () => {
      const c = await openCase();
      const url = `/api/cases/${c.id}/forms/intake/draft`;
      const first = await worker.request({
        method: 'PUT',
        url,
        payload: { data: { childName: 'Ada' }, revision: 0 },
      });
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().revision, 1);
      const second = await worker.request({
        method: 'PUT',
        url,
        payload: { data: { childName: 'Ada E' }, revision: 1 },
      });
      assert.equal(second.json().revision, 2);
      const stale = await worker.request({
        method: 'PUT',
        url,
        payload: { data: { childName: 'Old' }, revision: 1 },
      });
      assert.equal(stale.statusCode, 409);
      assert.deepEqual(stale.json().error.details.draft.data, { childName: 'Ada E' });
      assert.deepEqual(stale.json().error.details.draft.author, {
        id: worker.userId,
        displayName: 'sam',
      });
      const read = await worker.request({ method: 'GET', url: `/api/cases/${c.id}/forms/intake` });
      assert.equal(read.json().status, 'draft');
      assert.deepEqual(read.json().data, { childName: 'Ada E' });
      assert.equal(read.json().form.version, 1);
      const wrongType = await worker.request({
        method: 'PUT',
        url,
        payload: { data: { childName: 42 }, revision: 2 },
      });
      assert.equal(wrongType.statusCode, 422);
      assert.equal(wrongType.json().error.details.errors[0].pointer, '/childName');
    });

    it('refuses an invalid submission with errors on the fields, and takes a valid one once per key', async () => {
      const c = await openCase();
      const bad = await submit(c.id, 'intake', { ...intakeAnswers(), dateOfBirth: '14th March' });
      assert.equal(bad.statusCode, 422);
      const errors = bad.json().error.details.errors;
      assert.equal(errors[0].pointer, '/dateOfBirth');
      assert.equal(errors[0].label, 'Date of birth');
      const draft = await worker.request({
        method: 'PUT',
        url: `/api/cases/${c.id}/forms/intake/draft`,
        payload: { data: { childName: 'Ada' }, revision: 0 },
      });
      assert.equal(draft.statusCode, 200);
      const key = randomUUID();
      const good = await submit(c.id, 'intake', intakeAnswers(), key);
      assert.equal(good.statusCode, 200, good.body);
      assert.equal(good.json().submission.formVersion, 1);
      assert.equal(good.json().submission.author, worker.userId);
      const again = await submit(c.id, 'intake', { ...intakeAnswers(), concerns: 'changed' }, key);
      assert.deepEqual(again.json().submission, good.json().submission);
      const entries = (await chronology(c.id)).filter((e) => e.kind === 'submission');
      assert.equal(entries.length, 1);
      const intake = await worker.request({
        method: 'GET',
        url: `/api/cases/${c.id}/forms/intake`,
      });
      assert.equal(intake.json().status, 'submitted', 'the draft is gone once submitted');
      assert.deepEqual(intake.json().data, intakeAnswers());
      const review = await worker.request({
        method: 'GET',
        url: `/api/cases/${c.id}/forms/review`,
      });
      assert.deepEqual(
        review.json().data,
        { childName: 'Ada Example' },
        'prefilled from the intake',
      );
    });

    it('moves a case on, refusing a stale version and a guard that does not pass', async () => {
      const c = await openCase();
      const refused = await send(worker, c.id, 'assess', 1);
      assert.equal(refused.statusCode, 422);
      assert.deepEqual(refused.json().error.details, {
        reasons: [
          {
            code: 'form-missing',
            params: { form: 'intake', title: 'Intake' },
            text: 'The Intake form has not been submitted',
          },
        ],
        needsReason: false,
      });
      await submit(c.id, 'intake', intakeAnswers('assess'));
      const moved = await send(worker, c.id, 'assess', 1);
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(moved.json().version, 2);
      assert.deepEqual(
        moved.json().stages.map((s: { state: string }) => s.state),
        ['assessment'],
      );
      const stale = await send(worker, c.id, 'finish', 1);
      assert.equal(stale.statusCode, 409);
      const entries = await chronology(c.id);
      assert.deepEqual(
        entries.map((e) => e.type),
        ['case-started', 'form-submitted', 'assess'],
      );
      assert.deepEqual(
        entries.map((e) => e.seq),
        [1, 2, 3],
      );
    });

    it("reads each form's latest submission, before any draft saved after it", async () => {
      const c = await openCase();
      const page = async () => {
        const response = await worker.request({ method: 'GET', url: `/api/cases/${c.id}` });
        assert.equal(response.statusCode, 200, response.body);
        const view = response.json();
        const assess = view.availableEvents.find((e: { type: string }) => e.type === 'assess');
        return { status: view.stages[0].forms[0].status, assess: assess.enabled as boolean };
      };
      const draft = async (data: Record<string, unknown>, revision = 0) => {
        const response = await worker.request({
          method: 'PUT',
          url: `/api/cases/${c.id}/forms/intake/draft`,
          payload: { data, revision },
        });
        assert.equal(response.statusCode, 200, response.body);
      };
      const later = () => {
        clock = new Date(clock.getTime() + 60_000);
      };
      await draft({ decision: 'assess' });
      assert.deepEqual(await page(), { status: 'draft', assess: false });
      assert.equal((await submit(c.id, 'intake', intakeAnswers('nfa'))).statusCode, 200);
      assert.deepEqual(await page(), { status: 'submitted', assess: false });
      later();
      assert.equal((await submit(c.id, 'intake', intakeAnswers('assess'))).statusCode, 200);
      assert.deepEqual(await page(), { status: 'submitted', assess: true });
      later();
      await draft({ decision: 'nfa' });
      assert.deepEqual(await page(), { status: 'submitted', assess: true });
      later();
      assert.equal((await submit(c.id, 'intake', intakeAnswers('nfa'))).statusCode, 200);
      assert.deepEqual(await page(), { status: 'submitted', assess: false });
      const refused = await send(worker, c.id, 'assess', 1);
      assert.equal(refused.statusCode, 422, refused.body);
    });

    it('asks for a reason when an action is late and keeps it in the chronology', async () => {
      const c = await openCase();
      await submit(c.id, 'intake', intakeAnswers('assess'));
      clock = new Date('2026-03-20T09:00:00.000Z');
      const view = (await worker.request({ method: 'GET', url: `/api/cases/${c.id}` })).json();
      assert.equal(
        view.availableEvents.find((e: { type: string }) => e.type === 'assess').late,
        true,
      );
      const noReason = await send(worker, c.id, 'assess', 1);
      assert.equal(noReason.statusCode, 422);
      assert.equal(noReason.json().error.details.needsReason, true);
      assert.deepEqual(
        noReason.json().error.details.reasons.map((r: { code: string }) => r.code),
        ['late-needs-reason'],
      );
      const withReason = await send(
        worker,
        c.id,
        'assess',
        1,
        'The family were away until Thursday.',
      );
      assert.equal(withReason.statusCode, 200, withReason.body);
      const entry = (await chronology(c.id)).find((e) => e.type === 'assess');
      assert.equal(entry?.reason, 'The family were away until Thursday.');
    });

    it('waits for a manager to sign off, then takes the event on approval', async () => {
      const c = await openCase();
      const waiting = await send(worker, c.id, 'close', 1);
      assert.equal(waiting.statusCode, 202, waiting.body);
      assert.equal(waiting.json().signOffRequests[0].event, 'close');
      assert.equal(waiting.json().final, false);
      const again = await send(worker, c.id, 'close', waiting.json().version);
      assert.equal(again.statusCode, 422);
      assert.deepEqual(again.json().error.details, {
        reasons: [
          {
            code: 'sign-off-pending',
            params: { event: 'close', label: 'Close with no further action', by: ['manager'] },
            text: 'Waiting for a manager to sign it off.',
          },
        ],
        needsReason: false,
      });
      const queue = await manager.request({ method: 'GET', url: '/api/sign-offs' });
      assert.deepEqual(
        queue.json().items.map((i: { caseId: string }) => i.caseId),
        [c.id],
      );
      assert.equal(queue.json().items[0].requestedByName, 'sam');
      const approved = await manager.request({
        method: 'POST',
        url: `/api/cases/${c.id}/sign-offs/close`,
      });
      assert.equal(approved.statusCode, 200, approved.body);
      assert.equal(approved.json().final, true);
      assert.deepEqual(
        (await manager.request({ method: 'GET', url: '/api/sign-offs' })).json().items,
        [],
      );
      const types = (await chronology(c.id)).map((e) => e.type);
      assert.deepEqual(types, ['case-started', 'sign-off-requested', 'sign-off-given', 'close']);
    });

    it('lets exactly one of 50 concurrent moves with the same version through, recorded once', async () => {
      const c = await openCase();
      await submit(c.id, 'intake', intakeAnswers('assess'));
      const responses = await Promise.all(
        Array.from({ length: 50 }, () => send(worker, c.id, 'assess', 1)),
      );
      const codes = responses.map((r) => r.statusCode);
      assert.equal(codes.filter((s) => s === 200).length, 1, codes.join(','));
      assert.equal(codes.filter((s) => s === 409).length, 49, codes.join(','));
      const entries = (await chronology(c.id)).filter((e) => e.type === 'assess');
      assert.equal(entries.length, 1);
    });

    it('hides a restricted case from everyone but its named workers and managers', async () => {
      const c = await openCase();
      const colleague = await loginAs(test, 'kim', ['practitioner'], ['north']);
      const outsider = await loginAs(test, 'otto', ['practitioner'], ['south']);
      assert.equal(
        (await colleague.request({ method: 'GET', url: `/api/cases/${c.id}` })).statusCode,
        200,
      );
      assert.equal(
        (await outsider.request({ method: 'GET', url: `/api/cases/${c.id}` })).statusCode,
        404,
      );
      const restricted = await manager.request({
        method: 'PATCH',
        url: `/api/cases/${c.id}`,
        payload: { expectedVersion: 1, restricted: true },
      });
      assert.equal(restricted.statusCode, 200, restricted.body);
      assert.equal(
        (await colleague.request({ method: 'GET', url: `/api/cases/${c.id}` })).statusCode,
        404,
      );
      assert.equal(
        (await colleague.request({ method: 'GET', url: '/api/cases' })).json().items.length,
        0,
      );
      assert.equal(
        (await worker.request({ method: 'GET', url: `/api/cases/${c.id}` })).statusCode,
        200,
      );
      assert.equal(
        (await manager.request({ method: 'GET', url: `/api/cases/${c.id}` })).statusCode,
        200,
      );
      const types = (await chronology(c.id)).map((e) => e.kind);
      assert.ok(types.includes('assignment'));
    });

    it('counts deadlines with the bank holidays imported into the store', async () => {
      await importBankHolidays(
        test.store,
        {
          range: { first: '2026-01-01', last: '2026-12-31' },
          holidays: [
            { date: '2026-01-01', title: "New Year's Day" },
            { date: '2026-03-17', title: 'A holiday this test declares' },
          ],
        },
        'system',
        clock,
      );
      await test.app.close();
      test.app = await buildApp({
        store: test.store,
        sessionSecret: 'a'.repeat(40),
        now: () => clock,
        session: { idleMinutes: 43_200, maxHours: 720 },
      });
      worker = await loginAs(test, 'sam', ['practitioner'], ['north']);
      const c = await openCase();
      assert.equal(c.deadline.dueOn, '2026-03-18', 'one working day, skipping the 17th');
    });

    it('counts a case overdue from midnight in London, not in UTC', async () => {
      clock = new Date('2026-06-15T09:00:00.000Z'); // a Monday in British Summer Time
      worker = await loginAs(test, 'sam', ['practitioner'], ['north']);
      const c = await openCase();
      assert.equal(c.deadline.dueOn, '2026-06-16');
      const overdue = async () =>
        (await worker.request({ method: 'GET', url: '/api/cases?overdue=true' }))
          .json()
          .items.map((item: { id: string }) => item.id);
      clock = new Date('2026-06-16T22:30:00.000Z'); // 23:30 on the 16th in London
      assert.deepEqual(await overdue(), []);
      clock = new Date('2026-06-16T23:30:00.000Z'); // 00:30 on the 17th in London
      assert.deepEqual(await overdue(), [c.id]);
    });

    it('records every response that shows a case, for managers and admins to see', async () => {
      const c = await openCase();
      const ok = async (response: Promise<{ statusCode: number; body: string }>, status = 200) => {
        const r = await response;
        assert.equal(r.statusCode, status, r.body);
      };
      await ok(worker.request({ method: 'GET', url: `/api/cases/${c.id}` }));
      await ok(worker.request({ method: 'GET', url: `/api/cases/${c.id}/forms/intake` }));
      await ok(worker.request({ method: 'GET', url: '/api/cases?q=ada' }));
      await ok(worker.request({ method: 'GET', url: `/api/cases/${c.id}/chronology` }));
      await ok(submit(c.id, 'intake', intakeAnswers('nfa')));
      await ok(send(worker, c.id, 'close', 1), 202);
      await ok(manager.request({ method: 'GET', url: '/api/sign-offs' }));
      await ok(
        manager.request({
          method: 'PATCH',
          url: `/api/cases/${c.id}`,
          payload: { expectedVersion: 2, assignee: worker.userId },
        }),
      );
      await ok(manager.request({ method: 'POST', url: `/api/cases/${c.id}/sign-offs/close` }));
      const log = await manager.request({ method: 'GET', url: `/api/cases/${c.id}/access-log` });
      assert.equal(log.statusCode, 200, log.body);
      assert.deepEqual(
        log.json().items.map((e: { type: string; actor: { id: string } }) => [e.type, e.actor.id]),
        [
          ['case-viewed', worker.userId],
          ['case-viewed', worker.userId],
          ['form-viewed:intake', worker.userId],
          ['case-listed', worker.userId],
          ['chronology-viewed', worker.userId],
          ['form-submitted:intake', worker.userId],
          ['case-viewed', worker.userId],
          ['sign-off-listed', manager.userId],
          ['case-viewed', manager.userId],
          ['case-viewed', manager.userId],
        ],
      );
      assert.equal(
        (await admin.request({ method: 'GET', url: `/api/cases/${c.id}/access-log` })).statusCode,
        200,
      );
      assert.equal(
        (await worker.request({ method: 'GET', url: `/api/cases/${c.id}/access-log` })).statusCode,
        403,
      );
      assert.ok(
        !(await chronology(c.id)).some((e) => e.kind === 'access'),
        'reads stay out of the chronology',
      );
    });

    it('records a draft handed back on a conflict as a read of the form', async () => {
      const c = await openCase();
      const save = (revision: number) =>
        worker.request({
          method: 'PUT',
          url: `/api/cases/${c.id}/forms/intake/draft`,
          payload: { data: { concerns: `at ${revision}` }, revision },
        });
      assert.equal((await save(0)).statusCode, 200);
      assert.equal((await save(0)).statusCode, 409);
      const types = (await test.store.access.list({ filter: { caseId: c.id } })).items.map(
        (e) => e.type,
      );
      assert.deepEqual(types.sort(), ['case-viewed', 'form-viewed:intake']);
    });

    it('fills every page of a search on several words, and pages on to every match', async () => {
      const ada: string[] = [];
      for (let i = 0; i < 15; i++) {
        const firstName = i % 5 === 2 ? 'Ada' : 'Bob';
        const c = await openCase(worker, {
          firstName,
          lastName: 'Example',
          dateOfBirth: '2019-03-14',
        });
        if (firstName === 'Ada') ada.push(c.id);
      }
      const found: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const query: string = `/api/cases?q=${encodeURIComponent('ada example')}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page: { items: { id: string }[]; nextCursor: string | null } = (
          await worker.request({ method: 'GET', url: query })
        ).json();
        const ids = page.items.map((c) => c.id);
        if (page.nextCursor) assert.equal(ids.length, 2, 'a page with more after it is full');
        found.push(...ids);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      assert.deepEqual([...found].sort(), [...ada].sort());
      assert.equal(cursor, null);
    });

    it('names only existing, active members of the case’s team as its workers', async () => {
      const c = await openCase();
      const south = await loginAs(test, 'sol', ['practitioner'], ['south']);
      const gone = await loginAs(test, 'gil', ['practitioner'], ['north']);
      const left = (await test.store.users.get(gone.userId))!;
      assert.ok((await test.store.users.update(left.id, left.version, { active: false })).ok);
      const name = (workers: string[]) =>
        manager.request({
          method: 'PATCH',
          url: `/api/cases/${c.id}`,
          payload: { expectedVersion: c.version, workers },
        });
      for (const [workers, path] of [
        [['no-such-user'], '/workers/0'],
        [[worker.userId, south.userId], '/workers/1'],
        [[gone.userId], '/workers/0'],
      ] as const) {
        const refused = await name([...workers]);
        assert.equal(refused.statusCode, 400, refused.body);
        assert.equal(refused.json().error.details[0].path, path);
      }
      const named = await name([worker.userId]);
      assert.equal(named.statusCode, 200, named.body);
    });

    it('lets a sign-off request lapse when the case leaves its stage, and refuses to approve it', async () => {
      const c = await openCase();
      const waiting = await send(worker, c.id, 'close', 1);
      assert.equal(waiting.statusCode, 202, waiting.body);
      await submit(c.id, 'intake', intakeAnswers('assess'));
      const moved = await send(worker, c.id, 'assess', waiting.json().version);
      assert.equal(moved.statusCode, 200, moved.body);
      assert.deepEqual(moved.json().signOffRequests, []);
      const queue = await manager.request({ method: 'GET', url: '/api/sign-offs' });
      assert.deepEqual(queue.json().items, []);
      const approved = await manager.request({
        method: 'POST',
        url: `/api/cases/${c.id}/sign-offs/close`,
      });
      assert.equal(approved.statusCode, 409, approved.body);
      assert.match(approved.json().error.message, /lapsed/);
      const entries = await chronology(c.id);
      assert.deepEqual(
        entries.map((e) => e.type),
        ['case-started', 'sign-off-requested', 'form-submitted', 'assess', 'sign-off-lapsed'],
      );
      assert.equal((await test.store.cases.get(c.id))!.signOffs.length, 0, 'nothing signed off');
    });

    it('answers a submit only once its chronology entry is stored', async () => {
      const c = await openCase();
      const events = test.store.events;
      const append = events.append.bind(events);
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      events.append = async (event) => {
        if (event.kind === 'submission') await held;
        return append(event);
      };
      let answered = false;
      const response = submit(c.id, 'intake', intakeAnswers('assess')).then((r) => {
        answered = true;
        return r;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(answered, false, 'the submit waits for its entry');
      release();
      assert.equal((await response).statusCode, 200);
      events.append = append;
      const stored = await test.store.events.list({ filter: { caseId: c.id, kind: 'submission' } });
      assert.deepEqual(
        stored.items.map((e) => e.summary),
        ['Intake submitted'],
      );
    });

    it('shows the submitted answers, not the draft a crash kept, and a retry finishes the job', async () => {
      const c = await openCase();
      const saved = await worker.request({
        method: 'PUT',
        url: `/api/cases/${c.id}/forms/intake/draft`,
        payload: { data: { concerns: 'half-typed' }, revision: 0 },
      });
      assert.equal(saved.statusCode, 200, saved.body);
      clock = new Date(clock.getTime() + 60_000);
      // What a kill after storing the submission leaves: the old draft, and no entry yet.
      const key = randomUUID();
      await storeAsAKillLeftIt(c.id, key);
      const shown = (
        await worker.request({ method: 'GET', url: `/api/cases/${c.id}/forms/intake` })
      ).json();
      assert.equal(shown.status, 'submitted');
      assert.deepEqual(shown.data, intakeAnswers('assess'));
      assert.equal(shown.revision, 0);
      clock = new Date(clock.getTime() + 60_000);
      const retried = await submit(c.id, 'intake', intakeAnswers('assess'), key);
      assert.equal(retried.statusCode, 200, retried.body);
      assert.equal(await test.store.submissions.get(`${c.id}:intake:draft`), null);
      const entries = (await chronology(c.id)).filter((e) => e.kind === 'submission');
      assert.deepEqual(
        entries.map((e) => e.summary),
        ['Intake submitted'],
      );
    });

    it('replaces a draft that a submission overtook when the user starts a new one', async () => {
      const c = await openCase();
      const draft = (data: Record<string, unknown>, revision: number) =>
        worker.request({
          method: 'PUT',
          url: `/api/cases/${c.id}/forms/intake/draft`,
          payload: { data, revision },
        });
      assert.equal((await draft({ concerns: 'old' }, 0)).statusCode, 200);
      clock = new Date(clock.getTime() + 60_000);
      const key = randomUUID();
      await storeAsAKillLeftIt(c.id, key);
      clock = new Date(clock.getTime() + 60_000);
      const fresh = await draft({ concerns: 'new' }, 0);
      assert.equal(fresh.statusCode, 200, fresh.body);
      const shown = (
        await worker.request({ method: 'GET', url: `/api/cases/${c.id}/forms/intake` })
      ).json();
      assert.equal(shown.status, 'draft');
      assert.deepEqual(shown.data, { concerns: 'new' });
    });

    it('shows the chronology without writing to it after a crash, and the next start repairs it', async () => {
      const c = await openCase();
      await submit(c.id, 'intake', intakeAnswers('assess'));
      const record = (await test.store.cases.get(c.id))!;
      // What a crash after the case write leaves: the entry is pending, not in the log.
      const crashed = await test.store.cases.update(c.id, record.version, {
        stage: record.stage,
        pendingEvents: [
          {
            idempotencyKey: 'v2:0',
            kind: 'event',
            type: 'note',
            at: clock.toISOString(),
            actor: worker.userId,
            summary: 'Visit recorded',
            data: {},
          },
        ],
      });
      assert.ok(crashed.ok);
      // And a submission stored without its entry.
      await test.store.submissions.insert({
        id: `${c.id}:review:lost-entry`,
        version: 1,
        caseId: c.id,
        formId: 'review',
        formVersion: 1,
        status: 'submitted',
        data: { childName: 'Ada', analysis: 'x' },
        author: worker.userId,
        createdAt: clock.toISOString(),
        updatedAt: clock.toISOString(),
        submittedAt: clock.toISOString(),
      });
      const before = await chronology(c.id);
      assert.deepEqual(await chronology(c.id), before, 'reading twice changes nothing');
      assert.equal(before.filter((e) => e.type === 'note').length, 0, 'a read writes no entry');
      // The process "crashes": its run stops beating, and the next process to start repairs.
      const run = (await test.store.outboxRuns.list({})).items[0]!;
      const beaten = await test.store.outboxRuns.update(run.id, run.version, {
        beatAt: Date.now() - 120_000,
      });
      assert.ok(beaten.ok);
      const restarted = await buildApp({ store: test.store, now: () => clock });
      try {
        const after = await chronology(c.id);
        assert.equal(after.filter((e) => e.type === 'note').length, 1);
        assert.equal(after.filter((e) => e.kind === 'submission').length, 2);
        assert.deepEqual(
          after.map((e) => e.seq),
          [1, 2, 3, 4],
        );
        const again = await buildApp({ store: test.store, now: () => clock });
        await again.close();
        assert.deepEqual(await chronology(c.id), after, 'a second repair appends nothing');
      } finally {
        await restarted.close();
      }
    });

    it('drives a case from opening to its end using only what the case says', async () => {
      const c = await openCase();
      let view = (await worker.request({ method: 'GET', url: `/api/cases/${c.id}` })).json();
      const answers: Record<string, Record<string, unknown>> = {
        intake: intakeAnswers('assess'),
        review: { childName: 'Ada Example', analysis: 'Weekly visits and a school plan.' },
      };
      for (let step = 0; step < 10 && !view.final; step++) {
        for (const stage of view.stages) {
          for (const form of stage.forms) {
            if (form.required && form.status !== 'submitted') {
              const response = await submit(c.id, form.id, answers[form.id]!);
              assert.equal(response.statusCode, 200, response.body);
            }
          }
        }
        view = (await worker.request({ method: 'GET', url: `/api/cases/${c.id}` })).json();
        const next = view.availableEvents.find(
          (e: { enabled: boolean; needsSignOff: boolean }) => e.enabled && !e.needsSignOff,
        );
        assert.ok(next, `no enabled event in ${JSON.stringify(view.stages)}`);
        const moved = await send(worker, c.id, next.type, view.version);
        assert.equal(moved.statusCode, 200, moved.body);
        view = moved.json();
      }
      assert.equal(view.final, true);
      assert.deepEqual(view.availableEvents, []);
    });
  });
}
