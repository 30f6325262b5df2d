/**
 * The renderer entries forms are drawn with: Lowform's set (or the council's replacement) plus
 * the council's entries from council-renderers.ts, plus any registered at start-up with
 * `registerRenderers`. Read when a form mounts, so registering must happen before.
 */
import type { JsonFormsRendererRegistryEntry } from '@jsonforms/core';
import { markRaw } from 'vue';
import { councilRendererSet, councilRenderers } from './council-renderers.ts';
import { lowformRenderers } from './renderers.ts';

const registered: JsonFormsRendererRegistryEntry[] = [];
let replacement: JsonFormsRendererRegistryEntry[] | null = councilRendererSet;

/** Adds renderer entries to every form drawn from now on. */
export function registerRenderers(...entries: JsonFormsRendererRegistryEntry[]): void {
  for (const entry of entries) registered.push({ ...entry, renderer: markRaw(entry.renderer) });
}

/** Draws forms with another renderer set instead of Lowform's (null puts Lowform's back). */
export function replaceRendererSet(set: JsonFormsRendererRegistryEntry[] | null): void {
  replacement = set;
}

/** The entries a form is drawn with now. */
export function formRenderers(): JsonFormsRendererRegistryEntry[] {
  return markRaw([...(replacement ?? lowformRenderers), ...councilRenderers, ...registered]);
}
