/**
 * A case's submissions as the other case services read them: a form's first or latest along
 * the submissions index, the facts the engine's guards read, every submission of a case, and
 * family-level answers from siblings' cases.
 */
import type { SubmissionFact, Workflow } from '../../engine/index.ts';
import type { LoadedForm } from '../../forms/index.ts';
import { listAll } from '../store/list-all.ts';
import type { CaseRecord, Store, SubmissionRecord, UserRecord } from '../store/store.ts';
import { type AccessDeps, recordAccess } from './access-log.ts';
import { canSeeCase, userVisibility } from './case-access.ts';
import type { SubmissionSummary } from './case-repository.ts';

export type { SubmissionSummary } from './case-repository.ts';

/** A case's latest submission of each form, and the facts the engine's guards read. */
export interface SubmissionFacts {
  facts: Record<string, SubmissionFact>;
  latest: Map<string, SubmissionSummary>;
}

/** The id of a form's draft on a case: a case has at most one draft of each form. */
export function draftId(caseId: string, formId: string): string {
  return `${caseId}:${formId}:draft`;
}

/** True when a draft was saved no later than the submission (so the submission came after it). */
export function isOvertaken(
  draft: SubmissionSummary,
  submitted: SubmissionSummary | undefined | null,
): boolean {
  return submitted?.submittedAt !== undefined && draft.updatedAt <= submitted.submittedAt;
}

/**
 * A form's first or latest submission on a case, else its draft, else null; with or without
 * its answers. One limit-1 query along the submissions index, whatever the number of submissions.
 */
export async function formSubmission(
  store: Store,
  caseId: string,
  formId: string,
  which: 'first' | 'latest',
  answers: boolean,
): Promise<SubmissionRecord | SubmissionSummary | null> {
  const submitted = await store.submissions.list({
    filter: { caseId, formId, status: 'submitted' },
    sort: { field: 'submittedAt', direction: which === 'first' ? 'asc' : 'desc' },
    limit: 1,
    ...(answers ? {} : { omit: ['data'] }),
  });
  return submitted.items[0] ?? (await store.submissions.get(draftId(caseId, formId)));
}

/** Every submission and draft of a case, with their answers. */
export function caseSubmissions(store: Store, caseId: string): Promise<SubmissionRecord[]> {
  return listAll(store.submissions, { filter: { caseId } });
}

/**
 * The latest submission of each form on a case, as the engine's guards read them: the last one
 * submitted, else the draft. Found through the submissions index (the forms on the case, then
 * each form's latest), so the cost grows with the forms on a case, not with how often they were
 * submitted. Answers are read only for the forms whose answers the workflow's guards look at
 * (`workflow.answersRead`); the other forms' facts say only whether they were submitted.
 */
export async function submissionFacts(
  store: Store,
  caseId: string,
  workflow: Workflow,
): Promise<SubmissionFacts> {
  const forms = await store.submissions.countBy('formId', { caseId });
  const found = await Promise.all(
    forms.map(async ({ value }) => {
      const formId = String(value);
      const answers = workflow.answersRead.has(formId);
      const record = await formSubmission(store, caseId, formId, 'latest', answers);
      return { formId, answers, record };
    }),
  );
  const latest = new Map<string, SubmissionSummary>();
  const facts: Record<string, SubmissionFact> = {};
  for (const { formId, answers, record } of found) {
    if (!record) continue;
    const { data, ...summary } = record as SubmissionRecord;
    latest.set(formId, summary);
    facts[formId] = { status: record.status, data: answers ? (data ?? {}) : {} };
  }
  return { facts, latest };
}

/**
 * Family-level recording: answers to a form's x-family fields (address, household) given on a
 * sibling's case, so that they are recorded once for the family. Only siblings' cases the user
 * may see are read, and reading one is in its access log.
 */
export async function familyAnswers(
  deps: AccessDeps & { store: Store },
  user: UserRecord,
  record: CaseRecord,
  form: LoadedForm,
): Promise<Record<string, unknown>> {
  const familyId = record.subject.familyId;
  const keys = form.fields
    .filter((f) => f.family && f.pointer.split('/').length === 2)
    .map((f) => f.key);
  if (!familyId || keys.length === 0) return {};
  const siblings = await deps.store.cases.list({
    filter: { 'subject.familyId': familyId, visibleTo: { hasAny: userVisibility(user) } },
    limit: 50,
    omit: ['snapshot', 'pendingEvents'],
  });
  let latest: SubmissionSummary | null = null;
  for (const sibling of siblings.items) {
    if (sibling.id === record.id || !canSeeCase(user, sibling)) continue;
    const found = await formSubmission(deps.store, sibling.id, form.id, 'latest', false);
    if (found?.status === 'submitted' && (!latest || found.submittedAt! > latest.submittedAt!))
      latest = found;
  }
  if (!latest) return {};
  const answers = await deps.store.submissions.get(latest.id);
  if (!answers) return {};
  await recordAccess(deps, user, latest.caseId, `family-answers-read:${form.id}`);
  return Object.fromEntries(
    keys.filter((k) => k in answers.data).map((k) => [k, structuredClone(answers.data[k])]),
  );
}
