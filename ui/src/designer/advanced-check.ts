/**
 * The Advanced part's check as the practice lead types: the question's JSON Schema against
 * draft-07's meta-schema and Lowform's FieldSchema, its layout element against Lowform's
 * Control (schemas/meta/form-definition.schema.json), each objection at its line. Interpreted by
 * @cfworker/json-schema, as the page's rules are: the Content-Security-Policy forbids the code
 * ajv generates. Lint on the server still judges the whole form once an edit is applied.
 */
import { type OutputUnit, type Schema, Validator } from '@cfworker/json-schema';
import draft07 from 'ajv/dist/refs/json-schema-draft-07.json' with { type: 'json' };
import { jsonPositions, parseJsonAt } from '../../../forms/json-position.ts';
import formMeta from '../../../schemas/meta/form-definition.schema.json' with { type: 'json' };

/** One objection, at a line and column of the text (counted from 1). */
export interface AdvancedProblem {
  line: number;
  column: number;
  message: string;
}

/** What the text says: its value when it passes, or what is wrong, first line first. */
export type AdvancedCheck = { value: unknown; problems: [] } | { problems: AdvancedProblem[] };

const draft07Id = 'http://json-schema.org/draft-07/schema#';
let validators: { schema: Validator; layout: Validator } | undefined;

function validatorsOnce() {
  if (validators) return validators;
  const definitions = (formMeta as { definitions: Record<string, unknown> }).definitions;
  const schema = new Validator(
    { allOf: [{ $ref: draft07Id }, { $ref: '#/definitions/FieldSchema' }], definitions } as Schema,
    '7',
    false,
  );
  schema.addSchema(draft07 as Schema);
  const layout = new Validator(
    {
      if: { properties: { type: { const: 'ListWithDetail' } } },
      // biome-ignore lint/suspicious/noThenProperty: then is a JSON Schema keyword here, not a promise.
      then: { $ref: '#/definitions/ListWithDetail' },
      else: { $ref: '#/definitions/Control' },
      definitions,
    } as Schema,
    '7',
    false,
  );
  validators = { schema, layout };
  return validators;
}

/** Checks the text of a question's JSON Schema ('schema') or its layout element ('layout'). */
export function checkAdvanced(text: string, what: 'schema' | 'layout'): AdvancedCheck {
  const read = parseJsonAt(text);
  if ('line' in read) {
    const { line, column } = read;
    return { problems: [{ line, column, message: 'This is not JSON from here on.' }] };
  }
  const result = validatorsOnce()[what].validate(read.value);
  if (result.valid) return { value: read.value, problems: [] };
  const positions = jsonPositions(text);
  const problems = leafErrors(result.errors).map((e) => {
    const pointer = e.instanceLocation.slice(1);
    const at = nearestPosition(positions, pointer);
    return { ...at, message: describe(e) };
  });
  const seen = new Set<string>();
  return {
    problems: problems
      .filter((p) => {
        const key = `${p.line}:${p.column}:${p.message}`;
        return !seen.has(key) && seen.add(key);
      })
      .sort((a, b) => a.line - b.line || a.column - b.column),
  };
}

const wrappers = new Set(['allOf', '$ref', 'properties', 'items', 'if', 'additionalProperties']);

/** The errors that say what is wrong, not that a subschema or a branch had errors. */
function leafErrors(errors: OutputUnit[]): OutputUnit[] {
  const branches = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map((e) => `${e.keywordLocation}/`);
  return errors.filter(
    (e) => !wrappers.has(e.keyword) && !branches.some((b) => e.keywordLocation.startsWith(b)),
  );
}

function nearestPosition(
  positions: Map<string, { line: number; column: number }>,
  pointer: string,
): { line: number; column: number } {
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const found = positions.get(p);
    if (found) return found;
    if (p === '') return { line: 1, column: 1 };
  }
}

const typeWords: Record<string, string> = {
  string: 'text in quotes',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'an object { … }',
  array: 'a list [ … ]',
  null: 'null',
};

function describe(error: OutputUnit): string {
  const key = decodeURIComponent(error.instanceLocation.split('/').at(-1) ?? '')
    .replace(/~1/g, '/')
    .replace(/~0/g, '~');
  const name = key === '#' ? 'This' : `"${key}"`;
  switch (error.keyword) {
    case 'type': {
      const expected = /Expected "?([a-z]+)"?/.exec(error.error)?.[1] ?? '';
      return `${name} should be ${typeWords[expected] ?? expected}.`;
    }
    case 'false':
      return `${name} is not allowed here.`;
    case 'required': {
      const missing = /property "([^"]+)"/.exec(error.error)?.[1];
      return missing ? `Add "${missing}".` : 'Something required is missing.';
    }
    case 'enum':
    case 'const':
      return `${name}: ${error.error.replace(/^Instance does not match/, 'use')}`.replace(
        /any of /,
        'one of ',
      );
    case 'anyOf':
    case 'oneOf':
      return `${name} is none of the kinds of value allowed here.`;
    default:
      return `${name}: ${error.error.replace(/^Instance /, 'the value ')}`;
  }
}
