/**
 * The words of a validation problem, as a practitioner reads them ("Enter the date of birth",
 * "Age must be 18 or less"): one wording for the server's submission errors (error-messages.ts,
 * from ajv) and the browser's checks when a field is left (ui/, from an interpreting validator).
 * A problem is a JSON Schema keyword with ajv's params. Pure, and free of ajv, so ui/ imports it.
 */
import { humaniseKey, midSentence } from './humanise.ts';
import { isSchemaNode, type SchemaNode } from './walk-schema.ts';

/** A failed keyword, shaped like ajv's error (keyword, params, and the schema holding it). */
export interface Problem {
  keyword: string;
  params: Record<string, unknown>;
  parentSchema?: unknown;
}

/** The answers a choice field allows: its enum, const, or the consts of its oneOf/anyOf. */
export function choicesOf(schema: SchemaNode): readonly unknown[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum;
  if (schema.const !== undefined) return [schema.const];
  for (const keyword of ['oneOf', 'anyOf']) {
    const options = schema[keyword];
    if (Array.isArray(options) && options.length > 0) {
      if (options.every((o) => isSchemaNode(o) && o.const !== undefined)) {
        return options.map((o) => (o as SchemaNode).const);
      }
    }
  }
  return undefined;
}

/** The label of a field named only by its pointer: its last property name, humanised. */
export function labelFromPointerTokens(tokens: readonly string[], fallback: string): string {
  const key = tokens.filter((t) => !/^\d+$/.test(t)).at(-1);
  return key === undefined ? fallback : humaniseKey(key);
}

const typeWords: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'yes or no',
  array: 'a list',
  object: 'a set of answers',
  null: 'left empty',
};

const formatWords: Record<string, string> = {
  date: 'a date, like 2019-03-14',
  'date-time': 'a date and time, like 2019-03-14T09:30:00Z',
  time: 'a time, like 09:30:00',
  email: 'an email address, like name@example.org',
  uri: 'a web address, like https://example.org',
  'uri-reference': 'a web address, like https://example.org',
  uuid: 'an identifier, like 123e4567-e89b-12d3-a456-426614174000',
  ipv4: 'an IP address, like 192.0.2.1',
};

/** What to tell the user about a problem with the field labelled `label` (kind 'choice' for choices). */
export function problemMessage(error: Problem, label: string, fieldKind?: string): string {
  const p = error.params;
  const limit = p.limit as number;
  switch (error.keyword) {
    case 'required':
    case 'dependencies':
      return requiredMessage(label, fieldKind);
    case 'type': {
      const types = String(p.type).split(',');
      return `${label} must be ${types.map((t) => typeWords[t] ?? t).join(' or ')}`;
    }
    case 'format':
      return `${label} must be ${formatWords[String(p.format)] ?? `a valid ${String(p.format)}`}`;
    case 'enum':
      return choiceMessage(p.allowedValues as unknown[]);
    case 'const':
      return `${label} must be ${display(p.allowedValue)}`;
    case 'oneOf':
    case 'anyOf': {
      const parent = isSchemaNode(error.parentSchema) ? error.parentSchema : undefined;
      const choices = parent ? choicesOf(parent) : undefined;
      return choices
        ? choiceMessage(choices, parent)
        : `${label} does not match any of the answers allowed`;
    }
    case 'minLength':
      return limit <= 1
        ? requiredMessage(label, fieldKind)
        : `${label} must be at least ${limit} characters`;
    case 'maxLength':
      return `${label} must be ${limit} characters or fewer`;
    case 'minimum':
      return `${label} must be ${limit} or more`;
    case 'maximum':
      return `${label} must be ${limit} or less`;
    case 'exclusiveMinimum':
      return `${label} must be more than ${limit}`;
    case 'exclusiveMaximum':
      return `${label} must be less than ${limit}`;
    case 'multipleOf':
      return `${label} must be a multiple of ${p.multipleOf}`;
    case 'pattern':
      return `${label} is not in the right format`;
    case 'minItems':
      return `${label} needs at least ${limit} ${limit === 1 ? 'entry' : 'entries'}`;
    case 'maxItems':
      return `${label} can have at most ${limit} ${limit === 1 ? 'entry' : 'entries'}`;
    case 'uniqueItems':
      return `${label} has the same entry twice`;
    case 'additionalProperties':
      return `${label} is not a question on this form`;
    case 'propertyNames':
      return `"${String(p.propertyName)}" cannot be used as a field name`;
    default:
      return `${label} is not valid`;
  }
}

/** "Enter the date of birth", "Choose the category", or for a question, "Answer: Is ...?" */
function requiredMessage(label: string, fieldKind: string | undefined): string {
  if (label.trimEnd().endsWith('?')) return `Answer "${label.trim()}"`;
  const verb = fieldKind === 'choice' ? 'Choose' : 'Enter';
  const words = midSentence(label.replace(/[:.]\s*$/, ''));
  const determined =
    /^(a|an|the|your|their|his|her|its|this|each|any|all|who|what|when|where|why|how)\b/i;
  return `${verb} ${determined.test(words) ? '' : 'the '}${words}`;
}

function choiceMessage(values: readonly unknown[], schema?: SchemaNode): string {
  const titles = titlesOf(schema);
  return `Choose one of: ${values.map((v, i) => titles?.[i] ?? display(v)).join(', ')}`;
}

/** The titles oneOf/anyOf options give their consts, which are what the user sees. */
function titlesOf(schema: SchemaNode | undefined): (string | undefined)[] | undefined {
  const options = schema?.oneOf ?? schema?.anyOf;
  if (!Array.isArray(options)) return undefined;
  return options.map((o) => (isSchemaNode(o) && typeof o.title === 'string' ? o.title : undefined));
}

function display(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === true) return 'Yes';
  if (value === false) return 'No';
  return JSON.stringify(value);
}
