/** Escapes one JSON pointer token (RFC 6901). */
export function escapeToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Splits a JSON pointer (`/a/b~1c`) into its unescaped tokens. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** Joins tokens into a JSON pointer. */
export function pointerOf(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${escapeToken(String(t))}`).join('');
}

/** The value at a JSON pointer, or undefined when there is none. */
export function valueAt(root: unknown, tokens: readonly string[]): unknown {
  let node = root;
  for (const token of tokens) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/**
 * The field a data pointer answers, as FormField.pointer gives it: each list index becomes *.
 * Field keys never are numbers, so every number in a data pointer is a list index.
 */
export function fieldPointerFor(dataPointer: string): string {
  return dataPointer.replace(/\/\d+(?=\/|$)/g, '/*');
}
