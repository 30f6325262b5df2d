import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROLE_NAME = /\b(practitioner|manager|practice_lead|admin)\b/;
// The one role catalog: the names a definition may use and their words. Everything else in the
// engine learns roles from the workflow (stage roles, sign-off `by`), never from its own code.
const CATALOG = path.join('engine', 'roles.ts');

/** The source without its comments, so a comment may name a role and code may not. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Lines of a source that name a role outside comments. */
function roleNamesIn(source: string): string[] {
  return withoutComments(source)
    .split('\n')
    .filter((line) => ROLE_NAME.test(line))
    .map((line) => line.trim());
}

describe('role names in the engine', () => {
  it('finds a role named in code, and not one named in a comment', () => {
    const source = `/** a manager signs */\n// the manager\nconst x = 'manager'; // admin\nconst y = 1;`;
    assert.deepEqual(roleNamesIn(source), ["const x = 'manager';"]);
  });

  it('names no role anywhere in engine/ except the role catalog', async () => {
    const problems: string[] = [];
    const entries = await readdir(path.join(root, 'engine'), { recursive: true });
    for (const entry of entries.filter((e) => e.endsWith('.ts'))) {
      const file = path.join('engine', entry);
      if (file === CATALOG) continue;
      const source = await readFile(path.join(root, file), 'utf8');
      for (const line of roleNamesIn(source)) problems.push(`${file}: ${line}`);
    }
    assert.deepEqual(problems, []);
  });
});
