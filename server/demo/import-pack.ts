/**
 * Re-importing a pack on request (`npm run lowform -- pack import NAME [--yes]`): each definition
 * is compared with its latest published version; only with `publish` are the changed ones
 * published, each as a new version. Open drafts are never read into it or touched.
 */
import { LowformError } from '../errors.ts';
import type { DefinitionRegistry } from '../services/definition-registry.ts';
import { latestPublished } from '../services/definition-registry.ts';
import {
  type DefinitionKind,
  definitionCollection,
  getDraft,
  publishVersion,
  sameDefinition,
} from '../services/definitions.ts';
import type { Store } from '../store/store.ts';
import { formChanges, workflowChanges } from './definition-changes.ts';
import { readPack } from './load-pack.ts';

/** How one of the pack's definitions stands against the store. */
export interface PackDefinitionReport {
  kind: DefinitionKind;
  id: string;
  /** The latest published version, or null when the store has none. */
  latestVersion: number | null;
  /** What publishing the pack's copy would change; empty when it is the same. */
  changes: string[];
  /** True when someone has a draft of this id open (it is left as it is). */
  draftOpen: boolean;
  /** The version published by this import, if one was. */
  published?: number;
}

/** The result of an import: the pack and how each definition stands. */
export interface PackImportReport {
  packId: string;
  title: string;
  definitions: PackDefinitionReport[];
}

/** Compares a pack with the store and, with `publish`, publishes what differs. */
export async function importPack(
  deps: { store: Store; registry: DefinitionRegistry },
  packId: string,
  options: { publish: boolean; actor: string; now: Date },
): Promise<PackImportReport> {
  const pack = await readPack(packId);
  const definitions: PackDefinitionReport[] = [];
  // Forms first: a workflow is linted against the forms published when it is.
  const items = [
    ...pack.forms.map((definition) => ({ kind: 'form' as const, definition })),
    ...pack.workflows.map((definition) => ({ kind: 'workflow' as const, definition })),
    ...pack.templates.map((definition) => ({ kind: 'template' as const, definition })),
  ];
  for (const { kind, definition } of items) {
    const id = String(definition.id);
    const latest = await latestPublished(definitionCollection(deps.store, kind), id);
    const changes = !latest
      ? ['Not published yet.']
      : kind === 'form'
        ? formChanges(latest.definition, definition)
        : kind === 'workflow'
          ? workflowChanges(latest.definition, definition)
          : sameDefinition(latest.definition, definition)
            ? []
            : ['The template differs from the pack.'];
    const report: PackDefinitionReport = {
      kind,
      id,
      latestVersion: latest?.definitionVersion ?? null,
      changes,
      draftOpen: (await getDraft(deps.store, kind, id)) !== null,
    };
    if (options.publish && changes.length > 0) {
      try {
        const record = await publishVersion(deps, kind, id, definition, options.actor, options.now);
        report.published = record.definitionVersion;
      } catch (error) {
        if (error instanceof LowformError) {
          throw new LowformError(
            error.code,
            `The ${kind} "${id}" of the ${pack.manifest.title} pack could not be published: ${error.message}`,
            error.details,
          );
        }
        throw error;
      }
    }
    definitions.push(report);
  }
  return { packId, title: pack.manifest.title, definitions };
}

/** The lines the command prints for a report. */
export function describePackImport(report: PackImportReport, published: boolean): string[] {
  const lines = [`Pack ${report.packId} (${report.title}):`];
  for (const d of report.definitions) {
    const name = `${d.kind} ${d.id}`;
    if (d.latestVersion === null) lines.push(`  ${name}: not in the store`);
    else if (d.changes.length === 0)
      lines.push(`  ${name}: same as published version ${d.latestVersion}`);
    else lines.push(`  ${name}: differs from published version ${d.latestVersion}`);
    for (const change of d.latestVersion === null ? [] : d.changes) lines.push(`    - ${change}`);
    if (d.draftOpen && d.changes.length > 0)
      lines.push('    (an open draft of it is left as it is)');
  }
  const changed = report.definitions.filter((d) => d.changes.length > 0);
  if (changed.length === 0) lines.push('Everything is as published; nothing to do.');
  else if (published)
    for (const d of changed) lines.push(`Published ${d.kind} ${d.id} version ${d.published}.`);
  else
    lines.push(
      `Nothing was published. To publish the ${changed.length} changed definition(s) as new versions, run: npm run lowform -- pack import ${report.packId} --yes`,
    );
  return lines;
}
