import { BoundedCache } from './bounded-cache.ts';
import { FormError, type FormFinding } from './errors.ts';
import { inspectForm, readDefinition } from './lint-form.ts';
import type { LoadedForm } from './loaded-form.ts';
import { isSchemaNode } from './walk-schema.ts';

/**
 * How many forms stay compiled. A form's validators are compiled once per id and version; a
 * deployment uses a few dozen forms, each a few versions, so this is generous.
 */
export const formCacheCapacity = 256;

const cache = new BoundedCache<{ text: string; form: LoadedForm }>(formCacheCapacity);

/**
 * Checks a definition (a value or JSON text) and returns it loaded with its validators compiled,
 * or throws one FormError listing every problem with its JSON path. A definition already loaded
 * under the same id and version with the same content comes from the cache; with other content
 * (an edited draft) it is checked and compiled again.
 */
export function loadForm(definition: unknown): LoadedForm {
  const read = readDefinition(definition);
  if ('finding' in read) {
    const code = read.finding.code === 'not-json' ? 'LF_FORM_INVALID' : 'LF_FORM_TOO_LARGE';
    throw new FormError(code, [read.finding], subjectOf(definition));
  }
  const text = JSON.stringify(read.value);
  const key = cacheKeyOf(read.value);
  const hit = key === undefined ? undefined : cache.get(key);
  if (hit && hit.text === text) return hit.form;
  // A private copy, so that the caller changing their object cannot change a cached form.
  const owned: unknown = JSON.parse(text);
  const { findings, built } = inspectForm(owned);
  if (!built) throw new FormError('LF_FORM_INVALID', errorsOf(findings), subjectOf(read.value));
  const form: LoadedForm = deepFreeze({
    id: built.definition.id,
    version: built.definition.version,
    title: built.definition.title,
    definition: built.definition,
    fields: built.fields,
    fieldByPointer: new Map(built.fields.map((f) => [f.pointer, f])),
    warnings: findings.filter((f) => f.severity === 'warning'),
    validators: built.validators,
  });
  cache.set(`${form.id}@${form.version}`, { text, form });
  return form;
}

function errorsOf(findings: FormFinding[]): FormFinding[] {
  return findings.filter((f) => f.severity === 'error');
}

function cacheKeyOf(value: unknown): string | undefined {
  if (!isSchemaNode(value)) return undefined;
  const { id, version } = value;
  return typeof id === 'string' && typeof version === 'number' ? `${id}@${version}` : undefined;
}

function subjectOf(value: unknown): string {
  if (!isSchemaNode(value)) return 'The form definition';
  const { id, version } = value;
  if (typeof id !== 'string' || id.length > 64) return 'The form definition';
  return typeof version === 'number'
    ? `The form definition ${id}@${version}`
    : `The form definition ${id}`;
}

/** Freezes plain objects and arrays all the way down; validators (functions) are left alone. */
function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length) {
    const item = stack.pop();
    if (typeof item !== 'object' || item === null || Object.isFrozen(item)) continue;
    if (item instanceof Map) {
      stack.push(...item.values());
      continue;
    }
    Object.freeze(item);
    stack.push(...Object.values(item));
  }
  return value;
}
