/**
 * Case routes: open, find, read, allocate, move on, sign off, and the chronology and access log.
 * Handlers are thin; the services in server/services/ hold the logic.
 */

import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { definitionIdSchema, errorResponses, idSchema } from '../schemas.ts';
import { recordAccess } from '../services/access-log.ts';
import { accessLogPage } from '../services/case-access-log.ts';
import type { CaseDeps } from '../services/case-deps.ts';
import { approveSignOff, signOffQueue, takeEvent } from '../services/case-events.ts';
import { caseSummaries, caseView, chronologyView } from '../services/case-views.ts';
import { changeCase, createCase, listCases } from '../services/cases.ts';
import type { SchemaTypeProvider } from '../type-provider.ts';

const caseParams = { type: 'object', required: ['id'], properties: { id: idSchema } } as const;
const dateSchema = { type: 'string', format: 'date' } as const;
const nameSchema = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' } as const;

/** Case routes. */
export async function caseRoutes(app: FastifyInstance, options: RouteDeps): Promise<void> {
  // Route options carry everything the case services need.
  const deps: CaseDeps = options;
  const { store } = options;
  const tags = ['cases'];
  // Handler types (params, query, body) come from the route schemas.
  const typed = app.withTypeProvider<SchemaTypeProvider>();

  typed.post(
    '/api/cases',
    {
      schema: {
        tags,
        summary: 'Open a case (search first: GET /api/cases?q=)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['workflowId', 'subject'],
          properties: {
            workflowId: definitionIdSchema,
            team: { type: 'string', maxLength: 64 },
            subject: {
              type: 'object',
              additionalProperties: false,
              required: ['firstName', 'lastName'],
              properties: {
                firstName: nameSchema,
                lastName: nameSchema,
                dateOfBirth: dateSchema,
                gender: { type: 'string', maxLength: 50 },
              },
            },
            siblingOf: {
              ...idSchema,
              description:
                "A brother's or sister's case that you can see: the new case joins its family, so family-level answers are recorded once for them all.",
            },
          },
        },
        response: { 201: { $ref: 'CasePage#' }, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const record = await createCase(deps, request.auth!.user, request.body);
      return reply.status(201).send(await caseView(deps, request.auth!.user, record));
    },
  );

  typed.get(
    '/api/cases',
    {
      schema: {
        tags,
        summary: 'The cases you may see: search by name, date of birth or reference; filter; page',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            q: { type: 'string', maxLength: 200 },
            stage: { type: 'string', maxLength: 200 },
            assignee: { type: 'string', maxLength: 64 },
            team: { type: 'string', maxLength: 64 },
            overdue: { type: 'boolean' },
            sort: { type: 'string', enum: ['updated', 'due', 'reference'] },
            cursor: { type: 'string', maxLength: 1000 },
            limit: { type: 'integer', minimum: 1, maximum: 100 },
          },
        },
        response: {
          200: { $ref: 'CaseList#' },
          ...errorResponses(),
        },
      },
    },
    async (request) => {
      const page = await listCases(deps, request.auth!.user, request.query);
      return { items: await caseSummaries(deps, page.items), nextCursor: page.nextCursor };
    },
  );

  typed.get(
    '/api/cases/:id',
    {
      schema: {
        tags,
        params: caseParams,
        response: { 200: { $ref: 'CasePage#' }, ...errorResponses(404) },
      },
    },
    async (request) => {
      const user = request.auth!.user;
      const record = await deps.cases.read(user, request.params.id);
      return caseView(deps, user, record);
    },
  );

  typed.patch(
    '/api/cases/:id',
    {
      schema: {
        tags,
        summary: 'Allocate a case, name its workers, or restrict who sees it (managers)',
        params: caseParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['expectedVersion'],
          properties: {
            expectedVersion: { type: 'integer', minimum: 1 },
            assignee: { type: ['string', 'null'], maxLength: 64 },
            workers: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 64 } },
            restricted: { type: 'boolean' },
          },
        },
        response: { 200: { $ref: 'CasePage#' }, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const record = await changeCase(deps, request.auth!.user, request.params.id, request.body);
      return caseView(deps, request.auth!.user, record);
    },
  );

  typed.post(
    '/api/cases/:id/events',
    {
      schema: {
        tags,
        summary: 'Move a case on: 409 when expectedVersion is stale, 422 with reasons when refused',
        params: caseParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['type', 'expectedVersion'],
          properties: {
            type: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' },
            expectedVersion: { type: 'integer', minimum: 1 },
            reason: { type: 'string', minLength: 1, maxLength: 2000 },
          },
        },
        response: {
          200: { $ref: 'CasePage#' },
          202: { $ref: 'CasePage#', description: 'Waiting for sign-off: the case as it stands' },
          ...errorResponses(404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const user = request.auth!.user;
      const outcome = await takeEvent(deps, user, request.params.id, request.body);
      const view = await caseView(deps, user, outcome.record, outcome.submissions);
      return reply.status(outcome.status === 'waiting' ? 202 : 200).send(view);
    },
  );

  typed.post(
    '/api/cases/:id/sign-offs/:event',
    {
      schema: {
        tags,
        summary: 'Sign off a waiting event (managers); the event is then taken',
        params: {
          type: 'object',
          required: ['id', 'event'],
          properties: {
            id: idSchema,
            event: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' },
          },
        },
        response: { 200: { $ref: 'CasePage#' }, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const user = request.auth!.user;
      const record = await approveSignOff(deps, user, request.params.id, request.params.event);
      return caseView(deps, user, record);
    },
  );

  typed.get(
    '/api/sign-offs',
    {
      schema: {
        tags,
        summary:
          "Sign-offs waiting on your teams' cases (managers), oldest first, a page of cases at a time",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            cursor: { type: 'string', maxLength: 1000 },
            limit: { type: 'integer', minimum: 1, maximum: 100 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['items', 'nextCursor'],
            properties: {
              items: { type: 'array', items: { $ref: 'SignOffItem#' } },
              nextCursor: { type: ['string', 'null'] },
            },
          },
          ...errorResponses(),
        },
      },
    },
    async (request) => signOffQueue(deps, request.auth!.user, request.query),
  );

  typed.get(
    '/api/cases/:id/chronology',
    {
      schema: {
        tags,
        summary: "The case's story, oldest first",
        params: caseParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            kind: {
              type: 'string',
              enum: [
                'case',
                'event',
                'submission',
                'assignment',
                'approval',
                'sign-off',
                'document',
              ],
            },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', items: { $ref: 'ChronologyEntry#' } } },
          },
          ...errorResponses(404),
        },
      },
    },
    async (request) => {
      const user = request.auth!.user;
      const record = await deps.cases.read(user, request.params.id);
      const [entries] = await Promise.all([
        deps.cases.chronology(record.id, request.query.kind),
        recordAccess(deps, user, record.id, 'chronology-viewed'),
      ]);
      return { items: await chronologyView(store, entries) };
    },
  );

  typed.get(
    '/api/cases/:id/access-log',
    {
      schema: {
        tags,
        summary:
          'Who looked at the case and its forms, and when (managers and admins): paged, by person and London dates',
        params: caseParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            actor: { ...idSchema, description: 'Only the reads of this user (an id).' },
            from: { ...dateSchema, description: 'From this London date.' },
            to: { ...dateSchema, description: 'Up to and including this London date.' },
            order: { type: 'string', enum: ['asc', 'desc'], default: 'asc' },
            cursor: { type: 'string', maxLength: 1000 },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
          },
        },
        response: { 200: { $ref: 'AccessLogPage#' }, ...errorResponses(404) },
      },
    },
    async (request) => accessLogPage(deps, request.auth!.user, request.params.id, request.query),
  );
}
