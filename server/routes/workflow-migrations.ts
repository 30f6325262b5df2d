/**
 * Admins move running cases to another workflow version (open cases per version and state, a
 * dry run, the migration and its status), and download or upload a workflow as one file.
 */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { definitionIdSchema, errorResponses, idSchema } from '../schemas.ts';
import { exportWorkflow, importWorkflow } from '../services/workflow-files.ts';
import {
  dryRunMigration,
  migrationStatus,
  openCaseCounts,
  runMigration,
} from '../services/workflow-migrations.ts';
import type { SchemaTypeProvider } from '../type-provider.ts';

const tags = ['workflows'];
const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: definitionIdSchema },
} as const;
const statePath = '^[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z][A-Za-z0-9_-]*)*$';

/** Migration and file routes under `/api/workflows/:id`. */
export async function workflowMigrationRoutes(
  app: FastifyInstance,
  deps: RouteDeps,
): Promise<void> {
  const typed = app.withTypeProvider<SchemaTypeProvider>();

  typed.get(
    '/api/workflows/:id/open-cases',
    {
      schema: {
        tags,
        summary: 'How many open cases run on each version of the workflow, and in which states',
        params: idParams,
        response: { 200: { $ref: 'OpenCaseCounts#' }, ...errorResponses() },
      },
    },
    async (request) => ({ versions: await openCaseCounts(deps, request.params.id) }),
  );

  typed.post(
    '/api/workflows/:id/migrations',
    {
      schema: {
        tags,
        summary:
          'Move the open cases of one version to another with a state mapping (dryRun: say what would happen, move nothing). Running it again finishes one a crash stopped.',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['fromVersion', 'toVersion', 'stateMapping'],
          properties: {
            fromVersion: { type: 'integer', minimum: 1 },
            toVersion: { type: 'integer', minimum: 1 },
            stateMapping: {
              type: 'object',
              description: 'Old state path to new state path, for every state open cases are in.',
              maxProperties: 1000,
              propertyNames: { pattern: statePath, maxLength: 500 },
              additionalProperties: { type: 'string', pattern: statePath, maxLength: 500 },
            },
            dryRun: { type: 'boolean', default: false },
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: 5000,
              default: 1000,
              description: 'A dry run lists at most this many cases (total counts them all).',
            },
          },
        },
        response: {
          200: { anyOf: [{ $ref: 'MigrationDryRun#' }, { $ref: 'MigrationReport#' }] },
          ...errorResponses(404, 409),
        },
      },
    },
    async (request) => {
      const { dryRun, limit, ...input } = request.body;
      const admin = request.auth!.user;
      if (dryRun) return dryRunMigration(deps, admin, request.params.id, input, limit ?? 1000);
      return runMigration(deps, admin, request.params.id, input);
    },
  );

  typed.get(
    '/api/workflows/:id/migrations/:migrationId',
    {
      schema: {
        tags,
        summary: 'A migration: running or done, how many cases moved, skipped and reported',
        params: {
          type: 'object',
          required: ['id', 'migrationId'],
          properties: { id: definitionIdSchema, migrationId: idSchema },
        },
        response: { 200: { $ref: 'MigrationReport#' }, ...errorResponses(404) },
      },
    },
    async (request) => migrationStatus(deps.store, request.params.id, request.params.migrationId),
  );

  typed.get(
    '/api/workflows/:id/export',
    {
      schema: {
        tags,
        summary:
          'The workflow as one JSON file (plain XState v5 machine with its id, and the stages): the latest published version, a version, or the draft',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { version: { type: 'string', pattern: '^([0-9]{1,6}|draft)$' } },
        },
        response: { 200: { $ref: 'WorkflowFile#' }, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { version } = request.query;
      const which = version === undefined || version === 'draft' ? version : Number(version);
      const file = await exportWorkflow(deps.store, request.params.id, which);
      const name = `${request.params.id}${which === undefined ? '' : `-${which}`}.workflow.json`;
      reply.header('content-disposition', `attachment; filename="${name}"`);
      return file;
    },
  );

  typed.post(
    '/api/workflows/:id/import',
    {
      schema: {
        tags,
        summary:
          'Put a workflow file in the draft (checked and linted); an existing draft is replaced only with overwrite: true, else 409',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['definition'],
          properties: {
            definition: {
              type: 'object',
              additionalProperties: true,
              description: 'The workflow file, as the export gives it.',
            },
            overwrite: { type: 'boolean', default: false },
          },
        },
        response: { 200: { $ref: 'WorkflowImport#' }, ...errorResponses(409, 422) },
      },
    },
    async (request) =>
      importWorkflow(
        deps,
        request.params.id,
        request.body.definition,
        request.body.overwrite ?? false,
        request.auth!.user.id,
        deps.now(),
      ),
  );
}
