/**
 * A council's own renderer entries, in the JSON Forms way: `{ tester, renderer }`, where the
 * tester is built with @jsonforms/core's `rankWith` and predicates and the renderer is a Vue
 * component using @jsonforms/vue's composables. An entry whose tester ranks higher than
 * Lowform's (they rank 1 to 5) is chosen for the elements it matches, for example:
 *
 *   import { rankWith, scopeEndsWith } from '@jsonforms/core';
 *   import PostcodeControl from './PostcodeControl.vue';
 *   export const councilRenderers = [
 *     { tester: rankWith(10, scopeEndsWith('postcode')), renderer: PostcodeControl },
 *   ];
 *
 * To draw forms with another set altogether (say @jsonforms/vue-vanilla's), set
 * `councilRendererSet` to it; `councilRenderers` are then added to that set.
 */
import type { JsonFormsRendererRegistryEntry } from '@jsonforms/core';

/** Entries added to the renderer set; empty in Lowform itself. */
export const councilRenderers: JsonFormsRendererRegistryEntry[] = [];

/** A renderer set used instead of Lowform's, or null for Lowform's. */
export const councilRendererSet: JsonFormsRendererRegistryEntry[] | null = null;
