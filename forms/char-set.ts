/**
 * Sets of Unicode code points as sorted, non-overlapping inclusive ranges: just enough algebra for
 * the regex analyser to ask whether two parts of a pattern can start with the same character.
 */
export type CharSet = readonly (readonly [number, number])[];

const maxCodePoint = 0x10ffff;

/** A set holding the given ranges, normalised. */
export function charSet(ranges: readonly (readonly [number, number])[]): CharSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = merged.at(-1);
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  return merged;
}

/** The empty set. */
export const noChars: CharSet = [];

/** Every code point. */
export const anyChar: CharSet = [[0, maxCodePoint]];

/** The union of some sets. */
export function unionOf(...sets: CharSet[]): CharSet {
  return charSet(sets.flat());
}

/** Every code point not in the set. */
export function complementOf(set: CharSet): CharSet {
  const result: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) result.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= maxCodePoint) result.push([next, maxCodePoint]);
  return result;
}

/** True when the two sets share a code point. */
export function overlaps(a: CharSet, b: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aLo, aHi] = a[i]!;
    const [bLo, bHi] = b[j]!;
    if (aLo <= bHi && bLo <= aHi) return true;
    if (aHi < bHi) i++;
    else j++;
  }
  return false;
}

/** \d */
export const digitChars = charSet([[0x30, 0x39]]);
/** \w */
export const wordChars = charSet([
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
]);
/** \s: ECMAScript white space and line terminators. */
export const spaceChars = charSet([
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
]);
/** `.` without the s flag: everything but line terminators. */
export const dotChars = complementOf(
  charSet([
    [0x0a, 0x0a],
    [0x0d, 0x0d],
    [0x2028, 0x2029],
  ]),
);
