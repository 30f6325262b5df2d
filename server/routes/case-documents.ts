/**
 * Documents on a case: what the stage offers and what was issued, a preview, issuing one, and
 * reading an issued one's stored bytes. Handlers are thin; services/case-documents.ts holds
 * the logic.
 */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { definitionIdSchema, errorResponses, idSchema } from '../schemas.ts';
import type { CaseDeps } from '../services/case-deps.ts';
import {
  issueCaseDocument,
  listCaseDocuments,
  previewCaseDocument,
  previewTemplateDraft,
  readCaseDocument,
} from '../services/case-documents.ts';
import type { SchemaTypeProvider } from '../type-provider.ts';

const caseParams = { type: 'object', required: ['id'], properties: { id: idSchema } } as const;
const formatSchema = { type: 'string', enum: ['pdf', 'docx'] } as const;

const issuedDocumentSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'templateId',
    'title',
    'format',
    'size',
    'createdAt',
    'createdBy',
    'caseVersion',
    'templateVersion',
    'modelSha256',
  ],
  properties: {
    id: { type: 'string' },
    templateId: { type: 'string' },
    title: { type: 'string' },
    format: { type: 'string', enum: ['html', 'pdf', 'docx'] },
    size: { type: 'integer', description: 'Bytes.' },
    createdAt: { type: 'string', format: 'date-time' },
    createdBy: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'displayName'],
      properties: { id: { type: 'string' }, displayName: { type: 'string' } },
    },
    caseVersion: { type: 'integer', description: 'The case version it was built from.' },
    templateVersion: { type: 'integer' },
    modelSha256: { type: 'string', description: 'SHA-256 of the document model.' },
  },
} as const;

const caseDocumentsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['offered', 'issued'],
  properties: {
    offered: {
      description: "The documents the case's current stages offer.",
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['templateId', 'title', 'formats'],
        properties: {
          templateId: { type: 'string' },
          title: { type: 'string' },
          formats: { type: 'array', items: formatSchema },
        },
      },
    },
    issued: {
      description: 'Documents issued on the case, newest first.',
      type: 'array',
      items: issuedDocumentSchema,
    },
  },
} as const;

/** Case document routes. */
export async function caseDocumentRoutes(app: FastifyInstance, options: RouteDeps): Promise<void> {
  const typed = app.withTypeProvider<SchemaTypeProvider>();
  const deps: CaseDeps = options;
  const tags = ['case documents'];

  typed.get(
    '/api/cases/:id/documents',
    {
      schema: {
        tags,
        summary: "The documents the case's stage offers, and those issued on it",
        params: caseParams,
        response: { 200: caseDocumentsSchema, ...errorResponses(404) },
      },
    },
    async (request) => listCaseDocuments(deps, request.auth!.user, request.params.id),
  );

  typed.get(
    '/api/cases/:id/documents/preview',
    {
      schema: {
        tags,
        summary: 'A document as an HTML page, built from the case as it is now; nothing is stored',
        params: caseParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['templateId'],
          properties: { templateId: definitionIdSchema },
        },
        response: {
          200: { type: 'string', description: 'An HTML page (text/html).' },
          ...errorResponses(404),
        },
      },
    },
    async (request, reply) => {
      const html = await previewCaseDocument(
        deps,
        request.auth!.user,
        request.params.id,
        request.query.templateId,
      );
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
    },
  );

  typed.post(
    '/api/document-templates/:id/preview',
    {
      schema: {
        tags: ['document templates'],
        summary:
          'A template being edited, rendered as an HTML page on a case you may see (the one named, or the one changed last); nothing is stored',
        params: { type: 'object', required: ['id'], properties: { id: definitionIdSchema } },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['definition'],
          properties: {
            definition: {
              type: 'object',
              additionalProperties: true,
              description: 'The template: checked as publishing checks it.',
            },
            caseId: idSchema,
          },
        },
        response: {
          200: {
            type: 'string',
            description:
              'An HTML page (text/html); the x-lowform-case-reference header names the case.',
          },
          ...errorResponses(404, 422),
        },
      },
    },
    async (request, reply) => {
      const preview = await previewTemplateDraft(
        deps,
        request.auth!.user,
        request.params.id,
        request.body.definition,
        request.body.caseId,
      );
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-lowform-case-id', preview.caseId)
        .header('x-lowform-case-reference', preview.reference)
        .send(preview.html);
    },
  );

  typed.post(
    '/api/cases/:id/documents',
    {
      schema: {
        tags,
        summary:
          'Issue a document: rendered from the case now, stored unchanged for good, and entered once in the chronology',
        params: caseParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['templateId', 'format'],
          properties: {
            templateId: definitionIdSchema,
            format: formatSchema,
            idempotencyKey: {
              type: 'string',
              pattern: '^[A-Za-z0-9_-]{8,64}$',
              description:
                'The same key again (a retry after a lost answer) returns the document first stored and writes its chronology entry only if missing.',
            },
          },
        },
        response: { 201: issuedDocumentSchema, ...errorResponses(404, 409, 413) },
      },
    },
    async (request, reply) => {
      const issued = await issueCaseDocument(
        deps,
        request.auth!.user,
        request.params.id,
        request.body,
      );
      return reply.status(201).send(issued);
    },
  );

  typed.get(
    '/api/cases/:id/documents/:documentId',
    {
      schema: {
        tags,
        summary: "An issued document's stored bytes: the same every time",
        params: {
          type: 'object',
          required: ['id', 'documentId'],
          properties: { id: idSchema, documentId: idSchema },
        },
        response: {
          200: { type: 'string', format: 'binary', description: 'The PDF or DOCX file.' },
          ...errorResponses(404),
        },
      },
    },
    async (request, reply) => {
      const { bytes, mediaType, fileName } = await readCaseDocument(
        deps,
        request.auth!.user,
        request.params.id,
        request.params.documentId,
      );
      return reply
        .type(mediaType)
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  );
}
