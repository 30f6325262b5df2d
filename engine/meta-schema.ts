/** Validation of a workflow definition against its meta-schema. */
import { Ajv, type ErrorObject } from 'ajv';
import metaSchema from '../schemas/meta/workflow-definition.schema.json' with { type: 'json' };
import { type Finding, finding } from './finding.ts';

const validate = new Ajv({ allErrors: true, strict: false }).compile(metaSchema);

/** Every way the definition breaks the meta-schema, as findings; empty when it conforms. */
export function schemaFindings(definition: unknown): Finding[] {
  if (validate(definition)) return [];
  return (validate.errors ?? []).map(toFinding);
}

function toFinding(error: ErrorObject): Finding {
  const path = error.instancePath;
  const where = path || 'The definition';
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return finding('schema', `${where} needs "${p.missingProperty}".`, path);
    case 'additionalProperties':
      return finding(
        'schema',
        `${where} has "${p.additionalProperty}", which is not allowed there.`,
        `${path}/${String(p.additionalProperty).replace(/~/g, '~0').replace(/\//g, '~1')}`,
      );
    case 'propertyNames':
      return finding('schema', `The name "${p.propertyName}" in ${where} is not allowed.`, path);
    default:
      return finding('schema', `${where} ${error.message ?? 'is not valid'}.`, path);
  }
}
