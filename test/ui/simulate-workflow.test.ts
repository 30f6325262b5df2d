import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { WorkflowDefinition } from '../../schemas/generated/workflow-definition.ts';
import { addState, addTransition, updateTransition } from '../../ui/src/workflows/edit-workflow.ts';
import { decisionsOf, everyPath, simulate } from '../../ui/src/workflows/simulate-workflow.ts';

const pack = JSON.parse(
  await readFile(
    new URL('../../schemas/packs/child-protection/workflow.json', import.meta.url),
    'utf8',
  ),
) as WorkflowDefinition;

const toConference = {
  'contact/referralDecision': 'strategy-discussion',
  'strategy-discussion/strategyDecision': 'section-47',
  'section-47-enquiry/enquiryOutcome': 'conference',
  'conference/conferenceDecision': 'plan',
  'review-conference/reviewDecision': 'end-plan',
};

describe('workflow simulator', () => {
  it('lists every decision the guards read, with the values that pick a branch', () => {
    const contact = decisionsOf(pack).find((d) => d.form === 'contact')!;
    assert.equal(contact.field, 'referralDecision');
    assert.equal(contact.label, 'decision on the contact');
    assert.deepEqual(contact.values, [
      'assessment',
      'strategy-discussion',
      'transfer-in',
      'no-further-action',
    ]);
    assert.deepEqual(decisionsOf(pack).find((d) => d.form === 'assessment')!.values, [
      'strategy-discussion',
      'child-in-need-plan',
      'no-further-action',
    ]);
  });

  it('walks a case to closure with due dates on working days, skipping Christmas bank holidays', () => {
    // Friday 18 December 2026: the referral is decided on Monday 21st (1 working day).
    const run = simulate(pack, toConference, '2026-12-18');
    assert.equal(run.ends, 'closed');
    const byTitle = (title: string) => run.stages.find((s) => s.title === title)!;
    assert.equal(byTitle('Contact and referral').dueOn, '2026-12-21');
    assert.equal(byTitle('Strategy discussion').enteredOn, '2026-12-21');
    // 15 working days from the strategy discussion on the 21st skip 25 and 28 December and
    // 1 January (bank holidays in England and Wales): due 14 January 2027, not 11 January.
    assert.equal(byTitle('Initial child protection conference').dueOn, '2027-01-14');
    // Each step is taken on its due date: the plan starts on the 14th, the core group is due
    // 10 working days later, the first review 3 months later.
    assert.equal(byTitle('First core group meeting').dueOn, '2027-01-28');
    assert.equal(byTitle('First review conference').dueOn, '2027-04-14');
    assert.deepEqual(run.stages.map((s) => s.title).slice(-2), ['Step down or closure', 'Closed']);
    assert.equal(
      run.stages.find((s) => s.title === 'Reviews'),
      undefined,
      'regions are not stages',
    );
    const closure = byTitle('Step down or closure');
    assert.deepEqual(closure.left?.signOffBy, ['manager']);
    assert.deepEqual(closure.forms, [{ id: 'closure', required: true }]);
  });

  it('stops where no answer given leads on', () => {
    const run = simulate(pack, {}, '2026-03-02');
    assert.equal(run.ends, 'stuck');
    assert.deepEqual(
      run.stages.map((s) => s.title),
      ['Referral and assessment', 'Contact and referral'],
    );
  });

  it('lists the simple paths, and flags one that can never end', () => {
    const paths = everyPath(pack);
    assert.ok(paths.length > 5);
    assert.ok(paths.every((p) => p.ends !== 'stuck'));
    const shortest = paths.reduce((a, b) => (a.stages.length <= b.stages.length ? a : b));
    assert.deepEqual(shortest.stages, [
      'Referral and assessment',
      'Contact and referral',
      'Step down or closure',
      'Closed',
    ]);
    assert.equal(shortest.forms, 2);
    // A stage the conference leads to, with no way out.
    let d = addState(pack, { title: 'Family network meeting', after: 'initialConference' });
    d = updateTransition(d, 'initialConference', 'record-conference-decision', 0, {
      target: 'familyNetworkMeeting',
    });
    assert.ok(
      everyPath(d).some((p) => p.ends === 'stuck' && p.stages.at(-1) === 'Family network meeting'),
    );
    d = addTransition(d, 'familyNetworkMeeting', { event: 'hold', target: 'plan' });
    assert.ok(everyPath(d).every((p) => p.ends !== 'stuck'));
  });
});
