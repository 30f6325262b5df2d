import type { FormFinding } from './errors.ts';
import type { FormField } from './form-field.ts';
import { lintSchema } from './lint-schema.ts';
import type { Layout } from './read-layout.ts';
import { resolveScope } from './resolve-scope.ts';
import { isSchemaNode, type SchemaNode } from './walk-schema.ts';

/**
 * Checks the layout against the schema: every scope points at a real field, rule conditions are
 * safe schemas, and every field is shown with a label (a required field nobody can see would make
 * the form impossible to submit).
 */
export function lintLayout(schema: SchemaNode, layout: Layout, fields: FormField[]): FormFinding[] {
  const findings: FormFinding[] = [];
  const seen = new Set<string>();
  for (const control of layout.controls) {
    if (!resolveScope(schema, control.scope)) {
      findings.push(unknownScope(`${control.path}/scope`, control.scope));
    } else if (seen.has(control.scope)) {
      findings.push({
        severity: 'warning',
        code: 'duplicate-control',
        path: control.path,
        message: `The layout shows ${control.scope} more than once.`,
      });
    }
    seen.add(control.scope);
  }
  for (const rule of layout.rules) {
    if (!resolveScope(schema, rule.scope))
      findings.push(unknownScope(`${rule.path}/scope`, rule.scope));
    if (isSchemaNode(rule.schema)) {
      findings.push(...lintSchema(rule.schema, { at: `${rule.path}/schema`, isFormSchema: false }));
    }
  }
  findings.push(...lintFieldsShown(fields));
  return findings;
}

function unknownScope(path: string, scope: string): FormFinding {
  return {
    severity: 'error',
    code: 'unknown-scope',
    path,
    message: `"${scope}" does not point at a field of the schema.`,
  };
}

function lintFieldsShown(fields: FormField[]): FormFinding[] {
  const findings: FormFinding[] = [];
  const hidden: string[] = [];
  for (const field of fields) {
    const path = `/schema${field.scope.slice(1)}`;
    if (!field.placed) {
      // Report the outermost field the layout leaves out, not each field inside it again.
      if (hidden.some((p) => field.pointer.startsWith(`${p}/`))) continue;
      hidden.push(field.pointer);
      const blocking = field.required && !field.prefill;
      findings.push({
        severity: blocking ? 'error' : 'warning',
        code: 'field-not-shown',
        path,
        message: blocking
          ? `"${field.label}" is required but the layout does not show it, so the form could never be submitted.`
          : `The layout does not show "${field.label}".`,
      });
    } else if (!field.labelled && field.kind !== 'group') {
      findings.push({
        severity: 'warning',
        code: 'missing-label',
        path,
        message: `"${field.key}" has no label or title; users will see "${field.label}".`,
      });
    }
  }
  return findings;
}
