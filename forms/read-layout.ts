import type { FormFinding } from './errors.ts';
import { formLimits } from './limits.ts';
import { resolveScope } from './resolve-scope.ts';
import { isSchemaNode, type SchemaNode } from './walk-schema.ts';

/** A Control (or ListWithDetail) of the layout, its scope made absolute (list items through /items). */
export interface LayoutControl {
  scope: string;
  /** Definition pointer of the element. */
  path: string;
  /** The label text the layout gives, if any. */
  label: string | undefined;
  /** True when the layout hides the label (label: false or show: false). */
  hidesLabel: boolean;
  /** True for a multi-line text box (options.multi). */
  multi: boolean;
  /** options.readonly (or readOnly) when the layout says; undefined when it does not. */
  readonly: boolean | undefined;
}

/** One condition of a rule (each leaf of an AND or OR), its scope made absolute. */
export interface LayoutRule {
  scope: string;
  /** Definition pointer of the condition. */
  path: string;
  /** LEAF compares the value with expectedValue; schema validates it against schema. */
  kind: 'leaf' | 'schema';
  schema: unknown;
}

/** A scope the layout refers to beside controls and rules (a list's labelRef). */
export interface LayoutReference {
  scope: string;
  path: string;
}

/** A Category or Categorization, for checking it can be named. */
export interface LayoutSection {
  path: string;
  label: string | undefined;
}

/** What a JSON Forms UI schema shows: its controls and rules, and any nesting too deep to walk. */
export interface Layout {
  controls: LayoutControl[];
  rules: LayoutRule[];
  references: LayoutReference[];
  sections: LayoutSection[];
  findings: FormFinding[];
}

interface Reading {
  layout: Layout;
  schema: SchemaNode | undefined;
}

/**
 * Reads the controls and rules of a UI schema, including the detail layouts of lists and objects.
 * JSON Forms resolves a detail's scopes against each item of a list, or against the object itself
 * for an object's control; the schema tells which, so pass it (without it a detail is read as a
 * list's).
 */
export function readLayout(uischema: unknown, schema?: SchemaNode, at = '/uischema'): Layout {
  const layout: Layout = { controls: [], rules: [], references: [], sections: [], findings: [] };
  visit({ layout, schema }, uischema, at, '#', 0);
  return layout;
}

function visit(reading: Reading, element: unknown, path: string, base: string, depth: number) {
  if (!isSchemaNode(element)) return;
  const { layout } = reading;
  if (depth > formLimits.maxDepth) {
    layout.findings.push(tooDeep(path));
    return;
  }
  if (isSchemaNode(element.rule)) {
    readCondition(reading, element.rule.condition, `${path}/rule/condition`, base, depth);
  }
  const isList = element.type === 'ListWithDetail';
  if ((element.type === 'Control' || isList) && typeof element.scope === 'string') {
    readControl(reading, element, path, absolute(base, element.scope), isList, depth);
  }
  if (element.type === 'Category' || element.type === 'Categorization') {
    const label = typeof element.label === 'string' ? element.label : undefined;
    layout.sections.push({ path, label });
  }
  if (Array.isArray(element.elements)) {
    element.elements.forEach((child, i) => {
      visit(reading, child, `${path}/elements/${i}`, base, depth + 1);
    });
  }
}

function readControl(
  reading: Reading,
  element: SchemaNode,
  path: string,
  scope: string,
  isList: boolean,
  depth: number,
): void {
  const options = isSchemaNode(element.options) ? element.options : {};
  reading.layout.controls.push({
    scope,
    path,
    ...labelOf(element.label),
    multi: options.multi === true,
    readonly: readonlyOf(options),
  });
  const itemsBase = isList || detailIsPerItem(reading.schema, scope) ? `${scope}/items` : scope;
  if (isSchemaNode(options.detail)) {
    visit(reading, options.detail, `${path}/options/detail`, itemsBase, depth + 1);
  }
  if (typeof options.labelRef === 'string') {
    // labelRef is relative to the list's own schema (#/items/properties/name).
    reading.layout.references.push({
      scope: absolute(scope, options.labelRef),
      path: `${path}/options/labelRef`,
    });
  }
}

function readCondition(
  reading: Reading,
  condition: unknown,
  path: string,
  base: string,
  depth: number,
): void {
  if (!isSchemaNode(condition)) return;
  if (depth > formLimits.maxDepth) {
    reading.layout.findings.push(tooDeep(path));
    return;
  }
  if (
    (condition.type === 'AND' || condition.type === 'OR') &&
    Array.isArray(condition.conditions)
  ) {
    condition.conditions.forEach((inner, i) => {
      readCondition(reading, inner, `${path}/conditions/${i}`, base, depth + 1);
    });
    return;
  }
  if (typeof condition.scope !== 'string') return;
  reading.layout.rules.push({
    scope: absolute(base, condition.scope),
    path,
    kind: condition.type === 'LEAF' ? 'leaf' : 'schema',
    schema: condition.schema,
  });
}

/** True when the scope names a list, whose detail JSON Forms shows once per item. */
function detailIsPerItem(schema: SchemaNode | undefined, scope: string): boolean {
  if (!schema) return true;
  const resolved = resolveScope(schema, scope)?.schema;
  if (!resolved) return true;
  return resolved.type === 'array' || resolved.items !== undefined;
}

/** A scope (`#/...`, `/...`, `#` or `#/`) read against the scope it is relative to. */
function absolute(base: string, scope: string): string {
  const local = scope.startsWith('#') ? scope.slice(1) : scope;
  return local === '/' ? base : base + local;
}

function readonlyOf(options: SchemaNode): boolean | undefined {
  if (typeof options.readonly === 'boolean') return options.readonly;
  if (typeof options.readOnly === 'boolean') return options.readOnly;
  return undefined;
}

function tooDeep(path: string): FormFinding {
  return {
    severity: 'error',
    code: 'too-deep',
    path,
    message: `The layout nests more than ${formLimits.maxDepth} levels here.`,
  };
}

function labelOf(label: unknown): { label: string | undefined; hidesLabel: boolean } {
  if (typeof label === 'string') return { label, hidesLabel: false };
  if (label === false) return { label: undefined, hidesLabel: true };
  if (isSchemaNode(label)) {
    const text = typeof label.text === 'string' ? label.text : undefined;
    return { label: text, hidesLabel: label.show === false };
  }
  return { label: undefined, hidesLabel: false };
}
