/**
 * A JSON Forms middleware that applies a change where it happens. Stock JSON Forms answers every
 * UPDATE_DATA with a new core state, so every control maps its props again and every dispatcher
 * runs every tester (quadratic in fields). Here the value is written into the reactive data in
 * place and the same core object is returned: Vue re-renders only what read that path (the
 * control, and elements whose rule looks at it). `<JsonForms>` no longer sees a new core, so it
 * does not emit `change`; the middleware reports the change instead.
 */
import { type JsonFormsCore, type Middleware, UPDATE_CORE, UPDATE_DATA } from '@jsonforms/core';
import { replaceContents } from '../drafts/diff-data.ts';
import { dataPathOf, getAt, setAt } from './data-path.ts';
import type { DataPath } from './form-types.ts';

/**
 * The middleware, writing into `data()` (the reactive data object, the one the page holds) and
 * calling `changed` after each change.
 */
export function inPlaceMiddleware(
  data: () => Record<string, unknown>,
  changed: (path: DataPath, value: unknown) => void,
): Middleware {
  return (state, action, reducer) => {
    if (action.type === UPDATE_DATA) {
      const path = dataPathOf(action.path);
      const target = data();
      const value = action.updater(path.length ? getAt(target, path) : target);
      if (path.length) setAt(target, path, value);
      else if (value !== target) replaceContents(target, (value ?? {}) as Record<string, unknown>);
      changed(path, value);
      return state;
    }
    if (action.type === UPDATE_CORE && onlyErrorsDiffer(state, action)) {
      // New server or live-validation errors: swap the list, keep the core.
      const options = action.options as { additionalErrors?: JsonFormsCore['additionalErrors'] };
      state.additionalErrors = options?.additionalErrors ?? [];
      return state;
    }
    return reducer(state, action);
  };
}

function onlyErrorsDiffer(
  state: JsonFormsCore,
  action: { data?: unknown; schema?: unknown; uischema?: unknown },
): boolean {
  return (
    state.data === action.data &&
    state.schema === action.schema &&
    state.uischema === action.uischema
  );
}
