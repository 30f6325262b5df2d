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
  const parts = splitSchema(schema);
  const unknown = parts.filter((p) => outcomes.get(p.text) === undefined);
  if (unknown.length > 1 && unknown.length * 2 >= parts.length) {
    // Mostly new to the cache (a form's first lint): one whole compile is quicker than many
    // small ones, and when it neither refuses nor ignores anything, no part of it can, since
    // each part compiles some of the same nodes at the same paths.
    const whole = compileOutcome({
      text: `whole:${JSON.stringify(schema)}`,
      prepare: () => prepareSchema(schema, false),
    });
    if (whole.error === undefined && whole.ignored.length === 0) {
      for (const part of unknown) outcomes.set(part.text, { ignored: [] });
      return { ignored: [] };
    }
  }
  const ignored = new Set<string>();
  for (const part of parts) {
    const outcome = compileOutcome(part);
    for (const message of outcome.ignored) ignored.add(message);
    if (outcome.error !== undefined) return { ignored: [...ignored], error: outcome.error };
  }
  return { ignored: [...ignored] };
}

/** A part to compile: its text (the cache's key) and how to make the prepared schema. */
interface Part {
  text: string;
  prepare: () => SchemaNode;
}

function compileOutcome(part: Part): CompileOutcome {
  const known = outcomes.get(part.text);
  if (known) return known;
  const schema = part.prepare();
  heard = [];
  let outcome: CompileOutcome;
  try {
    ajv.compile(schema);
    outcome = { ignored: heard };
  } catch (error) {
    outcome = { ignored: heard, error: (error as Error).message };
  } finally {
    // The instance lives on: forget the part so that it holds no compiled function for it.
    ajv.removeSchema(schema);
    heard = [];
  }
  outcomes.set(part.text, outcome);
  return outcome;
}

const definitionKeywords = ['definitions', '$defs'] as const;

/**
 * The shell and one part per property, each keyed by its raw text (preparing a schema changes
 * each node by itself alone, so the same text always prepares the same); the whole schema as one
 * part when a $ref points anywhere but the definitions.
 */
function splitSchema(schema: SchemaNode): Part[] {
  const whole = (): Part[] => {
    const text = `whole:${JSON.stringify(schema)}`;
    return [{ text, prepare: () => prepareSchema(schema, false) }];
  };
  if (!isSchemaNode(schema.properties)) return whole();
  const properties = schema.properties;
  const rawShell = {
    ...schema,
    properties: Object.fromEntries(Object.keys(properties).map((key) => [key, {}])),
  };
  const shellText = JSON.stringify(rawShell);
  if (shellText.includes('"$ref"') && !refsOnlyDefinitions(rawShell)) return whole();
  const definitions: SchemaNode = {};
  for (const keyword of definitionKeywords) {
    if (schema[keyword] !== undefined) definitions[keyword] = schema[keyword];
  }
  const definitionsText = JSON.stringify(definitions);
  const parts: Part[] = [
    { text: `shell:${shellText}`, prepare: () => prepareSchema(rawShell, false) },
  ];
  for (const [key, property] of Object.entries(properties)) {
    const text = JSON.stringify(property);
    const refers = text.includes('"$ref"');
    if (refers && isSchemaNode(property) && !refsOnlyDefinitions(property)) return whole();
    parts.push({
      text: `${JSON.stringify(key)}:${text}${refers ? definitionsText : ''}`,
      prepare: () => {
        const prepared = isSchemaNode(property) ? prepareSchema(property, false) : property;
        const part: SchemaNode = { properties: { [key]: prepared } };
        if (!refers) return part;
        const shell = prepareSchema({ ...definitions }, false);
        return {
          ...part,
          ...Object.fromEntries(
            definitionKeywords.filter((k) => k in shell).map((k) => [k, shell[k]]),
          ),
        };
      },
    });
  }
  return parts;
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
