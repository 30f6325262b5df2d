/**
 * The conformance page (built by test/ui/conformance.test.ts, never shipped): mounts one case
 * with `<JsonForms>` and JSON Forms' vanilla renderers or Lowform's (`lowformRenderers`), applies the case's edits as a user would
 * (through labels, never through a renderer's own ids or classes) and reports after each step
 * which controls are visible and enabled, which texts are visible, and the data.
 * The test drives it through window.lfConformance.
 */

import type { JsonFormsRendererRegistryEntry } from '@jsonforms/core';
import { JsonForms } from '@jsonforms/vue';
import { vanillaRenderers } from '@jsonforms/vue-vanilla';
import { type App, type Component, createApp, h, markRaw, nextTick, reactive } from 'vue';
import LfForm from '../../src/forms/LfForm.vue';
import { lowformRenderers } from '../../src/forms/renderers.ts';
import type { ConformanceCase, ConformanceEdit } from './cases.ts';

/** `lowform`: `<JsonForms>` with `lowformRenderers`; `lfform`: the app's LfForm, as configured. */
type Kind = 'vanilla' | 'lowform' | 'lfform';

/** What one step shows. */
export interface Observation {
  /** Per control label, the state of each visible control with that label, in page order. */
  controls: Record<string, ('enabled' | 'disabled')[]>;
  /** Per text, whether it is visible. */
  texts: Record<string, boolean>;
  data: unknown;
}

let app: App | null = null;
let current: () => unknown = () => undefined;

function stage(): HTMLElement {
  return document.getElementById('stage')!;
}

function words(element: Element): string {
  return (element.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** A label's words without the required marks renderers add (`*`, `(required)`). */
function labelWords(element: Element): string {
  return words(element)
    .replace(/\s*\(required\)$/, '')
    .replace(/\s*\*$/, '')
    .trim();
}

/** The control a <label> or <legend> names: its input, or the fieldset it heads. */
function controlNamedBy(element: Element): HTMLElement | null {
  if (element instanceof HTMLLabelElement && element.htmlFor) {
    return document.getElementById(element.htmlFor);
  }
  const legend = element.closest('legend');
  return legend?.parentElement instanceof HTMLFieldSetElement ? legend.parentElement : null;
}

/** Every control (input, select, textarea or fieldset) labelled `label`, in page order. */
function controlsLabelled(label: string): HTMLElement[] {
  const found: HTMLElement[] = [];
  for (const element of stage().querySelectorAll('label, legend')) {
    if (labelWords(element) !== label) continue;
    const target = controlNamedBy(element);
    if (target && !found.includes(target)) found.push(target);
  }
  return found;
}

function isEnabled(element: HTMLElement): boolean {
  const field =
    element instanceof HTMLFieldSetElement
      ? [...element.querySelectorAll<HTMLElement>('input, select, textarea, button')].find((e) =>
          e.checkVisibility(),
        )
      : element;
  if (!field) return false;
  return !field.matches(':disabled') && !(field as HTMLInputElement).readOnly;
}

function textVisible(text: string): boolean {
  return [...stage().querySelectorAll('*')].some(
    (element) => words(element) === text && element.checkVisibility(),
  );
}

function observe(testCase: ConformanceCase): Observation {
  const controls: Observation['controls'] = {};
  for (const label of testCase.controls) {
    controls[label] = controlsLabelled(label)
      .filter((element) => element.checkVisibility())
      .map((element) => (isEnabled(element) ? 'enabled' : 'disabled'));
  }
  const texts: Observation['texts'] = {};
  for (const text of testCase.texts ?? []) texts[text] = textVisible(text);
  return { controls, texts, data: JSON.parse(JSON.stringify(current() ?? null)) };
}

function visibleControl(label: string): HTMLElement {
  const element = controlsLabelled(label).find((e) => e.checkVisibility());
  if (!element) throw new Error(`no visible control labelled "${label}"`);
  return element;
}

function commit(element: HTMLElement): void {
  element.dispatchEvent(new Event('input', { bubbles: true }));
  element.dispatchEvent(new Event('change', { bubbles: true }));
}

function fill(label: string, value: string): void {
  const element = visibleControl(label);
  if (!(element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement)) {
    throw new Error(`"${label}" is not a text field`);
  }
  element.focus();
  element.value = value;
  commit(element);
  element.blur();
}

function choose(label: string, option: string): void {
  const element = visibleControl(label);
  if (element instanceof HTMLSelectElement) {
    const match = [...element.options].find((o) => words(o) === option || o.label === option);
    if (!match) throw new Error(`"${label}" has no option "${option}"`);
    element.value = match.value;
    commit(element);
    return;
  }
  const choice = [...element.querySelectorAll('label')].find((l) => labelWords(l) === option);
  const input = choice ? controlNamedBy(choice) : null;
  if (!input) throw new Error(`"${label}" has no choice "${option}"`);
  input.click();
}

function check(label: string, value: boolean): void {
  const element = visibleControl(label);
  if (!(element instanceof HTMLInputElement) || element.type !== 'checkbox') {
    throw new Error(`"${label}" is not a checkbox`);
  }
  if (element.checked !== value) element.click();
}

/** Presses the list's own add button: "+" (vanilla) or "Add …" (Lowform). */
function add(label: string): void {
  const element = visibleControl(label);
  const list = element instanceof HTMLFieldSetElement ? element : element.closest('fieldset');
  const button = [...(list?.querySelectorAll('button') ?? [])].find(
    (b) => b.closest('fieldset') === list && /^(\+|add\b)/i.test(words(b)),
  );
  if (!button) throw new Error(`"${label}" has no add button`);
  button.click();
}

/** Presses the remove button of the list's item (0-based): "🗙" (vanilla) or "Remove …". */
function remove(label: string, item: number): void {
  const element = visibleControl(label);
  const list = element instanceof HTMLFieldSetElement ? element : element.closest('fieldset');
  const buttons = [...(list?.querySelectorAll('button') ?? [])].filter(
    (b) => b.closest('fieldset') === list && /^(🗙|remove\b|delete\b)/i.test(words(b)),
  );
  const button = buttons[item];
  if (!button) throw new Error(`"${label}" has no remove button for item ${item}`);
  button.click();
}

function tab(label: string): void {
  const button = [...stage().querySelectorAll('button')].find(
    (b) => words(b) === label && b.checkVisibility(),
  );
  if (!button) throw new Error(`no tab "${label}"`);
  button.click();
}

function apply(edit: ConformanceEdit): void {
  if ('fill' in edit) fill(edit.fill, edit.value);
  else if ('choose' in edit) choose(edit.choose, edit.option);
  else if ('check' in edit) check(edit.check, edit.value);
  else if ('add' in edit) add(edit.add);
  else if ('remove' in edit) remove(edit.remove, edit.item);
  else tab(edit.tab);
}

async function settle(): Promise<void> {
  await nextTick();
  await new Promise((resolve) => setTimeout(resolve, 0));
  await nextTick();
}

function i18nOf(testCase: ConformanceCase) {
  const translations = testCase.translations ?? {};
  return {
    locale: 'en',
    translate: (key: string, defaultMessage: string | undefined) =>
      translations[key] ?? defaultMessage,
  };
}

function jsonForms(testCase: ConformanceCase, renderers: JsonFormsRendererRegistryEntry[]) {
  let data: unknown = structuredClone(testCase.data ?? {});
  current = () => data;
  const props = {
    schema: markRaw(testCase.schema),
    uischema: markRaw(testCase.uischema),
    data,
    renderers: markRaw(renderers),
    readonly: testCase.readonly === true,
    i18n: i18nOf(testCase),
    onChange: (event: { data: unknown }) => {
      data = event.data;
    },
  };
  return () => h(JsonForms as Component, props);
}

/** The app's form component: it changes the reactive data in place. */
function lfForm(testCase: ConformanceCase) {
  const data = reactive(structuredClone(testCase.data ?? {}));
  current = () => data;
  return () =>
    h(LfForm, {
      schema: testCase.schema as never,
      uischema: testCase.uischema as never,
      data,
      readonly: testCase.readonly === true,
      i18n: i18nOf(testCase) as never,
    });
}

/** Mounts the case on one renderer set, applies its edits, and returns what each step showed. */
async function run(testCase: ConformanceCase, kind: Kind): Promise<Observation[]> {
  app?.unmount();
  stage().innerHTML = '';
  const render =
    kind === 'lfform'
      ? lfForm(testCase)
      : jsonForms(testCase, kind === 'vanilla' ? [...vanillaRenderers] : lowformRenderers);
  app = createApp({ render });
  app.mount(stage());
  await settle();
  const steps = [observe(testCase)];
  for (const edit of testCase.edits) {
    apply(edit);
    await settle();
    steps.push(observe(testCase));
  }
  return steps;
}

Object.assign(window, { lfConformance: { run } });
