/**
 * Turns what is typed into a field into the value stored, never losing a character: text that
 * is not a number yet stays text (the server then says what is wrong) rather than vanishing.
 * Pure.
 */
import type { InputKind } from './form-types.ts';

/** The value to store for the text of an input of this kind; empty text is no value. */
export function valueFromText(input: InputKind, text: string): unknown {
  if (text === '') return undefined;
  if (input === 'number' || input === 'integer') {
    const trimmed = text.trim();
    const parsed = Number(trimmed);
    const ok = trimmed !== '' && Number.isFinite(parsed) && /^-?\d*\.?\d+(e-?\d+)?$/i.test(trimmed);
    if (!ok) return text;
    return input === 'integer' && !Number.isInteger(parsed) ? text : parsed;
  }
  return text;
}

/** The text an input shows for a stored value. */
export function textFromValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}
