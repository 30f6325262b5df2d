/**
 * `npm run lowform -- pack import NAME [--yes]`: shows what re-importing a pack would publish
 * and, with --yes, publishes it, on the configured store.
 */
import { readdir } from 'node:fs/promises';
import { loadConfig } from '../config.ts';
import { describePackImport, importPack } from '../demo/import-pack.ts';
import { PACKS_DIR } from '../demo/load-pack.ts';
import { createDefinitionRegistry } from '../services/definition-registry.ts';
import { openStore } from '../store/index.ts';

/** The usage line of the command. */
export const packImportUsage = 'npm run lowform -- pack import NAME [--yes]';

/** Runs `pack import` with its arguments after `pack`; returns the exit code. */
export async function runPackImport(args: string[], options: { yes: boolean }): Promise<number> {
  const [verb, name, ...rest] = args;
  const packs = (await readdir(PACKS_DIR, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  if (verb !== 'import' || !name || rest.length > 0) {
    console.error(`Usage: ${packImportUsage}\nPacks: ${packs.join(', ')}.`);
    return 2;
  }
  if (!packs.includes(name)) {
    console.error(`There is no pack "${name}" in schemas/packs. Packs: ${packs.join(', ')}.`);
    return 2;
  }
  const config = loadConfig();
  const store = await openStore({ dataDir: config.dataDir, mongodbUri: config.mongodbUri });
  try {
    const registry = createDefinitionRegistry(store);
    const report = await importPack({ store, registry }, name, {
      publish: options.yes,
      actor: 'system',
      now: new Date(),
    });
    for (const line of describePackImport(report, options.yes)) console.log(line);
    return 0;
  } finally {
    await store.close();
  }
}
