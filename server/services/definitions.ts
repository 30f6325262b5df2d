/**
 * Editing forms, workflows and document templates: one draft per id, lint, diff, and publishing
 * an immutable version. Practice leads edit forms and templates, admins workflows, through the
 * same code.
 */
import { checkTemplate, type FormsByIdView } from '../../documents/check-template.ts';
import { isEngineError, lintWorkflow, loadWorkflow, londonDate } from '../../engine/index.ts';
import { diffForms, type FormDiff, isFormError, lintForm, loadForm } from '../../forms/index.ts';
import { LowformError } from '../errors.ts';
import { listAll } from '../store/list-all.ts';
import type { DefinitionRecord, Store } from '../store/store.ts';
import {
  allLatestPublished,
  type DefinitionRegistry,
  latestPublished,
} from './definition-registry.ts';
import { formDependents, missingQuestionErrors } from './form-dependencies.ts';
import { storedCalendar } from './working-calendar.ts';

/** Which kind of definition. */
export type DefinitionKind = 'form' | 'workflow' | 'template';

/** One problem or doubt about a definition, with where it is. */
export interface DefinitionProblem {
  code: string;
  message: string;
  path: string;
  state?: string;
  event?: string;
}

/** A lint result: errors stop publishing; warnings do not. */
export interface DefinitionLint {
  errors: DefinitionProblem[];
  warnings: DefinitionProblem[];
}

/** A definition as clients see it. */
export interface DefinitionView {
  id: string;
  version: number;
  status: 'draft' | 'published';
  recordVersion: number;
  definition: Record<string, unknown>;
  updatedAt: string;
  updatedBy: string;
  publishedAt?: string;
  publishedBy?: string;
  note?: string;
}

/** What the definition services need. */
export interface DefinitionDeps {
  store: Store;
  registry: DefinitionRegistry;
}

const noun = { form: 'form', workflow: 'workflow', template: 'document template' } as const;

/** The collection a kind of definition is kept in. */
export function definitionCollection(store: Store, kind: DefinitionKind) {
  if (kind === 'template') return store.documentTemplates;
  return kind === 'form' ? store.forms : store.workflows;
}
const collection = definitionCollection;

/** The latest published version of every form, as a template is checked against them. */
export async function latestFormsView(deps: DefinitionDeps): Promise<FormsByIdView> {
  const forms = new Map<string, { title: string; fields: LoadedFormFields }>();
  for (const record of await allLatestPublished(deps.store.forms)) {
    const form = await deps.registry.form(record.definitionId, record.definitionVersion);
    forms.set(form.id, { title: form.title, fields: form.fields });
  }
  return forms;
}
type LoadedFormFields = Awaited<ReturnType<DefinitionRegistry['form']>>['fields'];

/** The wire view of a stored definition. */
export function toDefinitionView(record: DefinitionRecord): DefinitionView {
  const view: DefinitionView = {
    id: record.definitionId,
    version: record.definitionVersion,
    status: record.status,
    recordVersion: record.version,
    definition: JSON.parse(record.definition) as Record<string, unknown>,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
  };
  if (record.publishedAt) view.publishedAt = record.publishedAt;
  if (record.publishedBy) view.publishedBy = record.publishedBy;
  if (record.note) view.note = record.note;
  return view;
}

/** Lints a definition of either kind; given the time, also warns of deadlines past the calendar. */
export async function lintDefinition(
  deps: DefinitionDeps,
  kind: DefinitionKind,
  definition: unknown,
  now?: Date,
): Promise<DefinitionLint> {
  if (kind === 'template') {
    const findings = checkTemplate(definition, await latestFormsView(deps));
    return {
      errors: findings.map(({ path, message }) => ({ code: 'template', message, path })),
      warnings: [],
    };
  }
  if (kind === 'form') {
    const findings = lintForm(definition);
    const pick = (severity: string) =>
      findings
        .filter((f) => f.severity === severity)
        .map(({ code, message, path }) => ({ code, message, path }));
    const errors = pick('error');
    // A form that loads is checked against what other definitions read of it.
    if (errors.length === 0) {
      const form = tryLoadForm(definition);
      if (form) errors.push(...missingQuestionErrors(form, await formDependents(deps, form.id)));
    }
    return { errors, warnings: pick('warning') };
  }
  const forms = await deps.registry.formSummaries();
  if (now === undefined) return lintWorkflow(definition, { forms });
  return lintWorkflow(definition, {
    forms,
    today: londonDate(now),
    calendar: await storedCalendar(deps.store),
  });
}

/** The form a definition that passed lint loads as; null if loading finds more to say. */
function tryLoadForm(definition: unknown) {
  try {
    return loadForm(definition);
  } catch (error) {
    if (isFormError(error)) return null;
    throw error;
  }
}

function assertDefinitionId(definition: Record<string, unknown>, id: string): void {
  if (definition.id !== id) {
    throw new LowformError('LF_VALIDATION', `The definition's id must be "${id}".`, [
      { in: 'body', path: '/definition/id', problem: `must be "${id}"` },
    ]);
  }
}

/** Every draft of a kind, by id: forms being changed, and forms never published. */
export async function listDrafts(store: Store, kind: DefinitionKind) {
  const drafts = await listAll(collection(store, kind), { filter: { status: 'draft' } });
  return drafts.sort((a, b) => a.definitionId.localeCompare(b.definitionId));
}

/** The draft of an id, or null. */
export async function getDraft(store: Store, kind: DefinitionKind, id: string) {
  return collection(store, kind).get(`${id}@draft`);
}

/**
 * Creates or replaces the draft of an id. Replacing needs the draft's recordVersion as last
 * seen; a newer draft saved by someone else is a conflict, never overwritten.
 */
export async function saveDraft(
  store: Store,
  kind: DefinitionKind,
  id: string,
  definition: Record<string, unknown>,
  expectedVersion: number | undefined,
  actor: string,
  now: Date,
): Promise<DefinitionRecord> {
  assertDefinitionId(definition, id);
  const records = collection(store, kind);
  const existing = await records.get(`${id}@draft`);
  const at = now.toISOString();
  if (existing) {
    if (expectedVersion === undefined) {
      throw new LowformError(
        'LF_CONFLICT',
        `A draft of this ${noun[kind]} exists; send its recordVersion to replace it.`,
        {
          current: toDefinitionView(existing),
        },
      );
    }
    const text = JSON.stringify({ ...definition, version: existing.definitionVersion });
    const result = await records.update(existing.id, expectedVersion, {
      definition: text,
      updatedAt: at,
      updatedBy: actor,
    });
    if (result.ok) return result.record;
    if (result.reason === 'missing')
      return saveDraft(store, kind, id, definition, undefined, actor, now);
    throw new LowformError('LF_CONFLICT', undefined, { current: toDefinitionView(result.current) });
  }
  const latest = await latestPublished(records, id);
  const definitionVersion = (latest?.definitionVersion ?? 0) + 1;
  const record: DefinitionRecord = {
    id: `${id}@draft`,
    version: 1,
    definitionId: id,
    definitionVersion,
    status: 'draft',
    definition: JSON.stringify({ ...definition, version: definitionVersion }),
    createdAt: at,
    updatedAt: at,
    updatedBy: actor,
  };
  return records.insert(record);
}

/**
 * Publishes the draft as an immutable version. Without transactions this is two writes: insert
 * the version, then delete the draft. If the process dies between them, the next publish finds
 * the version already stored with the same content and just removes the draft. A draft opened
 * before someone else published (a pack import) takes the next number when it is published.
 */
export async function publishDraft(
  deps: DefinitionDeps,
  kind: DefinitionKind,
  id: string,
  expectedVersion: number,
  actor: string,
  now: Date,
  note?: string,
): Promise<DefinitionRecord> {
  const records = collection(deps.store, kind);
  const draft = await records.get(`${id}@draft`);
  if (!draft)
    throw new LowformError(
      'LF_NOT_FOUND',
      `There is no draft of ${noun[kind]} "${id}" to publish.`,
    );
  if (draft.version !== expectedVersion) {
    throw new LowformError('LF_CONFLICT', undefined, { current: toDefinitionView(draft) });
  }
  const definition = JSON.parse(draft.definition) as Record<string, unknown>;
  const latest = await latestPublished(records, id);
  const finished =
    latest !== null &&
    latest.definitionVersion >= draft.definitionVersion &&
    sameDefinition(latest.definition, definition);
  const record = finished
    ? latest
    : await publishVersion(deps, kind, id, definition, actor, now, {
        number: Math.max(draft.definitionVersion, (latest?.definitionVersion ?? 0) + 1),
        ...(note ? { note } : {}),
      });
  await records.delete(draft.id);
  return record;
}

/**
 * Lints and publishes a definition as the next version of an id (or the number given), without
 * a draft: how a pack import publishes while a practice lead's draft stays open.
 */
export async function publishVersion(
  deps: DefinitionDeps,
  kind: DefinitionKind,
  id: string,
  definition: Record<string, unknown>,
  actor: string,
  now: Date,
  at: { number?: number; note?: string } = {},
): Promise<DefinitionRecord> {
  assertDefinitionId(definition, id);
  const records = collection(deps.store, kind);
  const number = at.number ?? ((await latestPublished(records, id))?.definitionVersion ?? 0) + 1;
  const content = { ...definition, version: number };
  const lint = await lintDefinition(deps, kind, content, now);
  if (lint.errors.length > 0) {
    throw new LowformError(
      kind === 'form'
        ? 'LF_FORM_INVALID'
        : kind === 'template'
          ? 'LF_REFUSED'
          : 'LF_WORKFLOW_INVALID',
      `The ${noun[kind]} cannot be published: ${lint.errors[0]!.message}`,
      lint,
    );
  }
  try {
    if (kind === 'form') loadForm(content);
    else if (kind === 'workflow')
      loadWorkflow(content, { forms: await deps.registry.formSummaries() });
  } catch (error) {
    if (isFormError(error) || isEngineError(error)) {
      throw new LowformError(error.code, error.message, error.details);
    }
    throw error;
  }
  const stamp = now.toISOString();
  const published: DefinitionRecord = {
    id: `${id}@${number}`,
    version: 1,
    definitionId: id,
    definitionVersion: number,
    status: 'published',
    definition: JSON.stringify(content),
    createdAt: stamp,
    updatedAt: stamp,
    updatedBy: actor,
    publishedAt: stamp,
    publishedBy: actor,
    ...(at.note ? { note: at.note } : {}),
  };
  const { record, created } = await records.insertOnce(published);
  if (!created && record.definition !== published.definition) {
    throw new LowformError(
      'LF_CONFLICT',
      `Version ${number} of "${id}" is published already with other content.`,
    );
  }
  return record;
}

/** The same definition apart from its version number, which each stored copy carries. */
export function sameDefinition(stored: string, definition: Record<string, unknown>): boolean {
  const { version: _a, ...left } = JSON.parse(stored) as Record<string, unknown>;
  const { version: _b, ...right } = definition;
  return JSON.stringify(left) === JSON.stringify(right);
}

/** The diff between two versions of a form ('draft' for the draft). */
export async function diffFormVersions(
  store: Store,
  id: string,
  from: number | 'draft',
  to: number | 'draft',
): Promise<FormDiff> {
  const read = async (version: number | 'draft') => {
    const record = await store.forms.get(`${id}@${version}`);
    if (!record) throw new LowformError('LF_NOT_FOUND', `Form "${id}" has no version ${version}.`);
    return loadForm(record.definition);
  };
  return diffForms(await read(from), await read(to));
}

/** A definition's published versions, newest first, each with who published it, when, and why. */
export async function versionHistory(store: Store, kind: DefinitionKind, id: string) {
  const versions = await listAll(collection(store, kind), {
    filter: { definitionId: id, status: 'published' },
    sort: { field: 'definitionVersion', direction: 'desc' },
    omit: ['definition'],
  });
  if (versions.length === 0)
    throw new LowformError('LF_NOT_FOUND', `No version of ${noun[kind]} "${id}" is published.`);
  return versions;
}

/**
 * Makes a published version the draft again (its content, the next version's number), replacing
 * the draft only at the recordVersion last seen; publishing it is then an ordinary publish.
 */
export async function restoreVersion(
  store: Store,
  kind: DefinitionKind,
  id: string,
  version: number,
  expectedVersion: number | undefined,
  actor: string,
  now: Date,
): Promise<DefinitionRecord> {
  const record = await collection(store, kind).get(`${id}@${version}`);
  if (record?.status !== 'published')
    throw new LowformError('LF_NOT_FOUND', `"${id}" has no version ${version}.`);
  const definition = JSON.parse(record.definition) as Record<string, unknown>;
  return saveDraft(store, kind, id, definition, expectedVersion, actor, now);
}
