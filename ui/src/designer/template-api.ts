/**
 * The document template API as the template editor uses it: the live version, the draft, lint,
 * the preview of the draft on a case, publishing and the version history. The routes are the
 * definitions' (server/routes/definitions.ts, kind 'template') and the draft preview's.
 */
import type { DocumentTemplate } from '../../../schemas/generated/document-template.ts';
import { ApiError, getJson, request, requestText } from '../api/client.ts';
import type { DefinitionView as FormView, LintReport, VersionEntry } from './designer-api.ts';

/** A version of a template (published or the draft), as the server keeps it. */
export type TemplateView = Omit<FormView, 'definition'> & { definition: DocumentTemplate };

const base = (id: string) => `/api/document-templates/${encodeURIComponent(id)}`;

async function orNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** The latest published version of every template. */
export async function listLiveTemplates(): Promise<TemplateView[]> {
  return (await getJson<{ items: TemplateView[] }>('/api/document-templates')).items;
}

/** The live version of a template, or null. */
export function getLiveTemplate(id: string): Promise<TemplateView | null> {
  return orNull(getJson<TemplateView>(base(id)));
}

/** The draft of a template, or null when there is none. */
export function getTemplateDraft(id: string): Promise<TemplateView | null> {
  return orNull(getJson<TemplateView>(`${base(id)}/draft`));
}

/** Saves the draft; expectedVersion is the draft's recordVersion when one exists. */
export async function saveTemplateDraft(
  id: string,
  definition: DocumentTemplate,
  expectedVersion: number | undefined,
): Promise<TemplateView> {
  return (await request<TemplateView>('PUT', `${base(id)}/draft`, { definition, expectedVersion }))
    .body;
}

/** Checks a template as publishing would. */
export async function lintTemplate(id: string, definition: DocumentTemplate): Promise<LintReport> {
  return (await request<LintReport>('POST', `${base(id)}/lint`, { definition })).body;
}

/** The template rendered on a case the user may see, as an HTML page, and which case. */
export async function previewTemplate(
  id: string,
  definition: DocumentTemplate,
  caseId?: string,
): Promise<{ html: string; caseId: string; reference: string }> {
  const { text, headers } = await requestText('POST', `${base(id)}/preview`, {
    definition,
    ...(caseId ? { caseId } : {}),
  });
  return {
    html: text,
    caseId: headers.get('x-lowform-case-id') ?? '',
    reference: headers.get('x-lowform-case-reference') ?? '',
  };
}

/** Publishes the draft with a note for the version history. */
export async function publishTemplate(
  id: string,
  expectedVersion: number,
  note: string,
): Promise<TemplateView> {
  return (
    await request<TemplateView>('POST', `${base(id)}/publish`, {
      expectedVersion,
      ...(note.trim() ? { note: note.trim() } : {}),
    })
  ).body;
}

/** The published versions, newest first. */
export async function templateVersions(id: string): Promise<VersionEntry[]> {
  return (await getJson<{ items: VersionEntry[] }>(`${base(id)}/versions`)).items;
}
