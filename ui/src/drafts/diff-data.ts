/**
 * The fields whose values differ between two versions of a form's data, by JSON Pointer, for
 * showing what changed when someone else saved first. Pure.
 */
import { plainCopy, pointerOf } from '../forms/data-path.ts';
import type { DataPath } from '../forms/form-types.ts';

/** One field that differs. */
export interface FieldDifference {
  pointer: string;
  mine: unknown;
  theirs: unknown;
}

function leaves(value: unknown, path: DataPath, out: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, [...path, key], out);
    return;
  }
  if (Array.isArray(value) && value.some((item) => item !== null && typeof item === 'object')) {
    value.forEach((item, index) => {
      leaves(item, [...path, index], out);
    });
    return;
  }
  if (value !== undefined) out.set(pointerOf(path), value);
}

/** Every leaf field that differs, in the order mine then theirs lists them. */
export function diffData(mine: unknown, theirs: unknown): FieldDifference[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  leaves(mine, [], a);
  leaves(theirs, [], b);
  const pointers = [...new Set([...a.keys(), ...b.keys()])];
  return pointers
    .filter((p) => JSON.stringify(a.get(p)) !== JSON.stringify(b.get(p)))
    .map((pointer) => ({ pointer, mine: a.get(pointer), theirs: b.get(pointer) }));
}

/** Replaces the contents of a (reactive) object in place with another's. */
export function replaceContents(target: Record<string, unknown>, source: Record<string, unknown>) {
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, plainCopy(source));
}
