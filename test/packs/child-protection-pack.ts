/**
 * The child protection pack as tests use it: read from schemas/packs/child-protection/ through its
 * pack.json, every form loaded and the workflow loaded against them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadWorkflow, type Workflow, type WorkflowDefinition } from '../../engine/index.ts';
import { type LoadedForm, loadForm } from '../../forms/index.ts';

/** The pack's folder. */
export const packDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../schemas/packs/child-protection',
);

/** What pack.json lists, relative to the pack's folder. */
export interface PackManifest {
  id: string;
  title: string;
  description: string;
  workflows: string[];
  forms: string[];
}

/** The pack read from disk: its manifest, raw definitions, loaded forms and loaded workflow. */
export interface ChildProtectionPack {
  manifest: PackManifest;
  formDefinitions: Record<string, unknown>[];
  forms: Map<string, LoadedForm>;
  workflowDefinition: WorkflowDefinition;
  workflow: Workflow;
}

/** Reads a JSON file of the pack. */
export function readPackFile(relative: string): unknown {
  return JSON.parse(readFileSync(path.join(packDir, relative), 'utf8'));
}

/** Reads and loads the whole pack; throws the engine's or forms' error if any part is invalid. */
export function loadChildProtectionPack(): ChildProtectionPack {
  const manifest = readPackFile('pack.json') as PackManifest;
  const formDefinitions = manifest.forms.map((f) => readPackFile(f) as Record<string, unknown>);
  const forms = new Map(formDefinitions.map((d) => loadForm(d)).map((f) => [f.id, f]));
  const workflowDefinition = readPackFile(manifest.workflows[0]!) as WorkflowDefinition;
  const workflow = loadWorkflow(workflowDefinition, { forms: formSummaries(forms) });
  return { manifest, formDefinitions, forms, workflowDefinition, workflow };
}

/** The id and title of each loaded form: what the engine needs to know about forms. */
export function formSummaries(forms: ReadonlyMap<string, LoadedForm>) {
  return [...forms.values()].map((f) => ({ id: f.id, title: f.title }));
}
