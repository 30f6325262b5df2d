import type { FormFinding } from './errors.ts';
import { formLimits } from './limits.ts';
import { isSchemaNode } from './walk-schema.ts';

/** A Control of the layout, its scope made absolute (list item controls go through /items). */
export interface LayoutControl {
  scope: string;
  /** Definition pointer of the Control element. */
  path: string;
  /** The label text the layout gives, if any. */
  label: string | undefined;
  /** True when the layout hides the label (label: false or show: false). */
  hidesLabel: boolean;
  /** True for a multi-line text box (options.multi). */
  multi: boolean;
}

/** A rule's condition, its scope made absolute. */
export interface LayoutRule {
  scope: string;
  path: string;
  schema: unknown;
}

/** What a JSON Forms UI schema shows: its controls and rules, and any nesting too deep to walk. */
export interface Layout {
  controls: LayoutControl[];
  rules: LayoutRule[];
  findings: FormFinding[];
}

/**
 * Reads the controls and rules of a UI schema, including the detail layouts of lists, whose scopes
 * JSON Forms resolves against each item.
 */
export function readLayout(uischema: unknown, at = '/uischema'): Layout {
  const layout: Layout = { controls: [], rules: [], findings: [] };
  visit(uischema, at, '#', 0, layout);
  return layout;
}

function visit(element: unknown, path: string, base: string, depth: number, layout: Layout): void {
  if (!isSchemaNode(element)) return;
  if (depth > formLimits.maxDepth) {
    layout.findings.push({
      severity: 'error',
      code: 'too-deep',
      path,
      message: `The layout nests more than ${formLimits.maxDepth} levels here.`,
    });
    return;
  }
  const rule = element.rule;
  if (isSchemaNode(rule) && isSchemaNode(rule.condition)) {
    const scope = rule.condition.scope;
    if (typeof scope === 'string') {
      layout.rules.push({
        scope: absolute(base, scope),
        path: `${path}/rule/condition`,
        schema: rule.condition.schema,
      });
    }
  }
  if (element.type === 'Control' && typeof element.scope === 'string') {
    const scope = absolute(base, element.scope);
    const options = isSchemaNode(element.options) ? element.options : {};
    layout.controls.push({ scope, path, ...labelOf(element.label), multi: options.multi === true });
    if (isSchemaNode(options.detail)) {
      visit(options.detail, `${path}/options/detail`, `${scope}/items`, depth + 1, layout);
    }
  }
  if (Array.isArray(element.elements)) {
    element.elements.forEach((child, i) => {
      visit(child, `${path}/elements/${i}`, base, depth + 1, layout);
    });
  }
}

function absolute(base: string, scope: string): string {
  return base + scope.slice(1);
}

function labelOf(label: unknown): { label: string | undefined; hidesLabel: boolean } {
  if (typeof label === 'string') return { label, hidesLabel: false };
  if (label === false) return { label: undefined, hidesLabel: true };
  if (isSchemaNode(label) && typeof label.text === 'string') {
    return { label: label.text, hidesLabel: label.show === false };
  }
  return { label: undefined, hidesLabel: false };
}
