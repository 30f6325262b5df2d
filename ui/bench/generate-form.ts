/**
 * A generated form of n fields for the renderer benchmark: mostly single-line text, with
 * multi-line text, numbers, yes/no and choices mixed in, in groups of ten, like a big
 * assessment. Field i is titled "Field 007" so that both renderers label it the same way.
 */
import type { JsonSchema, UiElement } from '../src/forms/form-types.ts';

/** The case the bench's form page opens. */
export const BENCH_CASE = 'bench-case';

/** The id of the generated form of n fields. */
export function benchFormId(n: number): string {
  return `bench-${n}`;
}

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

/**
 * Answers to every field of a form of n fields, as a worker has them near the end of a long
 * assessment: a sentence or two in each text field, so that autosave's copy is its real size.
 */
export function generateAnswers(n: number): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (let i = 0; i < n; i += 1) {
    const kind = fieldKind(i);
    answers[`f${i}`] =
      kind === 'text'
        ? `Answer ${i}: seen at home with mother, who was calm and engaged well.`
        : kind === 'textarea'
          ? `Notes ${i}: the school reports good attendance.\nNo concerns raised by the GP.`
          : kind === 'number'
            ? i
            : kind === 'boolean'
              ? i % 20 === 8
              : 'Not known';
  }
  return answers;
}

/** The form page's answer for the generated form of n fields (the API's CaseForm), a draft. */
export function benchCaseForm(n: number) {
  const { schema, uischema } = generateForm(n);
  return {
    form: { id: benchFormId(n), version: 1, title: `Assessment of ${n} fields`, schema, uischema },
    data: generateAnswers(n),
    status: 'draft' as const,
    revision: 1,
  };
}
