/**
 * Reads and writes a value at a path in the form's data. Writing creates the objects and arrays
 * on the way, and writing undefined removes the key, as JSON Forms does for an emptied field.
 * Pure apart from the mutation of the object given.
 */
import type { DataPath } from './form-types.ts';

/** The value at the path, or undefined when any step is missing. */
export function getAt(data: unknown, path: DataPath): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** Sets the value at the path in place; undefined deletes the key. */
export function setAt(data: Record<string, unknown>, path: DataPath, value: unknown): void {
  if (path.length === 0) return;
  let current: Record<string | number, unknown> = data;
  for (let i = 0; i < path.length - 1; i += 1) {
    const key = path[i]!;
    let next = current[key];
    if (next === null || typeof next !== 'object') {
      next = typeof path[i + 1] === 'number' ? [] : {};
      current[key] = next;
    }
    current = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(current) && typeof last === 'number') current[last] = undefined;
    else delete current[last];
  } else {
    current[last] = value;
  }
}

/**
 * The data path of a JSON Forms path ("people.0.name" → ['people', 0, 'name']): JSON Forms joins
 * property names and array indexes with dots.
 */
export function dataPathOf(path: string | undefined): DataPath {
  if (!path) return [];
  return path.split('.').map((key) => (/^(0|[1-9]\d*)$/.test(key) ? Number(key) : key));
}

/** The JSON Pointer of a path: ['child', 'firstName'] → "/child/firstName" (forms/'s, as the server writes them). */
export { pointerOf } from '../../../forms/json-pointer.ts';

/** An element id for the control at a pointer, safe for HTML ids and CSS selectors. */
export function controlIdOf(pointer: string): string {
  return `field${pointer.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** A plain deep copy of form data (reactive proxies included), as JSON would send it. */
export function plainCopy<T>(data: T): T {
  return data === undefined ? data : (JSON.parse(JSON.stringify(data)) as T);
}
