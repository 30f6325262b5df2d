/**
 * Loads published form and workflow versions from the store and keeps them compiled. Published
 * versions are immutable, so a process may cache them forever without asking another.
 */
import { loadWorkflow, type Workflow } from '../../engine/index.ts';
import { type LoadedForm, loadForm } from '../../forms/index.ts';
import { LowformError } from '../errors.ts';
import { listAll } from '../store/list-all.ts';
import type { DefinitionRecord, Store } from '../store/store.ts';

/** A form as the engine needs to know it. */
export interface FormSummary {
  id: string;
  title: string;
  version: number;
}

/** Compiled published definitions, by id and version. */
export interface DefinitionRegistry {
  /** A published form version, compiled. */
  form(id: string, version: number): Promise<LoadedForm>;
  /** The latest published version of a form, compiled; null when none is published. */
  latestForm(id: string): Promise<LoadedForm | null>;
  /** A published workflow version, loaded. */
  workflow(id: string, version: number): Promise<Workflow>;
  /** The latest published version of a workflow. */
  latestWorkflow(id: string): Promise<Workflow | null>;
  /** The latest published version of every form, for the engine's lint and guard wording. */
  formSummaries(): Promise<FormSummary[]>;
}

/** The latest published record of a definition id, or null. */
export async function latestPublished(
  collection: Store['forms'],
  definitionId: string,
): Promise<DefinitionRecord | null> {
  const page = await collection.list({
    filter: { definitionId, status: 'published' },
    sort: { field: 'definitionVersion', direction: 'desc' },
    limit: 1,
  });
  return page.items[0] ?? null;
}

/**
 * The latest published record of every definition in a collection: every published version's
 * id and number (not its definition, the large part), then each latest one by id.
 */
export async function allLatestPublished(collection: Store['forms']): Promise<DefinitionRecord[]> {
  const latest = new Map<string, { id: string; definitionVersion: number }>();
  const versions = await listAll(collection, {
    filter: { status: 'published' },
    omit: ['definition'],
  });
  for (const record of versions) {
    const seen = latest.get(record.definitionId);
    if (!seen || seen.definitionVersion < record.definitionVersion) {
      latest.set(record.definitionId, record);
    }
  }
  const records = await Promise.all([...latest.values()].map((r) => collection.get(r.id)));
  return records
    .filter((r): r is DefinitionRecord => r !== null)
    .sort((a, b) => a.definitionId.localeCompare(b.definitionId));
}

/** Builds a registry over the store. */
export function createDefinitionRegistry(store: Store): DefinitionRegistry {
  const forms = new Map<string, LoadedForm>();
  const workflows = new Map<string, Workflow>();

  async function formRecord(id: string, version: number): Promise<DefinitionRecord> {
    const record = await store.forms.get(`${id}@${version}`);
    if (!record)
      throw new LowformError('LF_NOT_FOUND', `Form "${id}" version ${version} is not published.`);
    return record;
  }

  async function compileForm(record: DefinitionRecord): Promise<LoadedForm> {
    const key = record.id;
    let form = forms.get(key);
    if (!form) {
      form = loadForm(record.definition);
      forms.set(key, form);
    }
    return form;
  }

  async function formSummaries(): Promise<FormSummary[]> {
    return (await allLatestPublished(store.forms)).map((record) => {
      const parsed = JSON.parse(record.definition) as { title?: string };
      return {
        id: record.definitionId,
        title: parsed.title ?? record.definitionId,
        version: record.definitionVersion,
      };
    });
  }

  async function compileWorkflow(record: DefinitionRecord): Promise<Workflow> {
    let workflow = workflows.get(record.id);
    if (!workflow) {
      workflow = loadWorkflow(JSON.parse(record.definition), { forms: await formSummaries() });
      workflows.set(record.id, workflow);
    }
    return workflow;
  }

  return {
    // Published versions never change: a cached one needs no read.
    form: async (id, version) =>
      forms.get(`${id}@${version}`) ?? compileForm(await formRecord(id, version)),
    async latestForm(id) {
      const record = await latestPublished(store.forms, id);
      return record ? compileForm(record) : null;
    },
    async workflow(id, version) {
      const cached = workflows.get(`${id}@${version}`);
      if (cached) return cached;
      const record = await store.workflows.get(`${id}@${version}`);
      if (!record) {
        throw new LowformError(
          'LF_NOT_FOUND',
          `Workflow "${id}" version ${version} is not published.`,
        );
      }
      return compileWorkflow(record);
    },
    async latestWorkflow(id) {
      const record = await latestPublished(store.workflows, id);
      return record ? compileWorkflow(record) : null;
    },
    formSummaries,
  };
}
