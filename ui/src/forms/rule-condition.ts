/**
 * Decides whether a value matches a rule's condition schema, without ajv: the app's
 * Content-Security-Policy forbids the code generation ajv needs, and rule conditions use a small
 * part of JSON Schema. Keywords understood: const, enum, type, not, allOf, anyOf, oneOf,
 * minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, maxLength, pattern,
 * properties, required, contains, minItems, maxItems. Others are ignored (treated as matching).
 * Pure.
 */
import type { JsonSchema } from './form-types.ts';

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string | string[], value: unknown): boolean {
  const actual = typeOf(value);
  const types = Array.isArray(expected) ? expected : [expected];
  return types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** True when the value matches the schema (the subset above). */
export function matchesSchema(schema: JsonSchema | boolean, value: unknown): boolean {
  if (schema === true) return true;
  if (schema === false) return false;
  if ('const' in schema && !deepEqual(schema.const, value)) return false;
  if (schema.enum && !schema.enum.some((option) => deepEqual(option, value))) return false;
  if (schema.type && !typeMatches(schema.type, value)) return false;
  if (schema.not && matchesSchema(schema.not, value)) return false;
  if (schema.allOf && !schema.allOf.every((s) => matchesSchema(s, value))) return false;
  if (schema.anyOf && !schema.anyOf.some((s) => matchesSchema(s, value))) return false;
  if (schema.oneOf && schema.oneOf.filter((s) => matchesSchema(s, value)).length !== 1) {
    return false;
  }
  if (typeof value === 'number') return numberMatches(schema, value);
  if (typeof value === 'string') return stringMatches(schema, value);
  if (Array.isArray(value)) return arrayMatches(schema, value);
  if (value !== null && typeof value === 'object') {
    return objectMatches(schema, value as Record<string, unknown>);
  }
  return true;
}

function numberMatches(schema: JsonSchema, value: number): boolean {
  const { minimum, maximum } = schema;
  const exclusiveMinimum = schema.exclusiveMinimum as number | undefined;
  const exclusiveMaximum = schema.exclusiveMaximum as number | undefined;
  if (minimum !== undefined && value < minimum) return false;
  if (maximum !== undefined && value > maximum) return false;
  if (exclusiveMinimum !== undefined && value <= exclusiveMinimum) return false;
  if (exclusiveMaximum !== undefined && value >= exclusiveMaximum) return false;
  return true;
}

function stringMatches(schema: JsonSchema, value: string): boolean {
  const length = [...value].length;
  if (schema.minLength !== undefined && length < schema.minLength) return false;
  if (schema.maxLength !== undefined && length > schema.maxLength) return false;
  if (schema.pattern !== undefined) {
    try {
      if (!new RegExp(schema.pattern, 'u').test(value)) return false;
    } catch {
      return true;
    }
  }
  return true;
}

function arrayMatches(schema: JsonSchema, value: unknown[]): boolean {
  if (schema.minItems !== undefined && value.length < schema.minItems) return false;
  if (schema.maxItems !== undefined && value.length > schema.maxItems) return false;
  const contains = schema.contains as JsonSchema | undefined;
  if (contains && !value.some((item) => matchesSchema(contains, item))) return false;
  return true;
}

function objectMatches(schema: JsonSchema, value: Record<string, unknown>): boolean {
  if (schema.required?.some((key) => value[key] === undefined)) return false;
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    if (key in value && !matchesSchema(sub, value[key])) return false;
  }
  return true;
}

/** Whether an element with this rule is shown and enabled, given the value at its scope. */
export function ruleOutcome(
  rule: { effect: string; schema: JsonSchema; failWhenUndefined: boolean },
  value: unknown,
): { visible: boolean; enabled: boolean } {
  const holds =
    value === undefined
      ? !rule.failWhenUndefined && matchesSchema(rule.schema, value)
      : matchesSchema(rule.schema, value);
  switch (rule.effect) {
    case 'SHOW':
      return { visible: holds, enabled: true };
    case 'HIDE':
      return { visible: !holds, enabled: true };
    case 'ENABLE':
      return { visible: true, enabled: holds };
    default:
      return { visible: true, enabled: !holds };
  }
}
