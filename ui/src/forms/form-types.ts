/**
 * The shapes of a form's JSON Schema and JSON Forms UI schema as the app passes them around.
 */

/** A JSON Schema node as forms use it (draft-07). */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  not?: JsonSchema;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  $ref?: string;
  definitions?: Record<string, JsonSchema>;
  [keyword: string]: unknown;
}

/** A UI schema element (JSON Forms). */
export interface UiElement {
  type: string;
  scope?: string;
  label?: string | boolean | { text: string; show?: boolean };
  text?: string;
  elements?: UiElement[];
  options?: Record<string, unknown>;
  rule?: { effect: string; condition: Record<string, unknown> };
  i18n?: string;
}

/** A path into the data: property names and array indexes. */
export type DataPath = (string | number)[];
