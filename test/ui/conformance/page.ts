/**
 * Builds a page of ui/bench with Vite into a temporary folder and serves it on a free port, for
 * the conformance test and the renderer benchmark. `api` answers requests the page makes to the
 * same origin (the bench's stand-in for the server).
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

/** A built page being served. */
export interface ServedPage {
  url: string;
  close(): Promise<void>;
}

/** Answers one same-origin request; false when it is not one of its own. */
export type PageApi = (request: IncomingMessage, response: ServerResponse) => boolean;

/** Builds ui/bench/<folder> (index.html and what it imports) and serves it. */
export async function servePage(folder: string, api?: PageApi): Promise<ServedPage> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'lowform-page-'));
  await build({
    configFile: false,
    root: path.join(root, 'ui/bench', folder),
    plugins: [vue()],
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, minify: true, modulePreload: { polyfill: false } },
  });
  const server = createServer(async (request, response) => {
    if (api?.(request, response)) return;
    const url = new URL(request.url ?? '/', 'http://localhost');
    const file = path.join(outDir, url.pathname === '/' ? 'index.html' : url.pathname);
    if (!file.startsWith(outDir) || !(await stat(file).catch(() => null))?.isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'text/plain' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await rm(outDir, { recursive: true, force: true });
    },
  };
}
