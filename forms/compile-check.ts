/**
 * Whether ajv compiles a form's schema, and which keywords it would ignore, found part by part so
 * that the designer's lint, run after every edit, compiles only the questions that changed.
 *
 * Compiling a 200-question schema takes ajv tens of milliseconds, and an edit changes one
 * question. The prepared schema (as compileValidators prepares it) is split into a shell (the
 * root with every property's schema replaced by {}) and one part per top-level property, each
 * wrapped as `{properties: {key: schema}}` so that ajv names the same schema paths as it would in
 * the whole. A part that holds a $ref also carries the root's definitions, where draft-07 local
 * refs point. Each part's outcome is cached by its JSON text: an outcome depends on nothing else,
 * so the cache changes how fast the answer comes, never what it is. A schema whose $refs point
 * anywhere but the definitions (#, #/properties/...) is compiled whole, as it stands.
 */

import { BoundedCache } from './bounded-cache.ts';
import { prepareSchema } from './compile-validators.ts';
import { createAjv } from './create-ajv.ts';
import { forEachSchema, isSchemaNode, type SchemaNode } from './walk-schema.ts';

/** What compiling found: the keywords ajv would ignore (its messages), or why it refused. */
export interface CompileOutcome {
  ignored: string[];
  /** ajv's message when the schema does not compile. */
  error?: string;
}

/** Parts kept: a few forms' questions, each a few hundred bytes of text. */
const outcomeCacheCapacity = 4096;
const outcomes = new BoundedCache<CompileOutcome>(outcomeCacheCapacity);

/** Where the shared instance's strict-mode messages go during one compile. */
let heard: string[] = [];
const nothing = () => {};
// One instance for every part: creating one costs more than compiling a question. JSON Forms'
// ajv is not strict, so an ignored keyword is logged (a warning), not thrown.
const ajv = createAjv({
  strictSchema: 'log',
  logger: { log: nothing, error: nothing, warn: (message: unknown) => heard.push(String(message)) },
});

/**
 * Compiles the schema as submissions are checked with it (prepareSchema, not a draft) and says
 * what ajv ignores or refuses; the first refusal ends the check, as it ends a whole compile.
 */
export function checkSchemaCompiles(schema: SchemaNode): CompileOutcome {
  const prepared = prepareSchema(schema, false);
  const parts = splitSchema(prepared) ?? [prepared];
  const ignored = new Set<string>();
  for (const part of parts) {
    const outcome = compileOutcome(part);
    for (const message of outcome.ignored) ignored.add(message);
    if (outcome.error !== undefined) return { ignored: [...ignored], error: outcome.error };
  }
  return { ignored: [...ignored] };
}

function compileOutcome(part: SchemaNode): CompileOutcome {
  const text = JSON.stringify(part);
  const known = outcomes.get(text);
  if (known) return known;
  heard = [];
  let outcome: CompileOutcome;
  try {
    ajv.compile(part);
    outcome = { ignored: heard };
  } catch (error) {
    outcome = { ignored: heard, error: (error as Error).message };
  } finally {
    // The instance lives on: forget the part so that it holds no compiled function for it.
    ajv.removeSchema(part);
    heard = [];
  }
  outcomes.set(text, outcome);
  return outcome;
}

const definitionKeywords = ['definitions', '$defs'] as const;

/** The shell and one part per property, or undefined when the schema must be compiled whole. */
function splitSchema(prepared: SchemaNode): SchemaNode[] | undefined {
  if (!isSchemaNode(prepared.properties) || !refsOnlyDefinitions(prepared)) return undefined;
  const properties = prepared.properties;
  const definitions: SchemaNode = {};
  for (const keyword of definitionKeywords) {
    if (prepared[keyword] !== undefined) definitions[keyword] = prepared[keyword];
  }
  const shell: SchemaNode = {
    ...prepared,
    properties: Object.fromEntries(Object.keys(properties).map((key) => [key, {}])),
  };
  const parts = Object.entries(properties).map(([key, property]) => {
    const part: SchemaNode = { properties: { [key]: property } };
    return hasRef(property) ? { ...part, ...definitions } : part;
  });
  return [shell, ...parts];
}

function refsOnlyDefinitions(schema: SchemaNode): boolean {
  let only = true;
  forEachSchema(schema, (node) => {
    if (node.$ref === undefined) return;
    const ref = node.$ref;
    if (typeof ref !== 'string' || !/^#\/(definitions|\$defs)\//.test(ref)) only = false;
  });
  return only;
}

function hasRef(schema: unknown): boolean {
  if (!isSchemaNode(schema)) return false;
  let found = false;
  forEachSchema(schema, (node) => {
    if (node.$ref !== undefined) found = true;
  });
  return found;
}
