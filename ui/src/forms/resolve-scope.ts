/**
 * Resolves a JSON Forms scope (#/properties/a/properties/b) against a form's schema once and
 * remembers the answer per schema object. Stock JSON Forms resolves every control's scope again
 * on every change, which is what makes big forms slow; here it happens once per form. Pure.
 */
import type { DataPath, JsonSchema } from './form-types.ts';

/** What a scope points at. */
export interface ResolvedScope {
  path: DataPath;
  schema: JsonSchema;
  required: boolean;
}

const cache = new WeakMap<JsonSchema, Map<string, ResolvedScope | null>>();

/** Follows a local $ref (#/definitions/x) to its target, up to a few hops. */
export function derefSchema(root: JsonSchema, node: JsonSchema): JsonSchema {
  let current = node;
  for (let hops = 0; current.$ref && hops < 16; hops += 1) {
    const ref = current.$ref;
    if (!ref.startsWith('#/')) return current;
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) {
      target = (target as Record<string, unknown> | undefined)?.[decodeURIComponent(part)];
    }
    if (!target || typeof target !== 'object') return current;
    current = target as JsonSchema;
  }
  return current;
}

/** The schema, data path and requiredness a scope names; null when it names nothing. */
export function resolveScope(root: JsonSchema, scope: string): ResolvedScope | null {
  let perRoot = cache.get(root);
  if (!perRoot) {
    perRoot = new Map();
    cache.set(root, perRoot);
  }
  if (perRoot.has(scope)) return perRoot.get(scope)!;
  const resolved = walkScope(root, scope);
  perRoot.set(scope, resolved);
  return resolved;
}

function walkScope(root: JsonSchema, scope: string): ResolvedScope | null {
  if (scope === '#' || scope === '#/') return { path: [], schema: root, required: false };
  if (!scope.startsWith('#/')) return null;
  const parts = scope.slice(2).split('/');
  const path: DataPath = [];
  let node = derefSchema(root, root);
  let required = false;
  for (let i = 0; i < parts.length; i += 2) {
    if (parts[i] !== 'properties' || parts[i + 1] === undefined) return null;
    const name = parts[i + 1]!;
    const child = node.properties?.[name];
    if (!child) return null;
    required = node.required?.includes(name) ?? false;
    path.push(name);
    node = derefSchema(root, child);
  }
  return { path, schema: node, required };
}
