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

/**
 * Where each value of valid JSON text stands, by JSON Pointer ('' for the whole): the line and
 * column of its key when it is an object's member, else of the value itself. For placing a
 * meta-schema's objection at its line in the designer's Advanced part.
 */
export function jsonPositions(text: string): Map<string, { line: number; column: number }> {
  const offsets = new Map<string, number>();
  let at = 0;
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  };
  const string = (): string => {
    const start = at++;
    while (text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const value = (pointer: string, from: number) => {
    space();
    offsets.set(pointer, from < 0 ? at : from);
    const c = text[at];
    if (c === '{') {
      at++;
      space();
      while (text[at] !== '}') {
        space();
        const keyAt = at;
        const key = string();
        space();
        at++; // the colon
        value(`${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, keyAt);
        space();
        if (text[at] === ',') at++;
        space();
      }
      at++;
    } else if (c === '[') {
      at++;
      space();
      for (let i = 0; text[at] !== ']'; i++) {
        value(`${pointer}/${i}`, -1);
        space();
        if (text[at] === ',') at++;
        space();
      }
      at++;
    } else if (c === '"') string();
    else while (at < text.length && !',}] \t\n\r'.includes(text[at]!)) at++;
  };
  JSON.parse(text); // throws on text that is not JSON, before the scan relies on it
  value('', -1);
  const positions = new Map<string, { line: number; column: number }>();
  for (const [pointer, offset] of offsets) {
    const before = text.slice(0, offset).split('\n');
    positions.set(pointer, { line: before.length, column: (before.at(-1) ?? '').length + 1 });
  }
  return positions;
}
