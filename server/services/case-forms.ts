/**
 * A form on a case: what to show (draft, else the last submission, else prefill), autosave with
 * a revision number (a stale revision gets the newer draft back, never an overwrite), and submit
 * (validated; idempotent by key; recorded in the chronology exactly once).
 */
import { type LoadedForm, prefillFor, validateSubmission } from '../../forms/index.ts';
import { LowformError } from '../errors.ts';
import type { CaseRecord, Store, SubmissionRecord, UserRecord } from '../store/store.ts';
import { recordAccess } from './access-log.ts';
import type { CaseDeps } from './case-deps.ts';
import {
  caseSubmissions,
  draftId,
  familyAnswers,
  formSubmission,
  isOvertaken,
  type SubmissionSummary,
} from './case-submissions.ts';
import { displayNames } from './case-views.ts';

/** The form version a case uses: the one it was started or submitted with, else the latest. */
async function formForCase(
  deps: CaseDeps,
  record: CaseRecord,
  formId: string,
  used: SubmissionSummary | null | undefined,
) {
  const workflow = await deps.registry.workflow(record.workflowId, record.workflowVersion);
  const known = [...workflow.stages.values()].some((s) => s.forms.some((f) => f.id === formId));
  if (!known)
    throw new LowformError(
      'LF_NOT_FOUND',
      `The form "${formId}" is not part of this case's workflow.`,
    );
  const form = used
    ? await deps.registry.form(formId, used.formVersion)
    : await deps.registry.latestForm(formId);
  if (!form)
    throw new LowformError('LF_NOT_FOUND', `No version of the form "${formId}" is published.`);
  return form;
}

function formView(form: LoadedForm) {
  return {
    id: form.id,
    version: form.version,
    title: form.title,
    description: form.definition.description,
    schema: form.definition.schema,
    uischema: form.definition.uischema,
  };
}

/** The form, its data and status for a case. */
export async function getCaseForm(
  deps: CaseDeps,
  user: UserRecord,
  caseId: string,
  formId: string,
) {
  const record = await deps.cases.read(user, caseId);
  const submissions = await caseSubmissions(deps.store, record.id);
  const form = await formForCase(
    deps,
    record,
    formId,
    submissions.find((s) => s.formId === formId),
  );
  const submitted = submissions
    .filter((s) => s.formId === formId && s.status === 'submitted')
    .sort((a, b) => ((a.submittedAt ?? '') < (b.submittedAt ?? '') ? 1 : -1))[0];
  // A draft no newer than the latest submission is what that submission came from (a crash
  // kept it): the submitted answers are the current ones.
  const draft = submissions.find(
    (s) => s.id === draftId(caseId, formId) && !isOvertaken(s, submitted),
  );
  const earlier = submissions
    .filter((s) => s.status === 'submitted')
    .map((s) => ({ formId: s.formId, data: s.data, submittedAt: s.submittedAt ?? s.updatedAt }));
  const data = draft?.data ??
    submitted?.data ?? {
      ...prefillFor(form, earlier),
      ...(await familyAnswers(deps, user, record, form)),
    };
  return {
    form: formView(form),
    data,
    status: draft ? 'draft' : submitted ? 'submitted' : 'empty',
    revision: draft?.version ?? 0,
    ...(draft
      ? { savedAt: draft.updatedAt }
      : submitted?.submittedAt
        ? { savedAt: submitted.submittedAt }
        : {}),
  };
}

function invalid(errors: ReturnType<typeof validateSubmission>['errors']): LowformError {
  const first = errors[0];
  return new LowformError(
    'LF_SUBMISSION_INVALID',
    first ? `${first.label}: ${first.message}` : undefined,
    { errors: errors.map(({ pointer, label, message }) => ({ pointer, label, message })) },
  );
}

/**
 * The form version a case uses for `formId`, once the user may see the case and `data` passes
 * it (in full, or as a draft); otherwise LF_NOT_FOUND or LF_SUBMISSION_INVALID.
 */
async function checkedOnCase(
  deps: CaseDeps,
  user: UserRecord,
  caseId: string,
  formId: string,
  data: Record<string, unknown>,
  options: { draft?: boolean } = {},
): Promise<LoadedForm> {
  // A submission's entry goes in the chronology: its case's earlier entries must be there first.
  const record = options.draft
    ? await deps.cases.read(user, caseId)
    : await deps.cases.readForChange(user, caseId);
  // Every submission of a form on a case has the version its first one fixed.
  const used = await formSubmission(deps.store, caseId, formId, 'first', false);
  const form = await formForCase(deps, record, formId, used);
  const check = validateSubmission(form, data, options);
  if (!check.ok) throw invalid(check.errors);
  return form;
}

/** Autosaves a draft at the revision the client last saw (0 for the first save). */
export async function saveCaseDraft(
  deps: CaseDeps,
  user: UserRecord,
  caseId: string,
  formId: string,
  input: { data: Record<string, unknown>; revision: number; activeSeconds?: number },
) {
  const form = await checkedOnCase(deps, user, caseId, formId, input.data, { draft: true });
  const at = deps.now().toISOString();
  const id = draftId(caseId, formId);
  const conflict = async (current: SubmissionRecord) => {
    // The newer draft goes back to the user: that is a read of the case's answers.
    await recordAccess(deps, user, caseId, `form-viewed:${formId}`);
    const names = await displayNames(deps.store, [current.author]);
    return new LowformError(
      'LF_CONFLICT',
      'This form was saved from somewhere else since you opened it.',
      {
        draft: {
          data: current.data,
          revision: current.version,
          savedAt: current.updatedAt,
          author: { id: current.author, displayName: names.get(current.author) ?? '' },
        },
      },
    );
  };
  if (input.revision === 0) {
    const created = await deps.store.submissions.insertOnce({
      id,
      version: 1,
      caseId,
      formId,
      formVersion: form.version,
      status: 'draft',
      data: input.data,
      author: user.id,
      createdAt: at,
      updatedAt: at,
      ...(input.activeSeconds ? { activeSeconds: input.activeSeconds } : {}),
    });
    if (created.created) return { revision: 1, savedAt: at };
    // A draft that a submission overtook (a crash kept it) is not shown, so it is replaced.
    const latest = await formSubmission(deps.store, caseId, formId, 'latest', false);
    if (latest?.status !== 'submitted' || !isOvertaken(created.record, latest))
      throw await conflict(created.record);
    input = { ...input, revision: created.record.version };
  }
  // Active time adds up over saves; the draft is read only when there is time to add (a stale
  // read fails the compare-and-set like any stale revision).
  const before = input.activeSeconds ? await deps.store.submissions.get(id) : null;
  const result = await deps.store.submissions.update(id, input.revision, {
    data: input.data,
    author: user.id,
    updatedAt: at,
    ...(before && input.activeSeconds
      ? { activeSeconds: (before.activeSeconds ?? 0) + input.activeSeconds }
      : {}),
  });
  if (result.ok) return { revision: result.record.version, savedAt: at };
  if (result.reason === 'missing') {
    throw new LowformError(
      'LF_CONFLICT',
      'This draft was submitted or discarded since you opened it.',
      { draft: null },
    );
  }
  throw await conflict(result.current);
}

/** Submits a form: validated in full, stored with its version, author and time, once per key. */
export async function submitCaseForm(
  deps: CaseDeps,
  user: UserRecord,
  caseId: string,
  formId: string,
  input: { data: Record<string, unknown>; idempotencyKey: string; activeSeconds?: number },
) {
  const form = await checkedOnCase(deps, user, caseId, formId, input.data);
  const at = deps.now().toISOString();
  // The time recorded on the draft it came from, and since its last save. (The draft is read
  // again after the insert to remove it: a draft saved meanwhile must not be taken for it.)
  const draft = await deps.store.submissions.get(draftId(caseId, formId));
  const activeSeconds = (draft?.activeSeconds ?? 0) + (input.activeSeconds ?? 0);
  const { record: submission } = await deps.store.submissions.insertOnce({
    id: `${caseId}:${formId}:${input.idempotencyKey}`,
    version: 1,
    caseId,
    formId,
    formVersion: form.version,
    status: 'submitted',
    data: input.data,
    author: user.id,
    createdAt: at,
    updatedAt: at,
    submittedAt: at,
    idempotencyKey: input.idempotencyKey,
    ...(activeSeconds > 0 ? { activeSeconds } : {}),
  });
  // The entry is in the chronology before the submission is acknowledged, after the entries of
  // everything acknowledged before it on the case, so no later change can take its place; it
  // is idempotent by the submission's id, so a retry after a crash appends it once. A retry
  // (the same key) also finishes what the first attempt left: the draft it came from.
  // The three writes run together, so on the embedded store they share one commit.
  await Promise.all([
    deps.cases.appendSubmission(submission, form.title),
    removeOvertakenDraft(deps.store, submission),
    recordAccess(deps, user, caseId, `form-submitted:${formId}`),
  ]);
  return submission;
}

/** Removes the draft a submission came from (a draft saved after it stays). */
async function removeOvertakenDraft(store: Store, submission: SubmissionRecord): Promise<void> {
  const draft = await store.submissions.get(draftId(submission.caseId, submission.formId));
  if (draft && isOvertaken(draft, submission)) await store.submissions.delete(draft.id);
}
