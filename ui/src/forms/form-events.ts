/**
 * What a Lowform form tells the page besides data changes (which the middleware reports): that
 * the user left a field, so the page can check it and save the draft.
 */
import type { ErrorObject } from 'ajv';
import type { InjectionKey } from 'vue';
import type { DataPath } from './form-types.ts';

/** Callbacks from the renderers to the form. */
export interface FormEvents {
  left(path: DataPath): void;
}

/** The injection key of the form's events. */
export const formEventsKey: InjectionKey<FormEvents> = Symbol('lowform-form-events');

/** Reads the error at a JSON Pointer (tracked per pointer), as JSON Forms' error objects. */
export type FormErrorAt = (pointer: string) => ErrorObject | undefined;

/** The injection key of the form's error lookup. */
export const formErrorsKey: InjectionKey<FormErrorAt> = Symbol('lowform-form-errors');
