import type { ErrorObject, ValidateFunction } from 'ajv';
import metaSchema from '../schemas/meta/form-definition.schema.json' with { type: 'json' };
import { createAjv } from './create-ajv.ts';
import type { FormFinding } from './errors.ts';

let validateDefinition: ValidateFunction | undefined;

/** Checks a definition against schemas/meta/form-definition.schema.json. */
export function metaValidate(definition: unknown): FormFinding[] {
  validateDefinition ??= compileMetaSchema();
  if (validateDefinition(definition)) return [];
  return (
    (validateDefinition.errors ?? [])
      // A bad property name is reported once, by propertyNames, not again by its inner pattern;
      // an if/then says only that its branch failed, which the branch's own errors say better.
      .filter((e) => e.propertyName === undefined || e.keyword === 'propertyNames')
      .filter((e) => e.keyword !== 'if')
      .map((e) => ({
        severity: 'error',
        code: 'meta-schema',
        path: e.instancePath,
        message: describeMetaError(e),
      }))
  );
}

function compileMetaSchema(): ValidateFunction {
  const ajv = createAjv({ discriminator: true });
  // tsType tells the type generator what an if/then/else means; it validates nothing.
  ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
  return ajv.compile(metaSchema);
}

function describeMetaError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `Add "${params.missingProperty}".`;
    case 'additionalProperties':
      return `Remove "${params.additionalProperty}": it is not part of a form definition here.`;
    case 'discriminator':
      return `"${String(params.tagValue ?? '')}" is not a layout element type here: use VerticalLayout, HorizontalLayout, Group, Categorization (of Category or Categorization), Control, ListWithDetail or Label.`;
    case 'const':
      return `Must be "${String(params.allowedValue)}".`;
    case 'anyOf':
      return 'Is none of the kinds of value allowed here.';
    case 'propertyNames':
      return `"${String(params.propertyName)}" is not a valid name here.`;
    case 'enum':
      return `Use one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}.`;
    default:
      return `This ${error.message ?? 'is not valid'}.`.replace('This must', 'Must');
  }
}
