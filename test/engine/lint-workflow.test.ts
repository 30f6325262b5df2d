import assert from 'node:assert/strict';
import type { Finding, WorkflowDefinition } from '../../engine/index.ts';
import { lintWorkflow } from '../../engine/index.ts';
import { fixtureDefinition, fixtureForms } from './fixtures.ts';

type Machine = WorkflowDefinition['machine'];

function lint(change: (d: WorkflowDefinition) => void) {
  const definition = fixtureDefinition();
  change(definition);
  return lintWorkflow(definition, { forms: fixtureForms });
}

function only(findings: Finding[], code: string): Finding[] {
  return findings.filter((f) => f.code === code);
}

/** A tiny valid workflow: open → closed. */
function tiny(): WorkflowDefinition {
  return {
    id: 'tiny',
    version: 1,
    title: 'Tiny',
    machine: {
      initial: 'open',
      states: { open: { on: { close: 'closed' } }, closed: { type: 'final' } },
    },
    stages: {
      open: { title: 'Open', roles: { close: ['practitioner'] } },
      closed: { title: 'Closed' },
    },
  };
}

function lintTiny(change: (d: WorkflowDefinition, m: Machine) => void) {
  const definition = tiny();
  change(definition, definition.machine);
  return lintWorkflow(definition, { forms: fixtureForms });
}

describe('lintWorkflow', () => {
  it('finds nothing wrong with the fixture workflow', () => {
    assert.deepEqual(
      lint(() => {}),
      { errors: [], warnings: [] },
    );
  });

  it('reports meta-schema problems with their JSON pointers, states and events', () => {
    const { errors } = lint((d) => {
      (d as { title?: string }).title = undefined;
      (d.machine.states.referral as Record<string, unknown>).entry = ['sendEmail'];
      (d.machine.states.strategy!.on as Record<string, unknown>)['bad.event'] = 'enquiry';
    });
    assert.ok(errors.some((e) => e.path === '' && /needs "title"/.test(e.message)));
    const entry = errors.find((e) => e.path === '/machine/states/referral/entry');
    assert.equal(entry?.state, 'referral');
    assert.match(entry?.message ?? '', /"entry", which is not allowed/);
    const named = errors.find((e) => /bad\.event/.test(e.message));
    assert.equal(named?.state, 'strategy');
  });

  it('reports a badly named state and a transition pointing nowhere together, each at its state', () => {
    const { errors } = lintTiny((d, m) => {
      m.states['Family meeting'] = { type: 'final' };
      m.states.open!.on!.close = { target: 'nowhere' };
      d.stages.open!.roles = { close: ['practitioner'] };
    });
    assert.deepEqual(
      errors.map((e) => [e.code, e.state, e.event ?? null, e.path]),
      [
        ['schema', 'Family meeting', null, '/machine/states/Family meeting'],
        ['unknown-target', 'open', 'close', '/machine/states/open/on/close/target'],
      ],
    );
    assert.match(errors[0]!.message, /The state name "Family meeting" is not allowed/);
  });

  it('names a stage with a bad name as a stage, at its state', () => {
    const { errors } = lintTiny((d) => {
      (d.stages as Record<string, unknown>)['Family meeting'] = { title: 'Family meeting' };
    });
    const bad = errors.filter((e) => e.code === 'schema');
    assert.deepEqual(
      bad.map((e) => [e.state, e.path]),
      [['Family meeting', '/stages/Family meeting']],
    );
    assert.match(bad[0]!.message, /^The stage name "Family meeting" is not allowed/);
  });

  it('reports only the meta-schema when the machine cannot be read', () => {
    const definition = { ...tiny(), machine: { initial: 'open', states: 'open' } };
    const { errors } = lintWorkflow(definition, { forms: fixtureForms });
    assert.ok(errors.length > 0);
    assert.ok(errors.every((e) => e.code === 'schema'));
  });

  it('reports a target that is not a state', () => {
    const { errors } = lint((d) => {
      d.machine.states.strategy!.on!['strategy-discussion-held'] = { target: 'enquirry' };
    });
    assert.deepEqual(
      only(errors, 'unknown-target').map((e) => [e.path, e.state, e.event]),
      [
        [
          '/machine/states/strategy/on/strategy-discussion-held/target',
          'strategy',
          'strategy-discussion-held',
        ],
      ],
    );
  });

  it('reports an id target outside the machine and a sibling target from the root', () => {
    const { errors } = lintTiny((_d, m) => {
      m.states.open!.on!.close = { target: '#other.closed' };
      m.on = { reset: 'open' };
    });
    assert.equal(only(errors, 'unknown-target').length, 2);
  });

  it('reports an unknown guard, naming the ones that exist', () => {
    const { errors } = lint((d) => {
      d.machine.states.strategy!.on!['strategy-discussion-held'] = {
        target: 'enquiry',
        guard: { type: 'formIsDone', params: {} },
      };
    });
    const [found] = only(errors, 'unknown-guard');
    assert.equal(found?.event, 'strategy-discussion-held');
    assert.match(found?.message ?? '', /no guard called "formIsDone".*formsSubmitted/);
  });

  it('reports guard params that are missing or of the wrong kind, inside combinators too', () => {
    const { errors } = lintTiny((_d, m) => {
      m.states.open!.on!.close = {
        target: 'closed',
        guard: {
          type: 'and',
          params: { guards: [{ type: 'formFieldIn', params: { form: 'assessment', field: 'x' } }] },
        },
      };
    });
    const [found] = only(errors, 'invalid-guard-params');
    assert.equal(found?.path, '/machine/states/open/on/close/guard/params/guards/0/params');
    assert.match(found?.message ?? '', /"values"/);
  });

  it('reports forms that do not exist, in stages and in guards', () => {
    const { errors } = lint((d) => {
      d.stages.strategy!.forms = [{ id: 'strategy-notes', required: true }];
      d.machine.states.closing!.on!.close = {
        target: 'closed',
        guard: { type: 'formsSubmitted', params: { forms: ['closure-form'] } },
      };
    });
    assert.deepEqual(
      only(errors, 'unknown-form').map((e) => e.path),
      ['/machine/states/closing/on/close/guard/params', '/stages/strategy/forms/0/id'],
    );
  });

  it('reports roles that do not exist, in stages and in actorHasRole', () => {
    const { errors } = lint((d) => {
      d.stages.closing!.roles = { close: ['practitioner', 'team_manager'] };
      d.machine.states.closing!.on!.close = {
        target: 'closed',
        guard: { type: 'actorHasRole', params: { roles: ['boss'] } },
      };
    });
    const found = only(errors, 'unknown-role');
    assert.equal(found.length, 2);
    assert.ok(found.some((f) => f.path === '/stages/closing/roles/close/1' && f.event === 'close'));
  });

  it('reports a sign-off that names no role, or a role that does not exist', () => {
    const { errors } = lint((d) => {
      d.stages.closing!.signOff = [{ event: 'close', by: [] }];
      d.stages.plan!.signOff = [{ event: 'end-plan', by: ['manager', 'boss'] }];
    });
    assert.deepEqual(
      only(errors, 'sign-off-without-roles').map((e) => e.path),
      ['/stages/closing/signOff/0/by'],
    );
    assert.deepEqual(
      only(errors, 'unknown-role').map((e) => [e.path, e.message]),
      [
        [
          '/stages/plan/signOff/0/by/1',
          'The role "boss" given "end-plan" does not exist. Use practitioner, manager, practice_lead or admin.',
        ],
      ],
    );
  });

  it('reports a deadline with no anchor', () => {
    const { errors } = lint((d) => {
      d.stages.assessment!.deadline = { label: 'Assessment', amount: 45, unit: 'workingDays' };
    });
    assert.deepEqual(
      only(errors, 'deadline-without-anchor').map((e) => [e.path, e.state]),
      [['/stages/assessment/deadline', 'assessment']],
    );
  });

  it('reports a deadline anchored on an event no state accepts', () => {
    const { errors } = lint((d) => {
      d.stages.enquiry!.deadline!.from = { event: 'strategy-meeting' };
    });
    assert.equal(only(errors, 'unknown-anchor-event').length, 1);
  });

  it('reports an event that no stage allows anyone to send', () => {
    const { errors } = lint((d) => {
      d.stages.closing!.roles = {};
    });
    assert.deepEqual(
      only(errors, 'event-without-role').map((e) => [e.state, e.event]),
      [['closing', 'close']],
    );
  });

  it('warns about a state no transition leads to', () => {
    const { errors, warnings } = lintTiny((d, m) => {
      m.states.limbo = { on: { close: 'closed' } };
      d.stages.limbo = { title: 'Limbo', roles: { close: ['manager'] } };
    });
    assert.deepEqual(errors, []);
    assert.deepEqual(
      only(warnings, 'unreachable-state').map((w) => w.state),
      ['limbo'],
    );
  });

  it('reports a non-final state with no way out', () => {
    const { errors } = lintTiny((d, m) => {
      m.states.open!.on!.park = 'parked';
      m.states.parked = {};
      d.stages.open!.roles!.park = ['practitioner'];
      d.stages.parked = { title: 'Parked' };
    });
    assert.deepEqual(
      only(errors, 'dead-end-state').map((e) => e.state),
      ['parked'],
    );
  });

  it('accepts a parallel region that waits while another region leads out', () => {
    const { errors } = lint((d) => {
      d.machine.states.plan!.states!.visits!.states!.due!.on = {};
      d.stages['plan.visits.due']!.roles = {};
    });
    assert.deepEqual(only(errors, 'dead-end-state'), []);
  });

  it('reports a nested final state that nothing leads out of', () => {
    const { errors } = lintTiny((d, m) => {
      m.states.open = { initial: 'a', states: { a: { on: { close: 'b' } }, b: { type: 'final' } } };
      d.stages.open!.roles = { close: ['practitioner'] };
    });
    assert.deepEqual(
      only(errors, 'dead-end-state').map((e) => e.state),
      ['open.b'],
    );
  });

  it('reports a compound state with a missing or unknown initial state', () => {
    const missing = lintTiny((_d, m) => {
      m.states.open = { states: { a: { on: { close: '#tiny.closed' } } } };
    });
    assert.equal(only(missing.errors, 'missing-initial')[0]?.state, 'open');
    const unknown = lintTiny((_d, m) => {
      m.initial = 'start';
    });
    assert.equal(only(unknown.errors, 'unknown-initial')[0]?.path, '/machine/initial');
  });

  it('reports a stage for a state that does not exist', () => {
    const { errors } = lint((d) => {
      d.stages['plan.visits.overdue'] = { title: 'Overdue' };
    });
    assert.deepEqual(
      only(errors, 'unknown-stage-state').map((e) => e.state),
      ['plan.visits.overdue'],
    );
  });

  it('warns about a state with no stage, and about roles and sign-offs for events it never receives', () => {
    const { errors, warnings } = lint((d) => {
      Reflect.deleteProperty(d.stages, 'closed');
      d.stages.closing!.roles!['visit-made'] = ['practitioner'];
      d.stages.closing!.signOff = [
        { event: 'close', by: ['manager'] },
        { event: 'decide', by: ['manager'] },
      ];
    });
    assert.deepEqual(errors, []);
    assert.deepEqual(
      only(warnings, 'state-without-stage').map((w) => w.state),
      ['closed'],
    );
    assert.deepEqual(
      only(warnings, 'roles-for-unaccepted-event').map((w) => w.event),
      ['visit-made'],
    );
    assert.deepEqual(
      only(warnings, 'sign-off-for-unaccepted-event').map((w) => w.path),
      ['/stages/closing/signOff/1'],
    );
  });
});
