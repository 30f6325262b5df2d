import assert from 'node:assert/strict';
import type { CaseSnapshot, TransitionResult } from '../../engine/index.ts';
import {
  availableEvents,
  describeReason,
  englishReasonWords,
  startCase,
  transition,
} from '../../engine/index.ts';
import { loadFixture, manager, practitioner, submitted } from './fixtures.ts';

const workflow = loadFixture();
const START = '2026-03-02T09:00:00Z';

function next(result: TransitionResult): CaseSnapshot {
  if (result.kind !== 'accepted') assert.fail(JSON.stringify(result));
  return result.snapshot;
}

describe('availableEvents', () => {
  const start = () => startCase(workflow, { now: START, actor: practitioner }).snapshot;

  it('lists every event the stage accepts, enabled or not, with the reasons as data', () => {
    const events = availableEvents(workflow, start(), {
      now: START,
      actor: practitioner,
      submissions: { contact: submitted({ decision: 'assess' }) },
    });
    assert.deepEqual(events, [
      {
        type: 'accept-referral',
        label: 'Accept the referral for assessment',
        enabled: true,
        reasons: [],
      },
      {
        type: 'no-further-action',
        label: 'Take no further action',
        enabled: false,
        reasons: [
          {
            code: 'role',
            params: {
              event: 'no-further-action',
              label: 'Take no further action',
              roles: ['manager'],
            },
          },
          {
            code: 'field-mismatch',
            params: {
              form: 'contact',
              field: 'decision',
              label: 'decision',
              title: 'Contact',
              actual: 'assess',
              expected: ['nfa'],
            },
          },
        ],
      },
    ]);
    assert.deepEqual(
      events[1]!.reasons.map((r) => describeReason(r, englishReasonWords)),
      [
        '"Take no further action" can only be done by a manager',
        'The decision on the Contact form is "assess", not "nfa"',
      ],
    );
  });

  it('marks an event late once the stage deadline has passed', () => {
    const events = availableEvents(workflow, start(), {
      now: '2026-03-04T09:00:00Z',
      actor: practitioner,
      submissions: { contact: submitted({ decision: 'assess' }) },
    });
    assert.deepEqual(events[0], {
      type: 'accept-referral',
      label: 'Accept the referral for assessment',
      enabled: true,
      reasons: [],
      late: true,
    });
  });

  it('marks an event that will wait for a manager, but not for a manager', () => {
    const submissions = {
      assessment: submitted({ outcome: 'no-further-action' }),
      closure: submitted(),
    };
    const assessment = next(
      transition(workflow, start(), 'accept-referral', {
        now: START,
        actor: practitioner,
        submissions: { contact: submitted({ decision: 'assess' }) },
      }),
    );
    const closing = next(
      transition(workflow, assessment, 'complete-assessment', {
        now: START,
        actor: practitioner,
        submissions,
      }),
    );
    const forPractitioner = availableEvents(workflow, closing, {
      now: START,
      actor: practitioner,
      submissions,
    });
    assert.deepEqual(
      forPractitioner.map((e) => [e.type, e.enabled, e.needsSignOff]),
      [['close', true, true]],
    );
    const forManager = availableEvents(workflow, closing, {
      now: START,
      actor: manager,
      submissions,
    });
    assert.deepEqual(
      forManager.map((e) => [e.type, e.enabled, e.needsSignOff]),
      [['close', true, undefined]],
    );
  });

  it('lists the events of every active state of a parallel plan and of its parent', () => {
    const assessment = next(
      transition(workflow, start(), 'accept-referral', {
        now: START,
        actor: practitioner,
        submissions: { contact: submitted({ decision: 'assess' }) },
      }),
    );
    const strategy = next(
      transition(workflow, assessment, 'complete-assessment', {
        now: START,
        actor: practitioner,
        submissions: { assessment: submitted({ outcome: 'significant-harm' }) },
      }),
    );
    const facts = {
      now: START,
      actor: manager,
      submissions: {
        strategy: submitted(),
        enquiry: submitted({ concernsSubstantiated: true }),
        conference: submitted({ decision: 'plan' }),
      },
    };
    const enquiry = next(transition(workflow, strategy, 'strategy-discussion-held', facts));
    const conference = next(transition(workflow, enquiry, 'convene-conference', facts));
    const plan = next(transition(workflow, conference, 'decide', facts));
    const types = availableEvents(workflow, plan, { now: START, actor: practitioner }).map(
      (e) => e.type,
    );
    assert.deepEqual(types, ['visit-made', 'end-plan', 'review-held']);
  });

  it('lists nothing for a closed case', () => {
    const closed = next(
      transition(workflow, start(), 'no-further-action', {
        now: START,
        actor: manager,
        submissions: { contact: submitted({ decision: 'nfa' }) },
      }),
    );
    assert.deepEqual(availableEvents(workflow, closed, { now: START, actor: manager }), []);
  });
});
