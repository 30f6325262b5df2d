/**
 * Browser tests' world: the real server (buildApp on the embedded store in a temporary folder,
 * demo users seeded, listening on a free port) serving the built web app, and real Chromium
 * driven by playwright-core. Also checks a page with axe-core and saves screenshots.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { ensureUiBuilt } from '../../scripts/ensure-ui-built.ts';
import { type AppOptions, buildApp } from '../../server/app.ts';
import { loadPack } from '../../server/demo/load-pack.ts';
import { prepareStore } from '../../server/demo/prepare.ts';
import { seedDemoUsers } from '../../server/demo/seed-users.ts';
import { createDefinitionRegistry } from '../../server/services/definition-registry.ts';
import { openEmbeddedStore } from '../../server/store/embedded.ts';
import type { Store } from '../../server/store/store.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

/** The demo users' password in browser tests. */
export const DEMO_PASSWORD = 'browser tests demo password';

/** Where screenshots of every screen go (gitignored). */
export const SCREENSHOT_DIR = path.join(root, 'test/artifacts/screenshots');

/** Chromium's flags for a quiet, headless, sandbox-free run on CI. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--lang=en-GB',
];

/** Debian's Chromium; `npx playwright install` is never used. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A running server with the web app. */
export interface UiServer {
  url: string;
  app: FastifyInstance;
  store: Store;
  close(): Promise<void>;
}

/** Builds the web app if stale, then starts the server on a fresh store with demo users. */
export async function startUiServer(
  options: Partial<AppOptions> & {
    /** Publish this pack's forms and workflows. */
    pack?: string;
    /** Seed as `npm start` does in demo mode: users, the child-protection pack, demo cases. */
    demo?: boolean;
    /** A data directory to start on (a restart); kept when the server closes. */
    dataDir?: string;
  } = {},
): Promise<UiServer> {
  await ensureUiBuilt();
  const { pack, demo, dataDir, ...appOptions } = options;
  const dir = dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'lowform-ui-')));
  const store = openEmbeddedStore({ dataDir: dir });
  const app = await buildApp({
    store,
    sessionSecret: 'b'.repeat(40),
    serveUi: true,
    ...appOptions,
  });
  if (demo) {
    await prepareStore(
      store,
      createDefinitionRegistry(store),
      { demo: true, demoPassword: DEMO_PASSWORD, packs: ['child-protection'] },
      () => new Date(),
    );
  }
  await seedDemoUsers(store, DEMO_PASSWORD, new Date());
  if (pack) {
    await loadPack(
      { store, registry: createDefinitionRegistry(store) },
      pack,
      'system',
      new Date(),
    );
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    store,
    async close() {
      await app.close();
      await store.close();
      if (!dataDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A browser with a fresh profile. */
export interface TestBrowser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh profile in a temporary folder. */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'lowform-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    // Date fields follow the process locale on Linux: show them as an English user sees them.
    env: { ...process.env, LANG: 'en_GB.UTF-8', LANGUAGE: 'en_GB' },
  });
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
      if (process.env.LOWFORM_UI_DEBUG) {
        page.on('response', async (response) => {
          if (response.url().includes('/api/') && response.status() >= 400) {
            console.error(`${response.status()} ${response.url()} ${await response.text()}`);
          }
        });
      }
      return page;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Logs in through the login page and waits for the caseload. */
export async function logInAs(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Caseload' }).waitFor();
}

let axeScript: string | undefined;
async function axeSource(): Promise<string> {
  axeScript ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeScript;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs axe-core on the page and fails on any serious or critical violation. */
export async function assertAccessible(page: Page, screen: string): Promise<void> {
  // Evaluated through the DevTools protocol, which the app's Content-Security-Policy allows,
  // unlike an injected <script> tag.
  const hasAxe = await page.evaluate(() => 'axe' in globalThis);
  if (!hasAxe) await page.evaluate(await axeSource());
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } })
      .axe;
    const result = await axe.run();
    return result.violations;
  });
  const bad = (violations as AxeViolation[]).filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  assert.deepEqual(
    bad.map(
      (v) => `${v.impact} ${v.id}: ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`,
    ),
    [],
    `axe found serious or critical problems on the ${screen} screen`,
  );
}

/**
 * After a full-page capture headless Chromium can jump the scroll position at the next layout,
 * so that a click's mouse-up lands elsewhere. Let that layout happen here: leave the focused
 * field (as a user moving to the next one would) and wait two frames.
 */
async function settleAfterCapture(page: Page): Promise<void> {
  // Runs in the page: a string, because the Node side has no DOM types.
  await page.evaluate(`new Promise((resolve) => {
    document.activeElement?.blur?.();
    requestAnimationFrame(() => requestAnimationFrame(resolve));
  })`);
}

/** Where the README's screenshots live (committed). */
export const DOCS_SCREENSHOT_DIR = path.join(root, 'docs/screenshots');

/**
 * Saves a full-page screenshot as test/artifacts/screenshots/<name>.png. With `docs`, and when
 * LOWFORM_UPDATE_SCREENSHOTS=1, also as docs/screenshots/<name>.png for the README (only then,
 * so that a test run leaves the working tree clean).
 */
export async function saveScreenshot(
  page: Page,
  name: string,
  options: { docs?: boolean } = {},
): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (options.docs && process.env.LOWFORM_UPDATE_SCREENSHOTS === '1') {
    await mkdir(DOCS_SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(DOCS_SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  }
  // A full-page capture resizes the viewport for a moment; let the page settle back before the
  // test clicks again, or the first layout afterwards can move what it clicks.
  await settleAfterCapture(page);
  return file;
}

/** Logs a user in through the API (app.inject) and returns a request function with their session. */
export async function apiClientFor(server: UiServer, username: string, password = DEMO_PASSWORD) {
  const login = await server.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username, password },
  });
  assert.equal(login.statusCode, 200, login.body);
  const cookie = login.cookies.find((c) => c.name === 'lowform_session')!;
  const { csrfToken } = login.json() as { csrfToken: string };
  return async (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) => {
    const response = await server.app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      headers: { cookie: `lowform_session=${cookie.value}`, 'x-csrf-token': csrfToken },
    });
    return { status: response.statusCode, body: response.body ? response.json() : undefined };
  };
}

/**
 * Registers a suite's teardown: a screenshot of the page when a test fails (so a red run shows
 * what the user would have seen), then the browser and the server closed after the last test.
 */
export function tearDownAfterSuite(
  parts: () => { page?: Page; browser?: TestBrowser; server?: UiServer },
): void {
  afterEach(async function () {
    const { page } = parts();
    if (page && this.currentTest?.state === 'failed') {
      await saveScreenshot(page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
    }
  });
  after(async () => {
    const { browser, server } = parts();
    await browser?.close();
    await server?.close();
  });
}
