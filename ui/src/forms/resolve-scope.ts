/**
 * Resolves a JSON Forms scope against a form's schema once and remembers the answer per schema
 * object. Stock JSON Forms resolves every control's scope again on every change, which is what
 * makes big forms slow; here it happens once per form. The resolving itself is forms/'s, the one
 * the server's lint uses. Pure.
 */
import { dereference } from '../../../forms/resolve-ref.ts';
import { resolveScope as resolveFormScope } from '../../../forms/resolve-scope.ts';
import type { DataPath, JsonSchema } from './form-types.ts';

/** What a scope points at. */
export interface ResolvedScope {
  path: DataPath;
  schema: JsonSchema;
  required: boolean;
}

const cache = new WeakMap<JsonSchema, Map<string, ResolvedScope | null>>();

/** Follows a local $ref (#/definitions/x) to its target. */
export function derefSchema(root: JsonSchema, node: JsonSchema): JsonSchema {
  return dereference(root, node) as JsonSchema;
}

/** The schema, data path and requiredness a scope names; null when it names nothing. */
export function resolveScope(root: JsonSchema, scope: string): ResolvedScope | null {
  let perRoot = cache.get(root);
  if (!perRoot) {
    perRoot = new Map();
    cache.set(root, perRoot);
  }
  if (perRoot.has(scope)) return perRoot.get(scope)!;
  const resolved = resolveFormScope(root, scope);
  perRoot.set(scope, resolved);
  return resolved;
}
