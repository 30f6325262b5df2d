import {
  anyChar,
  type CharSet,
  charSet,
  complementOf,
  digitChars,
  dotChars,
  noChars,
  spaceChars,
  unionOf,
  wordChars,
} from './char-set.ts';

/** A regex as the analyser sees it: what each part can match, not how it captures. */
export type RegexNode =
  | { kind: 'chars'; set: CharSet }
  | { kind: 'sequence'; items: RegexNode[] }
  | { kind: 'choice'; options: RegexNode[] }
  | { kind: 'lookaround'; body: RegexNode }
  | { kind: 'repeat'; body: RegexNode; min: number; max: number }
  | { kind: 'assertion' }
  | { kind: 'backreference' };

/**
 * Parses a pattern that `new RegExp(pattern, 'u')` has already accepted (as ajv compiles it), so
 * only well-formed syntax reaches here. Groups are kept only for what they contain.
 */
export function parseRegex(source: string): RegexNode {
  const parser = new RegexParser(source);
  return parser.parseChoice();
}

class RegexParser {
  private pos = 0;

  constructor(private readonly source: string) {}

  parseChoice(): RegexNode {
    const options = [this.parseSequence()];
    while (this.peek() === '|') {
      this.pos++;
      options.push(this.parseSequence());
    }
    return options.length === 1 ? options[0]! : { kind: 'choice', options };
  }

  private parseSequence(): RegexNode {
    const items: RegexNode[] = [];
    while (this.pos < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      items.push(this.parseQuantified(this.parseAtom()));
    }
    return items.length === 1 ? items[0]! : { kind: 'sequence', items };
  }

  private parseQuantified(atom: RegexNode): RegexNode {
    const c = this.peek();
    let bounds: [number, number] | null = null;
    if (c === '*') bounds = [0, Number.POSITIVE_INFINITY];
    else if (c === '+') bounds = [1, Number.POSITIVE_INFINITY];
    else if (c === '?') bounds = [0, 1];
    if (bounds) this.pos++;
    else if (c === '{') bounds = this.parseBraces();
    if (!bounds) return atom;
    if (this.peek() === '?') this.pos++;
    return { kind: 'repeat', body: atom, min: bounds[0], max: bounds[1] };
  }

  private parseBraces(): [number, number] {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.pos));
    if (!match) throw new Error(`unexpected { at ${this.pos}`);
    this.pos += match[0].length;
    const min = Number(match[1]);
    if (match[2] === undefined) return [min, min];
    return [min, match[3] ? Number(match[3]) : Number.POSITIVE_INFINITY];
  }

  private parseAtom(): RegexNode {
    const c = this.peek();
    if (c === '(') return this.parseGroup();
    if (c === '[') return { kind: 'chars', set: this.parseClass() };
    if (c === '.') {
      this.pos++;
      return { kind: 'chars', set: dotChars };
    }
    if (c === '^' || c === '$') {
      this.pos++;
      return { kind: 'assertion' };
    }
    if (c === '\\') {
      this.pos++;
      return this.parseEscape();
    }
    return { kind: 'chars', set: this.single(this.readCodePoint()) };
  }

  private parseGroup(): RegexNode {
    this.pos++;
    let lookaround = false;
    if (this.source.startsWith('?:', this.pos)) this.pos += 2;
    else if (/^\?<?[=!]/.test(this.source.slice(this.pos, this.pos + 3))) {
      lookaround = true;
      this.pos += this.source[this.pos + 1] === '<' ? 3 : 2;
    } else if (this.source.startsWith('?<', this.pos)) {
      this.pos = this.source.indexOf('>', this.pos) + 1;
    }
    const body = this.parseChoice();
    this.pos++; // the closing parenthesis
    return lookaround ? { kind: 'lookaround', body } : body;
  }

  private parseEscape(): RegexNode {
    const c = this.source[this.pos]!;
    if (c === 'b' || c === 'B') {
      this.pos++;
      return { kind: 'assertion' };
    }
    if (/[1-9]/.test(c)) {
      while (/\d/.test(this.peek())) this.pos++;
      return { kind: 'backreference' };
    }
    if (c === 'k') {
      this.pos = this.source.indexOf('>', this.pos) + 1;
      return { kind: 'backreference' };
    }
    return { kind: 'chars', set: this.escapeSet(false) };
  }

  /** The characters one escape (after the backslash) stands for, in or out of a class. */
  private escapeSet(inClass: boolean): CharSet {
    const c = this.source[this.pos++]!;
    const classes: Record<string, CharSet> = {
      d: digitChars,
      D: complementOf(digitChars),
      w: wordChars,
      W: complementOf(wordChars),
      s: spaceChars,
      S: complementOf(spaceChars),
    };
    const named = classes[c];
    if (named) return named;
    const controls: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, '0': 0 };
    if (controls[c] !== undefined) return this.single(controls[c]);
    if (c === 'b' && inClass) return this.single(8);
    if (c === 'p' || c === 'P') {
      // Unicode property classes are too many to model; assuming any character is conservative.
      this.pos = this.source.indexOf('}', this.pos) + 1;
      return anyChar;
    }
    if (c === 'c') return this.single(this.source.charCodeAt(this.pos++) % 32);
    if (c === 'x') return this.single(this.readHex(2));
    if (c === 'u') {
      if (this.peek() === '{') {
        const end = this.source.indexOf('}', this.pos);
        const value = Number.parseInt(this.source.slice(this.pos + 1, end), 16);
        this.pos = end + 1;
        return this.single(value);
      }
      return this.single(this.readHex(4));
    }
    this.pos--;
    return this.single(this.readCodePoint());
  }

  private parseClass(): CharSet {
    this.pos++;
    const negated = this.peek() === '^';
    if (negated) this.pos++;
    const parts: CharSet[] = [];
    while (this.peek() !== ']') {
      const from = this.classAtom();
      if (this.peek() === '-' && this.source[this.pos + 1] !== ']' && from.length === 1) {
        this.pos++;
        const to = this.classAtom();
        const lo = from[0]![0];
        const hi = to.length === 1 ? to[0]![1] : lo;
        parts.push(charSet([[lo, Math.max(lo, hi)]]));
      } else parts.push(from);
    }
    this.pos++;
    const set = parts.length ? unionOf(...parts) : noChars;
    return negated ? complementOf(set) : set;
  }

  private classAtom(): CharSet {
    if (this.peek() === '\\') {
      this.pos++;
      return this.escapeSet(true);
    }
    return this.single(this.readCodePoint());
  }

  private readHex(digits: number): number {
    const value = Number.parseInt(this.source.slice(this.pos, this.pos + digits), 16);
    this.pos += digits;
    return value;
  }

  private readCodePoint(): number {
    const code = this.source.codePointAt(this.pos)!;
    this.pos += code > 0xffff ? 2 : 1;
    return code;
  }

  private single(code: number): CharSet {
    return charSet([[code, code]]);
  }

  private peek(): string {
    return this.source[this.pos] ?? '';
  }
}
