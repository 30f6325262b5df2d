import assert from 'node:assert/strict';
import { EFFECT_TYPES, type Effect } from '../../engine/index.ts';
import { caseDepsFor } from '../../server/services/case-deps.ts';
import {
  deadlineFields,
  type EffectOutcome,
  effectTable,
  executeEffects,
} from '../../server/services/case-effects.ts';
import { takeEvent } from '../../server/services/case-events.ts';
import { submitCaseForm } from '../../server/services/case-forms.ts';
import { createCase, listCases } from '../../server/services/cases.ts';
import { intakeAnswers, publishTinyCare } from './fixtures.ts';
import { loginAs, startTestApp } from './harness.ts';

const at = new Date('2026-03-16T09:00:00.000Z');
const deadline = {
  state: 'referral',
  label: 'Decision',
  startedOn: '2026-03-16',
  dueOn: '2026-03-17',
};

/** One effect of each type; the record's type makes it name every type. */
const samples: { [T in Effect['type']]: Extract<Effect, { type: T }> } = {
  setDeadline: { type: 'setDeadline', deadline },
  clearDeadline: { type: 'clearDeadline', deadline },
  requestSignOff: {
    type: 'requestSignOff',
    event: 'close',
    summary: 'Close the case',
    states: ['referral'],
    by: ['manager'],
    requestedBy: 'u1',
    at: at.toISOString(),
  },
  recordChronology: {
    type: 'recordChronology',
    entry: {
      summary: 'Case started',
      at: at.toISOString(),
      actor: 'u1',
      from: [],
      to: ['referral'],
    },
  },
  offerDocument: { type: 'offerDocument', templateId: 'case-summary', state: 'referral' },
};

const context = { version: 2, at, stage: 'referral' };
const withOpenDeadline = {
  signOffRequests: [],
  deadlines: [{ ...deadline, status: 'open' as const }],
  documentOffers: [],
};

describe('the effect table', () => {
  it('has an executor for every effect type the engine can ask for, and each does something', () => {
    for (const type of EFFECT_TYPES) {
      assert.equal(typeof effectTable[type], 'function', `no executor for ${type}`);
      const before = type === 'clearDeadline' ? withOpenDeadline : null;
      const outcome = executeEffects(before, [samples[type]], context);
      const untouched: EffectOutcome = executeEffects(before, [], context);
      assert.notDeepEqual(outcome, untouched, `${type} changed nothing`);
    }
    assert.deepEqual(Object.keys(effectTable).sort(), [...EFFECT_TYPES].sort());
  });

  it('keeps deadlines: open when set, met or missed when cleared, the open one due first for lists', () => {
    const set = executeEffects(null, [samples.setDeadline], context);
    assert.deepEqual(set.deadlines, [{ ...deadline, status: 'open' }]);
    assert.equal(deadlineFields(set.deadlines).dueAt, '2026-03-17');
    const onTime = executeEffects(set, [samples.clearDeadline], {
      ...context,
      at: new Date('2026-03-17T22:30:00.000Z'), // 22:30 in London: still the 17th
    });
    assert.deepEqual(onTime.deadlines, [{ ...deadline, status: 'met', closedOn: '2026-03-17' }]);
    const late = executeEffects(set, [samples.clearDeadline], {
      ...context,
      at: new Date('2026-03-18T00:30:00.000Z'),
    });
    assert.equal(late.deadlines[0]!.status, 'missed');
    assert.deepEqual(deadlineFields(late.deadlines), {
      deadlines: late.deadlines,
      deadline: null,
      dueAt: '9999-12-31',
    });
  });

  it('asks for a sign-off with a request on the case and one chronology entry', () => {
    const asked = executeEffects(null, [samples.requestSignOff], context);
    assert.deepEqual(asked.signOffRequests, [
      {
        event: 'close',
        summary: 'Close the case',
        requestedBy: 'u1',
        at: at.toISOString(),
        stage: 'referral',
        by: ['manager'],
      },
    ]);
    assert.deepEqual(
      asked.entries.map((e) => [e.idempotencyKey, e.type, e.summary]),
      [['v2:sign-off', 'sign-off-requested', 'Sign-off requested: Close the case']],
    );
  });

  for (const kind of ['embedded', 'mongodb'] as const) {
    it(`stores a case's deadlines as its moves leave them, and lists the overdue by them (${kind})`, async function () {
      this.timeout(60_000);
      let clock = new Date('2026-03-16T09:00:00.000Z');
      const test = await startTestApp(kind, { now: () => clock });
      try {
        const lead = await loginAs(test, 'lee', ['practice_lead']);
        const admin = await loginAs(test, 'alex', ['admin']);
        await publishTinyCare(lead, admin);
        await loginAs(test, 'sam', ['practitioner']);
        const worker = (await test.store.users.findOne({ username: 'sam' }))!;
        const deps = caseDepsFor(test.store, { now: () => clock });
        const opened = await createCase(deps, worker, {
          workflowId: 'tiny-care',
          subject: { firstName: 'Ada', lastName: 'Example' },
        });
        assert.deepEqual(opened.deadlines, [
          {
            state: 'referral',
            label: 'Decision',
            startedOn: '2026-03-16',
            dueOn: '2026-03-17',
            status: 'open',
          },
        ]);
        assert.equal(opened.dueAt, '2026-03-17');
        clock = new Date('2026-03-19T09:00:00.000Z');
        const overdue = await listCases(deps, worker, { overdue: true });
        assert.deepEqual(
          overdue.items.map((c) => c.id),
          [opened.id],
        );
        await submitCaseForm(deps, worker, opened.id, 'intake', {
          data: intakeAnswers('assess'),
          idempotencyKey: 'k1',
        });
        const moved = await takeEvent(deps, worker, opened.id, {
          type: 'assess',
          expectedVersion: opened.version,
          reason: 'The family could not be reached.',
        });
        assert.deepEqual(moved.record.deadlines, [
          {
            state: 'referral',
            label: 'Decision',
            startedOn: '2026-03-16',
            dueOn: '2026-03-17',
            status: 'missed',
            closedOn: '2026-03-19',
          },
        ]);
        assert.equal(moved.record.dueAt, '9999-12-31');
        assert.deepEqual((await listCases(deps, worker, { overdue: true })).items, []);
      } finally {
        await test.close();
      }
    });
  }
});
