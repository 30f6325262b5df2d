/** Turns a field key into words a user can read: dateOfBirth → "Date of birth", nhsNumber → "Nhs number", childNHSNumber → "Child NHS number". */
export function humaniseKey(key: string): string {
  const words = key.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? [key];
  const text = words
    .map((w) => (w.length > 1 && w === w.toUpperCase() ? w : w.toLowerCase()))
    .join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A label as it reads mid-sentence: "Date of birth" → "date of birth", but "NHS number" stays. */
export function midSentence(label: string): string {
  const second = label.charAt(1);
  if (second && second === second.toUpperCase() && second !== second.toLowerCase()) return label;
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/** A label reduced for comparison: case, punctuation and spacing ignored. */
export function normaliseLabel(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
