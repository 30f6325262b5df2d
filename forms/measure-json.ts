import type { FormFinding } from './errors.ts';
import { escapeToken } from './json-pointer.ts';

/**
 * Refuses a value whose JSON would exceed maxBytes or nest deeper than maxDepth, without
 * serialising it: the walk is iterative (no recursion to overflow) and stops as soon as a limit is
 * passed, so a 10 MB or cyclic definition costs no more than a 1 MB one.
 */
export function checkJsonLimits(
  value: unknown,
  maxBytes: number,
  maxDepth: number,
): FormFinding | null {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
  let bytes = 0;
  const tooLarge = () => tooLargeFinding(maxBytes);
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.depth > maxDepth) {
      return {
        severity: 'error',
        code: 'too-deep',
        path: item.path,
        message: `The definition nests more than ${maxDepth} levels deep here.`,
      };
    }
    const v = item.value;
    if (typeof v === 'string') bytes += v.length + 2;
    else if (typeof v === 'number' || typeof v === 'boolean') bytes += String(v).length;
    else if (v === null) bytes += 4;
    else if (Array.isArray(v)) {
      bytes += 2;
      for (let i = 0; i < v.length; i++) {
        bytes += 1;
        if (bytes > maxBytes) return tooLarge();
        stack.push({ value: v[i], depth: item.depth + 1, path: `${item.path}/${i}` });
      }
    } else if (typeof v === 'object') {
      bytes += 2;
      for (const key in v) {
        if (!Object.hasOwn(v, key)) continue;
        bytes += key.length + 4;
        if (bytes > maxBytes) return tooLarge();
        const child = (v as Record<string, unknown>)[key];
        stack.push({
          value: child,
          depth: item.depth + 1,
          path: `${item.path}/${escapeToken(key)}`,
        });
      }
    }
    if (bytes > maxBytes) return tooLarge();
  }
  return null;
}

/** The finding for a definition over the size limit. */
export function tooLargeFinding(maxBytes: number): FormFinding {
  return {
    severity: 'error',
    code: 'too-large',
    path: '',
    message: `The definition is larger than ${maxBytes} bytes of JSON. Split the form or shorten it.`,
  };
}
