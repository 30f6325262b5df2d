/** Validation of a workflow definition against its meta-schema. */
import { Ajv, type ErrorObject } from 'ajv';
import metaSchema from '../schemas/meta/workflow-definition.schema.json' with { type: 'json' };
import { type Finding, finding } from './finding.ts';

const validate = new Ajv({ allErrors: true, strict: false }).compile(metaSchema);

/** Every way the definition breaks the meta-schema, as findings; empty when it conforms. */
export function schemaFindings(definition: unknown): Finding[] {
  if (validate(definition)) return [];
  const errors = validate.errors ?? [];
  // A bad name is reported twice by ajv (the name's own error, then propertyNames): keep the first.
  const named = new Set(
    errors.flatMap((e) => (e.propertyName === undefined ? [] : [e.instancePath])),
  );
  return errors
    .filter((e) => !(e.keyword === 'propertyNames' && named.has(e.instancePath)))
    .map(toFinding);
}

function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function toFinding(error: ErrorObject): Finding {
  if (error.propertyName !== undefined) return badName(error, error.propertyName);
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
        `${path}/${escapeSegment(String(p.additionalProperty))}`,
      );
    case 'propertyNames':
      return finding('schema', `The name "${p.propertyName}" in ${where} is not allowed.`, path);
    default:
      return finding('schema', `${where} ${error.message ?? 'is not valid'}.`, path);
  }
}

/** A key that breaks its naming rule, pointed at the key itself so that it names its state. */
function badName(error: ErrorObject, name: string): Finding {
  const path = `${error.instancePath}/${escapeSegment(name)}`;
  const at = error.instancePath;
  const kind = at.endsWith('/on')
    ? 'event'
    : at.endsWith('/states')
      ? 'state'
      : at === '/stages'
        ? 'stage'
        : 'name';
  const rule =
    error.keyword === 'pattern' ? ': use letters, digits, "-" and "_", starting with a letter' : '';
  return finding('schema', `The ${kind} name "${name}" is not allowed${rule}.`, path);
}
