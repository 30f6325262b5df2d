/**
 * Lowform's JSON Forms renderer set: one `{ tester, renderer }` entry per component, for
 * `<JsonForms :renderers>`. The testers are in testers.ts; a council adds entries of its own
 * (council-renderers.ts) or swaps the whole set (renderer-registry.ts).
 */
import type { JsonFormsRendererRegistryEntry } from '@jsonforms/core';
import { markRaw } from 'vue';
import LfArrayControl from './LfArrayControl.vue';
import LfBooleanControl from './LfBooleanControl.vue';
import LfCategorization from './LfCategorization.vue';
import LfDateControl from './LfDateControl.vue';
import LfEnumControl from './LfEnumControl.vue';
import LfGroup from './LfGroup.vue';
import LfLabel from './LfLabel.vue';
import LfLayout from './LfLayout.vue';
import LfMultiEnumControl from './LfMultiEnumControl.vue';
import LfNumberControl from './LfNumberControl.vue';
import LfObjectControl from './LfObjectControl.vue';
import LfTextControl from './LfTextControl.vue';
import {
  arrayControlTester,
  booleanControlTester,
  categorizationTester,
  dateControlTester,
  enumControlTester,
  groupTester,
  labelTester,
  layoutTester,
  multiEnumControlTester,
  numberControlTester,
  objectControlTester,
  radioControlTester,
  textControlTester,
} from './testers.ts';

/** The renderer set the app draws every form with. */
export const lowformRenderers: JsonFormsRendererRegistryEntry[] = markRaw([
  { tester: textControlTester, renderer: markRaw(LfTextControl) },
  { tester: numberControlTester, renderer: markRaw(LfNumberControl) },
  { tester: booleanControlTester, renderer: markRaw(LfBooleanControl) },
  { tester: dateControlTester, renderer: markRaw(LfDateControl) },
  { tester: enumControlTester, renderer: markRaw(LfEnumControl) },
  { tester: radioControlTester, renderer: markRaw(LfEnumControl) },
  { tester: multiEnumControlTester, renderer: markRaw(LfMultiEnumControl) },
  { tester: arrayControlTester, renderer: markRaw(LfArrayControl) },
  { tester: objectControlTester, renderer: markRaw(LfObjectControl) },
  { tester: layoutTester, renderer: markRaw(LfLayout) },
  { tester: groupTester, renderer: markRaw(LfGroup) },
  { tester: categorizationTester, renderer: markRaw(LfCategorization) },
  { tester: labelTester, renderer: markRaw(LfLabel) },
]);
