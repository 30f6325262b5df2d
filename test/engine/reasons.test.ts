import assert from 'node:assert/strict';
import type {
  Actor,
  CaseSnapshot,
  Reason,
  TransitionContext,
  TransitionResult,
} from '../../engine/index.ts';
import {
  availableEvents,
  describeReason,
  englishReasonWords,
  loadWorkflow,
  startCase,
  transition,
} from '../../engine/index.ts';
import { manager, practitioner, submitted } from './fixtures.ts';

const START = '2026-03-02T09:00:00.000Z';
const practiceLead: Actor = { id: 'pl-1', roles: ['practice_lead'] };
const reviewSubmitted = { type: 'formsSubmitted', params: { forms: ['review'] } };

/** A small workflow whose events each fail one way, so every reason code can be produced. */
const definition = {
  id: 'reasons',
  version: 1,
  title: 'Reasons',
  machine: {
    initial: 'open',
    states: {
      open: {
        on: {
          decide: {
            target: 'decided',
            guard: {
              type: 'formFieldIn',
              params: { form: 'review', field: 'decision', values: ['go'], label: 'decision' },
            },
          },
          escalate: {
            target: 'decided',
            guard: { type: 'actorHasRole', params: { roles: ['practice_lead'] } },
          },
          approve: { target: 'decided', guard: { type: 'signOffGiven', params: {} } },
          either: {
            target: 'decided',
            guard: {
              type: 'or',
              params: { guards: [reviewSubmitted, { type: 'signOffGiven', params: {} }] },
            },
          },
          hold: { target: 'decided', guard: { type: 'not', params: { guard: reviewSubmitted } } },
          nobody: 'decided',
          close: 'closed',
        },
      },
      decided: { on: { close: 'closed' } },
      closed: { type: 'final' },
    },
  },
  stages: {
    open: {
      title: 'Open',
      roles: {
        decide: ['practitioner'],
        escalate: ['practitioner', 'practice_lead'],
        approve: ['practitioner'],
        either: ['practitioner'],
        hold: ['practitioner'],
        nobody: ['practitioner'],
        close: ['practitioner', 'manager', 'practice_lead'],
      },
      signOff: [
        { event: 'close', by: ['practice_lead'] },
        { event: 'approve', by: ['manager'] },
      ],
      deadline: {
        label: 'Decision',
        amount: 2,
        unit: 'calendarDays',
        from: { stateEntered: true },
      },
    },
    decided: { title: 'Decided', roles: { decide: ['practitioner'], close: ['practitioner'] } },
    closed: { title: 'Closed' },
  },
};

const workflow = loadWorkflow(definition, { forms: [{ id: 'review', title: 'Review' }] });

function ctx(more: Partial<TransitionContext> = {}): TransitionContext {
  return { now: START, actor: practitioner, ...more };
}

function open(): CaseSnapshot {
  return startCase(workflow, { now: START, actor: practitioner }).snapshot;
}

function decided(): CaseSnapshot {
  const result = transition(workflow, open(), 'escalate', ctx({ actor: practiceLead }));
  if (result.kind !== 'accepted') assert.fail(JSON.stringify(result));
  return result.snapshot;
}

function reasonsOf(result: TransitionResult): Reason[] {
  if (result.kind !== 'refused') assert.fail(`not refused: ${JSON.stringify(result)}`);
  return result.reasons;
}

const words = (reason: Reason) => describeReason(reason, englishReasonWords);

describe('engine reasons', () => {
  describe('each refusal is a code with the params its words need', () => {
    it('case-closed: the case is in a final state', () => {
      const closed = transition(workflow, decided(), 'close', ctx());
      if (closed.kind !== 'accepted') assert.fail(JSON.stringify(closed));
      const reasons = reasonsOf(transition(workflow, closed.snapshot, 'close', ctx()));
      assert.deepEqual(reasons, [{ code: 'case-closed', params: {} }]);
      assert.equal(words(reasons[0]!), 'This case is closed, so nothing more can happen in it');
    });

    it('not-here: the stage does not accept the event', () => {
      const reasons = reasonsOf(transition(workflow, decided(), 'hold', ctx()));
      assert.deepEqual(reasons, [
        { code: 'not-here', params: { event: 'hold', label: 'Hold', stages: ['Decided'] } },
      ]);
      assert.equal(words(reasons[0]!), '"Hold" is not possible at the Decided stage');
    });

    it('no-one: no role is given the event at this stage', () => {
      const broken = loadWorkflow(definition, { forms: [{ id: 'review', title: 'Review' }] });
      (broken.stages.get('open')!.roles as Map<string, string[]>).set('nobody', []);
      const start = startCase(broken, { now: START, actor: practitioner }).snapshot;
      const reasons = reasonsOf(transition(broken, start, 'nobody', ctx()));
      assert.deepEqual(reasons, [{ code: 'no-one', params: { event: 'nobody', label: 'Nobody' } }]);
      assert.equal(words(reasons[0]!), 'No one can do "Nobody" at this stage');
    });

    it('role, then the guard: the actor holds none of the roles the stage gives', () => {
      const reasons = reasonsOf(transition(workflow, open(), 'decide', ctx({ actor: manager })));
      assert.deepEqual(reasons, [
        { code: 'role', params: { event: 'decide', label: 'Decide', roles: ['practitioner'] } },
        { code: 'form-missing', params: { form: 'review', title: 'Review' } },
      ]);
      assert.deepEqual(reasons.map(words), [
        '"Decide" can only be done by a practitioner',
        'The Review form has not been submitted',
      ]);
    });

    it('form-draft: the form is started but not submitted', () => {
      const submissions = { review: { status: 'draft' as const, data: {} } };
      const reasons = reasonsOf(transition(workflow, open(), 'decide', ctx({ submissions })));
      assert.deepEqual(reasons, [
        { code: 'form-draft', params: { form: 'review', title: 'Review' } },
      ]);
      assert.equal(words(reasons[0]!), 'The Review form has been started but not submitted');
    });

    it('field-missing: the submitted form does not record the field', () => {
      const submissions = { review: submitted() };
      const reasons = reasonsOf(transition(workflow, open(), 'decide', ctx({ submissions })));
      assert.deepEqual(reasons, [
        {
          code: 'field-missing',
          params: { form: 'review', field: 'decision', label: 'decision', title: 'Review' },
        },
      ]);
      assert.equal(words(reasons[0]!), 'The Review form does not record the decision');
    });

    it('field-mismatch: the field records another value', () => {
      const submissions = { review: submitted({ decision: 'stop' }) };
      const reasons = reasonsOf(transition(workflow, open(), 'decide', ctx({ submissions })));
      assert.deepEqual(reasons, [
        {
          code: 'field-mismatch',
          params: {
            form: 'review',
            field: 'decision',
            label: 'decision',
            title: 'Review',
            actual: 'stop',
            expected: ['go'],
          },
        },
      ]);
      assert.equal(words(reasons[0]!), 'The decision on the Review form is "stop", not "go"');
    });

    it('actor-role: an actorHasRole guard names roles the actor does not hold', () => {
      const reasons = reasonsOf(transition(workflow, open(), 'escalate', ctx()));
      assert.deepEqual(reasons, [{ code: 'actor-role', params: { roles: ['practice_lead'] } }]);
      assert.equal(words(reasons[0]!), 'Only a practice lead can do this');
    });

    it('signed-off-needed: names who signs the event off, from the stage', () => {
      const reasons = reasonsOf(transition(workflow, open(), 'approve', ctx()));
      assert.deepEqual(reasons, [
        { code: 'signed-off-needed', params: { event: 'approve', by: ['manager'] } },
      ]);
      assert.equal(words(reasons[0]!), 'A manager has not signed this off yet');
    });

    it('guard-failed: an or-guard none of whose parts pass, with the names its words need', () => {
      const reasons = reasonsOf(transition(workflow, open(), 'either', ctx()));
      assert.deepEqual(reasons, [
        {
          code: 'guard-failed',
          params: {
            guard: {
              type: 'or',
              params: { guards: [reviewSubmitted, { type: 'signOffGiven', params: {} }] },
            },
            names: { event: 'either', forms: { review: 'Review' }, signOffBy: { either: [] } },
          },
        },
      ]);
      assert.equal(
        words(reasons[0]!),
        'One of these is needed: the Review form has been submitted or this has been signed off',
      );
    });

    it('guard-failed: a not-guard whose guard passes', () => {
      const submissions = { review: submitted() };
      const reasons = reasonsOf(transition(workflow, open(), 'hold', ctx({ submissions })));
      assert.deepEqual(reasons, [
        {
          code: 'guard-failed',
          params: {
            guard: { type: 'not', params: { guard: reviewSubmitted } },
            names: { event: 'hold', forms: { review: 'Review' }, signOffBy: {} },
          },
        },
      ]);
      assert.equal(
        words(reasons[0]!),
        'This cannot be done while the Review form has been submitted',
      );
    });

    it('late-needs-reason: the event meets a deadline after it fell due', () => {
      const reasons = reasonsOf(
        transition(workflow, open(), 'hold', ctx({ now: '2026-03-10T09:00:00Z' })),
      );
      assert.deepEqual(reasons, [
        {
          code: 'late-needs-reason',
          params: {
            event: 'hold',
            label: 'Hold',
            missed: [{ label: 'Decision', state: 'open', stage: 'Open', dueOn: '2026-03-04' }],
          },
        },
      ]);
      assert.equal(
        words(reasons[0]!),
        'This is late: Decision (Open) was due by 4 March 2026. Give a reason for the delay',
      );
    });

    it('sign-off-pending: words for an event already waiting for sign-off', () => {
      const reason: Reason = {
        code: 'sign-off-pending',
        params: { event: 'close', label: 'Close', by: ['manager', 'practice_lead'] },
      };
      assert.equal(words(reason), 'Waiting for a manager or a practice lead to sign it off.');
    });
  });

  it('gives availableEvents the same reason objects as transition', () => {
    const facts = { actor: manager };
    const listed = availableEvents(workflow, open(), ctx(facts)).find((e) => e.type === 'decide');
    assert.deepEqual(
      listed?.reasons,
      reasonsOf(transition(workflow, open(), 'decide', ctx(facts))),
    );
  });

  describe('sign-off from stage data', () => {
    it('holds the event for the roles the stage names, with a request for sign-off', () => {
      const result = transition(workflow, open(), 'close', ctx({ actor: manager }));
      assert.deepEqual(result, {
        kind: 'held',
        signOff: { event: 'close', label: 'Close', states: ['open'], by: ['practice_lead'] },
        effects: [
          {
            type: 'requestSignOff',
            event: 'close',
            summary: 'Close',
            states: ['open'],
            by: ['practice_lead'],
            requestedBy: 'tm-1',
            at: START,
          },
        ],
      });
    });

    it('lets a role the stage names sign off take the event at once, and no one else', () => {
      assert.equal(
        transition(workflow, open(), 'close', ctx({ actor: practiceLead })).kind,
        'accepted',
      );
      assert.equal(
        transition(workflow, open(), 'close', ctx({ actor: practitioner })).kind,
        'held',
      );
      const listed = availableEvents(workflow, open(), ctx({ actor: manager }));
      assert.equal(listed.find((e) => e.type === 'close')?.needsSignOff, true);
      const byLead = availableEvents(workflow, open(), ctx({ actor: practiceLead }));
      assert.equal(byLead.find((e) => e.type === 'close')?.needsSignOff, undefined);
    });

    it('takes the event once the sign-off is given, whoever sends it', () => {
      const signOffs = { close: { by: 'pl-1', at: START } };
      assert.equal(transition(workflow, open(), 'close', ctx({ signOffs })).kind, 'accepted');
    });
  });
});
