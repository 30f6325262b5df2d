import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  type Actor,
  type CaseSnapshot,
  deadlineProgress,
  describeReason,
  englandAndWales,
  englishReasonWords,
  lintWorkflow,
  type StageView,
  type SubmissionFact,
  startCase,
  type TransitionResult,
  transition,
} from '../../engine/index.ts';
import {
  type EarlierSubmission,
  formBurden,
  lintForm,
  packBurden,
  prefillFor,
  validateSubmission,
} from '../../forms/index.ts';
import { walkWorkflowPaths } from '../engine/walk-paths.ts';
import { formSummaries, loadChildProtectionPack, packDir } from './child-protection-pack.ts';
import {
  decisionChoices,
  decisionFields,
  decisionFor,
  sampleFormIds,
  sampleSubmission,
} from './sample-data.ts';

const pack = loadChildProtectionPack();
const { workflow, forms } = pack;

const practitioner: Actor = { id: 'sw-1', roles: ['practitioner'] };
const manager: Actor = { id: 'tm-1', roles: ['manager'] };

/** One step of a case: an event, the decision recorded for it, and when it happens. */
interface Step {
  event: string;
  choice?: string;
  at: string;
  reason?: string;
}

/**
 * A case played through the engine as a service would: before each event the required forms of
 * the stages the case is in are submitted (prefilled from earlier forms, then the sample answers
 * and the step's decision), and each submission must pass its form's validation.
 */
class CaseStory {
  snapshot: CaseSnapshot;
  stages: StageView[];
  readonly submissions: Record<string, SubmissionFact> = {};
  private readonly earlier: EarlierSubmission[] = [];

  constructor(at: string) {
    const started = startCase(workflow, { now: at, actor: practitioner });
    this.snapshot = started.snapshot;
    this.stages = started.stages;
  }

  /** Submits a form with the sample answers, the given answers on top; fails on invalid data. */
  submit(formId: string, at: string, answers: Record<string, unknown> = {}): void {
    const form = forms.get(formId);
    assert.ok(form, `the pack has no form "${formId}"`);
    const data = { ...sampleSubmission(formId), ...prefillFor(form, this.earlier), ...answers };
    const result = validateSubmission(form, data);
    assert.deepEqual(result.errors, [], `${formId} answers are not valid`);
    this.submissions[formId] = { status: 'submitted', data };
    this.earlier.push({ formId, data, submittedAt: at });
  }

  /** Fills the required forms of the current stages that have not been submitted yet. */
  fillRequiredForms(at: string): void {
    for (const stage of this.stages) {
      for (const form of stage.forms.filter((f) => f.required)) {
        if (!this.submissions[form.id]) this.submit(form.id, at);
      }
    }
  }

  /** Sends an event, as the actor given, after recording its decision. */
  send(step: Step, actor: Actor = manager, signOffs = {}): TransitionResult {
    this.fillRequiredForms(step.at);
    // The decision on top of what the form already says; other forms the event needs as sampled.
    const fields = decisionFields(step.event);
    for (const [formId, data] of Object.entries(decisionFor(step.event, step.choice))) {
      const decided = fields.find((d) => d.form === formId);
      this.submit(formId, step.at, decided ? { [decided.field]: data[decided.field] } : {});
    }
    const result = transition(workflow, this.snapshot, step.event, {
      now: step.at,
      actor,
      submissions: this.submissions,
      signOffs,
      ...(step.reason ? { reason: step.reason } : {}),
    });
    if (result.kind === 'accepted') {
      this.snapshot = result.snapshot;
      this.stages = result.stages;
    }
    return result;
  }

  /** Plays steps that must all be accepted. */
  play(...steps: Step[]): this {
    for (const step of steps) {
      const result = this.send(step);
      assert.equal(result.kind, 'accepted', `${step.event} was not taken: ${words(result)}`);
    }
    return this;
  }

  /** The due date of the deadline of a stage the case is in. */
  dueOn(state: string): string | null | undefined {
    return this.snapshot.deadlines.find((d) => d.state === state)?.dueOn;
  }
}

describe('the child protection pack', () => {
  describe('its definitions', () => {
    it('lists every form file of the pack and its workflow in pack.json', () => {
      const files = readdirSync(path.join(packDir, 'forms'))
        .filter((f) => f.endsWith('.json'))
        .map((f) => `forms/${f}`);
      assert.deepEqual([...pack.manifest.forms].sort(), files.sort());
      assert.deepEqual(pack.manifest.workflows, ['workflow.json']);
    });

    it('has forms that load and lint with no errors and no warnings', () => {
      for (const definition of pack.formDefinitions) {
        assert.deepEqual(lintForm(definition), [], `form ${String(definition.id)}`);
      }
      assert.equal(forms.size, pack.formDefinitions.length);
    });

    it('has a workflow that lints with no errors and no warnings against its forms', () => {
      const result = lintWorkflow(pack.workflowDefinition, { forms: formSummaries(forms) });
      assert.deepEqual(result, { errors: [], warnings: [] });
    });

    it('gives every event a plain-English label and lets practitioners and managers send it', () => {
      const events = new Set([...workflow.tree.byPath.values()].flatMap((n) => [...n.on.keys()]));
      for (const node of workflow.tree.byPath.values()) {
        for (const [event, transitions] of node.on) {
          for (const t of transitions) assert.ok(t.description, `${event} in ${node.path}`);
        }
      }
      for (const event of events) {
        const roles = [...workflow.stages.values()].flatMap((s) => s.roles.get(event) ?? []);
        assert.ok(roles.includes('practitioner') && roles.includes('manager'), event);
      }
      assert.equal(workflow.eventLabel('decide-referral'), 'Record the decision on the contact');
    });

    it('guards only decisions, each read from a form its stage requires', () => {
      const guarded = new Set<string>();
      for (const node of workflow.tree.byPath.values()) {
        for (const [event, transitions] of node.on) {
          for (const t of transitions.filter((t) => t.guard)) {
            guarded.add(event);
            assert.match(t.guard!.type, /^formField(Equals|In)$/, `${event} in ${node.path}`);
            const form = t.guard!.params!.form as string;
            const required = workflow.stages.get(node.path)?.forms.find((f) => f.id === form);
            assert.equal(required?.required, true, `${node.path} must require ${form}`);
          }
        }
      }
      assert.deepEqual([...guarded].sort(), [
        'complete-assessment',
        'conclude-enquiry',
        'decide-referral',
        'record-conference-decision',
        'record-review-decision',
        'record-strategy-discussion',
      ]);
    });

    it("offers a branch for every answer of each decision field, and reads only the field's answers", () => {
      for (const event of [
        'decide-referral',
        'complete-assessment',
        'record-strategy-discussion',
      ]) {
        checkDecisionField(event);
      }
      for (const event of ['conclude-enquiry', 'record-conference-decision']) {
        checkDecisionField(event);
      }
      checkDecisionField('record-review-decision');
    });

    it('asks for a manager to sign off closing the case', () => {
      assert.deepEqual(
        [...workflow.stages.values()].flatMap((s) => [...s.signOff]),
        [['close-case', ['manager']]],
      );
    });

    it('names a document template for every stage where a document is written', () => {
      const documents = new Set([...workflow.stages.values()].flatMap((s) => s.documents));
      for (const id of [
        'conference-report',
        'core-group-minutes',
        'chronology',
        'court-statement',
      ]) {
        assert.ok(documents.has(id), id);
      }
    });
  });

  describe('its forms', () => {
    it('record the child and the family once, on the contact form, for every sibling', () => {
      const contact = forms.get('contact')!;
      const family = contact.fields.filter((f) => f.family).map((f) => f.pointer);
      assert.deepEqual(family, ['/address', '/household']);
      for (const form of forms.values()) {
        if (form.id === 'contact') continue;
        assert.ok(
          form.fields.every((f) => !f.family),
          `${form.id} marks a family field again`,
        );
        for (const pointer of ['/child/fullName', '/child/dateOfBirth']) {
          const field = form.fieldByPointer.get(pointer);
          assert.deepEqual(field?.prefill, { form: 'contact', field: pointer.slice(1) }, form.id);
        }
      }
    });

    it('prefill every prefilled field from a field of the same type on another form of the pack', () => {
      for (const form of forms.values()) {
        for (const field of form.fields.filter((f) => f.prefill)) {
          const source = forms.get(field.prefill!.form);
          assert.ok(source && source.id !== form.id, `${form.id}${field.pointer}`);
          const from = source.fieldByPointer.get(`/${field.prefill!.field}`);
          assert.equal(from?.type, field.type, `${form.id}${field.pointer}`);
        }
      }
    });

    it('model the assessment on three questions and the voice of the child', () => {
      const labels = forms.get('assessment')!.fields.map((f) => f.label);
      for (const question of [
        'What are we worried about?',
        'What is working well?',
        'What needs to happen?',
        'What does the child say?',
      ]) {
        assert.ok(labels.includes(question), question);
      }
    });

    it('have sample answers that pass validation, and would refuse them without a decision', () => {
      assert.deepEqual([...sampleFormIds].sort(), [...forms.keys()].sort());
      for (const [id, form] of forms) {
        assert.deepEqual(validateSubmission(form, sampleSubmission(id)).errors, [], id);
        const choiceField = form.fields.find((f) => f.required && f.kind === 'choice');
        if (!choiceField) continue;
        const invalid = sampleSubmission(id, { [choiceField.key]: 'not-a-choice' });
        assert.equal(validateSubmission(form, invalid).ok, false, id);
      }
    });

    it('require the category of the plan only when the conference makes a plan', () => {
      const conference = forms.get('conference')!;
      const withoutCategory = sampleSubmission('conference', { category: undefined });
      delete withoutCategory.category;
      assert.equal(validateSubmission(conference, withoutCategory).ok, false);
      const noPlan = { ...withoutCategory, conferenceDecision: 'no-plan' };
      assert.deepEqual(validateSubmission(conference, noPlan).errors, []);
    });
  });

  describe('its burden', () => {
    const burden = packBurden([...forms.values()]);

    it('keeps every form to at most 25 questions and 12 required answers', () => {
      for (const form of burden.forms) {
        assert.ok(form.burden.fields <= 25, `${form.id} asks ${form.burden.fields} questions`);
        assert.ok(
          form.burden.requiredFields <= 12,
          `${form.id} requires ${form.burden.requiredFields}`,
        );
      }
    });

    it('asks under 120 questions in the whole pack, and none of them twice', () => {
      assert.ok(burden.fields < 120, `the pack asks ${burden.fields} questions`);
      assert.deepEqual(burden.duplicates, []);
    });

    it("is shown in the README's table exactly as formBurden measures it", () => {
      const readme = readFileSync(path.join(packDir, '../../../README.md'), 'utf8');
      const region = /<!-- pack:start -->([\s\S]*)<!-- pack:end -->/.exec(readme)?.[1] ?? '';
      const rows = burdenRows(region);
      const expected = [...forms.values()].map((form) => ({
        id: form.id,
        title: form.title,
        numbers: burdenNumbers(formBurden(form)),
      }));
      assert.equal(rows.forms.length, forms.size);
      assert.deepEqual(rows.forms, expected);
      assert.deepEqual(rows.total, burdenNumbers(burden));
    });
  });

  describe('every path through the workflow', () => {
    const walk = walkWorkflowPaths(workflow);

    it('is found by xstate/graph and replays through the engine, visiting every state', () => {
      assert.deepEqual(walk.failures, []);
      const never = [...workflow.tree.byPath.keys()].filter((p) => p && !walk.visited.has(p));
      assert.deepEqual(never, []);
      assert.ok(walk.paths.length >= 20, `only ${walk.paths.length} paths`);
    });

    it('is accepted by the engine with valid submissions of every form its stages require', () => {
      const problems: string[] = [];
      for (const { events, end, facts } of walk.paths) {
        const story = new CaseStory('2026-03-02T09:00:00Z');
        const at = '2026-03-02T10:00:00Z';
        for (const [i, event] of events.entries()) {
          story.fillRequiredForms(at);
          const asked = new Set(story.stages.flatMap((s) => s.forms.map((f) => f.id)));
          for (const [formId, fact] of Object.entries(facts[i]?.submissions ?? {})) {
            if (!asked.has(formId)) problems.push(`${event} decides on ${formId}, not asked here`);
            story.submit(formId, at, fact.data);
          }
          let result = transition(workflow, story.snapshot, event, {
            now: at,
            actor: practitioner,
            submissions: story.submissions,
          });
          if (result.kind === 'held') {
            result = transition(workflow, story.snapshot, event, {
              now: at,
              actor: practitioner,
              submissions: story.submissions,
              signOffs: { [event]: { by: manager.id, at } },
            });
          }
          if (result.kind !== 'accepted') {
            problems.push(`${events.join(' → ')}: ${event} refused: ${words(result)}`);
            break;
          }
          story.snapshot = result.snapshot;
          story.stages = result.stages;
        }
        if (!isDeepStrictEqual(story.snapshot.value, end)) {
          problems.push(`${events.join(' → ')} ended in ${JSON.stringify(story.snapshot.value)}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  });

  describe('its branches', () => {
    const at = '2026-03-02T10:00:00Z';

    it('takes a transfer-in straight to a conference, and from there to a plan', () => {
      const story = new CaseStory(at).play({
        event: 'decide-referral',
        choice: 'transfer-in',
        at,
      });
      assert.equal(story.snapshot.value, 'transferInConference');
      assert.deepEqual(
        story.stages.map((s) => s.title),
        ['Transfer-in child protection conference'],
      );
      story.play({ event: 'record-conference-decision', choice: 'plan', at });
      assert.deepEqual(story.snapshot.value, { plan: { coreGroup: 'first', reviews: 'first' } });
    });

    it('ends in no further action at the referral, after the assessment and after the enquiry', () => {
      const atReferral = new CaseStory(at).play({
        event: 'decide-referral',
        choice: 'no-further-action',
        at,
      });
      const afterAssessment = new CaseStory(at).play(
        { event: 'decide-referral', choice: 'assessment', at },
        { event: 'complete-assessment', choice: 'no-further-action', at },
      );
      const afterEnquiry = new CaseStory(at).play(
        { event: 'decide-referral', choice: 'strategy-discussion', at },
        { event: 'record-strategy-discussion', choice: 'section-47', at },
        { event: 'conclude-enquiry', choice: 'no-further-action', at },
      );
      for (const story of [atReferral, afterAssessment, afterEnquiry]) {
        assert.equal(story.snapshot.value, 'closure');
        story.play({ event: 'close-case', at });
        assert.equal(story.snapshot.done, true);
      }
    });

    it('steps down to a child in need plan after the assessment or the enquiry', () => {
      const afterAssessment = new CaseStory(at).play(
        { event: 'decide-referral', choice: 'assessment', at },
        { event: 'complete-assessment', choice: 'child-in-need-plan', at },
      );
      const afterEnquiry = new CaseStory(at).play(
        { event: 'decide-referral', choice: 'strategy-discussion', at },
        { event: 'record-strategy-discussion', choice: 'section-47', at },
        { event: 'conclude-enquiry', choice: 'child-in-need-plan', at },
      );
      assert.equal(afterAssessment.snapshot.value, 'closure');
      assert.equal(afterEnquiry.snapshot.value, 'closure');
    });

    it('goes back to the assessment when the strategy discussion decides not to enquire', () => {
      const story = new CaseStory(at).play(
        { event: 'decide-referral', choice: 'assessment', at },
        { event: 'complete-assessment', choice: 'strategy-discussion', at },
        { event: 'record-strategy-discussion', choice: 'continue-assessment', at },
      );
      assert.deepEqual(story.snapshot.value, { referralAndAssessment: 'assessment' });
    });

    it('closes the case when the conference decides on no plan', () => {
      const story = new CaseStory(at).play(
        { event: 'decide-referral', choice: 'strategy-discussion', at },
        { event: 'record-strategy-discussion', choice: 'section-47', at },
        { event: 'conclude-enquiry', choice: 'conference', at },
      );
      assert.equal(story.snapshot.value, 'initialConference');
      story.play({ event: 'record-conference-decision', choice: 'no-plan', at });
      assert.equal(story.snapshot.value, 'closure');
    });

    it('continues the plan at a review, or ends it and moves to closure', () => {
      const story = planStartedOn(at).play(
        { event: 'hold-core-group', at },
        { event: 'record-review-decision', choice: 'continue-plan', at },
      );
      assert.deepEqual(story.snapshot.value, { plan: { coreGroup: 'ongoing', reviews: 'later' } });
      story.play({ event: 'hold-core-group', at });
      story.play({ event: 'record-review-decision', choice: 'continue-plan', at });
      assert.deepEqual(story.snapshot.value, { plan: { coreGroup: 'ongoing', reviews: 'later' } });
      story.play({ event: 'record-review-decision', choice: 'end-plan', at });
      assert.equal(story.snapshot.value, 'closure');
    });

    it('refuses a decision the form does not record, saying what is missing', () => {
      const story = new CaseStory(at);
      const result = transition(workflow, story.snapshot, 'decide-referral', {
        now: at,
        actor: practitioner,
      });
      assert.equal(result.kind, 'refused');
      assert.ok(words(result).includes('The Contact and referral form has not been submitted'));
    });

    it('waits for a manager to sign off closing the case', () => {
      const story = new CaseStory(at).play({
        event: 'decide-referral',
        choice: 'no-further-action',
        at,
      });
      const held = story.send({ event: 'close-case', at }, practitioner);
      assert.equal(held.kind, 'held');
      assert.equal(held.kind === 'held' && held.effects[0]?.type, 'requestSignOff');
      const signedOff = story.send({ event: 'close-case', at }, practitioner, {
        'close-case': { by: manager.id, at },
      });
      assert.equal(signedOff.kind, 'accepted');
      assert.equal(story.snapshot.done, true);
    });
  });

  describe('its default deadlines', () => {
    it('gives a contact on 23 December 2026 a decision by Christmas Eve', () => {
      const story = new CaseStory('2026-12-23T10:00:00Z');
      assert.equal(story.dueOn('referralAndAssessment.referral'), '2026-12-24');
    });

    it('asks for a reason, rather than refusing, when the decision comes after Christmas', () => {
      const story = new CaseStory('2026-12-23T10:00:00Z');
      const late = story.send({ event: 'decide-referral', at: '2026-12-29T10:00:00Z' });
      assert.equal(late.kind, 'refused');
      assert.match(words(late), /^This is late: Decision on the contact/);
      const result = story.send({
        event: 'decide-referral',
        at: '2026-12-29T10:00:00Z',
        reason: 'The school was closed and the referrer could not be reached until today.',
      });
      assert.equal(result.kind, 'accepted');
      const entry =
        result.kind === 'accepted'
          ? result.effects.find((e) => e.type === 'recordChronology')
          : undefined;
      assert.ok(
        entry?.type === 'recordChronology' && entry.entry.late?.[0]?.dueOn === '2026-12-24',
      );
    });

    it('concludes the assessment 45 working days from the referral, across Christmas and New Year', () => {
      const story = new CaseStory('2026-12-23T10:00:00Z').play({
        event: 'decide-referral',
        at: '2026-12-24T10:00:00Z',
      });
      assert.deepEqual(story.snapshot.value, { referralAndAssessment: 'assessment' });
      // 24, 29, 30, 31 December, then 41 working days from 4 January: 1 March 2027.
      assert.equal(story.dueOn('referralAndAssessment'), '2027-03-01');
    });

    it('keeps the section 47 enquiry to the assessment timescale, and asks why when it runs over', () => {
      const story = new CaseStory('2026-12-23T10:00:00Z').play(
        { event: 'decide-referral', choice: 'strategy-discussion', at: '2026-12-23T15:00:00Z' },
        { event: 'record-strategy-discussion', choice: 'section-47', at: '2026-12-24T10:00:00Z' },
      );
      assert.deepEqual(story.snapshot.value, { referralAndAssessment: 'enquiry' });
      assert.equal(story.dueOn('referralAndAssessment'), '2027-03-01');
      const late = story.send({
        event: 'conclude-enquiry',
        choice: 'no-further-action',
        at: '2027-03-02T10:00:00Z',
      });
      assert.equal(late.kind, 'refused');
      assert.match(words(late), /section 47 enquiry, concluded/);
    });

    it('shows the days since the concern at a strategy discussion, with no due date', () => {
      const story = new CaseStory('2027-03-15T10:00:00Z').play({
        event: 'decide-referral',
        choice: 'strategy-discussion',
        at: '2027-03-16T10:00:00Z',
      });
      const deadline = story.snapshot.deadlines.find(
        (d) => d.state === 'referralAndAssessment.strategy',
      );
      assert.deepEqual(deadline && { startedOn: deadline.startedOn, dueOn: deadline.dueOn }, {
        startedOn: '2027-03-16',
        dueOn: null,
      });
      assert.deepEqual(deadlineProgress(deadline!, '2027-03-22T09:00:00Z', englandAndWales), {
        elapsedDays: 6,
        workingDaysLeft: null,
        overdue: false,
      });
    });

    it('holds the initial conference 15 working days from a strategy discussion on 22 March 2027, across Easter', () => {
      const story = new CaseStory('2027-03-18T10:00:00Z').play(
        { event: 'decide-referral', choice: 'strategy-discussion', at: '2027-03-19T10:00:00Z' },
        { event: 'record-strategy-discussion', choice: 'section-47', at: '2027-03-22T10:00:00Z' },
        { event: 'conclude-enquiry', choice: 'conference', at: '2027-03-31T10:00:00Z' },
      );
      // Good Friday (26 March) and Easter Monday (29 March) do not count.
      assert.equal(story.dueOn('initialConference'), '2027-04-14');
      const late = story.send({
        event: 'record-conference-decision',
        at: '2027-04-15T10:00:00Z',
      });
      assert.match(words(late), /Initial child protection conference .* was due by/);
      const onTime = new CaseStory('2027-03-18T10:00:00Z').play(
        { event: 'decide-referral', choice: 'strategy-discussion', at: '2027-03-19T10:00:00Z' },
        { event: 'record-strategy-discussion', choice: 'section-47', at: '2027-03-22T10:00:00Z' },
        { event: 'conclude-enquiry', choice: 'conference', at: '2027-03-31T10:00:00Z' },
        { event: 'record-conference-decision', at: '2027-04-14T16:00:00Z' },
      );
      assert.deepEqual(onTime.snapshot.value, { plan: { coreGroup: 'first', reviews: 'first' } });
    });

    it('holds a transfer-in conference 15 working days from the transfer', () => {
      const story = new CaseStory('2026-12-23T10:00:00Z').play({
        event: 'decide-referral',
        choice: 'transfer-in',
        at: '2026-12-23T11:00:00Z',
      });
      assert.equal(story.dueOn('transferInConference'), '2027-01-18');
    });

    it('holds the first core group 10 working days from the conference, across the year end', () => {
      const story = planStartedOn('2026-12-17T10:00:00Z');
      // 18, 21-24, 29-31 December, 4 and 5 January.
      assert.equal(story.dueOn('plan.coreGroup.first'), '2027-01-05');
      story.play({ event: 'hold-core-group', at: '2027-01-05T15:00:00Z' });
      assert.equal(story.dueOn('plan.coreGroup.ongoing'), undefined);
    });

    it('holds the first review within 3 months of the conference, 30 November 2026 giving 28 February 2027', () => {
      const story = planStartedOn('2026-11-30T10:00:00Z');
      assert.equal(story.dueOn('plan.reviews.first'), '2027-02-28');
    });

    it('holds later reviews at most 6 months apart, 31 August 2027 giving 29 February 2028', () => {
      const story = planStartedOn('2027-05-31T10:00:00Z');
      assert.equal(story.dueOn('plan.reviews.first'), '2027-08-31');
      story.play({
        event: 'record-review-decision',
        choice: 'continue-plan',
        at: '2027-08-31T10:00:00Z',
      });
      assert.equal(story.dueOn('plan.reviews.later'), '2028-02-29');
      story.play({
        event: 'record-review-decision',
        choice: 'continue-plan',
        at: '2028-02-25T10:00:00Z',
      });
      assert.equal(story.dueOn('plan.reviews.later'), '2028-08-25');
    });

    it('sets no deadline at step down or closure', () => {
      const story = new CaseStory('2026-03-02T10:00:00Z').play({
        event: 'decide-referral',
        choice: 'no-further-action',
        at: '2026-03-02T11:00:00Z',
      });
      assert.equal(story.snapshot.value, 'closure');
      assert.deepEqual(story.snapshot.deadlines, []);
    });
  });
});

/** A case taken by transfer-in to a child protection plan decided at `at`. */
function planStartedOn(at: string): CaseStory {
  return new CaseStory(at).play(
    { event: 'decide-referral', choice: 'transfer-in', at },
    { event: 'record-conference-decision', choice: 'plan', at },
  );
}

/** Checks that the values an event's branches read are exactly the answers its field offers. */
function checkDecisionField(event: string): void {
  const [first] = decisionFields(event);
  assert.ok(first, `${event} reads no decision`);
  assert.ok(decisionFields(event).every((d) => d.form === first.form && d.field === first.field));
  const field = forms.get(first.form)?.fieldByPointer.get(`/${first.field}`);
  assert.ok(field?.required && field.choices, `${first.form}/${first.field}`);
  assert.deepEqual(
    [...decisionChoices(event)].sort(),
    [...field.choices.map(String)].sort(),
    event,
  );
}

function burdenNumbers(b: {
  fields: number;
  requiredFields: number;
  freeTextFields: number;
  choiceFields: number;
  prefilledFields: number;
  estimatedMinutes: number;
}): number[] {
  return [
    b.fields,
    b.requiredFields,
    b.freeTextFields,
    b.choiceFields,
    b.prefilledFields,
    b.estimatedMinutes,
  ];
}

/** Reads the burden table of the README's pack region: a row per form, then the total. */
function burdenRows(region: string) {
  const rows = region
    .split('\n')
    .filter((line) => /^\|.*\|\s*$/.test(line) && /\d\s*\|\s*$/.test(line))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  const forms = rows
    .filter((cells) => /^`[a-z0-9-]+`/.test(cells[0]!))
    .map((cells) => {
      const [, id, title] = /^`([a-z0-9-]+)` (.+)$/.exec(cells[0]!) ?? [];
      return { id, title, numbers: cells.slice(1).map(Number) };
    });
  const total = rows
    .find((cells) => /total/i.test(cells[0]!))
    ?.slice(1)
    .map(Number);
  return { forms, total };
}

/** An outcome's refusal reasons in the English users read, joined; empty when not refused. */
function words(result: TransitionResult): string {
  if (result.kind !== 'refused') return '';
  return result.reasons.map((r) => describeReason(r, englishReasonWords)).join('; ');
}
