import type { ErrorObject } from 'ajv';
import { choicesOf } from './collect-fields.ts';
import type { FormField } from './form-field.ts';
import { humaniseKey, midSentence } from './humanise.ts';
import { escapeToken, fieldPointerFor, pointerTokens } from './json-pointer.ts';
import type { LoadedForm } from './loaded-form.ts';
import { isSchemaNode, type SchemaNode } from './walk-schema.ts';

/** One problem with a submission, in the words its user sees. */
export interface SubmissionError {
  /** JSON pointer of the field in the data, e.g. /child/dateOfBirth or /members/0/name. */
  pointer: string;
  /** The field's label as the user sees it. */
  label: string;
  /** What to do about it, in plain words. */
  message: string;
  /** The JSON Schema keyword that failed, for code that needs to tell problems apart. */
  keyword: string;
}

/**
 * The data pointer of the field an ajv error is about. Errors that name a missing, extra or
 * badly named property point at that property, not at the object holding it.
 */
export function fieldPointerOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const child =
    params.missingProperty ??
    params.additionalProperty ??
    (error.keyword === 'propertyNames' ? params.propertyName : undefined);
  return typeof child === 'string'
    ? `${error.instancePath}/${escapeToken(child)}`
    : error.instancePath;
}

/** Maps one ajv error to the field it concerns and a message a practitioner can act on. */
export function describeError(error: ErrorObject, form: LoadedForm): SubmissionError {
  const pointer = fieldPointerOf(error);
  const field = form.fieldByPointer.get(fieldPointerFor(pointer));
  const label = field?.label ?? labelFromPointer(pointer, form.title);
  return { pointer, label, message: messageFor(error, label, field), keyword: error.keyword };
}

function labelFromPointer(pointer: string, formTitle: string): string {
  const key = pointerTokens(pointer)
    .filter((t) => !/^\d+$/.test(t))
    .at(-1);
  return key === undefined ? formTitle : humaniseKey(key);
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

function messageFor(error: ErrorObject, label: string, field: FormField | undefined): string {
  const p = error.params as Record<string, unknown>;
  const limit = p.limit as number;
  switch (error.keyword) {
    case 'required':
    case 'dependencies':
      return requiredMessage(label, field);
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
      const choices = isSchemaNode(error.parentSchema) ? choicesOf(error.parentSchema) : undefined;
      return choices
        ? choiceMessage(choices, error.parentSchema)
        : `${label} does not match any of the answers allowed`;
    }
    case 'minLength':
      return limit <= 1
        ? requiredMessage(label, field)
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
function requiredMessage(label: string, field: FormField | undefined): string {
  if (label.trimEnd().endsWith('?')) return `Answer "${label.trim()}"`;
  const verb = field?.kind === 'choice' ? 'Choose' : 'Enter';
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
