/**
 * Walks JSON Schema (draft-07) nodes by keyword, so that a property *named* "required" or
 * "pattern" is never mistaken for the keyword.
 */

/** A JSON Schema node that is an object (boolean schemas have no keywords to walk). */
export type SchemaNode = Record<string, unknown>;

const singleKeywords = [
  'additionalItems',
  'additionalProperties',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
] as const;
// $defs is draft 2019-09's definitions; ajv reads it in draft-07 too, and JSON Forms' examples use it.
const mapKeywords = [
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'dependencies',
] as const;
const listKeywords = ['allOf', 'anyOf', 'oneOf'] as const;

/** True for a non-array object. */
export function isSchemaNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The immediate subschemas of a node, each with the pointer tokens that lead to it. */
export function childSchemas(node: SchemaNode): { tokens: string[]; schema: SchemaNode }[] {
  const children: { tokens: string[]; schema: SchemaNode }[] = [];
  for (const keyword of singleKeywords) {
    const child = node[keyword];
    if (isSchemaNode(child)) children.push({ tokens: [keyword], schema: child });
  }
  const items = node.items;
  if (isSchemaNode(items)) children.push({ tokens: ['items'], schema: items });
  else if (Array.isArray(items)) pushList(children, 'items', items);
  for (const keyword of listKeywords) {
    const list = node[keyword];
    if (Array.isArray(list)) pushList(children, keyword, list);
  }
  for (const keyword of mapKeywords) {
    const map = node[keyword];
    if (!isSchemaNode(map)) continue;
    for (const [name, child] of Object.entries(map)) {
      // dependencies may also map to an array of property names, which is not a schema.
      if (isSchemaNode(child)) children.push({ tokens: [keyword, name], schema: child });
    }
  }
  return children;
}

function pushList(
  children: { tokens: string[]; schema: SchemaNode }[],
  keyword: string,
  list: unknown[],
): void {
  list.forEach((child, i) => {
    if (isSchemaNode(child)) children.push({ tokens: [keyword, String(i)], schema: child });
  });
}

/** Calls visit for the node and every subschema beneath it, depth first, with its depth. */
export function forEachSchema(
  root: SchemaNode,
  visit: (node: SchemaNode, tokens: string[], depth: number) => void,
  tokens: string[] = [],
  depth = 0,
): void {
  visit(root, tokens, depth);
  for (const child of childSchemas(root)) {
    forEachSchema(child.schema, visit, [...tokens, ...child.tokens], depth + 1);
  }
}

/** A deep copy of the schema in which every node has passed through transform, leaves first. */
export function mapSchema(
  root: SchemaNode,
  transform: (node: SchemaNode) => SchemaNode,
): SchemaNode {
  const copy: SchemaNode = { ...root };
  for (const keyword of singleKeywords) {
    const child = copy[keyword];
    if (isSchemaNode(child)) copy[keyword] = mapSchema(child, transform);
  }
  const mapList = (list: unknown[]) =>
    list.map((child) => (isSchemaNode(child) ? mapSchema(child, transform) : child));
  if (isSchemaNode(copy.items)) copy.items = mapSchema(copy.items, transform);
  else if (Array.isArray(copy.items)) copy.items = mapList(copy.items);
  for (const keyword of listKeywords) {
    const list = copy[keyword];
    if (Array.isArray(list)) copy[keyword] = mapList(list);
  }
  for (const keyword of mapKeywords) {
    const map = copy[keyword];
    if (!isSchemaNode(map)) continue;
    copy[keyword] = Object.fromEntries(
      Object.entries(map).map(([name, child]) => [
        name,
        isSchemaNode(child) ? mapSchema(child, transform) : child,
      ]),
    );
  }
  return transform(copy);
}
