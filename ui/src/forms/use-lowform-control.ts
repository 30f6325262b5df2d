/**
 * @jsonforms/vue's `useControl` for Lowform's controls, with each control's error read by its
 * JSON Pointer instead of filtered out of the whole error list. In JSON Forms every control
 * reads the list, so any new error (a field left with a problem, a server error cleared by
 * typing) re-maps every control on the form: 49 ms at 200 fields, measured. Here a control reads
 * only its own pointer in the form's errors, so only it re-maps. The message still goes through
 * JSON Forms' `translateError` and `translate`. Outside LfForm (plain `<JsonForms>`) this is
 * JSON Forms' own mapping, errors included.
 */
import {
  type ControlElement,
  type CoreActions,
  type Dispatch,
  getCombinedErrorMessage,
  getErrorTranslator,
  getTranslator,
  type JsonFormsState,
  type JsonSchema,
} from '@jsonforms/core';
import { type ControlProps, useControl } from '@jsonforms/vue';
import type { ErrorObject } from 'ajv';
import { inject } from 'vue';
import { dataPathOf, pointerOf } from './data-path.ts';
import { formErrorsKey } from './form-events.ts';

const noErrors: ErrorObject[] = [];

/** The state as a control sees it, with the shared error lists left out (read, untracked). */
function withoutErrorLists(state: JsonFormsState): JsonFormsState {
  const { jsonforms } = state;
  return {
    jsonforms: new Proxy(jsonforms, {
      get(target, key) {
        if (key !== 'core' || !target.core) return Reflect.get(target, key);
        return new Proxy(target.core, {
          get: (core, name) =>
            name === 'errors' || name === 'additionalErrors' ? noErrors : Reflect.get(core, name),
        });
      },
    }),
  };
}

interface Mapped {
  path: string;
  schema: JsonSchema;
  errors: string;
}

/** `useControl` with per-pointer errors: `stateMap` and `dispatchMap` are JSON Forms' mappers. */
export function useLowformControl<R extends Mapped, D>(
  props: ControlProps,
  stateMap: (state: JsonFormsState, props: ControlProps) => R,
  dispatchMap: (dispatch: Dispatch<CoreActions>) => D,
) {
  const errorAt = inject(formErrorsKey, null);
  if (!errorAt) return useControl(props, stateMap, dispatchMap);
  const mapWithOwnError = (state: JsonFormsState, own: ControlProps): R => {
    const mapped = stateMap(withoutErrorLists(state), own);
    const error = errorAt(pointerOf(dataPathOf(mapped.path)));
    if (!error) return mapped;
    const message = getCombinedErrorMessage(
      [error],
      getErrorTranslator()(state),
      getTranslator()(state),
      mapped.schema,
      own.uischema as ControlElement,
      mapped.path,
    );
    return { ...mapped, errors: message };
  };
  return useControl(props, mapWithOwnError, dispatchMap);
}
