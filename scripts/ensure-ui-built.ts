/**
 * Builds the web app (ui/ → ui/dist) with Vite when ui/dist is missing or older than any file
 * it is built from, so `npm start` and the browser tests always serve the current app.
 * `--force` builds whatever the dates say.
 */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The app's folder. */
export const UI_ROOT = path.join(root, 'ui');
const dist = path.join(UI_ROOT, 'dist');
const builtMarker = path.join(dist, 'index.html');

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    const time = entry.isDirectory() ? await newestSource(full) : (await stat(full)).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

/** True when ui/dist is missing or older than a source file (or package.json). */
export async function uiBuildIsStale(): Promise<boolean> {
  if (!existsSync(builtMarker)) return true;
  const built = (await stat(builtMarker)).mtimeMs;
  const sources = Math.max(
    await newestSource(UI_ROOT),
    (await stat(path.join(root, 'package-lock.json'))).mtimeMs,
  );
  return sources > built;
}

/** Runs the Vite production build of ui/ into ui/dist. */
export async function buildUi(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: path.join(UI_ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

/** Builds the app when it is stale; returns whether it built. */
export async function ensureUiBuilt(options: { force?: boolean } = {}): Promise<boolean> {
  if (!options.force && !(await uiBuildIsStale())) return false;
  await buildUi();
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  const started = Date.now();
  ensureUiBuilt({ force })
    .then((built) => {
      console.log(
        built
          ? `Built the web app into ui/dist in ${((Date.now() - started) / 1000).toFixed(1)} s.`
          : 'The web app in ui/dist is up to date.',
      );
    })
    .catch((error: unknown) => {
      console.error('Could not build the web app:', error);
      process.exit(1);
    });
}
