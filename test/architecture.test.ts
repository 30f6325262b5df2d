import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function sourceFiles(dir: string, pattern = /\.(ts|js|mjs)$/): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await sourceFiles(relative, pattern)));
    else if (pattern.test(entry.name)) files.push(relative);
  }
  return files;
}

/** Every module specifier a file imports, statically or dynamically. */
function importsOf(source: string): string[] {
  const pattern =
    /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bimport\.meta\.resolve\s*\(\s*)['"]([^'"]+)['"]/g;
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
    const source = `import a from 'node:fs';\nimport { b } from "../server/app.ts";\nconst c = await import('mongodb');\nimport 'fastify';\nconst d = import.meta.resolve('fonts/a.ttf');`;
    assert.deepEqual(importsOf(source), [
      'node:fs',
      '../server/app.ts',
      'mongodb',
      'fastify',
      'fonts/a.ttf',
    ]);
  });

  it('keeps engine/, forms/ and documents/ pure: no server, ui, fastify, mongodb or file system', async () => {
    const problems: string[] = [];
    for (const dir of ['engine', 'forms', 'documents']) {
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

/**
 * The pure modules of engine/ and forms/ (and the generated types they name) that the web app
 * may import, so that what must agree between the server and the page has one source. Each is
 * free of Node-only code, and imports only others of this list.
 */
const sharedWithUi = [
  'documents/edit-template.ts',
  'engine/calendar.ts',
  'engine/context.ts',
  'engine/errors.ts',
  'engine/guards.ts',
  'engine/machine-tree.ts',
  'engine/reasons.ts',
  'engine/roles.ts',
  'engine/words.ts',
  'forms/burden-model.ts',
  'forms/describe-changes.ts',
  'forms/edit-form.ts',
  'forms/error-words.ts',
  'forms/form-field.ts',
  'forms/humanise.ts',
  'forms/json-position.ts',
  'forms/json-pointer.ts',
  'forms/resolve-ref.ts',
  'forms/resolve-scope.ts',
  'forms/show-condition.ts',
  'forms/typed-date.ts',
  'forms/walk-schema.ts',
  'schemas/calendars/england-and-wales.json',
  'schemas/generated/document-template.ts',
  'schemas/generated/form-definition.ts',
  'schemas/generated/records.ts',
  'schemas/generated/workflow-definition.ts',
  'schemas/meta/form-definition.schema.json',
];

/** What is wrong with the repository files that `files` (path → source) import, for files of ui/. */
function uiImportProblems(files: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (const [file, source] of files) {
    const shared = sharedWithUi.includes(file);
    for (const specifier of importsOf(source)) {
      if (!specifier.startsWith('.')) {
        if (shared) problems.push(`${file} is shared with ui/ but imports ${specifier}`);
        else if (isBuiltin(specifier)) problems.push(`${file} imports ${specifier} (Node only)`);
        continue;
      }
      const target = path.posix.join(path.posix.dirname(file), specifier);
      if (target.startsWith('ui/')) continue;
      if (target.startsWith('server/')) problems.push(`${file} imports ${target} (server/)`);
      else if (!sharedWithUi.includes(target)) {
        problems.push(`${file} imports ${target}, which is not shared with ui/`);
      }
    }
  }
  return problems;
}

describe('architecture: what ui/ may import', () => {
  it('refuses a ui/ import of server/ or of an engine/ module not shared with it', () => {
    const files = new Map([
      ['ui/src/a.ts', "import { ROLES } from '../../engine/roles.ts';"],
      ['ui/src/views/b.vue', "import { buildApp } from '../../../server/app.ts';"],
      ['ui/src/c.ts', "import { transition } from '../../engine/transition.ts';"],
      ['forms/humanise.ts', "import { readFile } from 'node:fs/promises';"],
      ['ui/src/d.ts', "import { randomUUID } from 'node:crypto';\nimport { ref } from 'vue';"],
    ]);
    assert.deepEqual(uiImportProblems(files), [
      'ui/src/views/b.vue imports server/app.ts (server/)',
      'ui/src/c.ts imports engine/transition.ts, which is not shared with ui/',
      'forms/humanise.ts is shared with ui/ but imports node:fs/promises',
      'ui/src/d.ts imports node:crypto (Node only)',
    ]);
  });

  it('lets ui/ import only the shared pure modules, never server/', async () => {
    const files = new Map<string, string>();
    for (const dir of ['ui/src', 'ui/bench']) {
      for (const file of await sourceFiles(dir, /\.(ts|js|mjs|vue)$/)) {
        files.set(file, await readFile(path.join(root, file), 'utf8'));
      }
    }
    // Data (the shipped calendar) imports nothing; only code is read for imports.
    for (const file of sharedWithUi.filter((f) => !f.endsWith('.json')))
      files.set(file, await readFile(path.join(root, file), 'utf8'));
    assert.deepEqual(uiImportProblems(files), []);
  });
});

/** The package a bare specifier names ('@scope/name/sub' -> '@scope/name'), or null. */
function packageOf(specifier: string): string | null {
  if (/^[./#]/.test(specifier) || isBuiltin(specifier)) return null;
  const parts = specifier.split('?')[0]!.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  // Text that only looks like an import ("from '${node.path}'" in a message) names no package.
  return /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/.test(name) ? name : null;
}

/**
 * What runs in production: the server and the pure packages it loads, and what `npm start`
 * needs to build the web app (scripts/ensure-ui-built.ts, the Vite config it loads, ui/src).
 * Not ui/bench (the benchmark's baseline), scripts/generate-types.ts or test/.
 */
async function productionFiles(): Promise<string[]> {
  const dirs = ['server', 'engine', 'forms', 'documents', 'schemas'];
  const files = (await Promise.all(dirs.map((d) => sourceFiles(d)))).flat();
  files.push(...(await sourceFiles('ui/src', /\.(ts|js|mjs|vue)$/)));
  files.push('scripts/ensure-ui-built.ts', 'ui/vite.config.ts');
  return files;
}

interface PackageJson {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  bin?: string | Record<string, string>;
}

async function readPackage(dir: string): Promise<PackageJson> {
  return JSON.parse(await readFile(path.join(root, dir, 'package.json'), 'utf8')) as PackageJson;
}

describe('production dependencies', () => {
  it('names the package of a bare specifier, and none for relative or built-in ones', () => {
    assert.deepEqual(
      ['@fastify/cookie', 'ajv/dist/core', 'vue', './a.ts', 'node:fs', 'fs', 'vite?x', '$node'].map(
        packageOf,
      ),
      ['@fastify/cookie', 'ajv', 'vue', null, null, null, 'vite', null],
    );
  });

  it('lists only packages that production code imports or `npm start` runs', async () => {
    const pkg = await readPackage('.');
    const imported = new Set<string>();
    for (const file of await productionFiles()) {
      const source = await readFile(path.join(root, file), 'utf8');
      for (const specifier of importsOf(source)) {
        const name = packageOf(specifier);
        if (name) imported.add(name);
      }
    }
    // The commands of the start script ('tsx scripts/… && tsx server/main.ts' runs tsx).
    const commands = new Set(pkg.scripts.start!.split('&&').map((c) => c.trim().split(/\s+/)[0]));
    const unused: string[] = [];
    for (const name of Object.keys(pkg.dependencies)) {
      if (imported.has(name)) continue;
      const { bin } = await readPackage(`node_modules/${name}`);
      const bins =
        typeof bin === 'string' ? [name.replace(/^@[^/]+\//, '')] : Object.keys(bin ?? {});
      if (!bins.some((b) => commands.has(b))) unused.push(name);
    }
    assert.deepEqual(unused, [], 'move these to devDependencies, or remove them');
  });

  it('imports in production code only packages listed as production dependencies', async () => {
    const { dependencies } = await readPackage('.');
    const problems: string[] = [];
    for (const file of await productionFiles()) {
      const source = await readFile(path.join(root, file), 'utf8');
      for (const specifier of importsOf(source)) {
        const name = packageOf(specifier);
        if (name && !(name in dependencies)) problems.push(`${file} imports ${name}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
