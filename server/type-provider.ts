/**
 * The routes' type provider: a handler's params, query and body types come from the route's
 * JSON Schemas (json-schema-to-ts), so they are not written twice. Replies are checked by the
 * response schemas at run time (fast-json-stringify) and by the generated UI types, not here:
 * inferring them from the shared view schemas is too deep for the compiler.
 */
import type { FastifyTypeProvider } from 'fastify';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

/** Types requests from their schemas; leaves replies to the response schemas. */
export interface SchemaTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends JSONSchema ? FromSchema<this['schema']> : unknown;
  serializer: unknown;
}
