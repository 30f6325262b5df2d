/**
 * What every Lowform control works out from its JSON Forms props: the element id (from the JSON
 * Pointer, so the error summary can link to it), the ids that describe it, and whether it shows
 * an error. The label, description and error arrive already translated by JSON Forms' i18n.
 */
import { computed, inject, type Ref } from 'vue';
import { controlIdOf, dataPathOf, pointerOf } from './data-path.ts';
import { type FormEvents, formEventsKey } from './form-events.ts';

/** The props of a control that this needs. */
export interface FieldProps {
  path: string;
  errors: string;
  description?: string;
  enabled: boolean;
}

/** Ids, description links and the blur handler of one control. */
export function useField(control: Ref<FieldProps>) {
  const events = inject<FormEvents | null>(formEventsKey, null);
  const pointer = computed(() => pointerOf(dataPathOf(control.value.path)));
  const id = computed(() => controlIdOf(pointer.value));
  const error = computed(() => control.value.errors);
  const describedBy = computed(() => {
    const ids: string[] = [];
    if (control.value.description) ids.push(`${id.value}-hint`);
    if (error.value) ids.push(`${id.value}-error`);
    return ids.length ? ids.join(' ') : undefined;
  });
  return {
    id,
    pointer,
    error,
    describedBy,
    /** The user left the field. */
    leave: () => events?.left(dataPathOf(control.value.path)),
  };
}
