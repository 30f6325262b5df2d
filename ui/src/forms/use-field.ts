/**
 * What every Lowform control works out from its JSON Forms props: the element id (from the JSON
 * Pointer, so the error summary can link to it), the ids that describe it, and whether it shows
 * an error. The label, description and error arrive already translated by JSON Forms' i18n.
 */
import { type ControlElement, createLabelDescriptionFrom, type JsonSchema } from '@jsonforms/core';
import { computed, inject, type Ref } from 'vue';
import { humaniseKey } from '../../../forms/humanise.ts';
import { controlIdOf, dataPathOf, pointerOf } from './data-path.ts';
import { type FormEvents, formEventsKey } from './form-events.ts';

/** The props of a control that this needs. */
export interface FieldProps {
  path: string;
  errors: string;
  description?: string;
  enabled: boolean;
  label: string;
  required?: boolean;
  uischema: ControlElement;
  schema: JsonSchema;
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
  // A control shown without its label (label: false) still needs a name for screen readers.
  const name = computed(() => {
    if (control.value.label) return control.value.label;
    const derived = createLabelDescriptionFrom(control.value.uischema, control.value.schema).text;
    const key = dataPathOf(control.value.path)
      .filter((k) => typeof k === 'string')
      .at(-1);
    return derived || (typeof key === 'string' ? humaniseKey(key) : 'Entry');
  });
  const showLabel = computed(() => control.value.label !== '');
  return {
    id,
    /** LfField's props: the field's id, label, hint and error. */
    field: computed(() => ({
      id: id.value,
      label: name.value,
      showLabel: showLabel.value,
      required: control.value.required === true,
      description: control.value.description,
      error: error.value || undefined,
    })),
    /** The input's attributes: id, disabled, and what describes it to a screen reader. */
    inputAttrs: computed(() => ({
      id: id.value,
      disabled: !control.value.enabled,
      'aria-describedby': describedBy.value,
      'aria-invalid': error.value ? ('true' as const) : undefined,
      'aria-required': control.value.required ? ('true' as const) : undefined,
    })),
    /** The accessible name: the label, or when no label is shown, the one it would have. */
    name,
    /** False when the label is shown to screen readers only. */
    showLabel,
    pointer,
    error,
    describedBy,
    /** The user left the field. */
    leave: () => events?.left(dataPathOf(control.value.path)),
  };
}
