import assert from 'node:assert/strict';
import type { Finding } from '../../engine/index.ts';
import { EngineError, isEngineError, loadWorkflow } from '../../engine/index.ts';
import { fixtureDefinition, fixtureForms } from './fixtures.ts';

function loadError(definition: unknown): EngineError {
  try {
    loadWorkflow(definition, { forms: fixtureForms });
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  assert.fail('expected loadWorkflow to refuse the definition');
}

describe('loadWorkflow', () => {
  it('loads the fixture with its id, version, title and no warnings', () => {
    const workflow = loadWorkflow(fixtureDefinition(), { forms: fixtureForms });
    assert.deepEqual(
      [workflow.id, workflow.version, workflow.title, workflow.warnings],
      ['child-protection-test', 1, 'Child protection (test fixture)', []],
    );
    assert.equal(workflow.formTitle('assessment'), 'Assessment');
    assert.equal(workflow.eventLabel('close'), 'Close the case');
    // An event the definition gives no label is named from its type, as forms name fields.
    assert.equal(workflow.eventLabel('notify_police-now'), 'Notify police now');
    assert.equal(workflow.eventLabel('refer-to-CAMHS'), 'Refer to CAMHS');
    assert.equal(workflow.eventLabel('review-held'), 'Record a review conference');
  });

  it('knows which forms’ answers its guards read, inside and/or/not too, and not the forms only checked as submitted', () => {
    const workflow = loadWorkflow(fixtureDefinition(), { forms: fixtureForms });
    // "review" is read only inside an "and"; "plan" is only ever checked as submitted.
    assert.deepEqual([...workflow.answersRead].sort(), [
      'assessment',
      'conference',
      'contact',
      'enquiry',
      'review',
    ]);
  });

  it('throws one LF_WORKFLOW_INVALID error whose details list every problem with path, state and event', () => {
    const definition = fixtureDefinition();
    definition.machine.states.strategy!.on!['strategy-discussion-held'] = { target: 'nowhere' };
    definition.stages.closing!.forms = [{ id: 'missing-form', required: true }];
    definition.stages.closing!.roles!.close = ['chief'];
    const error = loadError(definition);
    assert.equal(error.code, 'LF_WORKFLOW_INVALID');
    const details = error.details as Finding[];
    assert.deepEqual(
      details.map((d) => [d.code, d.path, d.state, d.event]),
      [
        [
          'unknown-target',
          '/machine/states/strategy/on/strategy-discussion-held/target',
          'strategy',
          'strategy-discussion-held',
        ],
        ['unknown-form', '/stages/closing/forms/0/id', 'closing', undefined],
        ['unknown-role', '/stages/closing/roles/close/0', 'closing', 'close'],
      ],
    );
    assert.match(error.message, /"child-protection-test" version 1 has 3 problems/);
  });

  it('refuses values that are not definitions at all', () => {
    for (const hostile of [null, 42, 'workflow', [], {}, { id: 'x', version: 1 }]) {
      const error = loadError(hostile);
      assert.ok(isEngineError(error, 'LF_WORKFLOW_INVALID'), JSON.stringify(hostile));
      assert.ok((error.details as Finding[]).length > 0);
    }
  });

  it('refuses XState features the engine cannot keep pure: actions, invocations, delays, history', () => {
    for (const extra of [
      { entry: [{ type: 'sendEmail' }] },
      { invoke: { src: 'fetchRecords' } },
      { after: { 1000: 'closed' } },
      { always: 'closed' },
      { type: 'history' },
    ]) {
      const definition = fixtureDefinition();
      Object.assign(definition.machine.states.referral!, extra);
      const error = loadError(definition);
      assert.ok(
        (error.details as Finding[]).every((d) => d.code === 'schema'),
        JSON.stringify(extra),
      );
    }
  });

  it('refuses state keys with dots and wildcard event names', () => {
    const definition = fixtureDefinition();
    const states = definition.machine.states as Record<string, unknown>;
    states['a.b'] = { type: 'final' };
    definition.machine.states.strategy!.on = { '*': 'enquiry' };
    const details = loadError(definition).details as Finding[];
    assert.ok(details.some((d) => d.message.includes('"a.b"')));
    assert.ok(details.some((d) => d.message.includes('"*"')));
  });

  it('refuses a definition nested deep enough to exhaust the stack, without throwing anything else', () => {
    let deep: Record<string, unknown> = { type: 'final' };
    for (let i = 0; i < 10_000; i++) deep = { initial: 's', states: { s: deep } };
    const definition = { ...fixtureDefinition(), machine: deep };
    const details = loadError(definition).details as Finding[];
    assert.deepEqual(
      details.map((d) => d.code),
      ['too-deep'],
    );
  });

  it('refuses a definition with an unreasonable number of values', () => {
    const definition = fixtureDefinition() as unknown as Record<string, unknown>;
    definition.description = undefined;
    (definition as { stages: Record<string, unknown> }).stages.referral = {
      title: 'Referral',
      documents: Array.from({ length: 200_000 }, (_, i) => `doc-${i}`),
    };
    assert.deepEqual(
      (loadError(definition).details as Finding[]).map((d) => d.code),
      ['too-large'],
    );
  });

  it('refuses state and event names like "constructor" that collide with built-in names', () => {
    const definition = {
      id: 'proto',
      version: 1,
      title: 'Prototype names',
      machine: {
        initial: 'constructor',
        states: {
          constructor: { on: { toString: 'hasOwnProperty' } },
          hasOwnProperty: { type: 'final' },
        },
      },
      stages: {
        constructor: { title: 'Start', roles: { toString: ['practitioner'] } },
        hasOwnProperty: { title: 'End' },
      },
    };
    const error = loadError(definition);
    assert.deepEqual(
      (error.details as Finding[]).map((d) => [d.code, d.state, d.event]),
      [
        ['reserved-name', 'constructor', undefined],
        ['reserved-name', 'constructor', 'toString'],
        ['reserved-name', 'hasOwnProperty', undefined],
      ],
    );
  });

  it('refuses a guard named after a built-in, and its __proto__ params pollute nothing', () => {
    const definition = fixtureDefinition();
    definition.machine.states.closing!.on!.close = {
      target: 'closed',
      guard: JSON.parse('{"type": "toString", "params": {"__proto__": {"polluted": true}}}'),
    };
    const details = loadError(definition).details as Finding[];
    assert.deepEqual(
      details.map((d) => d.code),
      ['unknown-guard'],
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
