import type { FormFinding } from './errors.ts';
import { familyKeyword } from './form-field.ts';
import { pointerOf } from './json-pointer.ts';
import { formLimits } from './limits.ts';
import { propertyNameProblem } from './property-name.ts';
import { dereference, isLocalRef, resolveLocalRef } from './resolve-ref.ts';
import { unsafePatternReason } from './safe-pattern.ts';
import { forEachSchema, isSchemaNode, type SchemaNode } from './walk-schema.ts';

/** draft-07, or the unversioned meta-schema URI (JSON Forms' own examples use it), read as draft-07. */
const draft07 = /^https?:\/\/json-schema\.org\/(draft-07\/)?schema#?$/;

/** What to check beyond what every schema in a definition must satisfy. */
export interface SchemaLintOptions {
  /** The definition pointer of the schema, e.g. /schema. */
  at: string;
  /** True for the form's own schema: field names, field count and x-family apply. */
  isFormSchema: boolean;
}

/**
 * Checks what the meta-schema cannot: a root that is an object, property names at every level,
 * nesting depth, the number of fields, local-only $refs that resolve, draft-07, safe patterns.
 */
export function lintSchema(schema: SchemaNode, options: SchemaLintOptions): FormFinding[] {
  const findings: FormFinding[] = [];
  const error = (tokens: string[], code: string, message: string) =>
    findings.push({ severity: 'error', code, path: options.at + pointerOf(tokens), message });
  let fieldCount = 0;
  forEachSchema(schema, (node, tokens, depth) => {
    if (depth === formLimits.maxDepth + 1) {
      error(tokens, 'too-deep', `The schema nests more than ${formLimits.maxDepth} levels here.`);
    }
    if (isSchemaNode(node.properties) && options.isFormSchema) {
      for (const name of Object.keys(node.properties)) {
        fieldCount++;
        const problem = propertyNameProblem(name);
        if (problem) {
          error(
            [...tokens, 'properties', name],
            'bad-property-name',
            `"${name}" cannot be the key of a field: it ${problem}.`,
          );
        }
      }
    }
    lintKeywords(schema, node, tokens, error);
    if (options.isFormSchema) lintFamily(node, tokens, error);
    if (typeof node.pattern === 'string') {
      const reason = unsafePatternReason(node.pattern);
      if (reason) error([...tokens, 'pattern'], 'unsafe-pattern', `The pattern ${reason}.`);
      else if (typeof node.maxLength !== 'number') {
        findings.push({
          severity: 'warning',
          code: 'pattern-without-max-length',
          path: options.at + pointerOf(tokens),
          message:
            'Give a field with a pattern a maxLength, so the pattern never runs on long text.',
        });
      }
    }
  });
  if (fieldCount > formLimits.maxFields) {
    error(
      [],
      'too-many-fields',
      `The schema has ${fieldCount} fields; at most ${formLimits.maxFields}.`,
    );
  }
  if (options.isFormSchema) lintRoot(schema, error);
  return findings;
}

type Report = (tokens: string[], code: string, message: string) => void;

function lintKeywords(root: SchemaNode, node: SchemaNode, tokens: string[], error: Report): void {
  if (typeof node.$ref === 'string') {
    if (!isLocalRef(node.$ref)) {
      error(
        [...tokens, '$ref'],
        'remote-ref',
        `"${node.$ref}" refers outside the form; only local references like #/definitions/name are allowed.`,
      );
    } else if (!resolveLocalRef(root, node.$ref)) {
      error([...tokens, '$ref'], 'unresolved-ref', `"${node.$ref}" does not point at a schema.`);
    }
  }
  if (node.$schema !== undefined && !draft07.test(String(node.$schema))) {
    error(
      [...tokens, '$schema'],
      'not-draft-07',
      `"${String(node.$schema)}" is not draft-07: Lowform checks answers as JSON Schema draft-07, so a schema written for another draft could mean something else there.`,
    );
  }
  if (isSchemaNode(node.patternProperties)) {
    for (const pattern of Object.keys(node.patternProperties)) {
      const reason = unsafePatternReason(pattern);
      if (reason) {
        error(
          [...tokens, 'patternProperties', pattern],
          'unsafe-pattern',
          `The property name pattern ${reason}.`,
        );
      }
    }
  }
}

/** A submission is stored as one record keyed by the form's fields, so the root is an object. */
function lintRoot(schema: SchemaNode, error: Report): void {
  const root = dereference(schema, schema);
  if (root.type === 'object') return;
  const given = root.type === undefined ? 'says no type' : `is ${JSON.stringify(root.type)}`;
  error(
    root === schema ? ['type'] : [],
    'root-not-object',
    `The form's schema ${given}; it must be type "object": a submission is stored as one record whose keys are the form's fields, so answers that are a single value or a list cannot be kept, prefilled or searched.`,
  );
}

function lintFamily(node: SchemaNode, tokens: string[], error: Report): void {
  if (node[familyKeyword] === undefined) return;
  const topLevel = tokens.length === 2 && tokens[0] === 'properties';
  if (!topLevel) {
    error(
      [...tokens, familyKeyword],
      'family-not-top-level',
      `${familyKeyword} applies to a whole answer, so only a top-level field may have it.`,
    );
  }
}
