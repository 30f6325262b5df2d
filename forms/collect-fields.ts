import type { Prefill } from '../schemas/generated/form-definition.ts';
import { choicesOf } from './error-words.ts';
import type { FieldKind, FormField } from './form-field.ts';
import { familyKeyword } from './form-field.ts';
import { humaniseKey } from './humanise.ts';
import { formLimits } from './limits.ts';
import type { LayoutControl } from './read-layout.ts';
import { dereference } from './resolve-ref.ts';
import { resolveScope } from './resolve-scope.ts';
import { isSchemaNode, type SchemaNode } from './walk-schema.ts';

/** Free text longer than this is analysis rather than a short answer (see burden.ts). */
export const longTextLength = 200;

const dateFormats = new Set(['date', 'date-time', 'time']);

interface Context {
  root: SchemaNode;
  /** Controls by the field pointer their scope resolves to. */
  controls: Map<string, LayoutControl>;
  prefill: Prefill;
  fields: FormField[];
}

/** Where a field's answers come from beside its own properties: more of the same object. */
const memberKeywords = ['allOf', 'anyOf', 'oneOf', 'then', 'else'] as const;

/** What the form as a whole says about its fields. */
export interface FieldOptions {
  /** The form is read-only (the definition's readonly): no field can be answered. */
  readonly?: boolean;
}

/**
 * Lists the fields of a form schema in order, groups and lists included, their items' fields
 * beneath them. An object's fields are its properties and those its allOf, anyOf, oneOf, then and
 * else add (as JSON Forms resolves #/properties/x through them); only its own and its allOf's
 * required lists make a field required. Follows local $refs but not around a cycle, and stops at
 * maxExpandedFields, since $refs used twice at each level can multiply a small schema into
 * millions of fields.
 */
export function collectFields(
  schema: SchemaNode,
  controls: readonly LayoutControl[],
  prefill: Prefill = {},
  options: FieldOptions = {},
): FormField[] {
  const byPointer = new Map<string, LayoutControl>();
  for (const control of controls) {
    const pointer = resolveScope(schema, control.scope)?.fieldPointer;
    if (pointer !== undefined && !byPointer.has(pointer)) byPointer.set(pointer, control);
  }
  const context: Context = { root: schema, controls: byPointer, prefill, fields: [] };
  const root = dereference(schema, schema);
  const inherited: Inherited = {
    placed: byPointer.has(''),
    readonly: byPointer.get('')?.readonly === true,
    formReadonly: options.readonly === true,
  };
  visitObject(context, root, '', '#', inherited, new Set([root]));
  return context.fields;
}

/** What a field takes from the group or list that holds it. */
interface Inherited {
  placed: boolean;
  readonly: boolean;
  formReadonly: boolean;
}

function visitObject(
  context: Context,
  node: SchemaNode,
  pointer: string,
  scope: string,
  inherited: Inherited,
  seen: Set<SchemaNode>,
): void {
  if (seen.size > formLimits.maxDepth) return;
  const { members, required } = membersOf(context.root, node);
  for (const [key, raw] of members) {
    if (context.fields.length >= formLimits.maxExpandedFields) return;
    const field = describeField(
      context,
      raw,
      key,
      `${pointer}/${key}`,
      `${scope}/properties/${key}`,
    );
    const control = context.controls.get(field.pointer);
    field.required = required.has(key);
    field.placed = inherited.placed || control !== undefined;
    // As JSON Forms decides: the form's readonly, then the control's option, then the schema's
    // readOnly or the enclosing group's.
    field.readonly =
      inherited.formReadonly || (control?.readonly ?? (field.readonly || inherited.readonly));
    context.fields.push(field);
    if (seen.has(field.schema)) continue;
    const inner = new Set(seen).add(field.schema);
    const start = context.fields.length;
    const below = { ...inherited, placed: field.placed, readonly: field.readonly };
    if (field.kind === 'group') {
      visitObject(context, field.schema, field.pointer, field.scope, below, inner);
    } else if (field.kind === 'list' && isSchemaNode(field.schema.items)) {
      const items = dereference(context.root, field.schema.items);
      visitObject(context, items, `${field.pointer}/*`, `${field.scope}/items`, below, inner);
    }
    // A group the layout shows through controls for some of its fields is shown too.
    field.placed ||= context.fields.slice(start).some((f) => f.placed);
  }
}

/**
 * An object's properties, its own first, then those its combinators add (the first schema to name
 * a key wins), and the keys it requires.
 */
function membersOf(
  root: SchemaNode,
  node: SchemaNode,
): { members: [string, SchemaNode][]; required: Set<string> } {
  const members = new Map<string, SchemaNode>();
  const required = new Set<string>();
  const visited = new Set<SchemaNode>();
  const gather = (current: SchemaNode, requiring: boolean) => {
    if (visited.has(current) || visited.size > formLimits.maxDepth) return;
    visited.add(current);
    if (isSchemaNode(current.properties)) {
      for (const [key, raw] of Object.entries(current.properties)) {
        if (isSchemaNode(raw) && !members.has(key)) members.set(key, raw);
      }
    }
    if (requiring && Array.isArray(current.required)) {
      for (const key of current.required) if (typeof key === 'string') required.add(key);
    }
    for (const keyword of memberKeywords) {
      const value = current[keyword];
      for (const sub of Array.isArray(value) ? value : [value]) {
        if (isSchemaNode(sub)) gather(dereference(root, sub), requiring && keyword === 'allOf');
      }
    }
  };
  gather(node, true);
  return { members: [...members], required };
}

/** True when the schema describes an object with fields of its own or through its combinators. */
function hasMembers(root: SchemaNode, schema: SchemaNode): boolean {
  return schema.type === 'object' || membersOf(root, schema).members.length > 0;
}

function describeField(
  context: Context,
  raw: SchemaNode,
  key: string,
  pointer: string,
  scope: string,
): FormField {
  const schema = dereference(context.root, raw);
  const control = context.controls.get(pointer);
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
    readonly: raw.readOnly === true || schema.readOnly === true,
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
  if (hasMembers(root, schema)) return 'group';
  if (type === 'array' && isSchemaNode(schema.items)) {
    const items = dereference(root, schema.items);
    if (hasMembers(root, items)) return 'list';
    if (choicesOf(items)) return 'choice';
  }
  if (type === 'number' || type === 'integer') return 'number';
  if (typeof schema.format === 'string' && dateFormats.has(schema.format)) return 'date';
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : 0;
  return control?.multi || maxLength > longTextLength ? 'long-text' : 'text';
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
