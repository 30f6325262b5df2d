/**
 * A workflow as one file: plain XState v5 machine JSON that carries its own id (so targets like
 * `#child-protection.initialConference` resolve in plain XState, with no id injected) beside
 * Lowform's stages. The file has no version number: the store numbers what it keeps, so a file
 * exported, imported and exported again is the same file.
 */
import { machineId } from '../../engine/build-machine.ts';
import type { WorkflowDefinition } from '../../engine/index.ts';
import { LowformError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import {
  type DefinitionDeps,
  type DefinitionLint,
  type DefinitionView,
  getDraft,
  lintDefinition,
  saveDraft,
  toDefinitionView,
} from './definitions.ts';

/** The workflow file: the definition without its version, its machine with its id. */
export type WorkflowFile = Omit<WorkflowDefinition, 'version'> & Record<string, unknown>;

/** The file of a published version, the draft, or (no version given) the latest published. */
export async function exportWorkflow(
  store: Store,
  id: string,
  version: number | 'draft' | undefined,
): Promise<WorkflowFile> {
  const record =
    version === undefined
      ? (
          await store.workflows.list({
            filter: { definitionId: id, status: 'published' },
            sort: { field: 'definitionVersion', direction: 'desc' },
            limit: 1,
          })
        ).items[0]
      : await store.workflows.get(`${id}@${version}`);
  if (!record) {
    const which =
      version === undefined
        ? 'no published version'
        : `no ${version === 'draft' ? 'draft' : `version ${version}`}`;
    throw new LowformError('LF_NOT_FOUND', `Workflow "${id}" has ${which}.`);
  }
  const { version: _version, ...definition } = JSON.parse(record.definition) as WorkflowDefinition;
  // A draft may not be a workflow yet (drafts keep what was typed): it is given back as it is.
  if (definition.machine === null || typeof definition.machine !== 'object') return definition;
  return {
    ...definition,
    machine: { id: machineId({ ...definition, version: 0 }), ...definition.machine },
  };
}

/** What an import made. */
export interface ImportOutcome {
  draft: DefinitionView;
  lint: DefinitionLint;
}

/**
 * Puts a workflow file in the draft. A file that is not a workflow (its meta-schema refuses it)
 * is refused with every problem; one that is, is kept with lint's findings for the designer to
 * show. An existing draft is replaced only when the admin says so.
 */
export async function importWorkflow(
  deps: DefinitionDeps,
  id: string,
  file: Record<string, unknown>,
  overwrite: boolean,
  actor: string,
  now: Date,
): Promise<ImportOutcome> {
  if (file.id !== id) {
    throw new LowformError(
      'LF_VALIDATION',
      `The file is workflow "${String(file.id)}", not "${id}".`,
      [{ in: 'body', path: '/definition/id', problem: `must be "${id}"` }],
    );
  }
  const { version: _version, ...content } = file;
  const lint = await lintDefinition(deps, 'workflow', { ...content, version: 1 }, now);
  const schema = lint.errors.filter((e) => e.code === 'schema');
  if (schema.length > 0) {
    throw new LowformError(
      'LF_WORKFLOW_INVALID',
      `The file is not a workflow Lowform can keep: ${schema[0]!.message}`,
      lint,
    );
  }
  const existing = await getDraft(deps.store, 'workflow', id);
  if (existing && !overwrite) {
    throw new LowformError(
      'LF_CONFLICT',
      `Workflow "${id}" has a draft (version ${existing.definitionVersion}, saved ${existing.updatedAt}): send overwrite: true to replace it with the file.`,
      { draft: toDefinitionView(existing) },
    );
  }
  const record = await saveDraft(
    deps.store,
    'workflow',
    id,
    content,
    existing?.version,
    actor,
    now,
  );
  return { draft: toDefinitionView(record), lint };
}
