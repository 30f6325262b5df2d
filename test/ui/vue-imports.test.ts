import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const uiSource = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../ui/src');

async function vueFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await vueFiles(full)));
    else if (entry.name.endsWith('.vue')) found.push(full);
  }
  return found;
}

describe('web app: components', () => {
  it('imports every component as a value, so templates can render it', async () => {
    // A type-only import of a .vue file compiles, but the template then renders an unknown
    // element instead of the component (a linter's "use import type" fix once did this).
    const offenders: string[] = [];
    for (const file of await vueFiles(uiSource)) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/import\s+type\s+(\w+)\s+from\s+'[^']+\.vue'/g)) {
        offenders.push(`${path.relative(uiSource, file)}: ${match[1]}`);
      }
    }
    assert.deepEqual(offenders, []);
  });
});
