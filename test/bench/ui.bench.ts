/**
 * Form renderer benchmark: generated 200- and 500-field forms rendered in Chromium by stock JSON
 * Forms (@jsonforms/vue with the vanilla renderers, the baseline) and by Lowform's renderer
 * (ui/src/forms), in the same run and the same page built by Vite (ui/bench).
 *
 * Measures, per renderer and size: time until every control is in the page (median of 3 mounts),
 * the cost of one committed change (median of 7: set a field, fire input and change, wait for
 * Vue to flush and the browser to lay out), and characters dropped while typing 120 characters
 * as fast as the keyboard goes. Targets: all controls within 500 ms at 200 fields, a change
 * under 16 ms at 200 fields and under 50 ms at 500, no character dropped.
 *
 * npm run bench:ui
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../ui/browser-harness.ts';
import { median, printTable } from './table.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SIZES = [200, 500];
const KINDS = ['stock', 'lowform'] as const;
const MOUNTS = 3;
const CHANGES = 7;
const TYPED = 'The child said she felt safe at school but worried about home. '
  .repeat(2)
  .slice(0, 120);

async function buildBenchPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: path.join(root, 'ui/bench'),
    plugins: [vue()],
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, minify: true },
  });
}

function serve(dir: string): Promise<Server> {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
  };
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const file = path.join(dir, url.pathname === '/' ? 'index.html' : url.pathname);
    if (!file.startsWith(dir) || !(await stat(file).catch(() => null))?.isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'text/plain' });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface Row {
  kind: (typeof KINDS)[number];
  fields: number;
  mountMs: number;
  changeMs: number;
  dropped: number;
}

async function measure(page: Page, kind: Row['kind'], fields: number): Promise<Row> {
  const mounts: number[] = [];
  for (let i = 0; i < MOUNTS; i += 1) {
    mounts.push(
      await page.evaluate(([k, n]) => (globalThis as unknown as BenchPage).lfBench.mount(k, n), [
        kind,
        fields,
      ] as const),
    );
  }
  const changes: number[] = [];
  const field = Math.floor(fields / 20) * 10; // a single-line text field in the middle
  for (let i = 0; i < CHANGES; i += 1) {
    changes.push(
      await page.evaluate(([f, v]) => (globalThis as unknown as BenchPage).lfBench.change(f, v), [
        field,
        `change ${i}`,
      ] as const),
    );
  }
  const typedField = field + 10;
  const id = await page.evaluate(
    (f) => (globalThis as unknown as BenchPage).lfBench.idOf(f),
    typedField,
  );
  const input = page.locator(`[id="${id}"]`);
  await input.click();
  await page.keyboard.type(TYPED, { delay: 0 });
  await page.keyboard.press('Tab');
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
  const shown = await input.inputValue();
  const held = String(
    (await page.evaluate(
      (f) => (globalThis as unknown as BenchPage).lfBench.heldValue(f),
      typedField,
    )) ?? '',
  );
  const dropped = Math.max(TYPED.length - shown.length, TYPED.length - held.length);
  return { kind, fields, mountMs: median(mounts), changeMs: median(changes), dropped };
}

/** What the bench page (ui/bench/main.ts) puts on its window. */
interface BenchPage {
  lfBench: {
    mount(kind: string, n: number): Promise<number>;
    change(field: number, value: string): Promise<number>;
    idOf(field: number): string;
    heldValue(field: number): unknown;
  };
}

async function main(): Promise<void> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'lowform-ui-bench-'));
  const profile = await mkdtemp(path.join(os.tmpdir(), 'lowform-bench-chromium-'));
  await buildBenchPage(outDir);
  const server = await serve(outDir);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 900 },
  });
  const rows: Row[] = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => 'lfBench' in globalThis);
    // Warm up both renderers (JIT, first layout) so the first measured row is not penalised.
    for (const kind of KINDS)
      await page.evaluate((k) => (globalThis as unknown as BenchPage).lfBench.mount(k, 50), kind);
    for (const fields of SIZES) {
      for (const kind of KINDS) rows.push(await measure(page, kind, fields));
    }
  } finally {
    await context.close();
    server.close();
    await rm(outDir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }

  const label = { stock: 'stock JSON Forms (vanilla)', lowform: 'Lowform renderer' };
  const changeTarget = (fields: number) => (fields <= 200 ? 16 : 50);
  console.log(
    `\nForm renderers in Chromium (${MOUNTS} mounts, ${CHANGES} changes, ${TYPED.length} chars typed)\n`,
  );
  printTable(
    [
      'renderer',
      'fields',
      'all controls (ms)',
      'one change (ms, median)',
      'chars dropped',
      'targets',
    ],
    rows.map((r) => [
      label[r.kind],
      r.fields,
      r.mountMs.toFixed(1),
      r.changeMs.toFixed(2),
      r.dropped,
      (r.fields > 200 || r.mountMs <= 500) && r.changeMs < changeTarget(r.fields) && r.dropped === 0
        ? 'met'
        : 'missed',
    ]),
  );
  for (const fields of SIZES) {
    const stock = rows.find((r) => r.kind === 'stock' && r.fields === fields)!;
    const ours = rows.find((r) => r.kind === 'lowform' && r.fields === fields)!;
    console.log(
      `${fields} fields: Lowform mounts ${(stock.mountMs / ours.mountMs).toFixed(1)}x and changes ${(stock.changeMs / ours.changeMs).toFixed(1)}x faster than stock.`,
    );
  }
  console.log(
    '\nTargets: all controls within 500 ms at 200 fields; a change under 16 ms at 200 fields and 50 ms at 500; no character dropped.',
  );
  const missed = rows.filter(
    (r) =>
      r.kind === 'lowform' &&
      (r.changeMs >= changeTarget(r.fields) ||
        r.dropped > 0 ||
        (r.fields <= 200 && r.mountMs > 500)),
  );
  if (missed.length > 0) process.exitCode = 1;
}

await main();
