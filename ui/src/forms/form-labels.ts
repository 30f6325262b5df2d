/**
 * The label of each field of a form by JSON Pointer, for the error summary and the list of
 * conflicting answers, which name fields outside the form itself. The same words the controls
 * show: the UI schema's label, else the schema's title, else the property name as the server
 * words it. Pure.
 */
import { humaniseKey } from '../../../forms/humanise.ts';
import { pointerOf } from './data-path.ts';
import type { JsonSchema, UiElement } from './form-types.ts';
import { resolveScope } from './resolve-scope.ts';

function labelOf(ui: UiElement, schema: JsonSchema, name: string | number | undefined): string {
  if (typeof ui.label === 'string') return ui.label;
  if (ui.label && typeof ui.label === 'object' && typeof ui.label.text === 'string') {
    return ui.label.text;
  }
  return schema.title ?? (typeof name === 'string' ? humaniseKey(name) : '');
}

function collect(root: JsonSchema, ui: UiElement, out: Map<string, string>): void {
  if (ui.type === 'Control' && ui.scope) {
    const resolved = resolveScope(root, ui.scope);
    if (!resolved) return;
    out.set(pointerOf(resolved.path), labelOf(ui, resolved.schema, resolved.path.at(-1)));
    if (resolved.schema.properties && !resolved.schema.items) {
      for (const name of Object.keys(resolved.schema.properties)) {
        collect(root, { type: 'Control', scope: `${ui.scope}/properties/${name}` }, out);
      }
    }
    return;
  }
  for (const child of ui.elements ?? []) collect(root, child, out);
}

/** A vertical layout of every property of an object schema, for forms with no layout. */
export function defaultLayout(schema: JsonSchema): UiElement {
  return {
    type: 'VerticalLayout',
    elements: Object.keys(schema.properties ?? {}).map((name) => ({
      type: 'Control',
      scope: `#/properties/${name}`,
    })),
  };
}

/** Every field's label by JSON Pointer ("/child/fullName" → "Child's full name"). */
export function labelsByPointer(
  schema: JsonSchema,
  uischema: UiElement | null | undefined,
): Map<string, string> {
  const out = new Map<string, string>();
  collect(schema, uischema ?? defaultLayout(schema), out);
  return out;
}
