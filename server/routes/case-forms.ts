/** A form on a case: read with prefill, autosave a draft, submit. */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { definitionIdSchema, errorResponses, idSchema } from '../schemas.ts';
import { recordAccess } from '../services/access-log.ts';
import type { CaseDeps } from '../services/case-deps.ts';
import { getCaseForm, saveCaseDraft, submitCaseForm } from '../services/case-forms.ts';
import type { SchemaTypeProvider } from '../type-provider.ts';

const params = {
  type: 'object',
  required: ['id', 'formId'],
  properties: { id: idSchema, formId: definitionIdSchema },
} as const;
const data = {
  type: 'object',
  additionalProperties: true,
  maxProperties: 1000,
  description: "The answers: free-form, checked against the form's schema.",
} as const;

const activeSeconds = {
  type: 'integer',
  minimum: 0,
  maximum: 86_400,
  description:
    'Seconds of active recording since the last save (typing and focus; pauses over a minute not counted): added to the form’s total.',
} as const;

/** Case form routes. */
export async function caseFormRoutes(app: FastifyInstance, options: RouteDeps): Promise<void> {
  // Handler types (params, query, body) come from the route schemas.
  const typed = app.withTypeProvider<SchemaTypeProvider>();
  // Route options carry everything the case services need.
  const deps: CaseDeps = options;
  const tags = ['case forms'];

  typed.get(
    '/api/cases/:id/forms/:formId',
    {
      schema: {
        tags,
        summary:
          'The form version in use, its data (draft, else last submission, else prefill) and status',
        params,
        response: { 200: { $ref: 'CaseForm#' }, ...errorResponses(404) },
      },
    },
    async (request) => {
      const user = request.auth!.user;
      const view = await getCaseForm(deps, user, request.params.id, request.params.formId);
      await recordAccess(deps, user, request.params.id, `form-viewed:${request.params.formId}`);
      return view;
    },
  );

  typed.put(
    '/api/cases/:id/forms/:formId/draft',
    {
      schema: {
        tags,
        summary: 'Autosave: a stale revision gets 409 with the newer draft',
        params,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['data', 'revision'],
          properties: { data, revision: { type: 'integer', minimum: 0 }, activeSeconds },
        },
        response: {
          200: { $ref: 'DraftSaved#' },
          ...errorResponses(404, 409, 422),
        },
      },
    },
    async (request) =>
      saveCaseDraft(
        deps,
        request.auth!.user,
        request.params.id,
        request.params.formId,
        request.body,
      ),
  );

  typed.post(
    '/api/cases/:id/forms/:formId/submit',
    {
      schema: {
        tags,
        summary:
          'Submit: 422 with field-level errors; the same idempotency key twice gives the first result',
        params,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['data', 'idempotencyKey'],
          properties: {
            data,
            idempotencyKey: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' },
            activeSeconds,
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['submission'],
            properties: { submission: { $ref: 'Submission#' } },
          },
          ...errorResponses(404, 422),
        },
      },
    },
    async (request) => ({
      submission: await submitCaseForm(
        deps,
        request.auth!.user,
        request.params.id,
        request.params.formId,
        request.body,
      ),
    }),
  );
}
