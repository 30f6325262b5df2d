/**
 * What a Lowform form tells the page besides data changes (which the middleware reports): that
 * the user left a field, so the page can check it and save the draft.
 */
import type { InjectionKey } from 'vue';
import type { DataPath } from './form-types.ts';

/** Callbacks from the renderers to the form. */
export interface FormEvents {
  left(path: DataPath): void;
}

/** The injection key of the form's events. */
export const formEventsKey: InjectionKey<FormEvents> = Symbol('lowform-form-events');
