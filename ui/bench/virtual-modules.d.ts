/** Lowform's renderer set when ui/src/forms/renderers.ts exists (test/ui/conformance/page.ts). */
declare module 'virtual:lowform-renderers' {
  import type { JsonFormsRendererRegistryEntry } from '@jsonforms/core';
  export const lowformRenderers: JsonFormsRendererRegistryEntry[] | undefined;
}
