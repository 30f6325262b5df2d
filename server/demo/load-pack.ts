/**
 * Loads a pack of forms and workflows (schemas/packs/<pack>/pack.json) through the same services
 * the designers use: each definition is drafted, linted and published like any other. At start a
 * pack only seeds ids the store has never held: what practice leads publish, and their drafts,
 * belong to them. Bringing a changed pack in is `pack import` (import-pack.ts), on request.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LowformError } from '../errors.ts';
import type { DefinitionRegistry } from '../services/definition-registry.ts';
import { latestPublished } from '../services/definition-registry.ts';
import {
  type DefinitionKind,
  definitionCollection,
  getDraft,
  publishDraft,
  sameDefinition,
  saveDraft,
} from '../services/definitions.ts';
import type { Store } from '../store/store.ts';

/** Where packs live. */
export const PACKS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../schemas/packs',
);

interface PackManifest {
  id: string;
  title: string;
  forms: string[];
  workflows: string[];
}

/** Reads a pack's manifest and definitions from disk. */
export async function readPack(packId: string, dir = PACKS_DIR) {
  const root = path.join(dir, packId);
  const manifest = JSON.parse(await readFile(path.join(root, 'pack.json'), 'utf8')) as PackManifest;
  const read = async (file: string) =>
    JSON.parse(await readFile(path.join(root, file), 'utf8')) as Record<string, unknown>;
  return {
    manifest,
    forms: await Promise.all(manifest.forms.map(read)),
    workflows: await Promise.all(manifest.workflows.map(read)),
    templates: await readTemplateFiles(root),
  };
}

/** The pack's document templates (documents/*.json), in file-name order. */
async function readTemplateFiles(root: string): Promise<Record<string, unknown>[]> {
  const dir = path.join(root, 'documents');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));
  return Promise.all(
    names.sort().map(async (name) => {
      const { $schema: _schema, ...template } = JSON.parse(
        await readFile(path.join(dir, name), 'utf8'),
      ) as Record<string, unknown>;
      return template;
    }),
  );
}

async function seedIfAbsent(
  deps: { store: Store; registry: DefinitionRegistry },
  kind: DefinitionKind,
  definition: Record<string, unknown>,
  actor: string,
  now: Date,
): Promise<boolean> {
  const id = String(definition.id);
  const records = definitionCollection(deps.store, kind);
  if (await latestPublished(records, id)) return false;
  // A draft and no version: a seed that died before publishing is finished; anyone else's is theirs.
  const draft = await getDraft(deps.store, kind, id);
  if (draft && !sameDefinition(draft.definition, definition)) return false;
  try {
    const saved =
      draft ?? (await saveDraft(deps.store, kind, id, definition, undefined, actor, now));
    await publishDraft(deps, kind, id, saved.version, actor, now);
  } catch (error) {
    // Another server process starting at the same moment seeded it first.
    if (error instanceof LowformError && error.code === 'LF_DUPLICATE') return false;
    throw error;
  }
  return true;
}

/** Seeds every form, then every workflow, then every document template, of a pack that the store lacks; returns their ids. */
export async function loadPack(
  deps: { store: Store; registry: DefinitionRegistry },
  packId: string,
  actor: string,
  now: Date,
): Promise<string[]> {
  const pack = await readPack(packId);
  const published: string[] = [];
  try {
    for (const form of pack.forms)
      if (await seedIfAbsent(deps, 'form', form, actor, now)) published.push(String(form.id));
    for (const flow of pack.workflows)
      if (await seedIfAbsent(deps, 'workflow', flow, actor, now)) published.push(String(flow.id));
    // Templates last: each is checked against the forms it reads.
    for (const template of pack.templates)
      if (await seedIfAbsent(deps, 'template', template, actor, now))
        published.push(String(template.id));
  } catch (error) {
    if (error instanceof LowformError) {
      throw new LowformError(
        error.code,
        `The ${pack.manifest.title} pack could not be loaded: ${error.message}`,
        error.details,
      );
    }
    throw error;
  }
  return published;
}
