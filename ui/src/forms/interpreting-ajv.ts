/**
 * The `ajv` that JSON Forms is given: the two methods it calls (`validate` for rule conditions,
 * `compile` should anything ask for a validator), answered by @cfworker/json-schema, which
 * interprets a schema instead of generating code. The app's Content-Security-Policy forbids
 * `unsafe-eval`, so ajv's compiled validators cannot run in the page. Pure apart from a cache.
 */
import { type Schema, Validator } from '@cfworker/json-schema';
import type { InitActionOptions } from '@jsonforms/core';

type Ajv = NonNullable<InitActionOptions['ajv']>;

const validators = new WeakMap<object, Validator>();

/** A validator for a schema, made once per schema object (schemas are never changed in place). */
export function validatorFor(schema: object | boolean): Validator {
  if (typeof schema === 'boolean') return new Validator(schema, '7');
  let validator = validators.get(schema);
  if (!validator) {
    validator = new Validator(schema as Schema, '7', false);
    validators.set(schema, validator);
  }
  return validator;
}

/**
 * True when the value satisfies the schema (draft-07, interpreted). A missing value (a rule
 * looking at a field not answered yet) is checked as null: like ajv given undefined, it then
 * matches no const, enum or type but string, number, object and array keywords pass it by;
 * only `type: "null"` tells the two apart.
 */
export function satisfies(schema: object | boolean, value: unknown): boolean {
  return validatorFor(schema).validate(value === undefined ? null : value).valid;
}

/** An object JSON Forms accepts as its `ajv` option, that never compiles code. */
export function createInterpretingAjv(): Ajv {
  const ajv = {
    errors: null as unknown,
    validate(schema: object | boolean, value: unknown): boolean {
      return satisfies(schema, value);
    },
    compile(schema: object | boolean) {
      const validate = (value: unknown) => satisfies(schema, value);
      return Object.assign(validate, { errors: null });
    },
  };
  return ajv as unknown as Ajv;
}
