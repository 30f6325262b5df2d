import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await sourceFiles(relative)));
    else if (/\.(ts|js|mjs)$/.test(entry.name)) files.push(relative);
  }
  return files;
}

/** Every module specifier a file imports, statically or dynamically. */
function importsOf(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;
  return [...source.matchAll(pattern)].map((m) => m[1]!);
}

const forbidden = [
  { test: (s: string) => /(^|\/)server(\/|$)/.test(s), why: 'server/' },
  { test: (s: string) => /(^|\/)ui(\/|$)/.test(s), why: 'ui/' },
  {
    test: (s: string) => s === 'fastify' || s.startsWith('fastify/') || s.startsWith('@fastify/'),
    why: 'fastify',
  },
  { test: (s: string) => s === 'mongodb' || s.startsWith('mongodb/'), why: 'mongodb' },
  { test: (s: string) => /^(node:)?fs(\/|$)/.test(s), why: 'the file system' },
];

describe('architecture', () => {
  it('finds imports of every form', () => {
    const source = `import a from 'node:fs';\nimport { b } from "../server/app.ts";\nconst c = await import('mongodb');\nimport 'fastify';`;
    assert.deepEqual(importsOf(source), ['node:fs', '../server/app.ts', 'mongodb', 'fastify']);
  });

  it('keeps engine/ and forms/ pure: no server, ui, fastify, mongodb or file system', async () => {
    const problems: string[] = [];
    for (const dir of ['engine', 'forms']) {
      for (const file of await sourceFiles(dir)) {
        const source = await readFile(path.join(root, file), 'utf8');
        for (const specifier of importsOf(source)) {
          const rule = forbidden.find((r) => r.test(specifier));
          if (rule) problems.push(`${file} imports ${specifier} (${rule.why})`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
