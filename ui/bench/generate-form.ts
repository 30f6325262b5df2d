/**
 * A generated form of n fields for the renderer benchmark: mostly single-line text, with
 * multi-line text, numbers, yes/no and choices mixed in, in groups of ten, like a big
 * assessment. Field i is titled "Field 007" so that both renderers label it the same way.
 */
import type { JsonSchema, UiElement } from '../src/forms/form-types.ts';

/** The kind of field i. */
export function fieldKind(i: number): 'text' | 'textarea' | 'number' | 'boolean' | 'enum' {
  const slot = i % 10;
  if (slot <= 5) return 'text';
  if (slot === 6) return 'textarea';
  if (slot === 7) return 'number';
  if (slot === 8) return 'boolean';
  return 'enum';
}

/** The title of field i. */
export function fieldTitle(i: number): string {
  return `Field ${String(i).padStart(3, '0')}`;
}

/** A form of n fields. */
export function generateForm(n: number): { schema: JsonSchema; uischema: UiElement } {
  const properties: Record<string, JsonSchema> = {};
  const groups: UiElement[] = [];
  for (let i = 0; i < n; i += 1) {
    const kind = fieldKind(i);
    const title = fieldTitle(i);
    properties[`f${i}`] =
      kind === 'text' || kind === 'textarea'
        ? { type: 'string', title, maxLength: 5000 }
        : kind === 'number'
          ? { type: 'number', title }
          : kind === 'boolean'
            ? { type: 'boolean', title }
            : { type: 'string', title, enum: ['Yes', 'No', 'Not known'] };
    if (i % 10 === 0) groups.push({ type: 'Group', label: `Section ${i / 10 + 1}`, elements: [] });
    groups[groups.length - 1]!.elements!.push({
      type: 'Control',
      scope: `#/properties/f${i}`,
      ...(kind === 'textarea' ? { options: { multi: true } } : {}),
    });
  }
  const required = Object.keys(properties).filter((_, i) => i % 7 === 0);
  return {
    schema: { type: 'object', properties, required },
    uischema: { type: 'VerticalLayout', elements: groups },
  };
}
