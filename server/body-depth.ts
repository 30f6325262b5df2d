/**
 * How deeply a request body nests. Form data and definitions never need more than a few dozen
 * levels; a body nested thousands deep is an attack on whatever walks it next.
 */

/** The deepest body nesting accepted. */
export const MAX_BODY_DEPTH = 64;

/** True when the value nests deeper than `limit` (counted without recursion). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}
