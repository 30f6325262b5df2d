import assert from 'node:assert/strict';
import type {
  CaseSnapshot,
  MappingProblem,
  TransitionResult,
  WorkflowDefinition,
} from '../../engine/index.ts';
import {
  type EngineError,
  loadWorkflow,
  migrateSnapshot,
  startCase,
  transition,
} from '../../engine/index.ts';
import {
  fixtureDefinition,
  fixtureForms,
  loadFixture,
  manager,
  practitioner,
  submitted,
} from './fixtures.ts';

const v1 = loadFixture();
const START = '2026-03-02T09:00:00.000Z';

/** Version 2 merges the strategy discussion into the enquiry and splits visits from reviews. */
function version2(): WorkflowDefinition {
  const d = fixtureDefinition();
  d.version = 2;
  const states = d.machine.states;
  Reflect.deleteProperty(states, 'strategy');
  Reflect.deleteProperty(d.stages, 'strategy');
  states.assessment!.on!['complete-assessment'] = [
    {
      target: 'enquiry',
      guard: {
        type: 'formFieldIn',
        params: { form: 'assessment', field: 'outcome', values: ['significant-harm'] },
      },
    },
    { target: 'closing' },
  ];
  states.enquiry!.on!['strategy-discussion-held'] = {
    description: 'Record the strategy discussion',
  };
  d.stages.enquiry!.roles!['strategy-discussion-held'] = ['practitioner', 'manager'];
  states.childInNeed!.states!.support!.on!['step-up'] = {
    target: '#child-protection-test.enquiry',
  };
  return d;
}

const v2 = loadWorkflow(version2(), { forms: fixtureForms });

const fullMapping: Record<string, string> = {
  referral: 'referral',
  assessment: 'assessment',
  strategy: 'enquiry',
  enquiry: 'enquiry',
  conference: 'conference',
  'plan.visits.due': 'plan.visits.due',
  'plan.reviews.firstReview': 'plan.reviews.firstReview',
  'plan.reviews.laterReviews': 'plan.reviews.laterReviews',
  'childInNeed.planning': 'childInNeed.planning',
  'childInNeed.support': 'childInNeed.support',
  closing: 'closing',
  closed: 'closed',
};

function next(result: TransitionResult): CaseSnapshot {
  if (result.kind !== 'accepted') assert.fail(JSON.stringify(result));
  return result.snapshot;
}

function inStrategy(): CaseSnapshot {
  const start = startCase(v1, { now: START, actor: practitioner }).snapshot;
  const facts = {
    now: START,
    actor: manager,
    submissions: {
      contact: submitted({ decision: 'assess' }),
      assessment: submitted({ outcome: 'significant-harm' }),
    },
  };
  const assessment = next(transition(v1, start, 'accept-referral', facts));
  return next(
    transition(v1, assessment, 'complete-assessment', { ...facts, now: '2026-03-10T09:00:00Z' }),
  );
}

describe('migrateSnapshot', () => {
  it('moves a running case to the new version, keeping when it entered its state', () => {
    const migrated = migrateSnapshot(v1, v2, inStrategy(), fullMapping);
    assert.equal(migrated.snapshot.workflowVersion, 2);
    assert.equal(migrated.snapshot.value, 'enquiry');
    assert.deepEqual(migrated.snapshot.entered, [
      { state: 'enquiry', at: '2026-03-10T09:00:00.000Z' },
    ]);
    assert.deepEqual(
      migrated.stages.map((s) => s.title),
      ['Section 47 enquiry'],
    );
    const after = transition(v2, migrated.snapshot, 'strategy-discussion-held', {
      now: '2026-03-11T09:00:00Z',
      actor: practitioner,
    });
    assert.equal(next(after).value, 'enquiry');
    assert.deepEqual(
      next(after).deadlines.map((d) => d.dueOn),
      ['2026-04-01'],
    );
  });

  it('survives a JSON round trip of the migrated snapshot', () => {
    const migrated = migrateSnapshot(v1, v2, inStrategy(), fullMapping).snapshot;
    assert.deepEqual(JSON.parse(JSON.stringify(migrated)), migrated);
  });

  it('maps each region of a parallel state, and fills in initial children of a compound target', () => {
    const plan = { ...inStrategy(), value: { plan: { visits: 'due', reviews: 'laterReviews' } } };
    plan.entered = [
      { state: 'plan', at: START },
      { state: 'plan.visits', at: START },
      { state: 'plan.visits.due', at: '2026-04-01T09:00:00.000Z' },
      { state: 'plan.reviews', at: START },
      { state: 'plan.reviews.laterReviews', at: '2026-05-01T09:00:00.000Z' },
    ];
    const planned = migrateSnapshot(v1, v2, plan, {
      ...fullMapping,
      'plan.reviews.laterReviews': 'plan.reviews',
    });
    assert.deepEqual(planned.snapshot.value, { plan: { visits: 'due', reviews: 'firstReview' } });
    const entered = Object.fromEntries(planned.snapshot.entered.map((e) => [e.state, e.at]));
    assert.equal(entered['plan.visits.due'], '2026-04-01T09:00:00.000Z');
    assert.equal(entered['plan.reviews.firstReview'], '2026-05-01T09:00:00.000Z');
    assert.equal(entered.plan, '2026-04-01T09:00:00.000Z');
  });

  it('refuses an incomplete mapping, listing every state left out, whatever state the case is in', () => {
    const { strategy: _left, closed: _out, ...partial } = fullMapping;
    assert.throws(
      () => migrateSnapshot(v1, v2, inStrategy(), partial),
      (error: EngineError) => {
        assert.equal(error.code, 'LF_MIGRATION_INVALID');
        assert.deepEqual(
          (error.details as MappingProblem[]).map((p) => [p.code, p.state]),
          [
            ['unmapped-state', 'strategy'],
            ['unmapped-state', 'closed'],
          ],
        );
        return true;
      },
    );
  });

  it('refuses a mapping to a state the new version does not have, or from one the old never had', () => {
    const mapping = { ...fullMapping, strategy: 'strategy', ghost: 'closed' };
    assert.throws(
      () => migrateSnapshot(v1, v2, inStrategy(), mapping),
      (error: EngineError) =>
        JSON.stringify((error.details as MappingProblem[]).map((p) => [p.code, p.state])) ===
        JSON.stringify([
          ['unknown-target-state', 'strategy'],
          ['unknown-source-state', 'ghost'],
        ]),
    );
  });

  it('refuses a mapping that would put a case in two states of the same parallel-free parent', () => {
    const plan = { ...inStrategy(), value: { plan: { visits: 'due', reviews: 'firstReview' } } };
    plan.entered = [];
    const mapping = {
      ...fullMapping,
      'plan.visits.due': 'closing',
      'plan.reviews.firstReview': 'closed',
    };
    assert.throws(
      () => migrateSnapshot(v1, v2, plan, mapping),
      (error: EngineError) =>
        (error.details as MappingProblem[])[0]?.code === 'conflicting-targets',
    );
  });

  it('refuses a snapshot that is not on the version it is moved from', () => {
    const migrated = migrateSnapshot(v1, v2, inStrategy(), fullMapping).snapshot;
    assert.throws(
      () => migrateSnapshot(v1, v2, migrated, fullMapping),
      (error: EngineError) => error.code === 'LF_WORKFLOW_MISMATCH',
    );
  });
});
