/**
 * Valid answers to every form of the child protection pack, for one fictional child, and the
 * submissions that take each event of the workflow. Shared by the pack's tests, the API scenario
 * test and the demo data. Typed by the generated form types, so a form change that the samples do
 * not follow fails the type check.
 */
import type { WorkflowDefinition } from '../../engine/index.ts';
import type { AssessmentData } from '../../schemas/generated/forms/assessment.ts';
import type { ChildProtectionPlanData } from '../../schemas/generated/forms/child-protection-plan.ts';
import type { ClosureData } from '../../schemas/generated/forms/closure.ts';
import type { ConferenceData } from '../../schemas/generated/forms/conference.ts';
import type { ContactData } from '../../schemas/generated/forms/contact.ts';
import type { ReviewConferenceData } from '../../schemas/generated/forms/review-conference.ts';
import type { Section47EnquiryData } from '../../schemas/generated/forms/section-47-enquiry.ts';
import type { StrategyDiscussionData } from '../../schemas/generated/forms/strategy-discussion.ts';
import workflowJson from '../../schemas/packs/child-protection/workflow.json' with { type: 'json' };

const workflow = workflowJson as WorkflowDefinition;

const child = { fullName: 'Jayden Clarke', dateOfBirth: '2019-05-14' };

const childsVoice =
  'Jayden (7) drew his house and put himself in his bedroom with the door shut. He said he goes there "when Mum\'s boyfriend shouts". He said he likes school dinners best because "there is always food".';
const parentsViews =
  'Ms Clarke agrees there is not always food in the house and says money is short since her hours were cut. She does not accept that Mr Reid frightens Jayden.';
const worries =
  'Jayden has come to school hungry on most days this term and has a bruise on his upper arm that he could not explain. We are worried that he is not fed enough and that he is frightened of Mr Reid, and that this will go on if nothing changes.';
const workingWell =
  'Jayden goes to school every day and is close to his grandmother, Mrs Clarke, who lives nearby and has him after school twice a week. Ms Clarke took him to the GP when he was ill last month.';

const samples = {
  contact: {
    child: { ...child, needs: 'None known' },
    address: '12 Example Road, Northtown NT1 2AB',
    household: [
      { memberName: 'Kayleigh Clarke', relationship: 'Mother', hasParentalResponsibility: true },
      {
        memberName: 'Darren Reid',
        relationship: "Mother's partner",
        hasParentalResponsibility: false,
      },
      {
        memberName: 'Mia Clarke',
        relationship: 'Half-sister, aged 2',
        hasParentalResponsibility: false,
      },
    ],
    referrer: 'Sarah Patel, designated safeguarding lead, Northtown Primary School',
    contactDate: '2026-03-02',
    reportedConcerns:
      'Jayden arrived at school hungry again and had a bruise on his upper arm. He said "Darren grabbed me" and then would not say more.',
    parentsAware: true,
    referralDecision: 'assessment',
    referralReasons:
      'An injury a 7-year-old cannot explain, with hunger reported for several weeks. No previous involvement.',
  } satisfies ContactData,
  assessment: {
    child,
    childSeenOn: '2026-03-04',
    seenAlone: true,
    childsVoice,
    worries,
    workingWell,
    needsToHappen:
      'Jayden needs to have enough to eat every day and to feel safe at home. Ms Clarke needs help with money and food now, and Mr Reid needs to show he can care for Jayden without frightening him.',
    parentsViews,
    safetyScale: 4,
    assessmentOutcome: 'child-in-need-plan',
  } satisfies AssessmentData,
  'strategy-discussion': {
    child,
    discussionDate: '2026-03-05',
    participants:
      'Tom Hughes, social worker; DC Lee, police; Dr Okafor, paediatrician; Sarah Patel, Northtown Primary School',
    informationShared:
      'Police have two calls to the address about shouting in the last year. The school has recorded hunger on 14 days this term. The GP has no concerns on record.',
    immediateSafety:
      'Jayden will stay with his grandmother while the enquiry takes place; Ms Clarke agrees.',
    strategyDecision: 'section-47',
    policeInvestigation: true,
    strategyReasons:
      'There is reasonable cause to suspect Jayden is suffering significant harm: an unexplained bruise and a disclosure, with neglect.',
  } satisfies StrategyDiscussionData,
  'section-47-enquiry': {
    child,
    childsVoice,
    parentsViews,
    enquiryFindings:
      'The paediatrician found the bruise consistent with a grab. Jayden repeated his account in a joint interview. There is little food in the house and the electricity meter is often empty.',
    enquiryOutcome: 'conference',
    enquiryReasons:
      'The concerns are substantiated and Jayden is likely to suffer significant harm if nothing changes.',
  } satisfies Section47EnquiryData,
  conference: {
    child,
    conferenceDate: '2026-03-20',
    chair: 'Helen Ward, independent chair',
    conferenceAttendees:
      'Ms Clarke, Mrs Clarke (grandmother), Tom Hughes (social worker), DC Lee (police), Sarah Patel (school). Reports from the GP and the paediatrician.',
    worries,
    workingWell,
    childsVoice,
    parentsViews,
    conferenceDecision: 'plan',
    category: 'neglect',
    conferenceReasons:
      'Jayden is likely to suffer significant harm through neglect, and the family needs a plan that several agencies carry out together.',
  } satisfies ConferenceData,
  'child-protection-plan': {
    child,
    category: 'neglect',
    planActions:
      'Ms Clarke will have food in the house every day, with help from the food bank and a benefits check by 3 April (social worker). Mr Reid will not stay at the house until he has started the parenting course (by 17 April).',
    contingency:
      'If Jayden is hungry at school on more than two days in a week, or Mr Reid stays at the house, a strategy discussion will be held the same day.',
    coreGroupMembers:
      'Ms Clarke, Mrs Clarke, Tom Hughes (social worker), Sarah Patel (school), the health visitor for Mia.',
    visitFrequency: 'Every 10 working days, seeing Jayden alone each time',
    coreGroupDate: '2026-03-31',
    coreGroupProgress:
      'The benefits check is booked. Jayden has not been hungry at school since the conference.',
  } satisfies ChildProtectionPlanData,
  'review-conference': {
    child,
    reviewDate: '2026-06-15',
    childsVoice: 'Jayden says home is "calmer" and he helps his mum cook on Sundays.',
    progress:
      'There has been food in the house at every visit. Mr Reid finished the parenting course and has moved back in with everyone agreeing.',
    remainingWorries: 'Money is still tight and the family has no savings if benefits are delayed.',
    reviewDecision: 'continue-plan',
    reviewReasons: 'The changes are recent; three more months will show whether they last.',
  } satisfies ReviewConferenceData,
  closure: {
    child,
    closureOutcome: 'child-in-need-plan',
    closureSummary:
      'Jayden has been fed and safe at home for six months and says he is happy. The family will keep support from the school and the family hub under a child in need plan.',
    ongoingSupport: 'Northtown family hub (weekly), and the school family support worker.',
    familyTold: true,
  } satisfies ClosureData,
};

/** The id of a form in the pack. */
export type PackFormId = keyof typeof samples;

/** The forms that have sample answers: every form of the pack. */
export const sampleFormIds = Object.keys(samples) as PackFormId[];

/** Valid answers to a form of the pack, a fresh copy, with top-level answers replaced by `overrides`. */
export function sampleSubmission(
  formId: string,
  overrides: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  if (!Object.hasOwn(samples, formId))
    throw new Error(`There are no sample answers for "${formId}".`);
  return { ...structuredClone(samples[formId as PackFormId]), ...structuredClone(overrides) };
}

/** Where a decision event reads its branch: the form, the field, and the values of each branch. */
export interface DecisionField {
  form: string;
  field: string;
  values: unknown[];
}

/** The decision fields an event's guards read, in the order the workflow tries its branches. */
export function decisionFields(event: string): DecisionField[] {
  const found: DecisionField[] = [];
  const visit = (node: { on?: Record<string, unknown>; states?: Record<string, unknown> }) => {
    const on = node.on?.[event];
    for (const t of Array.isArray(on) ? on : on ? [on] : []) {
      const guard = (t as { guard?: { type: string; params?: Record<string, unknown> } }).guard;
      if (guard?.type !== 'formFieldEquals' && guard?.type !== 'formFieldIn') continue;
      const p = guard.params ?? {};
      const values = guard.type === 'formFieldIn' ? (p.values as unknown[]) : [p.value];
      found.push({ form: p.form as string, field: p.field as string, values });
    }
    for (const child of Object.values(node.states ?? {})) visit(child as typeof node);
  };
  visit(workflow.machine as Parameters<typeof visit>[0]);
  return found;
}

/** Every decision value that takes an event somewhere, e.g. decide-referral: assessment, ... */
export function decisionChoices(event: string): string[] {
  return [...new Set(decisionFields(event).flatMap((d) => d.values.map(String)))];
}

/**
 * The submissions, by form id, that take an event: for a decision, the deciding form answered
 * with `choice` (the first branch when left out); for any other event, the forms its stage
 * requires. Throws when the event has no branch for the choice.
 */
export function decisionFor(
  event: string,
  choice?: string,
): Record<string, Record<string, unknown>> {
  const fields = decisionFields(event);
  if (fields.length === 0)
    return Object.fromEntries(requiredFormsOf(event).map((id) => [id, sampleSubmission(id)]));
  const wanted = choice ?? String(fields[0]!.values[0]);
  const field = fields.find((d) => d.values.includes(wanted));
  if (!field) {
    throw new Error(
      `"${event}" has no branch for "${choice}": choose ${decisionChoices(event).join(', ')}.`,
    );
  }
  return { [field.form]: sampleSubmission(field.form, { [field.field]: wanted }) };
}

function requiredFormsOf(event: string): string[] {
  const ids = Object.values(workflow.stages)
    .filter((stage) => Object.hasOwn(stage.roles ?? {}, event))
    .flatMap((stage) => (stage.forms ?? []).filter((f) => f.required).map((f) => f.id));
  return [...new Set(ids)];
}
