import { pointerTokens, valueAt } from './json-pointer.ts';
import { isSchemaNode, type SchemaNode } from './walk-schema.ts';

/** True for a $ref that stays inside the form's own schema (#, #/definitions/x ...). */
export function isLocalRef(ref: string): boolean {
  return ref === '#' || ref.startsWith('#/');
}

/** The node a local $ref points at within root, or undefined when it points nowhere. */
export function resolveLocalRef(root: SchemaNode, ref: string): SchemaNode | undefined {
  if (!isLocalRef(ref)) return undefined;
  let pointer: string;
  try {
    pointer = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  const target = valueAt(root, pointerTokens(pointer));
  return isSchemaNode(target) ? target : undefined;
}

/**
 * Follows $ref chains from node to the schema that says what the field is; gives up (returning
 * the last node reached) on a chain longer than `limit`, which only a cycle can make.
 */
export function dereference(root: SchemaNode, node: SchemaNode, limit = 32): SchemaNode {
  let current = node;
  for (let i = 0; i < limit && typeof current.$ref === 'string'; i++) {
    const next = resolveLocalRef(root, current.$ref);
    if (!next) return current;
    current = next;
  }
  return current;
}
