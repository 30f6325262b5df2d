/**
 * The designer's preview drawn in parts, one `<LfForm>` per section, so that an edit redraws only
 * the section it changed. JSON Forms maps every control again whenever its root schema is a new
 * object, and every edit makes a new definition: drawn as one form, hiding one question of 200
 * re-mapped and re-rendered all 200. Here each section gets a schema of its own (the root with
 * only the properties its controls and rules read), and a part whose schema and layout have the
 * same JSON as before keeps the very objects it had, so Vue leaves it alone.
 *
 * The parts share the preview's sample answers, and a rule reads answers by its scope, so a
 * question shown only if an answer in another section is yes still follows that answer. A layout
 * the parts could draw differently (a Categorization, a root schema that says more than its
 * properties through allOf, if or $ref, a scope that is not a top-level property's) is one part.
 */
import { isSchemaNode, type SchemaNode } from '../../../forms/walk-schema.ts';
import type { FormDefinition } from '../../../schemas/generated/form-definition.ts';

/** One part of the preview: a schema and a layout for one `<LfForm>`, and their JSON. */
export interface PreviewPart {
  schema: SchemaNode;
  uischema: SchemaNode;
  text: string;
}

/** The preview's parts; those equal to the previous parts (by JSON) are the previous objects. */
export function previewParts(
  definition: FormDefinition,
  previous: readonly PreviewPart[] = [],
): PreviewPart[] {
  const schema = definition.schema as SchemaNode;
  const uischema = definition.uischema as unknown as SchemaNode;
  const layouts = splitLayout(schema, uischema);
  const parts = layouts.map((layout) => {
    const partSchema = layouts.length === 1 ? schema : schemaFor(schema, layout);
    return { schema: partSchema, uischema: layout, text: JSON.stringify([partSchema, layout]) };
  });
  return parts.map((part, i) => (previous[i]?.text === part.text ? previous[i] : part));
}

const combining = ['allOf', 'anyOf', 'oneOf', 'if', 'then', 'else', 'not', '$ref'];

/** The root's elements by section: each Group or Category alone, runs of others together. */
function splitLayout(schema: SchemaNode, uischema: SchemaNode): SchemaNode[] {
  const elements = uischema.elements;
  const splittable =
    uischema.type === 'VerticalLayout' &&
    uischema.rule === undefined &&
    Array.isArray(elements) &&
    combining.every((k) => schema[k] === undefined) &&
    isSchemaNode(schema.properties) &&
    scopesOf(uischema).every((s) => s === '#' || topLevelKey(s) !== undefined);
  if (!splittable) return [uischema];
  const layouts: SchemaNode[] = [];
  let run: unknown[] | undefined;
  for (const element of elements as unknown[]) {
    if (isSchemaNode(element) && (element.type === 'Group' || element.type === 'Category')) {
      run = undefined;
      layouts.push(element);
    } else {
      if (!run) {
        run = [];
        layouts.push({ type: 'VerticalLayout', elements: run });
      }
      run.push(element);
    }
  }
  return layouts.length > 0 ? layouts : [uischema];
}

/** The root schema with only the properties a part's controls and rules read. */
function schemaFor(schema: SchemaNode, layout: SchemaNode): SchemaNode {
  const properties = schema.properties as SchemaNode;
  const keys = new Set(
    scopesOf(layout)
      .map(topLevelKey)
      .filter((k): k is string => k !== undefined && k in properties),
  );
  const { properties: _all, required, ...rest } = schema;
  const part: SchemaNode = {
    ...rest,
    properties: Object.fromEntries([...keys].map((k) => [k, properties[k]])),
  };
  if (Array.isArray(required)) {
    const kept = required.filter((k) => keys.has(String(k)));
    if (kept.length > 0) part.required = kept;
  }
  return part;
}

/** The property a scope starts at, e.g. child for #/properties/child/properties/name. */
function topLevelKey(scope: string): string | undefined {
  const match = /^#\/properties\/([^/]+)/.exec(scope);
  return match ? decodeURIComponent(match[1]!).replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}

/** Every scope in a layout: its controls', and its rules' conditions' (AND and OR included). */
function scopesOf(element: unknown, into: string[] = []): string[] {
  if (Array.isArray(element)) {
    for (const e of element) scopesOf(e, into);
    return into;
  }
  if (!isSchemaNode(element)) return into;
  if (typeof element.scope === 'string') into.push(element.scope);
  for (const [key, value] of Object.entries(element)) {
    // A condition's schema is data, not layout: its keys are never scopes.
    if (key !== 'schema' && typeof value === 'object') scopesOf(value, into);
  }
  return into;
}
