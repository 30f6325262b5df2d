/**
 * Serves the built web app (ui/dist) at `/`. Any other GET that is not under /api, /docs or a
 * probe gets index.html, so that the app's own routes (/cases/123) survive a reload.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where Vite writes the built app. */
export const UI_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../ui/dist');

/** True when a GET for this URL should fall back to the app's index.html. */
export function isAppRoute(url: string): boolean {
  return !/^\/(api|docs|health|ready|assets)(\/|$|\?)/.test(url);
}

/** Registers the static files when the app has been built; returns whether it was. */
export async function uiRoutes(
  app: FastifyInstance,
  options: { dist?: string } = {},
): Promise<boolean> {
  const dist = options.dist ?? UI_DIST;
  if (!existsSync(path.join(dist, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    wildcard: true,
    index: false,
  });
  app.get('/', { schema: { hide: true } }, (_request, reply) => reply.sendFile('index.html'));
  return true;
}
