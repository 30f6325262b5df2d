import { type CharSet, noChars, overlaps, unionOf } from './char-set.ts';
import { formLimits } from './limits.ts';
import { parseRegex, type RegexNode } from './regex-syntax.ts';

/**
 * Ambiguity points allowed outside any repeat. Each one (an optional or repeated part that can
 * hand characters to what follows it, or alternatives that start alike) can multiply the work of a
 * failed match by the input length or by two; a few are fine on text capped by maxLength.
 */
const maxAmbiguityOutsideRepeats = 3;

/**
 * Why a `pattern` could backtrack catastrophically or is otherwise refused, or null when it is
 * safe. Conservative: ajv runs patterns on the V8 backtracking engine, so any repeat over
 * ambiguous content (where one string can be matched in more than one way, like (a+)+, (a*)*,
 * (a|a)* or (\w+\s?)*) is refused even when the ambiguity is harmless. Ambiguity is judged by
 * whether two parts can start with the same character, which over-approximates it.
 */
export function unsafePatternReason(pattern: string): string | null {
  if (pattern.length > formLimits.maxPatternLength) {
    return `is longer than ${formLimits.maxPatternLength} characters`;
  }
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    return `is not a valid regular expression (${(error as Error).message})`;
  }
  const analysis = { outsideAmbiguity: 0, reason: null as string | null };
  inspect(parseRegex(pattern), noChars, false, analysis);
  if (analysis.reason) return analysis.reason;
  if (analysis.outsideAmbiguity > maxAmbiguityOutsideRepeats) {
    return `has more than ${maxAmbiguityOutsideRepeats} places where it can match the same text in more than one way, which can take a very long time on text that almost matches`;
  }
  return null;
}

interface Analysis {
  outsideAmbiguity: number;
  reason: string | null;
}

const nestedRepeatReason =
  'repeats a part that can itself match a varying amount of the same text, like (a+)+ or (\\w+\\s?)*, which can take exponential time';
const ambiguousChoiceReason =
  'repeats a choice between alternatives that can match the same text, like (a|a)*, which can take exponential time';

/** Walks the pattern; follow is what can come next, inLoop whether a repeat encloses the node. */
function inspect(node: RegexNode, follow: CharSet, inLoop: boolean, analysis: Analysis): void {
  if (analysis.reason) return;
  const ambiguous = (reason: string) => {
    if (inLoop) analysis.reason ??= reason;
    else analysis.outsideAmbiguity++;
  };
  switch (node.kind) {
    case 'backreference':
      analysis.reason = 'uses a backreference, which can take exponential time';
      return;
    case 'sequence':
      node.items.forEach((item, i) => {
        inspect(item, followOf(node.items.slice(i + 1), follow), inLoop, analysis);
      });
      return;
    case 'choice': {
      const starts = node.options.map((o) => (nullable(o) ? unionOf(first(o), follow) : first(o)));
      const clash = starts.some((a, i) => starts.slice(i + 1).some((b) => overlaps(a, b)));
      if (clash) ambiguous(ambiguousChoiceReason);
      for (const option of node.options) inspect(option, follow, inLoop, analysis);
      return;
    }
    case 'lookaround':
      inspect(node.body, noChars, inLoop, analysis);
      return;
    case 'repeat': {
      const loops = node.max > 1;
      if (loops && nullable(node.body)) {
        analysis.reason ??= 'repeats a part that can match nothing, like (a*)*';
        return;
      }
      const after = loops ? unionOf(first(node.body), follow) : follow;
      if (node.min < node.max && overlaps(first(node.body), follow)) ambiguous(nestedRepeatReason);
      inspect(node.body, after, inLoop || loops, analysis);
      return;
    }
    default:
      return;
  }
}

/** What can start the rest of a sequence, including what follows it when the rest can be empty. */
function followOf(rest: RegexNode[], follow: CharSet): CharSet {
  const sets: CharSet[] = [];
  for (const item of rest) {
    sets.push(first(item));
    if (!nullable(item)) return unionOf(...sets);
  }
  return unionOf(...sets, follow);
}

function nullable(node: RegexNode): boolean {
  switch (node.kind) {
    case 'chars':
      return false;
    case 'sequence':
      return node.items.every(nullable);
    case 'choice':
      return node.options.some(nullable);
    case 'repeat':
      return node.min === 0 || nullable(node.body);
    default:
      return true;
  }
}

function first(node: RegexNode): CharSet {
  switch (node.kind) {
    case 'chars':
      return node.set;
    case 'sequence':
      return followOf(node.items, noChars);
    case 'choice':
      return unionOf(...node.options.map(first));
    case 'repeat':
      return first(node.body);
    default:
      return noChars;
  }
}
