/**
 * What a form definition may not do although JSON Forms 3.7 would render it, by finding code, with
 * the reason. Each is an error of lintForm, so publishing refuses it with a message naming what
 * and where; the README lists them under "What a form may not do, and why" (a test holds the two
 * together). Everything else lintForm reports as an error is a mistake in the definition (a scope
 * or $ref that points nowhere, invalid JSON Schema, an unknown format), not a limit of the dialect.
 */
export const formRefusals = {
  'root-not-object':
    'A submission is stored as one record whose keys are the form’s fields; a single value or a list has no field to keep, prefill or search.',
  'bad-property-name':
    'Keys must be keys in every store and in field paths: no `.` (a path in MongoDB), no leading `$` (an operator), no `/` or `~` (field path syntax), not a whole number (a list index), no control characters.',
  'not-draft-07':
    'The server checks answers as JSON Schema draft-07; a schema written for another draft could mean something else there.',
  'remote-ref':
    'The server never fetches schemas: a `$ref` must point inside the form (`#/definitions/x`), so what is checked is what was published.',
  'unsafe-pattern':
    'Patterns run on the server for every submission; one that can backtrack exponentially (`(a+)+`) would let one answer stall it.',
  'family-not-top-level':
    '`x-family` (one answer for every child in a family) is Lowform’s own keyword and applies to a whole top-level answer.',
  'too-many-fields': 'Limits protect the server: at most 500 fields (2,000 with $refs followed).',
  'too-deep': 'Limits protect the server: schema and layout nest at most 32 levels.',
  'too-large': 'Limits protect the server: a definition is at most 1 MB of JSON.',
} as const satisfies Record<string, string>;

/** A finding code that marks a limit of the dialect rather than a mistake. */
export type FormRefusalCode = keyof typeof formRefusals;
