/**
 * What a field's key may be: a letter then letters, digits or underscores. Every store can keep
 * such a key (no dots, no leading $), and no key is a number, so a number in a data pointer is
 * always an array index.
 */
export const propertyNamePattern = '^[a-zA-Z][a-zA-Z0-9_]*$';

const propertyName = new RegExp(propertyNamePattern);

/** True when the name is a key a form may use. */
export function isPropertyName(name: string): boolean {
  return propertyName.test(name);
}
