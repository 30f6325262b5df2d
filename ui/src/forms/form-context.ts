/**
 * What every element of a rendered form shares: the data (one reactive object, read by each
 * control at its own path so a change re-renders only that control), the errors by pointer, and
 * the callbacks for a change and for leaving a field.
 */
import type { InjectionKey } from 'vue';
import type { DataPath } from './form-types.ts';

/** The shared state of one rendered form. */
export interface FormContext {
  data: Record<string, unknown>;
  errorFor(pointer: string): string | undefined;
  setValue(path: DataPath, value: unknown): void;
  leaveField(path: DataPath): void;
  readonly: () => boolean;
}

/** The injection key of the form context. */
export const formContextKey: InjectionKey<FormContext> = Symbol('lowform-form');
