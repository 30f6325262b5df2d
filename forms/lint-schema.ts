import { familyKeyword } from './create-ajv.ts';
import type { FormFinding } from './errors.ts';
import { pointerOf } from './json-pointer.ts';
import { formLimits } from './limits.ts';
import { isPropertyName, propertyNamePattern } from './property-name.ts';
import { isLocalRef, resolveLocalRef } from './resolve-ref.ts';
import { unsafePatternReason } from './safe-pattern.ts';
import { forEachSchema, isSchemaNode, type SchemaNode } from './walk-schema.ts';

const draft07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;

/** What to check beyond what every schema in a definition must satisfy. */
export interface SchemaLintOptions {
  /** The definition pointer of the schema, e.g. /schema. */
  at: string;
  /** True for the form's own schema: field names, field count and x-family apply. */
  isFormSchema: boolean;
}

/**
 * Checks what the meta-schema cannot: property names at every level, nesting depth, the number
 * of fields, local-only $refs that resolve, safe patterns, and keywords a form may not use.
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
        if (!isPropertyName(name)) {
          error(
            [...tokens, 'properties', name],
            'bad-property-name',
            `"${name}" is not a valid field name: use a letter, then letters, digits or _ (${propertyNamePattern}).`,
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
  if (
    options.isFormSchema &&
    schema.$schema !== undefined &&
    !draft07.test(String(schema.$schema))
  ) {
    error(['$schema'], 'not-draft-07', 'Form schemas are JSON Schema draft-07.');
  }
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
  if (node.$id !== undefined) {
    error(
      [...tokens, '$id'],
      'id-not-allowed',
      'Remove $id: a form is identified by its id and version.',
    );
  }
  if (node.$schema !== undefined && tokens.length > 0) {
    error([...tokens, '$schema'], 'nested-schema-keyword', 'Only the root may name $schema.');
  }
  for (const keyword of ['patternProperties', 'propertyNames']) {
    if (node[keyword] !== undefined) {
      error(
        [...tokens, keyword],
        'open-property-names',
        `Remove ${keyword}: a form names each of its fields under properties.`,
      );
    }
  }
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
