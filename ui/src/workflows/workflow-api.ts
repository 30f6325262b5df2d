/**
 * The workflow API as the workflow designer uses it: published versions, the draft, lint,
 * publishing, the history, open cases per state, export and import, and migrations of running
 * cases. The definition routes are shared with forms (server/routes/definitions.ts).
 */
import type { WorkflowDefinition } from '../../../schemas/generated/workflow-definition.ts';
import { ApiError, getJson, request } from '../api/client.ts';
import type { components, paths } from '../api/generated.ts';

type Schemas = components['schemas'];

/** A version of a workflow (published or the draft), as the server keeps it. */
export type WorkflowView = Omit<Schemas['DefinitionView'], 'definition'> & {
  definition: WorkflowDefinition;
};
/** One finding of lint, with its JSON path, state and event. */
export type LintProblem = Schemas['LintReport']['errors'][number];
/** What lint found. */
export type LintReport = Schemas['LintReport'];
/** One published version in the history. */
export type VersionEntry = Schemas['VersionHistory']['items'][number];

/** Open cases per version and state. */
export type OpenCases = Schemas['OpenCaseCounts'];
/** The dry run of a migration: what would happen to each case, nothing moved. */
export type MigrationDryRun = Schemas['MigrationDryRun'];
/** One case of a dry run: from, to, deadlines that change, forms that become required. */
export type MigrationCase = MigrationDryRun['cases'][number];
/** What a migration did. */
export type MigrationResult = Schemas['MigrationReport'];
/** What an import made: the draft, and lint's findings on it. */
export type WorkflowImport = Omit<Schemas['WorkflowImport'], 'draft'> & { draft: WorkflowView };
/** The bank holidays the server counts working days with. */
export type BankHolidays =
  paths['/api/calendar']['get']['responses'][200]['content']['application/json'];

const base = (id: string) => `/api/workflows/${encodeURIComponent(id)}`;

/** The latest published version of every workflow. */
export async function listWorkflows(): Promise<WorkflowView[]> {
  return (await getJson<{ items: WorkflowView[] }>('/api/workflows')).items;
}

/** The latest published version, or null when none is. */
export async function getLiveWorkflow(id: string): Promise<WorkflowView | null> {
  return orNull(getJson<WorkflowView>(base(id)));
}

/** A published version. */
export async function getWorkflowVersion(id: string, version: number): Promise<WorkflowView> {
  return getJson<WorkflowView>(`${base(id)}/versions/${version}`);
}

/** The draft, or null when there is none. */
export async function getWorkflowDraft(id: string): Promise<WorkflowView | null> {
  return orNull(getJson<WorkflowView>(`${base(id)}/draft`));
}

/** Saves the draft; expectedVersion is the draft's recordVersion when one exists. */
export async function saveWorkflowDraft(
  id: string,
  definition: WorkflowDefinition,
  expectedVersion: number | undefined,
): Promise<WorkflowView> {
  return (await request<WorkflowView>('PUT', `${base(id)}/draft`, { definition, expectedVersion }))
    .body;
}

/** Lints a definition as the server would on publishing. */
export async function lintWorkflowDefinition(
  id: string,
  definition: WorkflowDefinition,
): Promise<LintReport> {
  return (await request<LintReport>('POST', `${base(id)}/lint`, { definition })).body;
}

/** Publishes the draft with a note for the version history. */
export async function publishWorkflow(
  id: string,
  expectedVersion: number,
  note: string,
): Promise<WorkflowView> {
  return (await request<WorkflowView>('POST', `${base(id)}/publish`, { expectedVersion, note }))
    .body;
}

/** The published versions, newest first. */
export async function workflowHistory(id: string): Promise<VersionEntry[]> {
  return (await getJson<{ items: VersionEntry[] }>(`${base(id)}/versions`)).items;
}

/** Makes a published version the draft again. */
export async function restoreWorkflowVersion(
  id: string,
  version: number,
  expectedVersion: number | undefined,
): Promise<WorkflowView> {
  const path = `${base(id)}/versions/${version}/restore`;
  return (await request<WorkflowView>('POST', path, { expectedVersion })).body;
}

/** Open cases per version and state, or null while the server has no such route. */
export async function openCases(id: string): Promise<OpenCases | null> {
  return orNull(getJson<OpenCases>(`${base(id)}/open-cases`));
}

/** The workflow as one file (XState machine JSON plus the stages), or null without the route. */
export async function exportWorkflow(id: string): Promise<unknown | null> {
  return orNull(getJson<unknown>(`${base(id)}/export`));
}

/** Uploads a file as the draft; 409 when a draft exists and overwrite is not set. */
export async function importWorkflow(
  id: string,
  file: Record<string, unknown>,
  overwrite: boolean,
): Promise<WorkflowImport> {
  const body = { definition: file, overwrite };
  return (await request<WorkflowImport>('POST', `${base(id)}/import`, body)).body;
}

/** A migration of the open cases on one version to another, as a dry run or for real. */
export async function migrateCases(
  id: string,
  body: {
    fromVersion: number;
    toVersion: number;
    stateMapping: Record<string, string>;
    dryRun: boolean;
  },
): Promise<MigrationDryRun | MigrationResult> {
  return (await request<MigrationDryRun | MigrationResult>('POST', `${base(id)}/migrations`, body))
    .body;
}

/** The bank holidays the server counts working days with, or null without the route. */
export async function bankHolidays(): Promise<BankHolidays | null> {
  return orNull(getJson<BankHolidays>('/api/calendar'));
}

/** The titles of the live forms, and their questions, for guards and stages. */
export async function liveForms() {
  const { items } = await getJson<{ items: { id: string; definition: unknown }[] }>('/api/forms');
  return items;
}

async function orNull<T>(pending: Promise<T>): Promise<T | null> {
  try {
    return await pending;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return null;
    throw error;
  }
}
