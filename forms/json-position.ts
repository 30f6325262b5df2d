/**
 * Where JSON text stops being JSON, for the designer's Advanced part: engines word a parse error
 * differently and V8 gives no position, so the text is scanned by JSON's grammar.
 */

/** Reads JSON text, or says where it stops being JSON (line and column, counted from 1). */
export function parseJsonAt(
  text: string,
): { value: unknown } | { line: number; column: number; message: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    // Engines word the error differently and some give no position: find it by scanning.
    const offset = jsonErrorOffset(text);
    const before = text.slice(0, offset).split('\n');
    return {
      line: before.length,
      column: (before.at(-1) ?? '').length + 1,
      message: (error as Error).message,
    };
  }
}

/** The offset of the first character where text stops being JSON (its length when it ends early). */
function jsonErrorOffset(text: string): number {
  let at = 0;
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  };
  const fail = (): never => {
    throw at;
  };
  const literal = (word: string) => {
    for (const c of word) if (text[at++] !== c) at--, fail();
  };
  const string = () => {
    at++;
    while (at < text.length && text[at] !== '"') {
      if (text[at]! < ' ') fail();
      at += text[at] === '\\' ? 2 : 1;
    }
    if (at >= text.length) fail();
    at++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (!match) fail();
    at += match![0].length;
  };
  const value = (): void => {
    space();
    const c = text[at];
    if (c === '{') object();
    else if (c === '[') array();
    else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  const object = () => {
    at++;
    space();
    if (text[at] === '}') {
      at++;
      return;
    }
    for (;;) {
      space();
      if (text[at] !== '"') fail();
      string();
      space();
      if (text[at] !== ':') fail();
      at++;
      value();
      space();
      if (text[at] === ',') at++;
      else if (text[at] === '}') {
        at++;
        return;
      } else fail();
    }
  };
  const array = () => {
    at++;
    space();
    if (text[at] === ']') {
      at++;
      return;
    }
    for (;;) {
      value();
      space();
      if (text[at] === ',') at++;
      else if (text[at] === ']') {
        at++;
        return;
      } else fail();
    }
  };
  try {
    value();
    space();
    return at < text.length ? at : text.length;
  } catch (offset) {
    return Math.min(offset as number, text.length);
  }
}
