/**
 * The document templates the packs ship (schemas/packs/<pack>/documents/*.json), read once and
 * checked against the meta-schema. The live templates are in the store (seeded from these files
 * as version 1 by demo/load-pack.ts, then published by practice leads); these are the files as
 * shipped, for the pack's tests and the bench.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { templateSchemaFindings } from '../../documents/check-template.ts';
import type { DocumentTemplate } from '../../schemas/generated/document-template.ts';
import { PACKS_DIR } from '../demo/load-pack.ts';

/** The template files of every pack, in a stable order. */
export async function templateFiles(packsDir = PACKS_DIR): Promise<string[]> {
  const packs = await readdir(packsDir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const pack of packs.filter((p) => p.isDirectory())) {
    const dir = path.join(packsDir, pack.name, 'documents');
    const names = await readdir(dir).catch(() => [] as string[]);
    files.push(...names.filter((n) => n.endsWith('.json')).map((n) => path.join(dir, n)));
  }
  return files.sort();
}

/** Reads and checks every pack's templates, by id; a template that fails its schema throws. */
export async function readTemplates(packsDir = PACKS_DIR): Promise<Map<string, DocumentTemplate>> {
  const templates = new Map<string, DocumentTemplate>();
  for (const file of await templateFiles(packsDir)) {
    const value: unknown = JSON.parse(await readFile(file, 'utf8'));
    const findings = templateSchemaFindings(value);
    const name = path.relative(packsDir, file);
    if (findings.length > 0)
      throw new Error(
        `${name} is not a document template: ${findings.map((f) => f.message).join(' ')}`,
      );
    const template = value as DocumentTemplate;
    if (templates.has(template.id))
      throw new Error(`Two packs ship a template with the id ${template.id}.`);
    templates.set(template.id, template);
  }
  return templates;
}

let shipped: Promise<Map<string, DocumentTemplate>> | null = null;

/** The shipped templates, read on first use. */
export function shippedTemplates(): Promise<Map<string, DocumentTemplate>> {
  shipped ??= readTemplates().catch((error: unknown) => {
    shipped = null;
    throw error;
  });
  return shipped;
}
