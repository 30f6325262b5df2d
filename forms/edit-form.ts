/**
 * The form designer's edits, as pure functions on a form definition (JSON Schema + JSON Forms UI
 * schema). Each returns a new definition and never changes the one it is given, so a designer's
 * undo and redo are a stack of definitions.
 *
 * A question is a Control of the layout outside any list's detail; its id is its scope, which
 * never changes: relabelling edits the title, never the key (stable keys). Sections are the
 * top-level Groups or Categories; top-level controls outside them form untitled sections.
 *
 * Hiding keeps the schema property (so answers already given are kept and old submissions still
 * read) and keeps the control in its place, with a rule whose condition always holds:
 * `{effect: HIDE, condition: {scope: '#', schema: {}}}`. Every JSON Forms renderer honours a
 * rule, so the practitioner never sees it, and showing it again puts it back where it was. A
 * hidden question cannot be answered, so hiding also makes it optional; a "show only if" it had
 * is kept in the control's options (hiddenShowRule) and comes back with it.
 */

import type { FormDefinition } from '../schemas/generated/form-definition.ts';
import { secondsPerField, secondsPerPrefilledField } from './burden-model.ts';
import { choicesOf } from './error-words.ts';
import { type FieldKind, familyKeyword } from './form-field.ts';
import { humaniseKey, normaliseLabel } from './humanise.ts';
import { resolveScope, scopeTokens } from './resolve-scope.ts';
import {
  type AnswerShape,
  compileCondition,
  conditionProblem,
  readShowRule,
  type ShowOnlyIf,
} from './show-condition.ts';
import { isSchemaNode, type SchemaNode } from './walk-schema.ts';

export type { ConditionTest, ShowCondition, ShowOnlyIf } from './show-condition.ts';

/** The answer types a practice lead chooses from, in the designer's words. */
export type AnswerType =
  | 'short-text'
  | 'long-text'
  | 'date'
  | 'number'
  | 'yes-no'
  | 'one-of'
  | 'several-of'
  | 'repeating-group'
  | 'group';

/** Each answer type in plain words. */
export const answerTypeWords: Record<AnswerType, string> = {
  'short-text': 'Short text',
  'long-text': 'Long text',
  date: 'Date',
  number: 'Number',
  'yes-no': 'Yes or no',
  'one-of': 'One of a list',
  'several-of': 'Several of a list',
  'repeating-group': 'A repeating group',
  group: 'A group of questions',
};

/** The answer types a new question can have. */
export const newQuestionTypes = [
  'short-text',
  'long-text',
  'date',
  'number',
  'yes-no',
  'one-of',
  'several-of',
] as const satisfies readonly AnswerType[];

/** One choice of a list question: the value stored, and the label users see. */
export interface Choice {
  value: unknown;
  label: string;
}

/** A question as the designer lists it. */
export interface Question {
  /** The JSON Forms scope: the question's id, stable across edits. */
  scope: string;
  /** The property name the answer is stored under. */
  key: string;
  /** The answer's data pointer, e.g. /child/dateOfBirth. */
  pointer: string;
  label: string;
  hint: string;
  answerType: AnswerType;
  required: boolean;
  hidden: boolean;
  choices: Choice[];
  showOnlyIf: ShowOnlyIf | undefined;
  /** True when the control has a rule the designer cannot put in words. */
  otherRule: boolean;
  /** Prefilled from an earlier form: checked rather than typed. */
  prefilled: boolean;
  /** Family-level (x-family): one answer for every child in the family. */
  family: boolean;
  /** A top-level question, which alone can be family-level. */
  topLevel: boolean;
  /** Where its first value is copied from: a form's id and the field's path there. */
  prefillFrom: { form: string; field: string } | undefined;
  /** The model's seconds to answer it (see burden-model.ts). */
  seconds: number;
  /** 1-based position in the whole form. */
  number: number;
  /** Where the question's control sits in the definition, for placing lint findings. */
  layoutPath: string;
}

/** A section of the form with its questions in order. */
export interface Section {
  index: number;
  /** The section's heading, or undefined for questions outside any group. */
  label: string | undefined;
  questions: Question[];
}

/** An edit the designer cannot make, with the reason in words. */
export class EditRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditRefused';
  }
}

/**
 * A deep copy to edit. Definitions are JSON, and a JSON round trip also copies a Vue reactive
 * proxy of one, which structuredClone refuses.
 */
function copyOf(definition: FormDefinition): FormDefinition {
  return jsonCopy(definition);
}

function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The rule that marks a question hidden: its condition holds for any answers. */
const hideRule = () => ({ effect: 'HIDE', condition: { scope: '#', schema: {} } });

interface Placed {
  control: SchemaNode;
  /** The array holding the control, and its index there. */
  parent: unknown[];
  at: number;
  section: number;
  /** The control's pointer in the definition, e.g. /uischema/elements/0/elements/1. */
  path: string;
}

interface RawSection {
  label: string | undefined;
  /** The element holding the section's questions; for an untitled run, the root. */
  container: SchemaNode;
  /** For an untitled run: the index in the root's elements after its last element. */
  end: number | undefined;
  /** The section's first element in the root's elements. */
  start: number;
  controls: Placed[];
}

/** The sections of a layout and the controls in each, in order (list details left out). */
function readSections(uischema: SchemaNode): RawSection[] {
  const sections: RawSection[] = [];
  const root = uischema;
  const top = Array.isArray(root.elements) ? root.elements : [];
  let loose: RawSection | undefined;
  top.forEach((element, i) => {
    if (isSchemaNode(element) && (element.type === 'Group' || element.type === 'Category')) {
      loose = undefined;
      const section: RawSection = {
        label: typeof element.label === 'string' ? element.label : undefined,
        container: element,
        end: undefined,
        start: i,
        controls: [],
      };
      sections.push(section);
      gather(element, section, sections.length - 1, `/uischema/elements/${i}`);
      return;
    }
    if (!loose) {
      loose = { label: undefined, container: root, end: i + 1, start: i, controls: [] };
      sections.push(loose);
    }
    loose.end = i + 1;
    gatherOne(top, i, loose, sections.length - 1, '/uischema/elements');
  });
  if (root.type === 'Control') {
    throw new EditRefused(
      'The layout is a single control: the designer needs a layout of questions.',
    );
  }
  return sections;
}

function gather(element: SchemaNode, section: RawSection, index: number, path: string): void {
  if (!Array.isArray(element.elements)) return;
  element.elements.forEach((_, i) => {
    gatherOne(element.elements as unknown[], i, section, index, `${path}/elements`);
  });
}

function gatherOne(
  parent: unknown[],
  at: number,
  section: RawSection,
  index: number,
  parentPath: string,
): void {
  const element = parent[at];
  if (!isSchemaNode(element)) return;
  if (
    (element.type === 'Control' || element.type === 'ListWithDetail') &&
    typeof element.scope === 'string'
  ) {
    section.controls.push({
      control: element,
      parent,
      at,
      section: index,
      path: `${parentPath}/${at}`,
    });
    return;
  }
  gather(element, section, index, `${parentPath}/${at}`);
}

/** Where a scope's property sits: the object schema holding it and its key. */
interface PropertyPlace {
  holder: SchemaNode;
  key: string;
  schema: SchemaNode;
  /** Pointer of the answer, e.g. /child/needs. */
  pointer: string;
}

function propertyPlace(schema: SchemaNode, scope: string): PropertyPlace {
  const tokens = scopeTokens(scope);
  if (!tokens || tokens.length < 2 || tokens.length % 2 !== 0) {
    throw new EditRefused(`"${scope}" does not name a question of this form.`);
  }
  let holder = schema;
  const keys: string[] = [];
  for (let i = 0; i < tokens.length; i += 2) {
    const properties = holder.properties;
    const key = tokens[i + 1]!;
    if (tokens[i] !== 'properties' || !isSchemaNode(properties) || !isSchemaNode(properties[key])) {
      throw new EditRefused(`"${scope}" is not a property the designer can edit directly.`);
    }
    keys.push(key);
    if (i + 2 < tokens.length) holder = properties[key] as SchemaNode;
    else
      return { holder, key, schema: properties[key] as SchemaNode, pointer: `/${keys.join('/')}` };
  }
  throw new EditRefused(`"${scope}" does not name a question of this form.`);
}

function answerTypeOf(schema: SchemaNode, control: SchemaNode): AnswerType {
  if (schema.type === 'boolean') return 'yes-no';
  if (schema.type === 'array') {
    const items = isSchemaNode(schema.items) ? schema.items : {};
    return choicesOf(items) ? 'several-of' : 'repeating-group';
  }
  if (choicesOf(schema)) return 'one-of';
  if (schema.type === 'object' || isSchemaNode(schema.properties)) return 'group';
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  if (schema.format === 'date' || schema.format === 'date-time' || schema.format === 'time')
    return 'date';
  const options = isSchemaNode(control.options) ? control.options : {};
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : 0;
  return options.multi === true || maxLength > 200 ? 'long-text' : 'short-text';
}

function choiceList(schema: SchemaNode): Choice[] {
  const target = schema.type === 'array' && isSchemaNode(schema.items) ? schema.items : schema;
  if (Array.isArray(target.enum)) return target.enum.map((v) => ({ value: v, label: String(v) }));
  for (const keyword of ['oneOf', 'anyOf']) {
    const options = target[keyword];
    if (Array.isArray(options) && choicesOf(target)) {
      return options.map((o) => {
        const node = o as SchemaNode;
        return {
          value: node.const,
          label: typeof node.title === 'string' ? node.title : String(node.const),
        };
      });
    }
  }
  return [];
}

function isHideRule(rule: unknown): boolean {
  if (!isSchemaNode(rule) || rule.effect !== 'HIDE' || !isSchemaNode(rule.condition)) return false;
  const { condition } = rule;
  return (
    condition.scope === '#' &&
    isSchemaNode(condition.schema) &&
    Object.keys(condition.schema).length === 0 &&
    Object.keys(condition).every((k) => k === 'scope' || k === 'schema')
  );
}

const burdenKind: Record<AnswerType, Exclude<FieldKind, 'group' | 'list'> | undefined> = {
  'short-text': 'text',
  'long-text': 'long-text',
  date: 'date',
  number: 'number',
  'yes-no': 'choice',
  'one-of': 'choice',
  'several-of': 'choice',
  'repeating-group': undefined,
  group: undefined,
};

function prefillOf(definition: FormDefinition): Record<string, unknown> {
  return isSchemaNode(definition.prefill) ? (definition.prefill as Record<string, unknown>) : {};
}

/** The form's questions in order, grouped by section. */
export function listQuestions(definition: FormDefinition): Section[] {
  const schema = definition.schema as SchemaNode;
  const prefill = prefillOf(definition);
  let number = 0;
  return readSections(definition.uischema as unknown as SchemaNode).map((raw, index) => ({
    index,
    label: raw.label,
    questions: raw.controls.flatMap(({ control, path }) => {
      const scope = control.scope as string;
      const resolved = resolveScope(schema, scope);
      if (!resolved) return [];
      const property = resolved.schema as SchemaNode;
      const key = scopeTokens(scope)?.at(-1) ?? scope;
      const options = isSchemaNode(control.options) ? control.options : {};
      const hidden = isHideRule(control.rule);
      const rule = hidden ? options.hiddenShowRule : control.rule;
      const showOnlyIf = readShowRule(rule);
      const answerType = answerTypeOf(property, control);
      const source = prefill[resolved.fieldPointer.slice(1)];
      const prefilled = source !== undefined;
      const kind = burdenKind[answerType];
      const label =
        typeof control.label === 'string'
          ? control.label
          : typeof property.title === 'string'
            ? property.title
            : humaniseKey(key);
      number += 1;
      return [
        {
          scope,
          key,
          pointer: resolved.fieldPointer,
          label,
          hint: typeof property.description === 'string' ? property.description : '',
          answerType,
          required: resolved.required,
          hidden,
          choices: choiceList(property),
          showOnlyIf,
          otherRule: rule !== undefined && showOnlyIf === undefined,
          prefilled,
          family: property[familyKeyword] === true,
          topLevel: scopeTokens(scope)?.length === 2,
          prefillFrom: isSchemaNode(source)
            ? { form: String(source.form), field: String(source.field) }
            : undefined,
          seconds:
            kind === undefined ? 0 : prefilled ? secondsPerPrefilledField : secondsPerField[kind],
          number,
          layoutPath: path,
        },
      ];
    }),
  }));
}

/** Every question of the form in order, sections flattened. */
export function allQuestions(definition: FormDefinition): Question[] {
  return listQuestions(definition).flatMap((s) => s.questions);
}

/** A deep copy to edit, and the control of the scope in it with its place. */
function editing(definition: FormDefinition, scope: string) {
  const copy = copyOf(definition);
  const sections = readSections(copy.uischema as unknown as SchemaNode);
  const all = sections.flatMap((s) => s.controls);
  const placed = all.find((p) => p.control.scope === scope);
  if (!placed) throw new EditRefused(`The form has no question "${scope}".`);
  return { copy, sections, placed };
}

function move(definition: FormDefinition, scope: string, by: -1 | 1): FormDefinition {
  const { copy, sections, placed } = editing(definition, scope);
  const controls = sections[placed.section]!.controls;
  const i = controls.indexOf(placed);
  const other = controls[i + by];
  if (!other) {
    throw new EditRefused(
      by < 0
        ? 'It is the first question of its section.'
        : 'It is the last question of its section.',
    );
  }
  // Swapping the two controls where they stand keeps any row layout around them intact.
  placed.parent[placed.at] = other.control;
  other.parent[other.at] = placed.control;
  return copy;
}

/** Moves a question one place up within its section. */
export function moveUp(definition: FormDefinition, scope: string): FormDefinition {
  return move(definition, scope, -1);
}

/** Moves a question one place down within its section. */
export function moveDown(definition: FormDefinition, scope: string): FormDefinition {
  return move(definition, scope, 1);
}

function setRequiredIn(place: PropertyPlace, required: boolean): void {
  const list = Array.isArray(place.holder.required) ? (place.holder.required as string[]) : [];
  const rest = list.filter((k) => k !== place.key);
  if (required) rest.push(place.key);
  if (rest.length > 0) place.holder.required = rest;
  else delete place.holder.required;
}

/** Hides a question: kept in the schema and the layout, never shown, made optional. */
export function hide(definition: FormDefinition, scope: string): FormDefinition {
  const { copy, placed } = editing(definition, scope);
  const { control } = placed;
  if (isHideRule(control.rule)) return copy;
  if (control.rule !== undefined) {
    control.options = {
      ...(isSchemaNode(control.options) ? control.options : {}),
      hiddenShowRule: control.rule,
    };
  }
  control.rule = hideRule();
  setRequiredIn(propertyPlace(copy.schema as SchemaNode, scope), false);
  return copy;
}

/** Shows a hidden question again, where it was, with the "show only if" it had. */
export function unhide(definition: FormDefinition, scope: string): FormDefinition {
  const { copy, placed } = editing(definition, scope);
  const { control } = placed;
  if (!isHideRule(control.rule)) return copy;
  delete control.rule;
  if (isSchemaNode(control.options) && control.options.hiddenShowRule !== undefined) {
    control.rule = control.options.hiddenShowRule;
    delete control.options.hiddenShowRule;
    if (Object.keys(control.options).length === 0) delete control.options;
  }
  return copy;
}

/** The questions whose "show only if" reads this one. */
function rulesReading(definition: FormDefinition, scope: string): Question[] {
  return allQuestions(definition).filter(
    (q) => q.scope !== scope && q.showOnlyIf?.conditions.some((c) => c.question === scope),
  );
}

/** Removes a question and its answers' place in the schema; refused while another question's rule reads it. */
export function remove(definition: FormDefinition, scope: string): FormDefinition {
  const readers = rulesReading(definition, scope);
  if (readers.length > 0) {
    throw new EditRefused(
      `"${readers[0]!.label}" is shown only depending on this question: change that first, or hide this question instead.`,
    );
  }
  const { copy, placed } = editing(definition, scope);
  placed.parent.splice(placed.at, 1);
  const place = propertyPlace(copy.schema as SchemaNode, scope);
  setRequiredIn(place, false);
  delete (place.holder.properties as SchemaNode)[place.key];
  const prefill = prefillOf(copy);
  for (const key of Object.keys(prefill)) {
    if (key === place.pointer.slice(1) || key.startsWith(`${place.pointer.slice(1)}/`))
      delete prefill[key];
  }
  if (copy.prefill && Object.keys(copy.prefill).length === 0) delete copy.prefill;
  return copy;
}

/** Makes a question required or optional; a hidden question cannot be made required. */
export function setRequired(
  definition: FormDefinition,
  scope: string,
  required: boolean,
): FormDefinition {
  const { copy, placed } = editing(definition, scope);
  if (required && isHideRule(placed.control.rule)) {
    throw new EditRefused('A hidden question cannot be required: show it first.');
  }
  setRequiredIn(propertyPlace(copy.schema as SchemaNode, scope), required);
  return copy;
}

/** Changes a question's wording; its key, and so its stored answers, stay as they were. */
export function relabel(definition: FormDefinition, scope: string, label: string): FormDefinition {
  const text = label.trim();
  if (text === '') throw new EditRefused('A question needs some words.');
  const { copy, placed } = editing(definition, scope);
  propertyPlace(copy.schema as SchemaNode, scope).schema.title = text;
  // The layout's label would win over the title; one wording is kept, in the schema.
  if (typeof placed.control.label === 'string') delete placed.control.label;
  return copy;
}

/** What a key the designer gives may be: letters, digits and _, starting with a letter. */
const designerKey = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;

/**
 * Renames a question's key: a separate, explicit edit (a relabel never does it). Its schema
 * property, its required entry, its control's scope, every rule condition that reads it and its
 * prefill follow. Answers already given stay under the old key, so the diff calls it breaking.
 */
export function renameKey(definition: FormDefinition, scope: string, key: string): FormDefinition {
  const next = key.trim();
  if (!designerKey.test(next)) {
    throw new EditRefused(
      'A key is letters, digits and _ (up to 64), starting with a letter, such as parentsAware.',
    );
  }
  const copy = copyOf(definition);
  const place = propertyPlace(copy.schema as SchemaNode, scope);
  if (next === place.key) return copy;
  const properties = place.holder.properties as SchemaNode;
  if (next in properties)
    throw new EditRefused(`There is a question with the key "${next}" already.`);
  place.holder.properties = Object.fromEntries(
    Object.entries(properties).map(([k, v]) => [k === place.key ? next : k, v]),
  );
  if (Array.isArray(place.holder.required)) {
    place.holder.required = place.holder.required.map((k) => (k === place.key ? next : k));
  }
  const newScope = `${scope.slice(0, scope.lastIndexOf('/') + 1)}${next}`;
  renameScopes(copy.uischema, scope, newScope);
  const oldPath = place.pointer.slice(1);
  const newPath = `${oldPath.slice(0, oldPath.lastIndexOf('/') + 1)}${next}`;
  const prefill = prefillOf(copy);
  if (Object.keys(prefill).length > 0) {
    copy.prefill = Object.fromEntries(
      Object.entries(prefill).map(([path, source]) => [
        path === oldPath || path.startsWith(`${oldPath}/`)
          ? newPath + path.slice(oldPath.length)
          : path,
        source,
      ]),
    ) as FormDefinition['prefill'];
  }
  return copy;
}

/** Points every scope at or under `from` at `to`, leaving list details (their own scopes) alone. */
function renameScopes(element: unknown, from: string, to: string): void {
  if (Array.isArray(element)) {
    for (const e of element) renameScopes(e, from, to);
    return;
  }
  if (!isSchemaNode(element)) return;
  const { scope } = element;
  if (typeof scope === 'string' && (scope === from || scope.startsWith(`${from}/`))) {
    element.scope = to + scope.slice(from.length);
  }
  for (const [key, value] of Object.entries(element)) {
    if (key === 'schema' || key === 'detail') continue;
    renameScopes(value, from, to);
  }
}

/**
 * Makes a top-level question family-level (one answer for every child in the family, the
 * `x-family` keyword) or a question each child answers on their own.
 */
export function setFamily(
  definition: FormDefinition,
  scope: string,
  family: boolean,
): FormDefinition {
  const { copy } = editing(definition, scope);
  if (scopeTokens(scope)?.length !== 2) {
    throw new EditRefused(
      'Only a question of the form itself, not one inside a group or list, can be family-level.',
    );
  }
  const { schema } = propertyPlace(copy.schema as SchemaNode, scope);
  if (family) schema[familyKeyword] = true;
  else delete schema[familyKeyword];
  return copy;
}

/** Sets the hint shown under a question; an empty hint removes it. */
export function setHint(definition: FormDefinition, scope: string, hint: string): FormDefinition {
  const { copy } = editing(definition, scope);
  const schema = propertyPlace(copy.schema as SchemaNode, scope).schema;
  if (hint.trim() === '') delete schema.description;
  else schema.description = hint.trim();
  return copy;
}

/** A key made once from a question's first label: camelCase letters and digits, unique in its object. */
export function keyFromLabel(label: string, taken: Iterable<string>): string {
  const words = normaliseLabel(label)
    .normalize('NFKD')
    .replace(/[^a-z0-9 ]/g, '')
    .split(' ')
    .filter((w) => w !== '')
    .slice(0, 6);
  let key = words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  if (!/^[a-z]/.test(key)) key = `question${key.charAt(0).toUpperCase()}${key.slice(1)}`;
  key = key.slice(0, 48);
  const used = new Set(taken);
  let candidate = key;
  for (let n = 2; used.has(candidate); n++) candidate = `${key}${n}`;
  return candidate;
}

function valueFromLabel(label: string, taken: readonly unknown[]): string {
  const base =
    normaliseLabel(label)
      .normalize('NFKD')
      .replace(/[^a-z0-9 ]/g, '')
      .trim()
      .replace(/ +/g, '-')
      .slice(0, 48) || 'choice';
  let candidate = base;
  for (let n = 2; taken.includes(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}

function schemaFor(
  type: (typeof newQuestionTypes)[number],
  label: string,
  choices: readonly string[],
): SchemaNode {
  const choiceSchemas = () => {
    const values: string[] = [];
    return choices.map((c) => {
      const value = valueFromLabel(c, values);
      values.push(value);
      return { const: value, title: c };
    });
  };
  switch (type) {
    case 'short-text':
      return { type: 'string', title: label, maxLength: 200 };
    case 'long-text':
      return { type: 'string', title: label, maxLength: 10000 };
    case 'date':
      return { type: 'string', title: label, format: 'date' };
    case 'number':
      return { type: 'number', title: label };
    case 'yes-no':
      return { type: 'boolean', title: label };
    case 'one-of':
      return { type: 'string', title: label, oneOf: choiceSchemas() };
    case 'several-of':
      return {
        type: 'array',
        title: label,
        uniqueItems: true,
        items: { type: 'string', oneOf: choiceSchemas() },
      };
  }
}

/**
 * Adds a question at the end of a section, optional, its key made from this first label (and
 * never from later ones). A list question needs at least one choice.
 */
export function addQuestion(
  definition: FormDefinition,
  section: number,
  label: string,
  type: (typeof newQuestionTypes)[number],
  choices: readonly string[] = [],
): FormDefinition {
  const text = label.trim();
  if (text === '') throw new EditRefused('A question needs some words.');
  if ((type === 'one-of' || type === 'several-of') && choices.length === 0) {
    throw new EditRefused('A question answered from a list needs at least one choice.');
  }
  const copy = copyOf(definition);
  const sections = readSections(copy.uischema as unknown as SchemaNode);
  const target = sections[section];
  if (!target) throw new EditRefused(`The form has no section ${section + 1}.`);
  const schema = copy.schema as SchemaNode;
  const properties = (isSchemaNode(schema.properties) ? schema.properties : {}) as SchemaNode;
  schema.properties = properties;
  const key = keyFromLabel(text, Object.keys(properties));
  properties[key] = schemaFor(type, text, choices);
  const control: SchemaNode = { type: 'Control', scope: `#/properties/${key}` };
  if (type === 'long-text') control.options = { multi: true };
  const elements = target.container.elements as unknown[];
  if (target.end === undefined) elements.push(control);
  else elements.splice(target.end, 0, control);
  return copy;
}

/**
 * Gives a question another answer type, keeping its key, words, hint and whether it is required.
 * Answers already given in the old type may no longer fit: the diff calls such a change breaking.
 */
export function changeAnswerType(
  definition: FormDefinition,
  scope: string,
  type: (typeof newQuestionTypes)[number],
  choices: readonly string[] = [],
): FormDefinition {
  const { copy, placed } = editing(definition, scope);
  const place = propertyPlace(copy.schema as SchemaNode, scope);
  const label =
    typeof place.schema.title === 'string' ? place.schema.title : humaniseKey(place.key);
  const kept = choiceList(place.schema).map((c) => c.label);
  const list = choices.length > 0 ? choices : kept;
  if ((type === 'one-of' || type === 'several-of') && list.length === 0) {
    throw new EditRefused('A question answered from a list needs at least one choice.');
  }
  const next = schemaFor(type, label, list);
  if (typeof place.schema.description === 'string') next.description = place.schema.description;
  (place.holder.properties as SchemaNode)[place.key] = next;
  const options = isSchemaNode(placed.control.options) ? placed.control.options : {};
  if (type === 'long-text') options.multi = true;
  else delete options.multi;
  if (Object.keys(options).length > 0) placed.control.options = options;
  else delete placed.control.options;
  return copy;
}

/** The schema that holds a list question's choices (its items' for several of a list). */
function choicesHolder(place: PropertyPlace, label: string): SchemaNode {
  const { schema } = place;
  if (schema.type === 'boolean')
    throw new EditRefused(`"${label}" is answered yes or no: it has no list of choices.`);
  const target = schema.type === 'array' && isSchemaNode(schema.items) ? schema.items : schema;
  if (!choicesOf(target)) throw new EditRefused(`"${label}" is not answered from a list.`);
  if (Array.isArray(target.enum)) {
    // A bare enum has no labels: give each value its own, unchanged, as a label.
    target.oneOf = target.enum.map((v) => ({ const: v, title: String(v) }));
    delete target.enum;
  }
  return target;
}

/** Adds a choice to a list question; its stored value is made once from this label. */
export function addChoice(
  definition: FormDefinition,
  scope: string,
  label: string,
): FormDefinition {
  const text = label.trim();
  if (text === '') throw new EditRefused('A choice needs some words.');
  const { copy } = editing(definition, scope);
  const holder = choicesHolder(propertyPlace(copy.schema as SchemaNode, scope), scope);
  const keyword = Array.isArray(holder.oneOf) ? 'oneOf' : 'anyOf';
  const options = holder[keyword] as SchemaNode[];
  if (options.some((o) => o.title === text))
    throw new EditRefused(`There is a choice "${text}" already.`);
  options.push({
    const: valueFromLabel(
      text,
      options.map((o) => o.const),
    ),
    title: text,
  });
  return copy;
}

/** Changes the words of a choice; the value stored for it never changes. */
export function renameChoice(
  definition: FormDefinition,
  scope: string,
  value: unknown,
  label: string,
): FormDefinition {
  const text = label.trim();
  if (text === '') throw new EditRefused('A choice needs some words.');
  const { copy } = editing(definition, scope);
  const holder = choicesHolder(propertyPlace(copy.schema as SchemaNode, scope), scope);
  const options = (holder.oneOf ?? holder.anyOf) as SchemaNode[];
  const option = options.find((o) => o.const === value);
  if (!option) throw new EditRefused('The question has no such choice.');
  option.title = text;
  return copy;
}

/** What a deciding question's answer is, for compiling a test of it. */
const answerShapes: Partial<Record<AnswerType, AnswerShape>> = {
  'yes-no': 'boolean',
  number: 'number',
  'several-of': 'list',
};

/**
 * Shows a question only when other questions' answers pass their tests (all of them, or any),
 * as a JSON Forms SHOW rule of schema conditions (show-condition.ts); undefined takes the
 * condition away.
 */
export function setShowOnlyIf(
  definition: FormDefinition,
  scope: string,
  showOnlyIf: ShowOnlyIf | undefined,
): FormDefinition {
  const { copy, placed } = editing(definition, scope);
  let rule: SchemaNode | undefined;
  if (showOnlyIf) {
    if (showOnlyIf.conditions.length === 0)
      throw new EditRefused('Say which answer the question is shown for.');
    const questions = allQuestions(definition);
    for (const condition of showOnlyIf.conditions) {
      if (condition.question === scope)
        throw new EditRefused('A question cannot depend on its own answer.');
      const decider = questions.find((q) => q.scope === condition.question);
      if (!decider) throw new EditRefused('The question it depends on is not on this form.');
      if (decider.answerType === 'group' || decider.answerType === 'repeating-group')
        throw new EditRefused(`“${decider.label}” is a group: choose one of its questions.`);
      const problem = conditionProblem(condition);
      if (problem) throw new EditRefused(problem);
    }
    const shapeOf = (question: string) => {
      const type = questions.find((q) => q.scope === question)!.answerType;
      return answerShapes[type] ?? 'string';
    };
    rule = { effect: 'SHOW', condition: compileCondition(showOnlyIf, shapeOf) };
  }
  const { control } = placed;
  if (isHideRule(control.rule)) {
    const options = isSchemaNode(control.options) ? control.options : {};
    if (rule) options.hiddenShowRule = rule;
    else delete options.hiddenShowRule;
    control.options = options;
    if (Object.keys(options).length === 0) delete control.options;
  } else if (rule) control.rule = rule;
  else delete control.rule;
  return copy;
}

/** Adds an empty section at the end of the form (a Group, or a Category in a Categorization). */
export function addSection(definition: FormDefinition, label: string): FormDefinition {
  const text = label.trim();
  if (text === '') throw new EditRefused('A section needs a heading.');
  const copy = copyOf(definition);
  const root = copy.uischema as unknown as SchemaNode;
  if (!Array.isArray(root.elements)) throw new EditRefused('The layout has no place for sections.');
  const type = root.type === 'Categorization' ? 'Category' : 'Group';
  root.elements.push({ type, label: text, elements: [] });
  return copy;
}

/** Changes a section's heading. */
export function renameSection(
  definition: FormDefinition,
  section: number,
  label: string,
): FormDefinition {
  const text = label.trim();
  if (text === '') throw new EditRefused('A section needs a heading.');
  const copy = copyOf(definition);
  const target = readSections(copy.uischema as unknown as SchemaNode)[section];
  if (!target || target.end !== undefined) {
    throw new EditRefused('Only a section with a heading can be renamed.');
  }
  target.container.label = text;
  return copy;
}

/** Removes a section that has no questions left. */
export function removeSection(definition: FormDefinition, section: number): FormDefinition {
  const copy = copyOf(definition);
  const target = readSections(copy.uischema as unknown as SchemaNode)[section];
  if (!target) throw new EditRefused(`The form has no section ${section + 1}.`);
  if (target.controls.length > 0) {
    throw new EditRefused('Move, hide or remove its questions before removing the section.');
  }
  const root = copy.uischema as unknown as SchemaNode;
  (root.elements as unknown[]).splice(
    target.start,
    (target.end ?? target.start + 1) - target.start,
  );
  return copy;
}

/** Moves a whole section one place up or down among the sections. */
export function moveSection(
  definition: FormDefinition,
  section: number,
  by: -1 | 1,
): FormDefinition {
  const copy = copyOf(definition);
  const sections = readSections(copy.uischema as unknown as SchemaNode);
  const [first, second] = by < 0 ? [section - 1, section] : [section, section + 1];
  const a = sections[first];
  const b = sections[second];
  if (!a || !b) {
    throw new EditRefused(by < 0 ? 'It is the first section.' : 'It is the last section.');
  }
  const elements = (copy.uischema as unknown as SchemaNode).elements as unknown[];
  const endOf = (s: RawSection) => s.end ?? s.start + 1;
  const blockA = elements.slice(a.start, endOf(a));
  const blockB = elements.slice(b.start, endOf(b));
  elements.splice(a.start, endOf(b) - a.start, ...blockB, ...blockA);
  return copy;
}

/** The options array of a list question, for removing and reordering its choices. */
function choiceOptions(copy: FormDefinition, scope: string): SchemaNode[] {
  const holder = choicesHolder(propertyPlace(copy.schema as SchemaNode, scope), scope);
  return (holder.oneOf ?? holder.anyOf) as SchemaNode[];
}

/** Removes a choice; answers already given with it no longer fit, which the diff calls breaking. */
export function removeChoice(
  definition: FormDefinition,
  scope: string,
  value: unknown,
): FormDefinition {
  const { copy } = editing(definition, scope);
  const options = choiceOptions(copy, scope);
  const at = options.findIndex((o) => o.const === value);
  if (at < 0) throw new EditRefused('The question has no such choice.');
  if (options.length === 1) throw new EditRefused('A list question needs at least one choice.');
  options.splice(at, 1);
  return copy;
}

/** Moves a choice one place up or down in its list. */
export function moveChoice(
  definition: FormDefinition,
  scope: string,
  value: unknown,
  by: -1 | 1,
): FormDefinition {
  const { copy } = editing(definition, scope);
  const options = choiceOptions(copy, scope);
  const at = options.findIndex((o) => o.const === value);
  if (at < 0) throw new EditRefused('The question has no such choice.');
  const other = at + by;
  if (other < 0 || other >= options.length) {
    throw new EditRefused(by < 0 ? 'It is the first choice.' : 'It is the last choice.');
  }
  [options[at], options[other]] = [options[other]!, options[at]!];
  return copy;
}

/**
 * Ask once: the question's first value is copied from a question of an earlier form (its id, and
 * the field's path there such as child/fullName); undefined stops copying it.
 */
export function setPrefill(
  definition: FormDefinition,
  scope: string,
  source: { form: string; field: string } | undefined,
): FormDefinition {
  const { copy } = editing(definition, scope);
  const place = propertyPlace(copy.schema as SchemaNode, scope);
  const path = place.pointer.slice(1);
  const prefill = { ...prefillOf(copy) } as NonNullable<FormDefinition['prefill']>;
  if (source) {
    if (source.form === copy.id)
      throw new EditRefused('A question cannot be copied from its own form.');
    if (!/^[^/.~]+(\/[^/.~]+)*$/.test(source.field)) {
      throw new EditRefused('Choose the question to copy the answer from.');
    }
    prefill[path] = { form: source.form, field: source.field };
  } else delete prefill[path];
  if (Object.keys(prefill).length > 0) copy.prefill = prefill;
  else delete copy.prefill;
  return copy;
}

/** The JSON Schema of a question's answer, as the definition holds it (a copy). */
export function questionSchema(definition: FormDefinition, scope: string): SchemaNode {
  return jsonCopy(propertyPlace(definition.schema as SchemaNode, scope).schema);
}

/**
 * Replaces a question's JSON Schema (the Advanced tab): the key stays; lint judges the rest,
 * like any other edit.
 */
export function replaceQuestionSchema(
  definition: FormDefinition,
  scope: string,
  schema: unknown,
): FormDefinition {
  if (!isSchemaNode(schema)) throw new EditRefused('A question’s schema is a JSON object: { … }.');
  const { copy } = editing(definition, scope);
  const place = propertyPlace(copy.schema as SchemaNode, scope);
  (place.holder.properties as SchemaNode)[place.key] = jsonCopy(schema);
  return copy;
}

/** The layout element of a question (its Control, with options and rule), as a copy. */
export function questionLayout(definition: FormDefinition, scope: string): SchemaNode {
  return jsonCopy(editing(definition, scope).placed.control);
}

/**
 * Replaces a question's layout element (the Advanced part): options, label and rule may change;
 * its scope may not, since that is the question's key (renaming it is a separate edit).
 */
export function replaceQuestionLayout(
  definition: FormDefinition,
  scope: string,
  element: unknown,
): FormDefinition {
  if (!isSchemaNode(element)) throw new EditRefused('A question’s layout is a JSON object: { … }.');
  if (element.scope !== scope) {
    throw new EditRefused(`Keep "scope": "${scope}": it names where the answers are kept.`);
  }
  if (element.type !== 'Control' && element.type !== 'ListWithDetail') {
    throw new EditRefused('A question’s layout is a Control (or a ListWithDetail for a list).');
  }
  const { copy, placed } = editing(definition, scope);
  placed.parent[placed.at] = jsonCopy(element);
  return copy;
}

/** The model's estimate for the whole form, in minutes (the definition's estimatedMinutes wins). */
export function estimatedMinutes(definition: FormDefinition): number {
  if (typeof definition.estimatedMinutes === 'number') return definition.estimatedMinutes;
  return Math.ceil(answerableSeconds(definition) / 60);
}

/** The burden model's seconds over every answerable field, those inside groups and lists too. */
function answerableSeconds(definition: FormDefinition): number {
  const multi = new Set<string>();
  const walkLayout = (element: unknown, base: string) => {
    if (!isSchemaNode(element)) return;
    if (typeof element.scope === 'string') {
      const scope = base + element.scope.slice(1);
      const options = isSchemaNode(element.options) ? element.options : {};
      if (options.multi === true) multi.add(scope);
      if (isSchemaNode(options.detail)) walkLayout(options.detail, `${scope}/items`);
    }
    if (Array.isArray(element.elements)) for (const e of element.elements) walkLayout(e, base);
  };
  walkLayout(definition.uischema, '#');
  const prefill = prefillOf(definition);
  let seconds = 0;
  const walkSchema = (node: SchemaNode, scope: string, pointer: string) => {
    const properties = isSchemaNode(node.properties) ? node.properties : {};
    for (const [key, raw] of Object.entries(properties)) {
      if (!isSchemaNode(raw)) continue;
      const at = `${scope}/properties/${key}`;
      const type = answerTypeOf(raw, multi.has(at) ? { options: { multi: true } } : {});
      if (type === 'group') walkSchema(raw, at, `${pointer}/${key}`);
      else if (type === 'repeating-group' && isSchemaNode(raw.items))
        walkSchema(raw.items, `${at}/items`, `${pointer}/${key}/*`);
      else {
        const kind = burdenKind[type]!;
        seconds +=
          prefill[`${pointer}/${key}`.slice(1)] !== undefined
            ? secondsPerPrefilledField
            : secondsPerField[kind];
      }
    }
  };
  walkSchema(definition.schema as SchemaNode, '#', '');
  return seconds;
}

/** A lint finding: its JSON path in the definition (as lintForm and the lint route give it). */
export interface PathFinding {
  path: string;
}

/**
 * Which question each finding is about, by scope: a finding at or under a question's schema
 * property or its layout control belongs to it; the rest are about the whole form ('').
 */
export function findingsByQuestion<F extends PathFinding>(
  definition: FormDefinition,
  findings: readonly F[],
): Map<string, F[]> {
  const questions = allQuestions(definition);
  const prefixes = questions.flatMap((q) => [
    { scope: q.scope, prefix: `/schema${q.scope.slice(1)}` },
    { scope: q.scope, prefix: q.layoutPath },
  ]);
  const byQuestion = new Map<string, F[]>();
  for (const finding of findings) {
    const match = prefixes
      .filter((p) => finding.path === p.prefix || finding.path.startsWith(`${p.prefix}/`))
      .sort((a, b) => b.prefix.length - a.prefix.length)[0];
    const scope = match?.scope ?? '';
    byQuestion.set(scope, [...(byQuestion.get(scope) ?? []), finding]);
  }
  return byQuestion;
}
