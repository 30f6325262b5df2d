/**
 * Resolves a JSON Forms scope (`#/properties/a/properties/b`) against a form's schema, following
 * local $refs on the way. The lint, the server and the web app's renderer all resolve scopes here,
 * so a scope the lint accepts is one the form can show. Pure.
 */
import { dereference } from './resolve-ref.ts';
import { isSchemaNode, type SchemaNode } from './walk-schema.ts';

/** What a scope points at: the data path to its value, its schema ($refs followed) and whether it is required. */
export interface ResolvedScope<S extends SchemaNode = SchemaNode> {
  path: string[];
  schema: S;
  required: boolean;
}

/** The field a scope names, or null when it names nothing in the schema. */
export function resolveScope<S extends SchemaNode>(
  root: S,
  scope: string,
): ResolvedScope<S> | null {
  let node = dereference(root, root);
  if (scope === '#' || scope === '#/') return { path: [], schema: node as S, required: false };
  if (!scope.startsWith('#/')) return null;
  const tokens = scope.slice(2).split('/');
  const path: string[] = [];
  let required = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const name = tokens[i + 1];
    if (token === 'properties' && name !== undefined) {
      // A property step adds to the data path; any other step (items, ...) only walks the schema.
      const properties = node.properties;
      const child = isSchemaNode(properties) ? properties[name] : undefined;
      if (!isSchemaNode(child)) return null;
      required = Array.isArray(node.required) && node.required.includes(name);
      path.push(name);
      node = dereference(root, child);
      i++;
      continue;
    }
    const next = node[token];
    if (!isSchemaNode(next)) return null;
    required = false;
    node = dereference(root, next);
  }
  return { path, schema: node as S, required };
}
