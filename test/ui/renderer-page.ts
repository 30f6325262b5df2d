/**
 * Builds the renderer test page (ui/test-pages/renderer/) with Vite and serves it with the app's
 * own security headers (server/security-headers.ts), so a page that tried to generate code would
 * be refused exactly as the app would refuse it.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { build } from 'vite';
import { securityHeaders } from '../../server/security-headers.ts';

const pageRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../ui/test-pages/renderer',
);
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

/** A built page being served. */
export interface RendererPage {
  url: string;
  close(): Promise<void>;
}

/** Builds and serves the page on a free port. */
export async function serveRendererPage(): Promise<RendererPage> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'lowform-renderer-'));
  await build({
    configFile: false,
    root: pageRoot,
    plugins: [vue()],
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, minify: true, modulePreload: { polyfill: false } },
  });
  const headers = securityHeaders();
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const file = path.join(outDir, url.pathname === '/' ? 'index.html' : url.pathname);
    if (!file.startsWith(outDir) || !(await stat(file).catch(() => null))?.isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      ...headers,
      'content-type': TYPES[path.extname(file)] ?? 'text/plain',
    });
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
