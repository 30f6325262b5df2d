/**
 * Resolves a JSON Forms scope (`#/properties/a/properties/b`) against a form's schema, following
 * local $refs on the way, as JSON Forms 3.7 does: a scope may start with `#` or `/` (`#/` is the
 * whole form), its tokens are JSON Pointer tokens (`~1` is `/`), it may step through any keyword
 * (`#/anyOf/0/then/properties/x`), and a `properties` or `items` step that the node does not have
 * is looked for in its oneOf, allOf, anyOf, then and else, so `#/properties/x` names a field that
 * an allOf or an if/then adds. The lint, the server and the web app's renderer all resolve scopes
 * here, so a scope the lint accepts is one the form can show. Pure.
 */
import { escapeToken } from './json-pointer.ts';
import { dereference } from './resolve-ref.ts';
import { isSchemaNode, type SchemaNode } from './walk-schema.ts';

/** What a scope points at: the data path to its value, its schema ($refs followed) and whether it is required. */
export interface ResolvedScope<S extends SchemaNode = SchemaNode> {
  /** Property names from the root; list items add nothing (a list's detail is per item). */
  path: string[];
  schema: S;
  required: boolean;
  /** The field's pointer as FormField.pointer gives it, each list's items a `*` token. */
  fieldPointer: string;
}

/** The keywords JSON Forms searches when a properties or items step is not on the node itself. */
const fallbackKeywords = ['oneOf', 'allOf', 'anyOf', 'then', 'else'] as const;

/** Steps one resolution may take, fallbacks included: only a $ref cycle comes near it. */
const stepBudget = 2000;

interface Walk {
  root: SchemaNode;
  tokens: string[];
  steps: number;
}

interface Position {
  node: SchemaNode;
  at: number;
  path: string[];
  pointer: string[];
  /** Names the objects at this level require, the node's own and those it was reached through. */
  requiredHere: readonly unknown[];
  required: boolean;
}

/** The tokens of a scope (`#/a/b`, `/a/b`, `#`, `#/`), or null when it is not a local scope. */
export function scopeTokens(scope: string): string[] | null {
  if (scope === '#' || scope === '#/' || scope === '/') return [];
  let rest: string;
  if (scope.startsWith('#/')) rest = scope.slice(2);
  else if (scope.startsWith('/')) rest = scope.slice(1);
  else return null;
  return rest
    .split('/')
    .filter((t) => t !== '')
    .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** The field a scope names, or null when it names nothing in the schema. */
export function resolveScope<S extends SchemaNode>(
  root: S,
  scope: string,
): ResolvedScope<S> | null {
  const tokens = scopeTokens(scope);
  if (!tokens) return null;
  const walk: Walk = { root, tokens, steps: 0 };
  const node = dereference(root, root);
  const start: Position = {
    node,
    at: 0,
    path: [],
    pointer: [],
    requiredHere: requiredOf(root, node),
    required: false,
  };
  const found = resolveFrom(walk, start);
  if (!found) return null;
  return {
    path: found.path,
    schema: found.node as S,
    required: found.required,
    fieldPointer: found.pointer.map((t) => `/${escapeToken(t)}`).join(''),
  };
}

function resolveFrom(walk: Walk, position: Position): Position | null {
  if (position.at >= walk.tokens.length) return position;
  if (++walk.steps > stepBudget) return null;
  const direct = stepDirectly(walk, position);
  if (direct) {
    const found = resolveFrom(walk, direct);
    if (found) return found;
  }
  const token = walk.tokens[position.at];
  if (token !== 'properties' && token !== 'items') return null;
  for (const keyword of fallbackKeywords) {
    const value = position.node[keyword];
    const alternatives = Array.isArray(value) ? value : [value];
    for (const alternative of alternatives) {
      if (!isSchemaNode(alternative)) continue;
      const node = dereference(walk.root, alternative);
      // An allOf member's required list holds for the object; an alternative's only sometimes.
      const requiredHere =
        keyword === 'allOf'
          ? [...position.requiredHere, ...requiredOf(walk.root, node)]
          : position.requiredHere;
      const found = resolveFrom(walk, { ...position, node, requiredHere });
      if (found) return found;
    }
  }
  return null;
}

/** One step along the scope without looking into combinators; null when the node lacks it. */
function stepDirectly(walk: Walk, position: Position): Position | null {
  const { node, at } = position;
  const token = walk.tokens[at]!;
  const name = walk.tokens[at + 1];
  if (token === 'properties' && name !== undefined) {
    // A property step adds to the data path; any other step (items, allOf/0 ...) only walks the schema.
    const properties = node.properties;
    const child = isSchemaNode(properties) ? properties[name] : undefined;
    if (!isSchemaNode(child)) return null;
    const next = dereference(walk.root, child);
    return {
      node: next,
      at: at + 2,
      path: [...position.path, name],
      pointer: [...position.pointer, name],
      requiredHere: requiredOf(walk.root, next),
      required: position.requiredHere.includes(name),
    };
  }
  let value = node[token];
  let next = at + 1;
  if (Array.isArray(value) && name !== undefined) {
    value = value[Number(name)];
    next++;
  }
  if (!isSchemaNode(value)) return null;
  const child = dereference(walk.root, value);
  const pointer = token === 'items' ? [...position.pointer, '*'] : position.pointer;
  // allOf, then and else hold more of the same object: their required lists still apply here.
  const sameObject = token !== 'items' && token !== 'additionalProperties';
  const requiredHere = sameObject
    ? [...position.requiredHere, ...requiredOf(walk.root, child)]
    : requiredOf(walk.root, child);
  return { node: child, at: next, path: position.path, pointer, requiredHere, required: false };
}

/** The keys an object requires, its allOf's requirements included (they hold for it too). */
function requiredOf(root: SchemaNode, node: SchemaNode, depth = 0): readonly unknown[] {
  const own = Array.isArray(node.required) ? node.required : [];
  if (!Array.isArray(node.allOf) || depth > 8) return own;
  const inherited = node.allOf.flatMap((member) =>
    isSchemaNode(member) ? requiredOf(root, dereference(root, member), depth + 1) : [],
  );
  return inherited.length ? [...own, ...inherited] : own;
}
