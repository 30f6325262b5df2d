/**
 * "Show only if" in the designer's words, and the JSON Forms SHOW rule it compiles to. A
 * condition tests another question's answer: it is a value, is not a value, is any of some
 * values, or is empty; one level of "all of these" (AND) or "any of these" (OR) joins several.
 * Each test is a schema condition, which JSON Forms evaluates against the answer at its scope
 * (a missing answer is checked as null, ui/src/forms/interpreting-ajv.ts):
 *
 * | test     | schema                                                                  |
 * | -------- | ----------------------------------------------------------------------- |
 * | is       | `{const: v}` (a list of several: `{contains: {const: v}}`)              |
 * | is not   | `{not: {const: v}}` (a list of several: `{not: {contains: {const: v}}}`) |
 * | any of   | `{enum: [v, w]}` (a list of several: `{contains: {enum: [v, w]}}`)      |
 * | is empty | `{not: {type: "string", minLength: 1}}`, or `type: "array", minItems: 1`, or the answer's type |
 *
 * Reading a rule back accepts exactly these shapes (and a LEAF condition, read as "is"); any
 * other rule is one the panel cannot put in words, left to the Advanced part.
 */
import { isSchemaNode, type SchemaNode } from './walk-schema.ts';

/** How a condition tests the answer. */
export type ConditionTest = 'is' | 'is-not' | 'any-of' | 'is-empty';

/** One test of another question's answer. */
export interface ShowCondition {
  /** The scope of the question whose answer decides. */
  question: string;
  test: ConditionTest;
  /** The values tested: one for is and is not, one or more for any of, none for is empty. */
  values: unknown[];
}

/** "Show only if": one condition, or several joined by all (AND) or any (OR). */
export interface ShowOnlyIf {
  join: 'all' | 'any';
  conditions: ShowCondition[];
}

/** What the deciding question's answer is, as far as a test needs to know. */
export type AnswerShape = 'string' | 'number' | 'boolean' | 'list';

/** The words of each test, for the panel and the diff. */
export const conditionTestWords: Record<ConditionTest, string> = {
  is: 'is',
  'is-not': 'is not',
  'any-of': 'is any of',
  'is-empty': 'is empty',
};

/** Why a condition cannot be compiled, in words; undefined when it can. */
export function conditionProblem(condition: ShowCondition): string | undefined {
  const n = condition.values.length;
  if (condition.test === 'is-empty') return n === 0 ? undefined : 'Is empty takes no answer.';
  if (condition.test === 'any-of') return n > 0 ? undefined : 'Choose at least one answer.';
  return n === 1 ? undefined : 'Choose the answer.';
}

/** The schema a condition's answer must satisfy. */
function testSchema(condition: ShowCondition, shape: AnswerShape): SchemaNode {
  const [value] = condition.values;
  const inList = (schema: SchemaNode) => (shape === 'list' ? { contains: schema } : schema);
  switch (condition.test) {
    case 'is':
      return inList({ const: value });
    case 'is-not':
      return { not: inList({ const: value }) };
    case 'any-of':
      return inList({ enum: [...condition.values] });
    case 'is-empty':
      return { not: answeredSchema(shape) };
  }
}

function answeredSchema(shape: AnswerShape): SchemaNode {
  if (shape === 'string') return { type: 'string', minLength: 1 };
  if (shape === 'list') return { type: 'array', minItems: 1 };
  return { type: shape };
}

/**
 * The JSON Forms condition of a "show only if": one schema condition, or an AND or OR of them.
 * `shapeOf` says what each deciding question's answer is.
 */
export function compileCondition(
  showOnlyIf: ShowOnlyIf,
  shapeOf: (scope: string) => AnswerShape,
): SchemaNode {
  const leaves = showOnlyIf.conditions.map((c) => ({
    scope: c.question,
    schema: testSchema(c, shapeOf(c.question)),
  }));
  if (leaves.length === 1) return leaves[0]!;
  return { type: showOnlyIf.join === 'all' ? 'AND' : 'OR', conditions: leaves };
}

/** Reads a SHOW rule back into words; undefined for a rule the panel cannot show. */
export function readShowRule(rule: unknown): ShowOnlyIf | undefined {
  if (!isSchemaNode(rule) || rule.effect !== 'SHOW' || !isSchemaNode(rule.condition))
    return undefined;
  const { condition } = rule;
  if (condition.type === 'AND' || condition.type === 'OR') {
    if (!onlyKeys(condition, ['type', 'conditions']) || !Array.isArray(condition.conditions))
      return undefined;
    const conditions = condition.conditions.map(readLeaf);
    if (conditions.length < 2 || conditions.some((c) => c === undefined)) return undefined;
    return {
      join: condition.type === 'AND' ? 'all' : 'any',
      conditions: conditions as ShowCondition[],
    };
  }
  const leaf = readLeaf(condition);
  return leaf ? { join: 'all', conditions: [leaf] } : undefined;
}

function readLeaf(condition: unknown): ShowCondition | undefined {
  if (!isSchemaNode(condition) || typeof condition.scope !== 'string') return undefined;
  const question = condition.scope;
  if (condition.type === 'LEAF' && onlyKeys(condition, ['type', 'scope', 'expectedValue'])) {
    return { question, test: 'is', values: [condition.expectedValue] };
  }
  if (!onlyKeys(condition, ['scope', 'schema']) || !isSchemaNode(condition.schema))
    return undefined;
  const read = readTest(condition.schema);
  return read ? { question, ...read } : undefined;
}

function readTest(schema: SchemaNode): Omit<ShowCondition, 'question'> | undefined {
  const inner =
    onlyKeys(schema, ['contains']) && isSchemaNode(schema.contains) ? schema.contains : schema;
  if (onlyKeys(inner, ['const'])) return { test: 'is', values: [inner.const] };
  if (onlyKeys(inner, ['enum']) && Array.isArray(inner.enum) && inner.enum.length > 0)
    return { test: 'any-of', values: [...inner.enum] };
  if (!onlyKeys(schema, ['not']) || !isSchemaNode(schema.not)) return undefined;
  const not = schema.not;
  const negated = onlyKeys(not, ['contains']) && isSchemaNode(not.contains) ? not.contains : not;
  if (onlyKeys(negated, ['const'])) return { test: 'is-not', values: [negated.const] };
  if (isAnswered(not)) return { test: 'is-empty', values: [] };
  return undefined;
}

function isAnswered(schema: SchemaNode): boolean {
  const shapes: AnswerShape[] = ['string', 'list', 'number', 'boolean'];
  return shapes.some((shape) => JSON.stringify(answeredSchema(shape)) === JSON.stringify(schema));
}

function onlyKeys(node: SchemaNode, keys: string[]): boolean {
  const own = Object.keys(node);
  return own.length > 0 && own.every((k) => keys.includes(k)) && keys.every((k) => k in node);
}
