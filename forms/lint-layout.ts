import type { FormFinding } from './errors.ts';
import type { FormField } from './form-field.ts';
import { lintSchema } from './lint-schema.ts';
import type { Layout } from './read-layout.ts';
import { resolveScope } from './resolve-scope.ts';
import { isSchemaNode, type SchemaNode } from './walk-schema.ts';

/**
 * Checks the layout against the schema: every scope points at a real field and rule conditions
 * are safe schemas (errors); a field the layout does not show, a required field nobody can
 * answer, a field or tab with no label (warnings: the form still loads, as JSON Forms would
 * render it).
 */
export function lintLayout(schema: SchemaNode, layout: Layout, fields: FormField[]): FormFinding[] {
  const findings: FormFinding[] = [];
  const seen = new Set<string>();
  for (const control of layout.controls) {
    const resolved = resolveScope(schema, control.scope);
    if (!resolved) {
      findings.push(unknownScope(`${control.path}/scope`, control.scope));
    } else if (seen.has(resolved.fieldPointer)) {
      findings.push({
        severity: 'warning',
        code: 'duplicate-control',
        path: control.path,
        message: `The layout shows ${control.scope} more than once.`,
      });
    }
    if (resolved) seen.add(resolved.fieldPointer);
  }
  for (const rule of layout.rules) {
    if (!resolveScope(schema, rule.scope))
      findings.push(unknownScope(`${rule.path}/scope`, rule.scope));
    if (rule.kind === 'schema' && isSchemaNode(rule.schema)) {
      findings.push(...lintSchema(rule.schema, { at: `${rule.path}/schema`, isFormSchema: false }));
    }
  }
  for (const reference of layout.references) {
    if (resolveScope(schema, reference.scope)) continue;
    findings.push({
      severity: 'warning',
      code: 'unknown-label-ref',
      path: reference.path,
      message: `"${reference.scope}" does not point at a field of the list's items, so items are not named by it.`,
    });
  }
  for (const section of layout.sections) {
    if (section.label !== undefined) continue;
    findings.push({
      severity: 'warning',
      code: 'missing-label',
      path: section.path,
      message:
        'This category has no label; users see an unnamed step unless a translation of its i18n key names it.',
    });
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
    const unanswerable = field.required && !field.prefill;
    if (!field.placed) {
      // Report the outermost field the layout leaves out, not each field inside it again.
      if (hidden.some((p) => field.pointer.startsWith(`${p}/`))) continue;
      hidden.push(field.pointer);
      findings.push({
        severity: 'warning',
        code: 'field-not-shown',
        path,
        message: unanswerable
          ? `"${field.label}" is required but the layout does not show it: users cannot answer it, and a submission without it is refused.`
          : `The layout does not show "${field.label}".`,
      });
    } else if (field.readonly && unanswerable) {
      findings.push({
        severity: 'warning',
        code: 'read-only-required',
        path,
        message: `"${field.label}" is required but read-only: users cannot answer it, and a submission without it is refused.`,
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
