import assert from 'node:assert/strict';
import type {
  Accepted,
  CaseSnapshot,
  Effect,
  TransitionContext,
  TransitionResult,
} from '../../engine/index.ts';
import {
  describeReason,
  englishReasonWords,
  isEngineError,
  loadWorkflow,
  startCase,
  transition,
} from '../../engine/index.ts';
import { fixtureForms, loadFixture, manager, practitioner, submitted } from './fixtures.ts';

const workflow = loadFixture();
const START = '2026-03-02T09:00:00.000Z';

function accepted(result: TransitionResult): Accepted {
  if (result.kind !== 'accepted') assert.fail(`not taken: ${JSON.stringify(result)}`);
  return result;
}

/** A refusal's reasons in the English users read; none when the event was not refused. */
function wordsOf(result: TransitionResult): string[] {
  if (result.kind !== 'refused') return [];
  return result.reasons.map((r) => describeReason(r, englishReasonWords));
}

function ctx(now: string, more: Partial<TransitionContext> = {}): TransitionContext {
  return { now, actor: practitioner, ...more };
}

function ofType<T extends Effect['type']>(effects: Effect[], type: T) {
  return effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
}

/** A case taken to the assessment stage on 2 March 2026. */
function inAssessment(): CaseSnapshot {
  const start = startCase(workflow, { now: START, actor: practitioner }).snapshot;
  const submissions = { contact: submitted({ decision: 'assess' }) };
  return accepted(transition(workflow, start, 'accept-referral', ctx(START, { submissions })))
    .snapshot;
}

/** A case taken to the Section 47 enquiry, the strategy discussion held on 4 March 2026. */
function inEnquiry(): CaseSnapshot {
  const submissions = { assessment: submitted({ outcome: 'significant-harm' }) };
  const strategy = accepted(
    transition(
      workflow,
      inAssessment(),
      'complete-assessment',
      ctx('2026-03-03T10:00:00Z', { submissions }),
    ),
  ).snapshot;
  return accepted(
    transition(
      workflow,
      strategy,
      'strategy-discussion-held',
      ctx('2026-03-04T15:00:00Z', {
        submissions: { strategy: submitted() },
      }),
    ),
  ).snapshot;
}

/** A case on a child protection plan from 23 March 2026. */
function onPlan(): CaseSnapshot {
  const conference = accepted(
    transition(
      workflow,
      inEnquiry(),
      'convene-conference',
      ctx('2026-03-20T10:00:00Z', {
        submissions: { enquiry: submitted({ concernsSubstantiated: true }) },
      }),
    ),
  ).snapshot;
  return accepted(
    transition(workflow, conference, 'decide', {
      now: '2026-03-23T10:00:00Z',
      actor: manager,
      submissions: { conference: submitted({ decision: 'plan' }) },
    }),
  ).snapshot;
}

describe('startCase', () => {
  it('starts in the initial state with its stage, deadline and a chronology entry', () => {
    const result = startCase(workflow, { now: new Date(START), actor: practitioner });
    assert.deepEqual(result.snapshot, {
      workflowId: 'child-protection-test',
      workflowVersion: 1,
      value: 'referral',
      done: false,
      entered: [{ state: 'referral', at: START }],
      events: [],
      deadlines: [
        {
          state: 'referral',
          label: 'Decision on the referral',
          startedOn: '2026-03-02',
          dueOn: '2026-03-03',
        },
      ],
    });
    assert.deepEqual(
      result.stages.map((s) => [s.state, s.title, s.forms]),
      [['referral', 'Referral', [{ id: 'contact', required: true }]]],
    );
    assert.deepEqual(ofType(result.effects, 'recordChronology')[0]?.entry, {
      summary: 'Case started at Referral',
      at: START,
      actor: 'sw-1',
      from: [],
      to: ['referral'],
    });
    assert.equal(ofType(result.effects, 'setDeadline').length, 1);
  });

  it('refuses a time that is not a time', () => {
    assert.throws(
      () => startCase(workflow, { now: 'soon', actor: practitioner }),
      (e) => isEngineError(e, 'LF_DATE_INVALID'),
    );
  });
});

describe('transition', () => {
  it('refuses an event whose guard fails, saying why as data', () => {
    const start = startCase(workflow, { now: START, actor: practitioner }).snapshot;
    const result = transition(workflow, start, 'accept-referral', ctx(START));
    assert.deepEqual(result, {
      kind: 'refused',
      reasons: [{ code: 'form-missing', params: { form: 'contact', title: 'Contact' } }],
    });
    assert.deepEqual(wordsOf(result), ['The Contact form has not been submitted']);
  });

  it('moves the case on, clearing the old deadline and setting the new one in working days', () => {
    const start = startCase(workflow, { now: START, actor: practitioner }).snapshot;
    const result = accepted(
      transition(
        workflow,
        start,
        { type: 'accept-referral' },
        ctx('2026-03-03T16:00:00Z', {
          submissions: { contact: submitted({ decision: 'assess' }) },
        }),
      ),
    );
    assert.equal(result.snapshot.value, 'assessment');
    assert.deepEqual(result.snapshot.events, [
      { type: 'accept-referral', at: '2026-03-03T16:00:00.000Z' },
    ]);
    assert.deepEqual(
      result.effects.map((e) => e.type),
      ['clearDeadline', 'setDeadline', 'recordChronology'],
    );
    // 45 working days from 3 March 2026 skips Good Friday, Easter Monday and early May.
    assert.equal(ofType(result.effects, 'setDeadline')[0]?.deadline.dueOn, '2026-05-08');
    assert.deepEqual(ofType(result.effects, 'recordChronology')[0]?.entry, {
      event: 'accept-referral',
      summary: 'Accept the referral for assessment',
      at: '2026-03-03T16:00:00.000Z',
      actor: 'sw-1',
      from: ['referral'],
      to: ['assessment'],
    });
  });

  it('takes the branch that the decision recorded on a form picks', () => {
    const outcomes = {
      'significant-harm': 'strategy',
      'likely-significant-harm': 'strategy',
      'child-in-need': { childInNeed: 'planning' },
      'no-further-action': 'closing',
    };
    for (const [outcome, value] of Object.entries(outcomes)) {
      const submissions = { assessment: submitted({ outcome }) };
      const next = accepted(
        transition(workflow, inAssessment(), 'complete-assessment', ctx(START, { submissions })),
      );
      assert.deepEqual(next.snapshot.value, value, outcome);
    }
  });

  it('refuses a decision that matches no branch, naming what was recorded', () => {
    const submissions = { assessment: submitted({ outcome: 'unsure' }) };
    const result = transition(
      workflow,
      inAssessment(),
      'complete-assessment',
      ctx(START, { submissions }),
    );
    assert.deepEqual(wordsOf(result), [
      'The outcome on the Assessment form is "unsure", not "significant-harm" or "likely-significant-harm"',
      'The outcome on the Assessment form is "unsure", not "child-in-need"',
      'The outcome on the Assessment form is "unsure", not "no-further-action"',
    ]);
  });

  it('refuses an event the stage does not accept', () => {
    const result = transition(workflow, inAssessment(), 'close', ctx(START));
    assert.deepEqual(wordsOf(result), ['"Close the case" is not possible at the Assessment stage']);
  });

  it('lets only the roles a stage gives an event send it, and says who can', () => {
    const start = startCase(workflow, { now: START, actor: practitioner }).snapshot;
    const submissions = { contact: submitted({ decision: 'nfa' }) };
    const byPractitioner = transition(
      workflow,
      start,
      'no-further-action',
      ctx(START, { submissions }),
    );
    assert.deepEqual(wordsOf(byPractitioner), [
      '"Take no further action" can only be done by a manager',
    ]);
    const byManager = transition(
      workflow,
      start,
      'no-further-action',
      ctx(START, { submissions, actor: manager }),
    );
    assert.equal(accepted(byManager).snapshot.value, 'closed');
  });

  it('lists a missing role and a failing guard together', () => {
    const start = startCase(workflow, { now: START, actor: practitioner }).snapshot;
    const result = transition(workflow, start, 'no-further-action', ctx(START));
    assert.deepEqual(wordsOf(result), [
      '"Take no further action" can only be done by a manager',
      'The Contact form has not been submitted',
    ]);
  });

  it('counts a deadline from an earlier event and offers the stage documents', () => {
    const snapshot = inEnquiry();
    assert.deepEqual(snapshot.deadlines, [
      {
        state: 'enquiry',
        label: 'Initial child protection conference',
        startedOn: '2026-03-04',
        dueOn: '2026-03-25',
      },
    ]);
    const submissions = { assessment: submitted({ outcome: 'significant-harm' }) };
    const strategy = accepted(
      transition(workflow, inAssessment(), 'complete-assessment', ctx(START, { submissions })),
    );
    const held = accepted(
      transition(
        workflow,
        strategy.snapshot,
        'strategy-discussion-held',
        ctx(START, {
          submissions: { strategy: submitted() },
        }),
      ),
    );
    assert.deepEqual(ofType(held.effects, 'offerDocument'), [
      { type: 'offerDocument', templateId: 's47-report', state: 'enquiry' },
    ]);
  });

  describe('late events', () => {
    const conveneLate = (reason?: string) =>
      transition(
        workflow,
        inEnquiry(),
        'convene-conference',
        ctx('2026-03-26T09:00:00Z', {
          submissions: { enquiry: submitted({ concernsSubstantiated: true }) },
          ...(reason === undefined ? {} : { reason }),
        }),
      );

    it('are accepted on the due date itself', () => {
      const result = transition(
        workflow,
        inEnquiry(),
        'convene-conference',
        ctx('2026-03-25T23:59:00Z', {
          submissions: { enquiry: submitted({ concernsSubstantiated: true }) },
        }),
      );
      assert.equal(accepted(result).snapshot.value, 'conference');
    });

    it('are refused after the due date without a reason, saying a reason is needed', () => {
      for (const result of [conveneLate(), conveneLate('   ')]) {
        assert.deepEqual(wordsOf(result), [
          'This is late: Initial child protection conference (Section 47 enquiry) was due by 25 March 2026. Give a reason for the delay',
        ]);
      }
    });

    it('are accepted with a reason, which the chronology entry carries with the missed deadline', () => {
      const result = accepted(
        conveneLate('The family were away; conference booked at the first date.'),
      );
      const entry = ofType(result.effects, 'recordChronology')[0]?.entry;
      assert.equal(entry?.reason, 'The family were away; conference booked at the first date.');
      assert.deepEqual(
        entry?.late?.map((d) => d.dueOn),
        ['2026-03-25'],
      );
    });

    it('never arise from a deadline that only counts elapsed days', () => {
      const submissions = { assessment: submitted({ outcome: 'child-in-need' }) };
      const cin = accepted(
        transition(workflow, inAssessment(), 'complete-assessment', ctx(START, { submissions })),
      );
      assert.deepEqual(cin.snapshot.deadlines, [
        {
          state: 'childInNeed',
          label: 'Time as child in need',
          startedOn: '2026-03-02',
          dueOn: null,
        },
      ]);
      const years = transition(workflow, cin.snapshot, 'close-case', ctx('2029-01-01T09:00:00Z'));
      assert.deepEqual(accepted(years).snapshot.value, 'closing');
    });
  });

  describe('a parallel plan', () => {
    it('enters every region, with the stages and deadlines of each', () => {
      const snapshot = onPlan();
      assert.deepEqual(snapshot.value, { plan: { visits: 'due', reviews: 'firstReview' } });
      assert.deepEqual(
        snapshot.deadlines.map((d) => [d.state, d.dueOn]),
        [
          ['plan.visits.due', '2026-04-08'],
          ['plan.reviews.firstReview', '2026-06-23'],
        ],
      );
    });

    it('moves one region without touching the other', () => {
      const result = accepted(
        transition(workflow, onPlan(), 'review-held', ctx('2026-06-01T10:00:00Z')),
      );
      assert.deepEqual(result.snapshot.value, { plan: { visits: 'due', reviews: 'laterReviews' } });
      assert.deepEqual(
        result.effects.map((e) => e.type),
        ['clearDeadline', 'setDeadline', 'recordChronology'],
      );
      const visit = result.snapshot.entered.find((e) => e.state === 'plan.visits.due');
      assert.equal(visit?.at, '2026-03-23T10:00:00.000Z');
    });

    it('restarts a deadline when a state is re-entered', () => {
      const result = accepted(
        transition(
          workflow,
          onPlan(),
          'visit-made',
          ctx('2026-04-01T10:00:00Z', {
            submissions: { visit: submitted() },
          }),
        ),
      );
      assert.deepEqual(
        ofType(result.effects, 'setDeadline').map((e) => e.deadline),
        [
          {
            state: 'plan.visits.due',
            label: 'Next statutory visit',
            startedOn: '2026-04-01',
            dueOn: '2026-04-17',
          },
        ],
      );
      assert.deepEqual(ofType(result.effects, 'clearDeadline'), []);
    });

    it('holds an event that needs sign-off and asks a manager for it', () => {
      const submissions = { plan: submitted(), review: submitted({ decision: 'end-plan' }) };
      const result = transition(
        workflow,
        onPlan(),
        'end-plan',
        ctx('2026-04-01T10:00:00Z', { submissions }),
      );
      assert.deepEqual(result, {
        kind: 'held',
        signOff: {
          event: 'end-plan',
          label: 'End the child protection plan',
          states: ['plan'],
          by: ['manager'],
        },
        effects: [
          {
            type: 'requestSignOff',
            event: 'end-plan',
            summary: 'End the child protection plan',
            states: ['plan'],
            by: ['manager'],
            requestedBy: 'sw-1',
            at: '2026-04-01T10:00:00.000Z',
          },
        ],
      });
    });

    it('takes a signed-off event, and a manager needs no one else to sign off', () => {
      const submissions = { plan: submitted(), review: submitted({ decision: 'end-plan' }) };
      const signOffs = { 'end-plan': { by: 'tm-1', at: '2026-04-01T11:00:00Z' } };
      const signed = transition(
        workflow,
        onPlan(),
        'end-plan',
        ctx('2026-04-01T12:00:00Z', { submissions, signOffs }),
      );
      assert.equal(accepted(signed).snapshot.value, 'closing');
      assert.deepEqual(accepted(signed).snapshot.deadlines, []);
      const byManager = transition(
        workflow,
        onPlan(),
        'end-plan',
        ctx('2026-04-01T12:00:00Z', { submissions, actor: manager }),
      );
      assert.equal(accepted(byManager).snapshot.value, 'closing');
    });
  });

  describe('nested states', () => {
    function inSupport(): CaseSnapshot {
      const submissions = {
        assessment: submitted({ outcome: 'child-in-need' }),
        'cin-plan': submitted(),
      };
      const cin = accepted(
        transition(workflow, inAssessment(), 'complete-assessment', ctx(START, { submissions })),
      );
      return accepted(transition(workflow, cin.snapshot, 'agree-plan', ctx(START, { submissions })))
        .snapshot;
    }

    it('moves between children and keeps the parent stage and its entry time', () => {
      const snapshot = inSupport();
      assert.deepEqual(snapshot.value, { childInNeed: 'support' });
      assert.deepEqual(
        snapshot.entered.map((e) => e.state),
        ['childInNeed', 'childInNeed.support'],
      );
    });

    it("takes the parent's event from a child", () => {
      assert.equal(
        accepted(transition(workflow, inSupport(), 'close-case', ctx(START))).snapshot.value,
        'closing',
      );
    });

    it('follows an #id target out of the nest when the or-guard allows it', () => {
      const refused = transition(workflow, inSupport(), 'step-up', ctx(START));
      assert.deepEqual(wordsOf(refused), [
        'One of these is needed: you are a manager or a manager has signed this off',
      ]);
      const signOffs = { 'step-up': { by: 'tm-1' } };
      const result = accepted(
        transition(workflow, inSupport(), 'step-up', ctx(START, { signOffs })),
      );
      assert.equal(result.snapshot.value, 'strategy');
      assert.deepEqual(ofType(result.effects, 'recordChronology')[0]?.entry.from, [
        'childInNeed',
        'childInNeed.support',
      ]);
    });
  });

  it('finishes the case in a final state, after which nothing more can happen', () => {
    const submissions = {
      assessment: submitted({ outcome: 'no-further-action' }),
      closure: submitted(),
    };
    const closing = accepted(
      transition(workflow, inAssessment(), 'complete-assessment', ctx(START, { submissions })),
    );
    const closed = accepted(
      transition(workflow, closing.snapshot, 'close', ctx(START, { submissions, actor: manager })),
    );
    assert.equal(closed.snapshot.done, true);
    assert.deepEqual(ofType(closed.effects, 'offerDocument'), []);
    const after = transition(workflow, closed.snapshot, 'close', ctx(START, { actor: manager }));
    assert.deepEqual(wordsOf(after), ['This case is closed, so nothing more can happen in it']);
  });

  it('records an event with no target without moving the case, and anchors deadlines on it', () => {
    const definition = {
      id: 'notes',
      version: 1,
      title: 'Notes',
      machine: {
        initial: 'open',
        states: {
          open: { on: { 'meeting-held': {}, close: 'closed' } },
          closed: { type: 'final' },
        },
      },
      stages: {
        open: {
          title: 'Open',
          roles: { 'meeting-held': ['practitioner'], close: ['practitioner'] },
          deadline: {
            label: 'Minutes',
            amount: 5,
            unit: 'calendarDays',
            from: { event: 'meeting-held' },
          },
        },
        closed: { title: 'Closed' },
      },
    };
    const notes = loadWorkflow(definition, { forms: [] });
    const start = startCase(notes, { now: START, actor: practitioner });
    assert.deepEqual(start.snapshot.deadlines, []);
    const held = accepted(
      transition(notes, start.snapshot, 'meeting-held', ctx('2026-03-03T09:00:00Z')),
    );
    assert.equal(held.snapshot.value, 'open');
    assert.deepEqual(
      held.snapshot.deadlines.map((d) => d.dueOn),
      ['2026-03-08'],
    );
    assert.deepEqual(ofType(held.effects, 'recordChronology')[0]?.entry.to, []);
  });

  describe('snapshots', () => {
    it('survive JSON.parse(JSON.stringify()) and carry on exactly as the originals do', () => {
      const original = onPlan();
      const copy = JSON.parse(JSON.stringify(original)) as CaseSnapshot;
      assert.deepEqual(copy, original);
      const event = ctx('2026-06-01T10:00:00Z');
      assert.deepEqual(
        transition(workflow, copy, 'review-held', event),
        transition(workflow, original, 'review-held', event),
      );
    });

    it('use no object key that a store cannot keep (no dots, no leading $)', () => {
      const keys: string[] = [];
      const collect = (value: unknown): void => {
        if (value === null || typeof value !== 'object') return;
        for (const [key, child] of Object.entries(value)) {
          keys.push(key);
          collect(child);
        }
      };
      collect(onPlan());
      assert.deepEqual(
        keys.filter((k) => k.includes('.') || k.startsWith('$')),
        [],
      );
    });

    it('are refused by another workflow version, or when their state is not in the workflow', () => {
      const other = loadWorkflow(
        { ...structuredClone(workflow.definition), version: 2 },
        { forms: fixtureForms },
      );
      assert.throws(
        () => transition(other, inAssessment(), 'close', ctx(START)),
        (e) =>
          isEngineError(e, 'LF_WORKFLOW_MISMATCH') && /version 1, not .* version 2/.test(e.message),
      );
      const corrupt = { ...inAssessment(), value: 'limbo' };
      assert.throws(
        () => transition(workflow, corrupt, 'close', ctx(START)),
        (e) => isEngineError(e, 'LF_WORKFLOW_MISMATCH'),
      );
    });
  });
});
