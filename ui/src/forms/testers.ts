/**
 * When each Lowform renderer applies, as JSON Forms testers built from @jsonforms/core's
 * predicates: the dispatcher asks every tester and draws the element with the highest rank.
 * Ranks sit just above JSON Forms' vanilla set, so a council's own entry at rank 10 or more wins.
 * Pure: tested without mounting anything.
 */
import {
  and,
  isBooleanControl,
  isCategorization,
  isDateControl,
  isDateTimeControl,
  isEnumControl,
  isIntegerControl,
  isNumberControl,
  isObjectArrayControl,
  isObjectControl,
  isOneOfEnumControl,
  isPrimitiveArrayControl,
  isStringControl,
  isTimeControl,
  type JsonSchema,
  optionIs,
  or,
  rankWith,
  schemaMatches,
  schemaSubPathMatches,
  type UISchemaElement,
  uiTypeIs,
} from '@jsonforms/core';

/** A string, written on one line, or on several with `options.multi`. */
export const textControlTester = rankWith(1, isStringControl);
/** A number or a whole number. */
export const numberControlTester = rankWith(2, or(isNumberControl, isIntegerControl));
/** Yes or no. */
export const booleanControlTester = rankWith(2, isBooleanControl);
/** A date, a time, or both (formats date, time and date-time). */
export const dateControlTester = rankWith(3, or(isDateControl, isTimeControl, isDateTimeControl));
/** One answer from a list: an enum, or a oneOf of consts with titles. */
export const enumControlTester = rankWith(4, or(isEnumControl, isOneOfEnumControl));
/** One answer from a short list, shown as radio buttons (`options.format: "radio"`). */
export const radioControlTester = rankWith(
  5,
  and(or(isEnumControl, isOneOfEnumControl), optionIs('format', 'radio')),
);

function hasChoices(schema: JsonSchema): boolean {
  return (
    Array.isArray(schema.enum) ||
    (Array.isArray(schema.oneOf) && schema.oneOf.every((option) => option.const !== undefined))
  );
}

/** Several answers from a list: an array of unique enum (or oneOf-const) items. */
export const multiEnumControlTester = rankWith(
  5,
  and(
    uiTypeIs('Control'),
    schemaMatches((schema) => schema.type === 'array' && schema.uniqueItems === true),
    schemaSubPathMatches('items', (items) => hasChoices(items)),
  ),
);
/** A list of entries (objects or single values), each drawn with its detail layout. */
export const arrayControlTester = rankWith(3, or(isObjectArrayControl, isPrimitiveArrayControl));
/** A set of answers (an object property): its properties in a group. */
export const objectControlTester = rankWith(2, isObjectControl);
/** Vertical and horizontal layouts. */
export const layoutTester = rankWith(
  2,
  or(uiTypeIs('VerticalLayout'), uiTypeIs('HorizontalLayout')),
);
/** A group: a fieldset, with a legend when it has a label. */
export const groupTester = rankWith(2, uiTypeIs('Group'));
/** A categorization (tabs), nested ones included. */
export const categorizationTester = rankWith(2, isCategorization);
/** A text label. */
export const labelTester = rankWith(2, uiTypeIs('Label'));

/** The tester context a dispatcher passes, for calling testers outside one. */
export function testerContext(rootSchema: JsonSchema) {
  return { rootSchema, config: {} };
}

export type { UISchemaElement };
