import type { FormFinding } from './errors.ts';
import type { FormField } from './form-field.ts';
import { escapeToken } from './json-pointer.ts';
import { isSchemaNode } from './walk-schema.ts';

/**
 * Checks that each prefilled field is a field of this form outside any list (a list item has no
 * single value to take). The source field belongs to another form, checked when packs are.
 */
export function lintPrefill(prefill: unknown, fields: FormField[]): FormFinding[] {
  if (!isSchemaNode(prefill)) return [];
  const pointers = new Set(fields.filter((f) => !f.pointer.includes('/*')).map((f) => f.pointer));
  return Object.keys(prefill)
    .filter((path) => !pointers.has(`/${path}`))
    .map((path) => ({
      severity: 'error',
      code: 'unknown-prefill-field',
      path: `/prefill/${escapeToken(path)}`,
      message: `"${path}" is not a field of this form (outside a list), so nothing can be prefilled into it.`,
    }));
}
