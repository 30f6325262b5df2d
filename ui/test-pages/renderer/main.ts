/**
 * The renderer test page (built by test/ui/renderer-page.ts, never shipped): mounts LfForm, the
 * form page's renderer, for a {schema, uischema, data} the test gives, with a council's postcode
 * entry registered the way council-renderers.ts describes. Driven through window.lfRenderer.
 */
import { type JsonFormsI18nState, rankWith, scopeEndsWith, type Translator } from '@jsonforms/core';
import { type App, createApp, h, reactive } from 'vue';
import type { JsonSchema, UiElement } from '../../src/forms/form-types.ts';
import LfForm from '../../src/forms/LfForm.vue';
import { registerRenderers } from '../../src/forms/renderer-registry.ts';
import '../../src/styles.css';
import PostcodeControl from './PostcodeControl.vue';

registerRenderers({ tester: rankWith(10, scopeEndsWith('postcode')), renderer: PostcodeControl });
// An entry that never applies and counts how often the dispatcher asks it: every tester is asked
// when an element is first drawn, and none should be asked again when a value changes.
let testerCalls = 0;
registerRenderers({
  tester: () => {
    testerCalls += 1;
    return -1;
  },
  renderer: PostcodeControl,
});

interface MountOptions {
  schema: JsonSchema;
  uischema?: UiElement;
  data?: Record<string, unknown>;
  /** Translations by i18n key, with locale 'cy'. */
  translations?: Record<string, string>;
}

let app: App | null = null;
// Every refusal by the Content-Security-Policy, as the page sees it.
const cspViolations: string[] = [];
document.addEventListener('securitypolicyviolation', (event) => {
  cspViolations.push(`${event.violatedDirective}: ${event.blockedURI}`);
});
let data: Record<string, unknown> = reactive({});
const changes: unknown[] = [];

function mount(options: MountOptions): void {
  app?.unmount();
  data = reactive(structuredClone(options.data ?? {}));
  changes.length = 0;
  const translations = options.translations;
  const i18n: JsonFormsI18nState | undefined = translations
    ? {
        locale: 'cy',
        translate: ((key: string, fallback: string | undefined) =>
          translations[key] ?? fallback) as Translator,
      }
    : undefined;
  app = createApp({
    render: () =>
      h(LfForm, {
        schema: options.schema,
        uischema: options.uischema ?? null,
        data,
        ...(i18n ? { i18n } : {}),
        onChange: (path: unknown, value: unknown) => {
          changes.push([path, value]);
        },
      }),
  });
  app.mount('#stage');
}

/** Runs `work` from a timer, outside the test's DevTools call, so the page's CSP applies. */
function later<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(work()), 0));
}

Object.assign(window, {
  lfRenderer: {
    mount: (options: MountOptions) => later(() => mount(options)),
    data: () => JSON.parse(JSON.stringify(data)),
    changes: () => JSON.parse(JSON.stringify(changes)),
    cspViolations: () => [...cspViolations],
    testerCalls: () => testerCalls,
    /**
     * Tries to generate code from the page's own script, as ajv would: 'ran' or 'refused'. Run
     * from a timer, since code the test evaluates through DevTools is exempt from the CSP.
     */
    tryCodeGeneration: () =>
      later(() => {
        try {
          return new Function('return "ran"')() as string;
        } catch {
          return 'refused';
        }
      }),
  },
});
