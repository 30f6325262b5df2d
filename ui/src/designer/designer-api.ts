/**
 * The definition API as the form designer uses it: published forms, the draft, lint, the diff,
 * publishing and the version history. Types come from the server's OpenAPI document.
 */

import type { FormDefinition } from '../../../schemas/generated/form-definition.ts';
import { ApiError, getJson, request } from '../api/client.ts';
import type { components } from '../api/generated.ts';

type Schemas = components['schemas'];

/** A version of a form (published or the draft), as the server keeps it. */
export type DefinitionView = Omit<Schemas['DefinitionView'], 'definition'> & {
  definition: FormDefinition;
};
/** One finding of lint, with its JSON path in the definition. */
export type LintProblem = Schemas['LintReport']['errors'][number];
/** What lint found. */
export type LintReport = Schemas['LintReport'];
/** What changed between two versions, as the server's diff sees it. */
export type FormDiff = Schemas['FormDiff'];
/** One published version in the history. */
export type VersionEntry = Schemas['VersionHistory']['items'][number];
/** Something that reads a question: a workflow guard or another form's prefill. */
export type Dependent = Schemas['FormDependents']['items'][number];
/** How a form is used: each question's fill rate, the median active minutes per version. */
export type FormUsage = Schemas['FormUsage'];
/** What the live forms ask, per form and in all. */
export type PackBurden = Schemas['PackBurden'];

const base = (id: string) => `/api/forms/${encodeURIComponent(id)}`;

/** The latest published version of every form. */
export async function listLiveForms(): Promise<DefinitionView[]> {
  return (await getJson<{ items: DefinitionView[] }>('/api/forms')).items;
}

/** Every form draft, new forms never published among them. */
export async function listDrafts(): Promise<DefinitionView[]> {
  return (await getJson<{ items: DefinitionView[] }>('/api/form-drafts')).items;
}

/** The latest published version of a form, or null when none is published. */
export async function getLiveForm(id: string): Promise<DefinitionView | null> {
  return orNull(getJson<DefinitionView>(base(id)));
}

/** The draft of a form, or null when there is none. */
export async function getDraft(id: string): Promise<DefinitionView | null> {
  return orNull(getJson<DefinitionView>(`${base(id)}/draft`));
}

/** Saves the draft; expectedVersion is the draft's recordVersion when one exists. */
export async function saveDraft(
  id: string,
  definition: FormDefinition,
  expectedVersion: number | undefined,
): Promise<DefinitionView> {
  return (
    await request<DefinitionView>('PUT', `${base(id)}/draft`, { definition, expectedVersion })
  ).body;
}

/** Starts a new form as a draft. */
export async function createForm(definition: FormDefinition): Promise<DefinitionView> {
  return (await request<DefinitionView>('POST', '/api/forms', { definition })).body;
}

/** Lints a definition as the server would on publishing. */
export async function lintDefinition(id: string, definition: FormDefinition): Promise<LintReport> {
  return (await request<LintReport>('POST', `${base(id)}/lint`, { definition })).body;
}

/** What the draft changes against the live version. */
export async function diffDraft(id: string): Promise<FormDiff> {
  return getJson<FormDiff>(`${base(id)}/diff`);
}

/** Publishes the draft with a note for the version history. */
export async function publishDraft(
  id: string,
  expectedVersion: number,
  note: string,
): Promise<DefinitionView> {
  return (await request<DefinitionView>('POST', `${base(id)}/publish`, { expectedVersion, note }))
    .body;
}

/** The published versions, newest first. */
export async function versionHistory(id: string): Promise<VersionEntry[]> {
  return (await getJson<{ items: VersionEntry[] }>(`${base(id)}/versions`)).items;
}

/** Makes a published version the draft again. */
export async function restoreVersion(
  id: string,
  version: number,
  expectedVersion: number | undefined,
): Promise<DefinitionView> {
  const path = `${base(id)}/versions/${version}/restore`;
  return (await request<DefinitionView>('POST', path, { expectedVersion })).body;
}

/** What reads the form's questions. */
export async function formDependents(id: string): Promise<Dependent[]> {
  return (await getJson<{ items: Dependent[] }>(`${base(id)}/dependents`)).items;
}

/** Fill rates and measured minutes over the last 12 months (aggregates only). */
export async function formUsage(id: string): Promise<FormUsage> {
  return getJson<FormUsage>(`${base(id)}/usage`);
}

/** The median active minutes of a version, or null when too few were measured. */
export function medianMinutesOf(usage: FormUsage | null, version: number): number | null {
  return usage?.recording.find((r) => r.version === version)?.medianMinutes ?? null;
}

/** The burden of every live form and of the pack. */
export async function packBurden(): Promise<PackBurden> {
  return getJson<PackBurden>('/api/form-burden');
}

async function orNull<T>(pending: Promise<T>): Promise<T | null> {
  try {
    return await pending;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}
