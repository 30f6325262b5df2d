/**
 * The benchmark page (built by test/bench/ui.bench.ts, never shipped): mounts a generated form
 * with stock JSON Forms (vanilla renderers) or with Lowform's renderer and measures it.
 * The bench drives it through window.lfBench.
 */
import { JsonForms } from '@jsonforms/vue';
import { vanillaRenderers } from '@jsonforms/vue-vanilla';
import { type App, createApp, h, nextTick, reactive } from 'vue';
import LfForm from '../src/forms/LfForm.vue';
import { fieldTitle, generateForm } from './generate-form.ts';

type Kind = 'stock' | 'lowform';

let app: App | null = null;
let data: Record<string, unknown> = {};
const renderers = Object.freeze([...vanillaRenderers]);

function stage(): HTMLElement {
  return document.getElementById('stage')!;
}

function controlCount(): number {
  return stage().querySelectorAll('input, textarea, select').length;
}

function settle(): void {
  // Force style and layout so that the time includes what the browser must do to show it.
  stage().getBoundingClientRect();
  void document.body.offsetHeight;
}

/** Mounts a form of n fields; resolves with the ms until every control is in the page. */
async function mount(kind: Kind, n: number): Promise<number> {
  unmount();
  const { schema, uischema } = generateForm(n);
  const started = performance.now();
  if (kind === 'stock') {
    data = {};
    app = createApp({
      render: () =>
        h(JsonForms, {
          schema: schema as never,
          uischema: uischema as never,
          data,
          renderers,
          onChange: (event: { data: Record<string, unknown> }) => {
            data = event.data;
          },
        }),
    });
  } else {
    data = reactive({});
    app = createApp({ render: () => h(LfForm, { schema, uischema, data }) });
  }
  app.mount(stage());
  await nextTick();
  while (controlCount() < n) await new Promise((resolve) => setTimeout(resolve, 0));
  settle();
  return performance.now() - started;
}

function unmount(): void {
  app?.unmount();
  app = null;
  stage().innerHTML = '';
}

/** The input of field i, found through its label as a user would. */
function inputOf(i: number): HTMLInputElement | HTMLTextAreaElement {
  const title = new RegExp(`^\\s*${fieldTitle(i)}\\b`);
  const label = [...stage().querySelectorAll('label')].find((l) => title.test(l.textContent ?? ''));
  const input = label ? document.getElementById(label.htmlFor) : null;
  if (!input) throw new Error(`no input for ${fieldTitle(i)}`);
  return input as HTMLInputElement;
}

/** The element id of field i's input, for the bench to type into. */
function idOf(i: number): string {
  return inputOf(i).id;
}

/** Commits one change to field i as a user's edit would; resolves with its cost in ms. */
async function change(i: number, value: string): Promise<number> {
  const input = inputOf(i);
  const started = performance.now();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await nextTick();
  settle();
  return performance.now() - started;
}

/** The value the form holds for field i. */
function heldValue(i: number): unknown {
  return data[`f${i}`];
}

Object.assign(window, { lfBench: { mount, change, idOf, heldValue, unmount } });
