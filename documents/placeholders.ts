/**
 * The placeholders a template's text may use, and filling them in. One table, so the template
 * check refuses an unknown one and the model builder fills in only these.
 */

/** The words placeholders stand for in one document. */
export interface PlaceholderValues {
  'child.fullName': string;
  'child.dateOfBirth': string;
  'case.reference': string;
  'case.stage': string;
  'case.team': string;
  'case.worker': string;
  'document.date': string;
}

/** Every placeholder name. */
export const PLACEHOLDERS: readonly (keyof PlaceholderValues)[] = [
  'child.fullName',
  'child.dateOfBirth',
  'case.reference',
  'case.stage',
  'case.team',
  'case.worker',
  'document.date',
];

const PATTERN = /\{([a-zA-Z]+\.[a-zA-Z]+)\}/g;

/** The placeholder names a text uses, in order. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PATTERN)].map((m) => m[1]!);
}

/** The text with every known placeholder filled in; an unknown one is left as written. */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(PATTERN, (whole, name: string) =>
    name in values ? values[name as keyof PlaceholderValues] : whole,
  );
}
