/**
 * Compiles a form's JSON Schema and JSON Forms UI schema once into a tree of nodes that already
 * know their data path, label, requiredness, input kind and choices. Rendering then never
 * resolves a schema again, so a change costs the same on a 20-field and a 500-field form. Pure.
 */
import { humaniseKey } from '../../../forms/humanise.ts';
import { chooseInput } from './control-testers.ts';
import type {
  Choice,
  CompiledRule,
  ControlNode,
  FormNode,
  JsonSchema,
  UiElement,
  UiRule,
} from './form-types.ts';
import { derefSchema, resolveScope } from './resolve-scope.ts';

function labelOf(ui: UiElement, schema: JsonSchema, name: string | number | undefined) {
  const fallback = schema.title ?? (typeof name === 'string' ? humaniseKey(name) : '');
  if (ui.label === false) return { label: fallback, showLabel: false };
  if (typeof ui.label === 'string') return { label: ui.label, showLabel: true };
  if (ui.label && typeof ui.label === 'object') {
    return { label: ui.label.text, showLabel: ui.label.show !== false };
  }
  return { label: fallback, showLabel: true };
}

function choicesOf(schema: JsonSchema): Choice[] {
  if (Array.isArray(schema.enum)) {
    return schema.enum.map((value) => ({
      value: value as Choice['value'],
      label: String(value),
    }));
  }
  if (schema.oneOf?.every((s) => 'const' in s)) {
    return schema.oneOf.map((s) => ({
      value: s.const as Choice['value'],
      label: s.title ?? String(s.const),
    }));
  }
  return [];
}

function compileRule(root: JsonSchema, rule: UiRule | undefined): CompiledRule | undefined {
  if (!rule) return undefined;
  const target = resolveScope(root, rule.condition.scope);
  if (!target) return undefined;
  return {
    effect: rule.effect,
    path: target.path,
    schema: rule.condition.schema,
    failWhenUndefined: rule.condition.failWhenUndefined ?? false,
  };
}

/** A vertical layout of every property of an object schema, for objects with no layout. */
export function defaultLayout(schema: JsonSchema, prefix = '#'): UiElement {
  return {
    type: 'VerticalLayout',
    elements: Object.keys(schema.properties ?? {}).map((name) => ({
      type: 'Control',
      scope: `${prefix}/properties/${name}`,
    })),
  };
}

function compileControl(root: JsonSchema, ui: UiElement): FormNode {
  const resolved = ui.scope ? resolveScope(root, ui.scope) : null;
  if (!resolved) {
    return { kind: 'label', text: `This form refers to a field that does not exist: ${ui.scope}` };
  }
  const { schema, path, required } = resolved;
  const input = chooseInput(schema, ui);
  const { label, showLabel } = labelOf(ui, schema, path[path.length - 1]);
  const rule = compileRule(root, ui.rule);
  if (input === 'unsupported' && schema.properties) {
    // An object: its properties, grouped under its label.
    const inner = compileElement(root, defaultLayout(schema, ui.scope));
    return { kind: 'group', label, elements: [inner], rule };
  }
  const node: ControlNode = {
    kind: 'control',
    path,
    label,
    showLabel,
    description: (ui.options?.description as string | undefined) ?? schema.description,
    required,
    input,
    schema,
    choices: choicesOf(input === 'multiselect' ? derefSchema(root, schema.items!) : schema),
    rule,
  };
  if (input === 'array') {
    const itemSchema = derefSchema(root, schema.items!);
    const detail = (ui.options?.detail as UiElement | undefined) ?? itemLayout(itemSchema);
    node.item = compileElement({ ...itemSchema, definitions: root.definitions }, detail);
    node.emptyItem = itemSchema.type === 'object' ? {} : undefined;
  }
  return node;
}

function itemLayout(itemSchema: JsonSchema): UiElement {
  if (itemSchema.type === 'object') return defaultLayout(itemSchema);
  return { type: 'Control', scope: '#', label: false };
}

/** Compiles one UI schema element against the root schema. */
export function compileElement(root: JsonSchema, ui: UiElement): FormNode {
  const rule = compileRule(root, ui.rule);
  const children = () => (ui.elements ?? []).map((child) => compileElement(root, child));
  switch (ui.type) {
    case 'Control':
      return compileControl(root, ui);
    case 'HorizontalLayout':
      return { kind: 'layout', direction: 'horizontal', elements: children(), rule };
    case 'Group':
      return { kind: 'group', label: labelText(ui), elements: children(), rule };
    case 'Categorization':
      return {
        kind: 'categorization',
        label: labelText(ui),
        categories: (ui.elements ?? []).map((category) => ({
          label: labelText(category),
          elements: (category.elements ?? []).map((child) => compileElement(root, child)),
          rule: compileRule(root, category.rule),
        })),
        rule,
      };
    case 'Label':
      return { kind: 'label', text: ui.text ?? '', rule };
    default:
      return { kind: 'layout', direction: 'vertical', elements: children(), rule };
  }
}

function labelText(ui: UiElement): string {
  if (typeof ui.label === 'string') return ui.label;
  if (ui.label && typeof ui.label === 'object') return ui.label.text;
  return '';
}

/** Compiles a whole form; with no UI schema, every property in order. */
export function compileForm(schema: JsonSchema, uischema: UiElement | null | undefined): FormNode {
  return compileElement(schema, uischema ?? defaultLayout(schema));
}

/** Every control in a compiled tree with its label, for error summaries and conflict lists. */
export function listControls(node: FormNode, out: ControlNode[] = []): ControlNode[] {
  if (node.kind === 'control') out.push(node);
  else if (node.kind === 'layout' || node.kind === 'group') {
    for (const child of node.elements) listControls(child, out);
  } else if (node.kind === 'categorization') {
    for (const category of node.categories) {
      for (const child of category.elements) listControls(child, out);
    }
  }
  return out;
}
