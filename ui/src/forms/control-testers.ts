/**
 * Chooses how each control takes its value, the JSON Forms way: every tester ranks a control,
 * the highest rank wins. Testers are pure and tested without mounting anything.
 */
import type { InputKind, JsonSchema, UiElement } from './form-types.ts';

/** A tester: a rank (higher wins) or -1 when it does not apply. */
export type Tester = (schema: JsonSchema, uischema: UiElement) => number;

function primaryType(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  return schema.type;
}

function hasChoices(schema: JsonSchema): boolean {
  return Array.isArray(schema.enum) || (schema.oneOf?.every((s) => 'const' in s) ?? false);
}

const testers: { input: InputKind; test: Tester }[] = [
  { input: 'text', test: (s) => (primaryType(s) === 'string' ? 1 : -1) },
  {
    input: 'textarea',
    test: (s, ui) => (primaryType(s) === 'string' && ui.options?.multi === true ? 2 : -1),
  },
  {
    input: 'date',
    test: (s, ui) =>
      primaryType(s) === 'string' && (s.format === 'date' || ui.options?.format === 'date')
        ? 2
        : -1,
  },
  { input: 'number', test: (s) => (primaryType(s) === 'number' ? 1 : -1) },
  { input: 'integer', test: (s) => (primaryType(s) === 'integer' ? 1 : -1) },
  { input: 'boolean', test: (s) => (primaryType(s) === 'boolean' ? 1 : -1) },
  { input: 'select', test: (s) => (hasChoices(s) ? 3 : -1) },
  {
    input: 'radio',
    test: (s, ui) => (hasChoices(s) && ui.options?.format === 'radio' ? 4 : -1),
  },
  { input: 'array', test: (s) => (primaryType(s) === 'array' && s.items ? 1 : -1) },
  {
    input: 'multiselect',
    test: (s) =>
      primaryType(s) === 'array' && s.items && hasChoices(s.items) && s.uniqueItems ? 3 : -1,
  },
];

/** The input kind for a control, or 'unsupported' when no tester applies. */
export function chooseInput(schema: JsonSchema, uischema: UiElement): InputKind {
  let best: InputKind = 'unsupported';
  let bestRank = -1;
  for (const { input, test } of testers) {
    const rank = test(schema, uischema);
    if (rank > bestRank) {
      best = input;
      bestRank = rank;
    }
  }
  return best;
}
