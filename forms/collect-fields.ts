import type { Prefill } from '../schemas/generated/form-definition.ts';
import { familyKeyword } from './create-ajv.ts';
import type { FieldKind, FormField } from './form-field.ts';
import { humaniseKey } from './humanise.ts';
import { formLimits } from './limits.ts';
import type { LayoutControl } from './read-layout.ts';
import { dereference } from './resolve-ref.ts';
import { isSchemaNode, type SchemaNode } from './walk-schema.ts';

/** Free text longer than this is analysis rather than a short answer (see burden.ts). */
export const longTextLength = 200;

const dateFormats = new Set(['date', 'date-time', 'time']);

interface Context {
  root: SchemaNode;
  controls: Map<string, LayoutControl>;
  prefill: Prefill;
  fields: FormField[];
}

/**
 * Lists the fields of a form schema in order, groups and lists included, their items' fields
 * beneath them. Follows local $refs but not around a cycle, and stops at maxExpandedFields, since
 * $refs used twice at each level can multiply a small schema into millions of fields.
 */
export function collectFields(
  schema: SchemaNode,
  controls: readonly LayoutControl[],
  prefill: Prefill = {},
): FormField[] {
  const byScope = new Map<string, LayoutControl>();
  for (const control of controls)
    if (!byScope.has(control.scope)) byScope.set(control.scope, control);
  const context: Context = { root: schema, controls: byScope, prefill, fields: [] };
  visitObject(context, schema, '', '#', false, new Set([schema]));
  return context.fields;
}

function visitObject(
  context: Context,
  node: SchemaNode,
  pointer: string,
  scope: string,
  placed: boolean,
  seen: Set<SchemaNode>,
): void {
  if (!isSchemaNode(node.properties) || seen.size > formLimits.maxDepth) return;
  const required = Array.isArray(node.required) ? node.required : [];
  for (const [key, raw] of Object.entries(node.properties)) {
    if (context.fields.length >= formLimits.maxExpandedFields) return;
    if (!isSchemaNode(raw)) continue;
    const field = describeField(
      context,
      raw,
      key,
      `${pointer}/${key}`,
      `${scope}/properties/${key}`,
    );
    field.required = required.includes(key);
    field.placed = placed || context.controls.has(field.scope);
    context.fields.push(field);
    if (seen.has(field.schema)) continue;
    const inner = new Set(seen).add(field.schema);
    const start = context.fields.length;
    if (field.kind === 'group') {
      visitObject(context, field.schema, field.pointer, field.scope, field.placed, inner);
    } else if (field.kind === 'list' && isSchemaNode(field.schema.items)) {
      const items = dereference(context.root, field.schema.items);
      visitObject(
        context,
        items,
        `${field.pointer}/*`,
        `${field.scope}/items`,
        field.placed,
        inner,
      );
    }
    // A group the layout shows through controls for some of its fields is shown too.
    field.placed ||= context.fields.slice(start).some((f) => f.placed);
  }
}

function describeField(
  context: Context,
  raw: SchemaNode,
  key: string,
  pointer: string,
  scope: string,
): FormField {
  const schema = dereference(context.root, raw);
  const control = context.controls.get(scope);
  const title = stringOr(raw.title) ?? stringOr(schema.title);
  const given = control?.label ?? title;
  return {
    pointer,
    key,
    scope,
    label: given ?? humaniseKey(key),
    labelled: given !== undefined,
    kind: kindOf(context.root, schema, control),
    type: typeSignature(context.root, schema),
    required: false,
    family: raw[familyKeyword] === true,
    prefill: context.prefill[pointer.slice(1)],
    choices: choicesOf(schema),
    placed: false,
    schema,
  };
}

function kindOf(
  root: SchemaNode,
  schema: SchemaNode,
  control: LayoutControl | undefined,
): FieldKind {
  const type = schema.type;
  if (choicesOf(schema) || type === 'boolean') return 'choice';
  if (type === 'object' || isSchemaNode(schema.properties)) return 'group';
  if (type === 'array' && isSchemaNode(schema.items)) {
    const items = dereference(root, schema.items);
    if (isSchemaNode(items.properties)) return 'list';
    if (choicesOf(items)) return 'choice';
  }
  if (type === 'number' || type === 'integer') return 'number';
  if (typeof schema.format === 'string' && dateFormats.has(schema.format)) return 'date';
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : 0;
  return control?.multi || maxLength > longTextLength ? 'long-text' : 'text';
}

/** The values a field allows when it is a closed choice: enum, const, or oneOf/anyOf of consts. */
export function choicesOf(schema: SchemaNode): readonly unknown[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum;
  if (schema.const !== undefined) return [schema.const];
  for (const keyword of ['oneOf', 'anyOf']) {
    const options = schema[keyword];
    if (Array.isArray(options) && options.length > 0) {
      if (options.every((o) => isSchemaNode(o) && o.const !== undefined)) {
        return options.map((o) => (o as SchemaNode).const);
      }
    }
  }
  return undefined;
}

/** A short description of the data a field holds, for telling whether a new version retyped it. */
export function typeSignature(root: SchemaNode, schema: SchemaNode): string {
  const type = Array.isArray(schema.type)
    ? [...schema.type].sort().join('|')
    : (stringOr(schema.type) ?? (isSchemaNode(schema.properties) ? 'object' : 'any'));
  if (type === 'array' && isSchemaNode(schema.items)) {
    const items = dereference(root, schema.items);
    const inner = stringOr(items.type) ?? (isSchemaNode(items.properties) ? 'object' : 'any');
    return `array<${inner}>`;
  }
  return typeof schema.format === 'string' ? `${type}:${schema.format}` : type;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
