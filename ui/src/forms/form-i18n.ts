/**
 * Lowform's words inside JSON Forms' i18n. Every label, description and error message a control
 * shows goes through JSON Forms' `translate` and `translateError`, so a translation (Welsh, say)
 * is a function from keys to words, not a change to the renderers. Here a translation given by
 * the page is wrapped so that a field with no title is labelled as the server labels it ("Date
 * of birth", acronyms kept) rather than JSON Forms' "Date Of Birth". Pure.
 */
import type { JsonFormsI18nState, Translator } from '@jsonforms/core';
import { humaniseKey } from '../../../forms/humanise.ts';
import { dataPathOf } from './data-path.ts';

interface LabelContext {
  schema?: { title?: unknown };
  uischema?: { type?: string; label?: unknown };
  path?: string;
}

/** The label the server uses for an untitled, unlabelled control, or undefined. */
function serverLabel(key: string, context: unknown): string | undefined {
  if (!key.endsWith('.label')) return undefined;
  const { schema, uischema, path } = (context ?? {}) as LabelContext;
  if (uischema?.type !== 'Control' || uischema.label !== undefined) return undefined;
  if (typeof schema?.title === 'string') return undefined;
  const last = dataPathOf(path)
    .filter((key) => typeof key === 'string')
    .at(-1);
  return typeof last === 'string' ? humaniseKey(last) : undefined;
}

/** The i18n state for `<JsonForms>`: the page's translation, over Lowform's default words. */
export function formI18n(given: JsonFormsI18nState | undefined): JsonFormsI18nState {
  const translate = given?.translate;
  const wrapped: Translator = ((
    key: string,
    defaultMessage: string | undefined,
    context: unknown,
  ) => {
    const message = serverLabel(key, context) ?? defaultMessage;
    return translate ? translate(key, message, context) : message;
  }) as Translator;
  return {
    locale: given?.locale ?? 'en',
    translate: wrapped,
    ...(given?.translateError ? { translateError: given.translateError } : {}),
  };
}
