/**
 * Loads a pack of forms and workflows (schemas/packs/<pack>/pack.json) through the same services
 * the designers use: each definition is drafted, linted and published like any other. A version
 * already published with the same content is left alone, so loading at every start is safe.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LowformError } from '../errors.ts';
import type { DefinitionRegistry } from '../services/definition-registry.ts';
import { latestPublished } from '../services/definition-registry.ts';
import { type DefinitionKind, getDraft, publishDraft, saveDraft } from '../services/definitions.ts';
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
  };
}

/** The published definition text to compare with: published versions carry their own number. */
function sameContent(stored: string, definition: Record<string, unknown>): boolean {
  const { version: _a, ...left } = JSON.parse(stored) as Record<string, unknown>;
  const { version: _b, ...right } = definition;
  return JSON.stringify(left) === JSON.stringify(right);
}

async function publishIfChanged(
  deps: { store: Store; registry: DefinitionRegistry },
  kind: DefinitionKind,
  definition: Record<string, unknown>,
  actor: string,
  now: Date,
): Promise<boolean> {
  const id = String(definition.id);
  const records = kind === 'form' ? deps.store.forms : deps.store.workflows;
  const latest = await latestPublished(records, id);
  if (latest && sameContent(latest.definition, definition)) return false;
  const draft = await getDraft(deps.store, kind, id);
  const saved = await saveDraft(deps.store, kind, id, definition, draft?.version, actor, now);
  await publishDraft(deps, kind, id, saved.version, actor, now);
  return true;
}

/** Publishes every form, then every workflow, of a pack; returns the ids it published. */
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
      if (await publishIfChanged(deps, 'form', form, actor, now)) published.push(String(form.id));
    for (const flow of pack.workflows)
      if (await publishIfChanged(deps, 'workflow', flow, actor, now))
        published.push(String(flow.id));
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
