/**
 * Form definitions as files: the text a practice lead downloads, and the checks on a file they
 * upload before the server's lint sees it (that it is JSON, a form, and which form).
 */
import type { FormDefinition } from '../../../schemas/generated/form-definition.ts';

/** Files larger than this are refused before they are read as JSON. */
export const maxFileBytes = 2_000_000;

/** The text of a definition's file: indented JSON, as the pack's files are. */
export function definitionFileText(definition: FormDefinition): string {
  return `${JSON.stringify(definition, null, 2)}\n`;
}

/** The file name a definition downloads as. */
export function definitionFileName(definition: FormDefinition): string {
  return `${definition.id}-version-${definition.version}.json`;
}

/** A file read as a form definition, or what is wrong with it in words. */
export type ReadFile = { definition: FormDefinition } | { problem: string };

/**
 * Reads a file's text as a form definition; with `expectedId`, the file must be that form's.
 * The server's lint checks everything else before anything is published.
 */
export function readDefinitionFile(text: string, expectedId?: string): ReadFile {
  if (text.length > maxFileBytes) return { problem: 'The file is too large to be a form.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'The file is not a form definition: it is not JSON.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: 'The file is not a form definition.' };
  }
  const record = value as Record<string, unknown>;
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (typeof record.id !== 'string' || !isObject(record.schema) || !isObject(record.uischema)) {
    return { problem: 'The file is not a form definition: it needs an id, a schema and a layout.' };
  }
  if (typeof record.title !== 'string') return { problem: 'The form in the file has no title.' };
  if (expectedId !== undefined && record.id !== expectedId) {
    return { problem: `The file holds the form “${record.id}”, not “${expectedId}”.` };
  }
  return { definition: value as FormDefinition };
}
