/**
 * Compiles route schemas into request validators. A JSON body arrives typed, so it is checked
 * exactly as sent: coercing it would turn `"restricted": null` into `false` (lifting a
 * restriction), `false` into the name "false" and `"2"` into a version. Query strings, path
 * parameters and headers arrive as text, so those are coerced (`?overdue=true&limit=10`).
 */
import { Ajv, type AnySchema, type Options, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';

/** Fastify's own defaults, except that nothing is removed and every error is reported. */
const baseOptions: Options = {
  useDefaults: true,
  removeAdditional: false,
  addUsedSchema: false,
  allErrors: true,
};

function createRequestAjv(coerceTypes: Options['coerceTypes'], shared: AnySchema[]): Ajv {
  const ajv = new Ajv({ ...baseOptions, coerceTypes });
  // ajv-formats is CommonJS: under NodeNext its default import is module.exports.
  ajvFormats.default(ajv);
  for (const schema of shared) ajv.addSchema(schema);
  return ajv;
}

/**
 * Fastify's `schemaController.compilersFactory.buildValidator`: given the shared schemas of an
 * encapsulation context, a compiler that never coerces bodies and coerces the other parts.
 */
export function buildRequestValidator(
  externalSchemas: Record<string, AnySchema | AnySchema[]> = {},
): (route: { schema: AnySchema; httpPart?: string }) => ValidateFunction {
  const shared = Object.values(externalSchemas).flat();
  const exact = createRequestAjv(false, shared);
  const coercing = createRequestAjv('array', shared);
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? exact : coercing;
    // One ajv cannot compile two schemas with the same $id: reuse the one it has.
    const id = typeof schema === 'object' ? schema.$id : undefined;
    return (id && ajv.getSchema(id)) || ajv.compile(schema);
  };
}
