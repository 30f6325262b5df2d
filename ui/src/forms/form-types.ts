/**
 * The JSON Forms UI schema elements the renderer honours, and the compiled tree it renders.
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

/** A rule on a UI schema element. */
export interface UiRule {
  effect: 'SHOW' | 'HIDE' | 'ENABLE' | 'DISABLE';
  condition: { scope: string; schema: JsonSchema; failWhenUndefined?: boolean };
}

/** A UI schema element (JSON Forms). */
export interface UiElement {
  type: string;
  scope?: string;
  label?: string | boolean | { text: string; show?: boolean };
  text?: string;
  elements?: UiElement[];
  options?: Record<string, unknown>;
  rule?: UiRule;
}

/** A path into the data: property names and array indexes. */
export type DataPath = (string | number)[];

/** A rule, with its scope resolved to a data path relative to the element's base. */
export interface CompiledRule {
  effect: UiRule['effect'];
  path: DataPath;
  schema: JsonSchema;
  failWhenUndefined: boolean;
}

/** How a control takes its value. */
export type InputKind =
  | 'text'
  | 'textarea'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'select'
  | 'radio'
  | 'date'
  | 'multiselect'
  | 'array'
  | 'unsupported';

/** A choice of an enum. */
export interface Choice {
  value: string | number | boolean | null;
  label: string;
}

/** A compiled control. */
export interface ControlNode {
  kind: 'control';
  path: DataPath;
  label: string;
  showLabel: boolean;
  description?: string | undefined;
  required: boolean;
  input: InputKind;
  schema: JsonSchema;
  choices: Choice[];
  /** For arrays of objects: the layout of one item, paths relative to the item. */
  item?: FormNode;
  /** For arrays: a new empty item. */
  emptyItem?: unknown;
  rule?: CompiledRule | undefined;
}

/** A compiled layout (vertical or horizontal). */
export interface LayoutNode {
  kind: 'layout';
  direction: 'vertical' | 'horizontal';
  elements: FormNode[];
  rule?: CompiledRule | undefined;
}

/** A compiled group (a fieldset with a legend). */
export interface GroupNode {
  kind: 'group';
  label: string;
  elements: FormNode[];
  rule?: CompiledRule | undefined;
}

/** A compiled categorization (tabs). */
export interface CategorizationNode {
  kind: 'categorization';
  label: string;
  categories: { label: string; elements: FormNode[]; rule?: CompiledRule | undefined }[];
  rule?: CompiledRule | undefined;
}

/** A compiled text label. */
export interface LabelNode {
  kind: 'label';
  text: string;
  rule?: CompiledRule | undefined;
}

/** Anything the renderer draws. */
export type FormNode = ControlNode | LayoutNode | GroupNode | CategorizationNode | LabelNode;
