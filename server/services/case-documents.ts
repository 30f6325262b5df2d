/**
 * Documents on a case: which the case's stage offers, previewing one (HTML, nothing stored),
 * issuing one (PDF or Word, stored immutably with the versions it came from, and a chronology
 * entry through the case repository), and reading an issued one back byte for byte. Every path
 * reads the case through the repository, so a case the user may not see does not exist for
 * them, and every read is in the access log. Templates are the live published versions in the
 * store (services/definitions.ts, kind 'template'); the pack's files seed version 1.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  buildDocumentModel,
  type DocumentInput,
  type FormVersionView,
  formVersionKey,
} from '../../documents/build-model.ts';
import { checkTemplate } from '../../documents/check-template.ts';
import type { DocumentModel } from '../../documents/document-model.ts';
import type { DocumentTemplate } from '../../schemas/generated/document-template.ts';
import { renderDocx } from '../documents/render-docx.ts';
import { renderHtml } from '../documents/render-html.ts';
import { renderPdf } from '../documents/render-pdf.ts';
import { LowformError } from '../errors.ts';
import { listAll } from '../store/list-all.ts';
import type { CaseRecord, DocumentRecord, UserRecord } from '../store/store.ts';
import { recordAccess } from './access-log.ts';
import { userVisibility } from './case-access.ts';
import type { CaseDeps } from './case-deps.ts';
import { caseSubmissions } from './case-submissions.ts';
import { displayNames } from './case-views.ts';
import { allLatestPublished, latestPublished } from './definition-registry.ts';
import { latestFormsView } from './definitions.ts';

/** The formats a document is issued in. */
export type IssuedFormat = 'pdf' | 'docx';

/** How each format is served. */
export const FORMAT_MEDIA_TYPES: Record<IssuedFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Past this a document is refused rather than stored (MongoDB keeps a record under 16 MB). */
const MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;
/** Attempts at writing the issue's chronology entry when other changes to the case race it. */
const ENTRY_ATTEMPTS = 5;

/** A template a case offers, as the case page lists it. */
export interface OfferedDocument {
  templateId: string;
  title: string;
  formats: IssuedFormat[];
}

/**
 * The templates the case's current stages offer: the workflow's offers as the effect table kept
 * them (case-effects.ts `offerDocument`), for the stages the case is in and the stages holding
 * them; a case stored before offers were kept has its stages' documents from the workflow.
 */
export async function offeredTemplates(
  deps: CaseDeps,
  record: CaseRecord,
): Promise<DocumentTemplate[]> {
  const inStage = (state: string) =>
    record.stageStates.some((s) => s === state || s.startsWith(`${state}.`));
  let ids: string[];
  if (record.documentOffers) {
    ids = record.documentOffers.filter((o) => inStage(o.state)).map((o) => o.templateId);
  } else {
    const workflow = await deps.registry.workflow(record.workflowId, record.workflowVersion);
    ids = [...workflow.stages.entries()]
      .filter(([state]) => inStage(state))
      .flatMap(([, stage]) => stage.documents ?? []);
  }
  const templates = await publishedTemplates(deps);
  return [...new Set(ids)].flatMap((id) => {
    const template = templates.get(id);
    return template ? [template] : [];
  });
}

/** The latest published version of every template, by id. */
async function publishedTemplates(deps: CaseDeps): Promise<Map<string, DocumentTemplate>> {
  const records = await allLatestPublished(deps.store.documentTemplates);
  return new Map(
    records.map((r) => [r.definitionId, JSON.parse(r.definition) as DocumentTemplate]),
  );
}

/** The live (latest published) version of a template. */
async function templateNamed(deps: CaseDeps, templateId: string): Promise<DocumentTemplate> {
  const record = await latestPublished(deps.store.documentTemplates, templateId);
  if (!record) throw new LowformError('LF_NOT_FOUND', 'There is no such document template.');
  return JSON.parse(record.definition) as DocumentTemplate;
}

/** Reads what a document is built from and builds its model. */
export async function caseDocumentModel(
  deps: CaseDeps,
  issuer: UserRecord,
  record: CaseRecord,
  template: DocumentTemplate,
  issuedAt: Date,
): Promise<DocumentModel> {
  const [submissions, chronology] = await Promise.all([
    caseSubmissions(deps.store, record.id),
    deps.cases.chronology(record.id),
  ]);
  const submitted = submissions.filter((s) => s.status === 'submitted');
  const names = await displayNames(deps.store, [
    ...submitted.map((s) => s.author),
    ...chronology.map((e) => e.actor),
    ...(record.assignee ? [record.assignee] : []),
  ]);
  const forms = new Map<string, FormVersionView>();
  for (const s of submitted) {
    const key = formVersionKey(s.formId, s.formVersion);
    if (forms.has(key)) continue;
    const form = await deps.registry.form(s.formId, s.formVersion);
    forms.set(key, { id: form.id, version: form.version, title: form.title, fields: form.fields });
  }
  const input: DocumentInput = {
    template,
    case: {
      reference: record.reference,
      version: record.version,
      childName: `${record.subject.firstName} ${record.subject.lastName}`,
      dateOfBirth: record.subject.dateOfBirth,
      stageTitle: record.stageTitle,
      team: record.team,
      worker: record.assignee ? names.get(record.assignee)! : 'no worker allocated',
    },
    submissions: submitted.map((s) => ({
      id: s.id,
      formId: s.formId,
      formVersion: s.formVersion,
      data: s.data,
      recordedBy: names.get(s.author)!,
      recordedAt: s.submittedAt ?? s.updatedAt,
    })),
    forms,
    chronology: chronology.map((e) => ({
      seq: e.seq,
      kind: e.kind,
      at: e.at,
      recordedBy: names.get(e.actor)!,
      summary: e.summary ?? e.type,
      data: e.data,
    })),
    issuedBy: issuer.displayName,
    issuedAt: issuedAt.toISOString(),
  };
  return buildDocumentModel(input);
}

/** An issued document as lists show it: never its bytes. */
export async function issuedView(deps: CaseDeps, records: readonly DocumentRecord[]) {
  const names = await displayNames(
    deps.store,
    records.map((r) => r.createdBy),
  );
  return records.map((r) => ({
    id: r.id,
    templateId: r.templateId,
    title: r.title ?? r.templateId,
    format: r.format,
    size: r.size ?? 0,
    createdAt: r.createdAt,
    createdBy: { id: r.createdBy, displayName: names.get(r.createdBy) ?? '' },
    caseVersion: r.caseVersion ?? 0,
    templateVersion: r.templateVersion ?? 0,
    modelSha256: r.modelSha256 ?? '',
  }));
}

/** The documents the case's stage offers and those issued on it, newest first. */
export async function listCaseDocuments(deps: CaseDeps, user: UserRecord, caseId: string) {
  const record = await deps.cases.read(user, caseId);
  const [offered, issued] = await Promise.all([
    offeredTemplates(deps, record),
    listAll(deps.store.documents, {
      filter: { caseId },
      sort: { field: 'createdAt', direction: 'desc' },
      omit: ['content'],
    }),
    recordAccess(deps, user, caseId, 'documents-listed'),
  ]);
  return {
    offered: offered.map(
      (t): OfferedDocument => ({ templateId: t.id, title: t.title, formats: ['pdf', 'docx'] }),
    ),
    issued: await issuedView(deps, issued),
  };
}

/** A template's document for the case as an HTML page; nothing is stored. */
export async function previewCaseDocument(
  deps: CaseDeps,
  user: UserRecord,
  caseId: string,
  templateId: string,
): Promise<string> {
  const record = await deps.cases.read(user, caseId);
  const template = await templateNamed(deps, templateId);
  const [model] = await Promise.all([
    caseDocumentModel(deps, user, record, template, deps.now()),
    recordAccess(deps, user, caseId, `document-previewed:${templateId}`),
  ]);
  return renderHtml(model);
}

/**
 * A template being edited, rendered on a case the user may see (the one given, or the case they
 * may see that changed last) as an HTML page; nothing is stored. A template with findings is
 * refused with them, as publishing would be.
 */
export async function previewTemplateDraft(
  deps: CaseDeps,
  user: UserRecord,
  templateId: string,
  definition: Record<string, unknown>,
  caseId?: string,
): Promise<{ html: string; caseId: string; reference: string }> {
  const template: Record<string, unknown> = {
    ...definition,
    version: Number(definition.version) || 1,
  };
  if (template.id !== templateId)
    throw new LowformError('LF_VALIDATION', `The template's id must be "${templateId}".`, [
      { in: 'body', path: '/definition/id', problem: `must be "${templateId}"` },
    ]);
  const errors = checkTemplate(template, await latestFormsView(deps));
  if (errors.length > 0)
    throw new LowformError(
      'LF_REFUSED',
      `The template cannot be previewed: ${errors[0]!.message}`,
      { errors: errors.map((e) => ({ code: 'template', ...e })), warnings: [] },
    );
  let id = caseId;
  if (id === undefined) {
    const page = await deps.store.cases.list({
      filter: { visibleTo: { hasAny: userVisibility(user) } },
      sort: { field: 'updatedAt', direction: 'desc' },
      limit: 1,
    });
    id = page.items[0]?.id;
    if (!id) throw new LowformError('LF_NOT_FOUND', 'There is no case you may see to preview on.');
  }
  const record = await deps.cases.read(user, id);
  const [model] = await Promise.all([
    caseDocumentModel(deps, user, record, template as unknown as DocumentTemplate, deps.now()),
    recordAccess(deps, user, record.id, `template-draft-previewed:${templateId}`),
  ]);
  return { html: renderHtml(model), caseId: record.id, reference: record.reference };
}

/** Renders a model in a format. */
export function renderDocument(model: DocumentModel, format: IssuedFormat): Promise<Buffer> {
  return format === 'pdf' ? renderPdf(model) : renderDocx(model);
}

/** The id of the document an issue with this idempotency key stores: the same on a retry. */
export function documentIdFor(caseId: string, idempotencyKey: string): string {
  const digest = createHash('sha256').update(`${caseId}\n${idempotencyKey}`).digest('base64url');
  return `doc-${digest.slice(0, 40)}`;
}

/**
 * Issues a document: renders it, stores its bytes with the versions it came from, then writes
 * the case's chronology entry (keyed by the document's id, so it is in the log once). A crash
 * between the two leaves the document stored without its entry, never an entry without its
 * document; the same request again (the same idempotency key) finds the stored document and
 * writes only the missing entry.
 */
export async function issueCaseDocument(
  deps: CaseDeps,
  user: UserRecord,
  caseId: string,
  input: { templateId: string; format: IssuedFormat; idempotencyKey?: string | undefined },
) {
  const record = await deps.cases.readForChange(user, caseId);
  const template = await templateNamed(deps, input.templateId);
  const id = input.idempotencyKey ? documentIdFor(caseId, input.idempotencyKey) : randomUUID();
  let document = input.idempotencyKey ? await deps.store.documents.get(id) : null;
  if (document && (document.templateId !== template.id || document.format !== input.format))
    throw new LowformError(
      'LF_CONFLICT',
      'This idempotency key was used for another document: send a new key.',
    );
  if (!document) {
    const at = deps.now();
    const model = await caseDocumentModel(deps, user, record, template, at);
    const bytes = await renderDocument(model, input.format);
    if (bytes.length > MAX_DOCUMENT_BYTES)
      throw new LowformError('LF_PAYLOAD_TOO_LARGE', 'The document is too large to store.');
    // A retry racing this one stores nothing more: the first document stored is the one.
    const stored = await deps.store.documents.insertOnce({
      id,
      version: 1,
      caseId,
      templateId: template.id,
      format: input.format,
      title: `${model.title}: ${model.childName}`,
      content: bytes.toString('base64'),
      size: bytes.length,
      modelSha256: createHash('sha256').update(JSON.stringify(model)).digest('hex'),
      templateVersion: template.version,
      caseVersion: record.version,
      submissions: model.sources.submissions,
      createdAt: at.toISOString(),
      createdBy: user.id,
    });
    document = stored.record;
  }
  await recordAccess(deps, user, caseId, `document-issued:${document.id}`);
  await writeIssueEntry(deps, user, record, document, template.issuedSummary);
  const [view] = await issuedView(deps, [document]);
  return view!;
}

/** Writes a document's chronology entry with the case, unless the case or the log has it. */
async function writeIssueEntry(
  deps: CaseDeps,
  user: UserRecord,
  read: CaseRecord,
  document: DocumentRecord,
  summary: string,
) {
  const idempotencyKey = `document:${document.id}`;
  const entry = {
    idempotencyKey,
    kind: 'document',
    type: 'document-issued',
    at: document.createdAt,
    actor: document.createdBy,
    summary,
    data: { documentId: document.id, templateId: document.templateId, format: document.format },
  };
  let record = read;
  for (let attempt = 1; ; attempt++) {
    // readForChange put the last change's entries in the log, so the log has any earlier one.
    if (record.pendingEvents.some((p) => p.idempotencyKey === idempotencyKey)) return;
    if (await deps.store.events.findOne({ caseId: record.id, idempotencyKey })) return;
    try {
      await deps.cases.write(record, { updatedAt: deps.now().toISOString() }, () => [entry]);
      return;
    } catch (error) {
      // Another change to the case won the race: the entry goes on after it.
      if (
        !(error instanceof LowformError && error.code === 'LF_CONFLICT') ||
        attempt >= ENTRY_ATTEMPTS
      )
        throw error;
      record = await deps.cases.readForChange(user, record.id);
    }
  }
}

/** An issued document's stored bytes, exactly as issued. */
export async function readCaseDocument(
  deps: CaseDeps,
  user: UserRecord,
  caseId: string,
  documentId: string,
) {
  const record = await deps.cases.read(user, caseId);
  const document = await deps.store.documents.get(documentId);
  if (!document || document.caseId !== caseId || document.format === 'html' || !document.content)
    throw new LowformError('LF_NOT_FOUND', 'There is no such document on this case.');
  await recordAccess(deps, user, caseId, `document-read:${documentId}`);
  return {
    bytes: Buffer.from(document.content, 'base64'),
    mediaType: FORMAT_MEDIA_TYPES[document.format],
    fileName: `${record.reference}-${document.templateId}.${document.format}`,
  };
}
