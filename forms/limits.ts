/**
 * Limits on a form definition. They protect the server from hostile or accidental definitions and
 * keep forms low-form: a form near these limits is already far too long to fill in.
 */
export const formLimits = {
  /** Serialised JSON size of the whole definition, in bytes (roughly: counted without escapes). */
  maxBytes: 1_000_000,
  /** Raw JSON nesting of the definition; checked first, so deeper work never meets a deep tree. */
  maxJsonDepth: 128,
  /** Nesting of schema nodes (properties, items, allOf ...) and of layout elements. */
  maxDepth: 32,
  /** Property names declared anywhere in the schema. */
  maxFields: 500,
  /** Fields once $refs are followed (a definition used in several places counts each time). */
  maxExpandedFields: 2000,
  /** Characters in one regex pattern. */
  maxPatternLength: 256,
} as const;
