import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { lintWorkflow } from '../../engine/index.ts';
import type {
  TransitionConfig,
  WorkflowDefinition,
} from '../../schemas/generated/workflow-definition.ts';
import {
  addState,
  addTransition,
  describeWorkflowChanges,
  EditRefused,
  eventFromLabel,
  findingsByState,
  flattenOutline,
  outlineOf,
  removeState,
  removeTransition,
  renameState,
  setDeadline,
  setEventRoles,
  setForms,
  setSignOff,
  targetText,
  transitionsInto,
  updateTransition,
} from '../../ui/src/workflows/edit-workflow.ts';

const pack = JSON.parse(
  await readFile(
    new URL('../../schemas/packs/child-protection/workflow.json', import.meta.url),
    'utf8',
  ),
) as WorkflowDefinition;
const forms = [
  'contact',
  'assessment',
  'strategy-discussion',
  'section-47-enquiry',
  'conference',
  'child-protection-plan',
  'review-conference',
  'closure',
].map((id) => ({ id, title: id, fields: [] }));
const lint = (d: WorkflowDefinition) => lintWorkflow(d, { forms } as never);

/** The family network meeting between the conference and the plan, as the admin builds it. */
function withFamilyNetworkMeeting(): WorkflowDefinition {
  let d = addState(pack, { title: 'Family network meeting', after: 'initialConference' });
  d = updateTransition(d, 'initialConference', 'record-conference-decision', 0, {
    target: 'familyNetworkMeeting',
    description: 'Record the conference’s decision',
    guard: (
      pack.machine.states.initialConference!.on!['record-conference-decision'] as TransitionConfig[]
    )[0]!.guard,
  });
  d = addTransition(d, 'familyNetworkMeeting', {
    event: 'hold-family-network-meeting',
    target: 'plan',
    description: 'Record the family network meeting',
  });
  d = setEventRoles(d, 'familyNetworkMeeting', 'hold-family-network-meeting', [
    'practitioner',
    'manager',
  ]);
  d = setDeadline(d, 'familyNetworkMeeting', {
    label: 'Family network meeting held',
    amount: 5,
    unit: 'workingDays',
    from: { stateEntered: true },
  });
  return setForms(d, 'familyNetworkMeeting', [{ id: 'child-protection-plan', required: false }]);
}

describe('workflow designer edits', () => {
  it('reads the pack as cards in reading order from the initial state, children inside parents', () => {
    const outline = outlineOf(pack);
    assert.deepEqual(
      outline.map((s) => s.path),
      [
        'referralAndAssessment',
        'initialConference',
        'transferInConference',
        'plan',
        'closure',
        'closed',
      ],
    );
    assert.deepEqual(
      outline[0]!.children.map((s) => s.title),
      ['Contact and referral', 'Assessment', 'Strategy discussion', 'Section 47 enquiry'],
    );
    const plan = outline.find((s) => s.path === 'plan')!;
    assert.equal(plan.kind, 'parallel');
    assert.deepEqual(
      plan.children.map((s) => s.path),
      ['plan.coreGroup', 'plan.reviews'],
    );
  });

  it('puts each transition in words: event, target, guard, sign-off, deadline and who', () => {
    const all = flattenOutline(
      outlineOf(pack, (id) => (id === 'contact' ? 'Contact and referral' : id)),
    );
    const referral = all.find((s) => s.path === 'referralAndAssessment.referral')!;
    assert.equal(
      referral.transitions[0]!.words,
      'When “Record the decision on the contact” → go to Assessment; only if the decision on the contact on the Contact and referral form is "assessment"; late after Decision on the contact: 1 working day from entering the stage; done by a practitioner or a manager',
    );
    const closure = all.find((s) => s.path === 'closure')!;
    assert.equal(
      closure.transitions[0]!.words,
      'When “Close the case or step it down” → go to Closed; needs sign-off by a manager; done by a practitioner or a manager',
    );
    const ongoing = all.find((s) => s.path === 'plan.coreGroup.ongoing')!;
    assert.match(ongoing.transitions[0]!.words, /→ stay here and record it/);
  });

  it('adds a stage with a stable id from its first title, and a rename keeps the id', () => {
    const d = addState(pack, { title: 'Family network meeting', after: 'initialConference' });
    assert.deepEqual(Object.keys(d.machine.states).slice(0, 5), [
      'referralAndAssessment',
      'initialConference',
      'familyNetworkMeeting',
      'transferInConference',
      'plan',
    ]);
    assert.deepEqual(d.stages.familyNetworkMeeting, { title: 'Family network meeting' });
    const renamed = renameState(d, 'familyNetworkMeeting', 'Family group conference');
    assert.equal(renamed.stages.familyNetworkMeeting!.title, 'Family group conference');
    assert.ok(renamed.machine.states.familyNetworkMeeting);
    const again = addState(d, { title: 'Family network meeting' });
    assert.ok(again.machine.states.familyNetworkMeeting2, 'a second one gets a new id');
    assert.equal(pack.machine.states.familyNetworkMeeting, undefined, 'the original is unchanged');
  });

  it('builds a stage between the conference and the plan that lints clean', () => {
    const d = withFamilyNetworkMeeting();
    assert.deepEqual(lint(d).errors, []);
    const outline = outlineOf(d).map((s) => s.path);
    assert.deepEqual(outline.slice(1, 4), [
      'initialConference',
      'familyNetworkMeeting',
      'transferInConference',
    ]);
    const card = outlineOf(d).find((s) => s.path === 'familyNetworkMeeting')!;
    assert.equal(
      card.deadlineWords,
      'Family network meeting held: 5 working days from entering the stage',
    );
    assert.equal(
      card.transitions[0]!.words,
      'When “Record the family network meeting” → go to Child protection plan; late after Family network meeting held: 5 working days from entering the stage; done by a practitioner or a manager',
    );
    assert.equal(
      (
        d.machine.states.initialConference!.on!['record-conference-decision'] as {
          target: string;
        }[]
      )[0]!.target,
      'familyNetworkMeeting',
    );
  });

  it('leaves transitions into a removed state pointing nowhere, which lint puts on their card', () => {
    const d = withFamilyNetworkMeeting();
    assert.equal(transitionsInto(d, 'familyNetworkMeeting').length, 1);
    const removed = removeState(d, 'familyNetworkMeeting');
    assert.equal(removed.stages.familyNetworkMeeting, undefined);
    const found = lint(removed);
    const byState = findingsByState(
      removed,
      found.errors.map((f) => ({ ...f, severity: 'error' as const })),
    );
    assert.deepEqual(
      byState.get('initialConference')?.map((f) => f.code),
      ['unknown-target'],
    );
    const card = outlineOf(removed).find((s) => s.path === 'initialConference')!;
    assert.equal(card.transitions[0]!.target, null);
  });

  it('refuses to remove the state a parent starts in, and edits of states that do not exist', () => {
    assert.throws(() => removeState(pack, 'referralAndAssessment'), EditRefused);
    assert.throws(() => removeState(pack, 'referralAndAssessment.referral'), /starts/);
    assert.throws(() => renameState(pack, 'nowhere', 'x'), /no state/);
    assert.throws(() => addTransition(pack, 'closed', { event: 'x', target: 'closure' }), /final/);
    assert.throws(() => addState(pack, { title: '  ' }), /title/);
  });

  it('names targets as siblings by key and other states by the machine id', () => {
    assert.equal(targetText(pack, 'closure', 'closed'), 'closed');
    assert.equal(
      targetText(pack, 'referralAndAssessment.referral', 'closure'),
      '#child-protection.closure',
    );
  });

  it('removes a transition, and with the event’s last one its roles and sign-off', () => {
    const d = removeTransition(pack, 'closure', 'close-case', 0);
    assert.equal(d.machine.states.closure!.on, undefined);
    assert.equal(d.stages.closure!.roles, undefined);
    assert.equal(d.stages.closure!.signOff, undefined);
    const one = removeTransition(pack, 'initialConference', 'record-conference-decision', 1);
    assert.equal(
      (
        one.machine.states.initialConference!.on!['record-conference-decision'] as {
          target: string;
        }
      ).target,
      'plan',
    );
  });

  it('sets and clears sign-off, roles and deadlines from calendar days to months', () => {
    let d = setSignOff(pack, 'initialConference', 'record-conference-decision', ['manager']);
    assert.deepEqual(d.stages.initialConference!.signOff, [
      { event: 'record-conference-decision', by: ['manager'] },
    ]);
    d = setSignOff(d, 'initialConference', 'record-conference-decision', []);
    assert.equal(d.stages.initialConference!.signOff, undefined);
    d = setDeadline(d, 'closure', {
      label: 'Closed',
      amount: 2,
      unit: 'months',
      from: { event: 'conclude-enquiry' },
    });
    assert.equal(
      outlineOf(d).find((s) => s.path === 'closure')!.deadlineWords,
      'Closed: 2 months from the last “Conclude the section 47 enquiry”',
    );
    assert.throws(() => setDeadline(d, 'closure', { label: 'x', amount: 1.5, unit: 'months' }));
    d = setDeadline(d, 'closure', undefined);
    assert.equal(d.stages.closure!.deadline, undefined);
  });

  it('makes event names from words, never twice the same', () => {
    assert.equal(
      eventFromLabel('Hold the family network meeting', []),
      'hold-the-family-network-meeting',
    );
    assert.equal(eventFromLabel('Close', ['close']), 'close-2');
    assert.equal(eventFromLabel('1st visit', []), 'event-1st-visit');
  });

  it('describes what changed between versions in sentences', () => {
    const changes = describeWorkflowChanges(pack, withFamilyNetworkMeeting());
    assert.ok(changes.includes('Stage “Family network meeting” added'));
    assert.ok(
      changes.some((c) =>
        c.startsWith(
          'Initial child protection conference: When “Record the conference’s decision” → go to Family network meeting',
        ),
      ),
      changes.join('\n'),
    );
    assert.deepEqual(describeWorkflowChanges(pack, pack), []);
  });
});
