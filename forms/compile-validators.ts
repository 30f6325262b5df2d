import type { Ajv, ValidateFunction } from 'ajv';
import { createAjv } from './create-ajv.ts';
import { propertyNamePattern } from './property-name.ts';
import { isSchemaNode, mapSchema, type SchemaNode } from './walk-schema.ts';

/** The two validators of a form: for submitting, and for saving a draft. */
export interface FormValidators {
  readonly full: ValidateFunction;
  readonly draft: ValidateFunction;
}

/**
 * Compiles a form's schema twice, into one fresh ajv instance per form so that evicting the form
 * from the cache frees everything ajv holds for it. Throws ajv's error when the schema does not
 * compile (an unknown keyword or format, say).
 */
export function compileValidators(schema: SchemaNode, ajv: Ajv = createAjv()): FormValidators {
  return {
    full: ajv.compile(prepareSchema(schema, false)),
    draft: ajv.compile(prepareSchema(schema, true)),
  };
}

/**
 * The schema ajv compiles. For a draft, `required` (and property dependencies) go at every
 * depth: a draft may be incomplete but not wrong. Either way every object refuses keys no store
 * can keep (beside any propertyNames of its own), and a pattern runs only on text within the
 * field's maxLength, so no input can make a pattern work through a megabyte. `$id` and `$schema`
 * go: every $ref resolves against the form's root, as the lint and JSON Forms resolve them, and
 * the form is draft-07 whatever its `$schema` says (the lint refuses other drafts).
 */
export function prepareSchema(schema: SchemaNode, draft: boolean): SchemaNode {
  return mapSchema(schema, (node) => {
    if (draft) dropRequirements(node);
    delete node.$id;
    delete node.$schema;
    if (holdsKeys(node)) guardKeys(node);
    if (typeof node.pattern === 'string' && typeof node.maxLength === 'number') {
      // biome-ignore lint/suspicious/noThenProperty: then is a JSON Schema keyword here, not a promise.
      const guarded = { if: { maxLength: node.maxLength }, then: { pattern: node.pattern } };
      node.allOf = [...(Array.isArray(node.allOf) ? node.allOf : []), guarded];
      delete node.pattern;
    }
    return node;
  });
}

const storeKeys = { pattern: propertyNamePattern };

function holdsKeys(node: SchemaNode): boolean {
  return (
    node.type === 'object' ||
    isSchemaNode(node.properties) ||
    isSchemaNode(node.patternProperties) ||
    node.additionalProperties !== undefined
  );
}

function guardKeys(node: SchemaNode): void {
  if (node.propertyNames === undefined) {
    node.propertyNames = storeKeys;
    return;
  }
  const guarded = { propertyNames: storeKeys };
  node.allOf = [...(Array.isArray(node.allOf) ? node.allOf : []), guarded];
}

function dropRequirements(node: SchemaNode): void {
  delete node.required;
  if (!isSchemaNode(node.dependencies)) return;
  const kept = Object.entries(node.dependencies).filter(([, value]) => !Array.isArray(value));
  if (kept.length) node.dependencies = Object.fromEntries(kept);
  else delete node.dependencies;
}
