/**
 * The check made when the user leaves a field: the whole answer set is validated by
 * @cfworker/json-schema (interpreting, so the page's CSP holds), and the first problem with that
 * field is put in the server's words (forms/error-words.ts). The server stays the authority: it
 * validates again on submit. Pure apart from the validator cache.
 */
import {
  choicesOf,
  labelFromPointerTokens,
  type Problem,
  problemMessage,
} from '../../../forms/error-words.ts';
import { escapeToken, pointerTokens } from '../../../forms/json-pointer.ts';
import { dereference } from '../../../forms/resolve-ref.ts';
import type { JsonSchema } from './form-types.ts';
import { validatorFor } from './interpreting-ajv.ts';

type Node = Record<string, unknown>;

// Keywords that only say a sub-schema failed; the sub-schema's own error follows them.
const wrappers = new Set([
  'properties',
  'items',
  'prefixItems',
  'additionalItems',
  'patternProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  '$ref',
  '$recursiveRef',
  'allOf',
  'if',
  'then',
  'else',
  'contains',
  'dependentSchemas',
]);

/** The schema node at a keyword location ("#/properties/a/$ref/minLength"), following $refs. */
function nodeAt(root: Node, location: string): Node | undefined {
  let node: unknown = root;
  for (const token of pointerTokens(location.replace(/^#/, ''))) {
    if (node === null || typeof node !== 'object') return undefined;
    node = token === '$ref' ? dereference(root, node as Node) : (node as Node)[token];
  }
  return node !== null && typeof node === 'object' ? (node as Node) : undefined;
}

/** ajv's params for a failed keyword, from the keyword's value in the schema. */
function paramsFor(
  keyword: string,
  value: unknown,
  missing: string | undefined,
): Problem['params'] {
  return {
    limit: value,
    multipleOf: value,
    format: value,
    allowedValues: value,
    allowedValue: value,
    type: Array.isArray(value) ? value.join(',') : value,
    ...(keyword === 'required' ? { missingProperty: missing } : {}),
  };
}

/** A problem found, with the field it belongs to. */
export interface FieldProblem {
  pointer: string;
  problem: Problem;
  fieldKind: 'choice' | undefined;
  /** The field's schema title, for fields the layout does not name (an array item's). */
  title: string | undefined;
}

/** Every field's first problem, by JSON Pointer. */
export function fieldProblems(schema: JsonSchema, data: unknown): Map<string, FieldProblem> {
  const root = schema as Node;
  const found = new Map<string, FieldProblem>();
  for (const error of validatorFor(root).validate(data ?? {}).errors) {
    if (wrappers.has(error.keyword)) continue;
    const parentLocation = error.keywordLocation.replace(/\/[^/]*$/, '');
    const parent = nodeAt(root, parentLocation);
    let pointer = error.instanceLocation.replace(/^#/, '');
    let field = parent;
    const missing =
      error.keyword === 'required' ? /required property "(.*)"/.exec(error.error)?.[1] : undefined;
    if (missing !== undefined) {
      pointer = `${pointer}/${escapeToken(missing)}`;
      const child = (parent?.properties as Record<string, unknown> | undefined)?.[missing];
      field = child && typeof child === 'object' ? dereference(root, child as Node) : undefined;
    }
    if (found.has(pointer)) continue;
    const problem: Problem = {
      keyword: error.keyword,
      params: paramsFor(error.keyword, parent?.[error.keyword], missing),
      parentSchema: parent,
    };
    const fieldKind = field && choicesOf(field) ? 'choice' : undefined;
    const title = typeof field?.title === 'string' ? field.title : undefined;
    found.set(pointer, { pointer, problem, fieldKind, title });
  }
  return found;
}

/**
 * The field's first problem with what to tell the user, or undefined when it is fine. The
 * keyword and params are kept, so a translation can word each keyword its own way.
 */
export function checkField(
  schema: JsonSchema,
  data: unknown,
  pointer: string,
  labels: ReadonlyMap<string, string>,
): (Problem & { message: string }) | undefined {
  const found = fieldProblems(schema, data).get(pointer);
  if (!found) return undefined;
  const label =
    labels.get(pointer) ??
    found.title ??
    labelFromPointerTokens(pointerTokens(pointer), 'The form');
  return { ...found.problem, message: problemMessage(found.problem, label, found.fieldKind) };
}
