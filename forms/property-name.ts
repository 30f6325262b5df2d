/**
 * What a field's key may be. Any text JSON Forms accepts, except what a store or Lowform's field
 * paths cannot keep: MongoDB reads a `.` in a key as a path and a leading `$` as an operator;
 * `/` separates the keys of a field path (prefill, JSON Pointers) and `~` escapes them; a key that is a whole number
 * would read as a list index in a data pointer; control characters (NUL above all) are refused by
 * stores and invisible to people.
 */
export const propertyNamePattern = '^(?!\\$)(?![0-9]+$)[^./~\\u0000-\\u001f]+$';

const propertyName = new RegExp(propertyNamePattern, 'u');

/** True when the name is a key a form may use. */
export function isPropertyName(name: string): boolean {
  return propertyName.test(name);
}

/** Why a name cannot be a field's key, in words that name the rule; null when it can. */
export function propertyNameProblem(name: string): string | null {
  if (name === '') return 'is empty';
  if (name.includes('.')) return 'contains a dot, which MongoDB reads as a path into the answer';
  if (name.startsWith('$')) return 'starts with $, which MongoDB reads as an operator';
  if (name.includes('/')) return 'contains /, which separates the keys of a field path';
  if (name.includes('~')) return 'contains ~, which escapes the keys of a field path';
  if (/^[0-9]+$/.test(name)) return 'is a whole number, which reads as a list index in a path';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  if (/[\u0000-\u001f]/.test(name)) return 'contains a control character';
  return null;
}
