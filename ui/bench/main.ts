/**
 * The benchmark page (built by test/bench/ui.bench.ts, never shipped). It mounts a generated
 * form in one of these ways and measures it; the bench drives it through window.lfBench:
 *
 * - `stock`: `<JsonForms>` with @jsonforms/vue-vanilla's renderers in its best configuration:
 *   schema, UI schema and renderers `markRaw`, validation as shipped (ajv);
 * - `stock-novalidation`: the same with `validationMode="NoValidation"` (faster still; a form
 *   without validation is not what a council ships, but it is the fastest stock can go);
 * - `renderers`: `<JsonForms>` with `lowformRenderers` and nothing else of Lowform's, configured
 *   as `stock` is (what a council using plain JSON Forms with Lowform's set gets);
 * - `lowform`: Lowform's form component (LfForm: `<JsonForms>` with `lowformRenderers`, configured
 *   by Lowform);
 * - `page`: the whole form page (views/FormView.vue) behind a router, fetching the form from the
 *   bench's stand-in server, with its autosave: every change is copied and written to
 *   localStorage (drafts/use-autosave.ts, draft-outbox.ts) and saved after a pause.
 */

import type { JsonFormsRendererRegistryEntry } from '@jsonforms/core';
import { JsonForms } from '@jsonforms/vue';
import { vanillaRenderers } from '@jsonforms/vue-vanilla';
import { type App, type Component, createApp, h, markRaw, nextTick, reactive } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { draftKey } from '../src/drafts/draft-keys.ts';
import { pendingDraft } from '../src/drafts/draft-outbox.ts';
import LfForm from '../src/forms/LfForm.vue';
import { lowformRenderers } from '../src/forms/renderers.ts';
import { logIn, useSession } from '../src/session/use-session.ts';
import FormView from '../src/views/FormView.vue';
import {
  BENCH_CASE,
  benchFormId,
  fieldTitle,
  generateAnswers,
  generateForm,
} from './generate-form.ts';

type Kind = 'stock' | 'stock-novalidation' | 'renderers' | 'lowform' | 'page';

let app: App | null = null;
let held: () => Record<string, unknown> = () => ({});

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

function jsonForms(
  n: number,
  renderers: readonly JsonFormsRendererRegistryEntry[],
  validate: boolean,
) {
  const { schema, uischema } = generateForm(n);
  let data: Record<string, unknown> = generateAnswers(n);
  held = () => data;
  const props = {
    schema: markRaw(schema),
    uischema: markRaw(uischema),
    data,
    renderers: markRaw([...renderers]),
    ...(validate ? {} : { validationMode: 'NoValidation' }),
    onChange: (event: { data: Record<string, unknown> }) => {
      data = event.data;
    },
  };
  return createApp({ render: () => h(JsonForms as Component, props) });
}

function lowformForm(n: number) {
  const { schema, uischema } = generateForm(n);
  const data = reactive<Record<string, unknown>>(generateAnswers(n));
  held = () => data;
  return createApp({ render: () => h(LfForm, { schema, uischema, data }) });
}

/** The form page as the app mounts it; what it holds is read back from its autosaved copy. */
async function formPage(n: number) {
  if (!useSession().user) await logIn('bench', 'bench');
  localStorage.clear();
  const user = useSession().user!.id;
  const address = { userId: user, caseId: BENCH_CASE, formId: benchFormId(n) };
  held = () => pendingDraft(address)?.data ?? {};
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/cases/:id/forms/:formId', component: FormView, props: true }],
  });
  await router.push(`/cases/${BENCH_CASE}/forms/${benchFormId(n)}`);
  return createApp({ render: () => h(RouterView) }).use(router);
}

/** True once the last field's input is in the page. */
function allShown(n: number): boolean {
  return controlCount() >= n && findInput(n - 1) !== null;
}

/** Mounts a form of n fields; resolves with the ms until every control is in the page. */
async function mount(kind: Kind, n: number): Promise<number> {
  unmount();
  if (kind === 'page') localStorage.clear();
  // Collect the last form's garbage first (Chromium runs with --expose-gc), not in this mount.
  (globalThis as { gc?: () => void }).gc?.();
  const started = performance.now();
  if (kind === 'stock') app = jsonForms(n, vanillaRenderers, true);
  else if (kind === 'stock-novalidation') app = jsonForms(n, vanillaRenderers, false);
  else if (kind === 'renderers') app = jsonForms(n, lowformRenderers, true);
  else if (kind === 'lowform') app = lowformForm(n);
  else app = await formPage(n);
  app.mount(stage());
  await nextTick();
  while (!allShown(n)) await new Promise((resolve) => setTimeout(resolve, 0));
  settle();
  return performance.now() - started;
}

function unmount(): void {
  app?.unmount();
  app = null;
  stage().innerHTML = '';
}

function findInput(i: number): HTMLInputElement | HTMLTextAreaElement | null {
  const title = new RegExp(`^\\s*${fieldTitle(i)}\\b`);
  const label = [...stage().querySelectorAll('label')].find((l) => title.test(l.textContent ?? ''));
  return label ? (document.getElementById(label.htmlFor) as HTMLInputElement | null) : null;
}

/** The input of field i, found through its label as a user would. */
function inputOf(i: number): HTMLInputElement | HTMLTextAreaElement {
  const input = findInput(i);
  if (!input) throw new Error(`no input for ${fieldTitle(i)}`);
  return input;
}

/** The element id of field i's input, for the bench to type into. */
function idOf(i: number): string {
  return inputOf(i).id;
}

/**
 * One keystroke in field i: a character added, then input and change fired (vanilla's text
 * controls commit on change, Lowform's on input: both fire so each renderer does its work);
 * resolves with the ms until Vue has flushed and the browser has laid the page out.
 */
async function keystroke(i: number, character: string): Promise<number> {
  const input = inputOf(i);
  const started = performance.now();
  input.value += character;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await nextTick();
  settle();
  return performance.now() - started;
}

/** The value the form holds for field i (for the page: its copy kept in localStorage). */
function heldValue(i: number): unknown {
  return held()[`f${i}`];
}

/** The localStorage key the page keeps its draft under, once logged in. */
function draftKeyOf(n: number): string | null {
  const user = useSession().user;
  return user ? draftKey({ userId: user.id, caseId: BENCH_CASE, formId: benchFormId(n) }) : null;
}

/** The ways of mounting a form, in the order the bench measures them. */
const kinds: Kind[] = ['stock', 'stock-novalidation', 'renderers', 'lowform', 'page'];

Object.assign(window, {
  lfBench: { mount, keystroke, idOf, heldValue, unmount, draftKeyOf, kinds },
});
