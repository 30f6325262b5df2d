/**
 * Forms and workflows: everyone reads published versions; practice leads edit forms and admins
 * edit workflows (draft, lint, diff, publish). One plugin serves both kinds.
 */
import type { FastifyInstance } from 'fastify';
import { packBurden } from '../../forms/index.ts';
import type { RouteDeps } from '../app.ts';
import { LowformError } from '../errors.ts';
import { definitionIdSchema, errorResponses } from '../schemas.ts';
import { displayNames } from '../services/case-views.ts';
import { allLatestPublished, type DefinitionRegistry } from '../services/definition-registry.ts';
import {
  type DefinitionKind,
  definitionCollection,
  diffFormVersions,
  getDraft,
  lintDefinition,
  listDrafts,
  publishDraft,
  restoreVersion,
  saveDraft,
  toDefinitionView,
  versionHistory,
} from '../services/definitions.ts';
import { formDependents } from '../services/form-dependencies.ts';
import { formUsage, MIN_SUBMISSIONS } from '../services/form-usage.ts';
import type { SchemaTypeProvider } from '../type-provider.ts';

const definitionView = { $ref: 'DefinitionView#' } as const;
const lintView = { $ref: 'LintReport#' } as const;

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: definitionIdSchema },
} as const;
const definitionBody = {
  type: 'object',
  additionalProperties: false,
  required: ['definition'],
  properties: {
    definition: {
      type: 'object',
      additionalProperties: true,
      description: 'The definition: free-form here, checked by lint and on publish.',
    },
    expectedVersion: { type: 'integer', minimum: 1 },
  },
} as const;

/** Routes for one kind of definition under `/api/forms` or `/api/workflows`. */
export async function definitionRoutes(
  app: FastifyInstance,
  options: RouteDeps & { kind: DefinitionKind; registry: DefinitionRegistry },
): Promise<void> {
  // Handler types (params, query, body) come from the route schemas.
  const typed = app.withTypeProvider<SchemaTypeProvider>();
  const { store, now, kind, registry } = options;
  const base = {
    form: '/api/forms',
    workflow: '/api/workflows',
    template: '/api/document-templates',
  }[kind];
  const tags = [{ form: 'forms', workflow: 'workflows', template: 'document templates' }[kind]];
  const records = definitionCollection(store, kind);
  const deps = { store, registry };
  // Who start-up seeding and the CLI's pack import publish as (server/demo/prepare.ts without a
  // demo admin, server/commands/pack-import.ts): no user, so named for what it was.
  const systemActor = 'system';

  typed.get(
    base,
    {
      schema: {
        tags,
        summary: `The latest published version of every ${kind}`,
        response: {
          200: { $ref: 'DefinitionList#' },
          ...errorResponses(),
        },
      },
    },
    async () => ({ items: (await allLatestPublished(records)).map(toDefinitionView) }),
  );

  typed.get(
    `${base}/:id`,
    {
      schema: { tags, params: idParams, response: { 200: definitionView, ...errorResponses(404) } },
    },
    async (request) => {
      const all = await allLatestPublished(records);
      const latest = all.find((r) => r.definitionId === request.params.id);
      if (!latest)
        throw new LowformError(
          'LF_NOT_FOUND',
          `No version of "${request.params.id}" is published.`,
        );
      return toDefinitionView(latest);
    },
  );

  typed.get(
    `${base}/:id/versions/:version`,
    {
      schema: {
        tags,
        params: {
          type: 'object',
          required: ['id', 'version'],
          properties: { id: definitionIdSchema, version: { type: 'integer', minimum: 1 } },
        },
        response: { 200: definitionView, ...errorResponses(404) },
      },
    },
    async (request) => {
      const record = await records.get(`${request.params.id}@${request.params.version}`);
      if (!record)
        throw new LowformError(
          'LF_NOT_FOUND',
          `"${request.params.id}" has no version ${request.params.version}.`,
        );
      return toDefinitionView(record);
    },
  );

  typed.post(
    base,
    {
      schema: {
        tags,
        summary: `Start a new ${kind} as a draft`,
        body: definitionBody,
        response: { 201: definitionView, ...errorResponses(409) },
      },
    },
    async (request, reply) => {
      const id = request.body.definition.id;
      if (typeof id !== 'string' || !/^[a-z][a-z0-9-]{0,63}$/.test(id)) {
        throw new LowformError(
          'LF_VALIDATION',
          'The definition needs an id of lower-case letters, digits and dashes.',
          [{ in: 'body', path: '/definition/id', problem: 'must match ^[a-z][a-z0-9-]{0,63}$' }],
        );
      }
      const exists =
        (await getDraft(store, kind, id)) ?? (await records.findOne({ definitionId: id }));
      if (exists)
        throw new LowformError('LF_DUPLICATE', `A ${kind} with the id "${id}" exists already.`);
      const record = await saveDraft(
        store,
        kind,
        id,
        request.body.definition,
        undefined,
        request.auth!.user.id,
        now(),
      );
      return reply.status(201).send(toDefinitionView(record));
    },
  );

  typed.get(
    `${base}/:id/draft`,
    {
      schema: { tags, params: idParams, response: { 200: definitionView, ...errorResponses(404) } },
    },
    async (request) => {
      const draft = await getDraft(store, kind, request.params.id);
      if (!draft)
        throw new LowformError('LF_NOT_FOUND', `There is no draft of "${request.params.id}".`);
      return toDefinitionView(draft);
    },
  );

  typed.put(
    `${base}/:id/draft`,
    {
      schema: {
        tags,
        params: idParams,
        body: definitionBody,
        response: { 200: definitionView, ...errorResponses(409) },
      },
    },
    async (request) => {
      const { definition, expectedVersion } = request.body;
      const record = await saveDraft(
        store,
        kind,
        request.params.id,
        definition,
        expectedVersion,
        request.auth!.user.id,
        now(),
      );
      return toDefinitionView(record);
    },
  );

  typed.post(
    `${base}/:id/lint`,
    {
      schema: {
        tags,
        summary: 'Lint the draft, or the definition sent',
        params: idParams,
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: {
            definition: {
              type: 'object',
              additionalProperties: true,
              description: 'A definition to lint instead of the draft: free-form, lint checks it.',
            },
          },
        },
        response: { 200: lintView, ...errorResponses(404) },
      },
    },
    async (request) => {
      let definition: unknown = request.body?.definition;
      if (definition === undefined) {
        const draft = await getDraft(store, kind, request.params.id);
        if (!draft)
          throw new LowformError(
            'LF_NOT_FOUND',
            `There is no draft of "${request.params.id}" to lint.`,
          );
        definition = JSON.parse(draft.definition);
      }
      return lintDefinition(deps, kind, definition, now());
    },
  );

  typed.post(
    `${base}/:id/publish`,
    {
      schema: {
        tags,
        summary: 'Publish the draft as an immutable version',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['expectedVersion'],
          properties: {
            expectedVersion: { type: 'integer', minimum: 1 },
            note: {
              type: 'string',
              minLength: 1,
              maxLength: 500,
              description: 'What changed and why, for the version history.',
            },
          },
        },
        response: { 200: definitionView, ...errorResponses(404, 409, 422) },
      },
    },
    async (request) => {
      const record = await publishDraft(
        deps,
        kind,
        request.params.id,
        request.body.expectedVersion,
        request.auth!.user.id,
        now(),
        request.body.note?.trim() || undefined,
      );
      return toDefinitionView(record);
    },
  );

  typed.get(
    `${base}/:id/versions`,
    {
      schema: {
        tags,
        summary: 'The version history: who published each version, when, with their note',
        params: idParams,
        response: { 200: { $ref: 'VersionHistory#' }, ...errorResponses(404) },
      },
    },
    async (request) => {
      const versions = await versionHistory(store, kind, request.params.id);
      const names = await displayNames(
        store,
        versions.map((v) => v.publishedBy ?? v.updatedBy),
      );
      return {
        items: versions.map((v) => {
          const by = v.publishedBy ?? v.updatedBy;
          return {
            version: v.definitionVersion,
            publishedAt: v.publishedAt ?? v.createdAt,
            publishedBy: {
              id: by,
              displayName: by === systemActor ? 'Pack import' : (names.get(by) ?? ''),
            },
            ...(v.note ? { note: v.note } : {}),
          };
        }),
      };
    },
  );

  typed.post(
    `${base}/:id/versions/:version/restore`,
    {
      schema: {
        tags,
        summary:
          'Make a published version the draft again (send the draft’s recordVersion to replace one)',
        params: {
          type: 'object',
          required: ['id', 'version'],
          properties: { id: definitionIdSchema, version: { type: 'integer', minimum: 1 } },
        },
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { expectedVersion: { type: 'integer', minimum: 1 } },
        },
        response: { 200: definitionView, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const record = await restoreVersion(
        store,
        kind,
        request.params.id,
        request.params.version,
        request.body?.expectedVersion,
        request.auth!.user.id,
        now(),
      );
      return toDefinitionView(record);
    },
  );

  if (kind === 'form') {
    typed.get(
      '/api/form-drafts',
      {
        schema: {
          tags,
          summary: 'Every form draft: forms being changed, and new forms never published',
          response: { 200: { $ref: 'DefinitionList#' }, ...errorResponses() },
        },
      },
      async () => ({ items: (await listDrafts(store, 'form')).map(toDefinitionView) }),
    );

    typed.get(
      '/api/form-burden',
      {
        schema: {
          tags,
          summary:
            'What the live forms ask of the people who fill them in: fields, required, free text, estimated minutes, per form and in all, and the questions asked on more than one form',
          response: { 200: { $ref: 'PackBurden#' }, ...errorResponses() },
        },
      },
      async () => {
        const latest = await allLatestPublished(records);
        const forms = await Promise.all(
          latest.map((r) => registry.form(r.definitionId, r.definitionVersion)),
        );
        return packBurden(forms);
      },
    );

    typed.get(
      `${base}/:id/usage`,
      {
        schema: {
          tags,
          summary:
            'How the form is used: each question’s fill rate and the median active minutes per version (aggregates only)',
          params: idParams,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { months: { type: 'integer', minimum: 1, maximum: 120, default: 12 } },
          },
          response: { 200: { $ref: 'FormUsage#' }, ...errorResponses() },
        },
      },
      async (request) => {
        const since = new Date(now());
        since.setUTCMonth(since.getUTCMonth() - (request.query.months ?? 12));
        const usage = await formUsage(deps, request.params.id, since.toISOString());
        return { ...usage, minSubmissions: MIN_SUBMISSIONS };
      },
    );

    typed.get(
      `${base}/:id/dependents`,
      {
        schema: {
          tags,
          summary:
            "What reads this form's questions: workflow guards (a decision picking a branch) and other forms' prefill",
          params: idParams,
          response: { 200: { $ref: 'FormDependents#' }, ...errorResponses() },
        },
      },
      async (request) => ({ items: await formDependents(deps, request.params.id) }),
    );

    typed.get(
      `${base}/:id/diff`,
      {
        schema: {
          tags,
          summary: 'What changed between two versions (default: latest published and the draft)',
          params: idParams,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              from: { type: 'string', pattern: '^([0-9]{1,6}|draft)$' },
              to: { type: 'string', pattern: '^([0-9]{1,6}|draft)$' },
            },
          },
          response: { 200: { $ref: 'FormDiff#' }, ...errorResponses(404) },
        },
      },
      async (request) => {
        const parse = (v: string | undefined, fallback: number | 'draft') =>
          v === undefined ? fallback : v === 'draft' ? 'draft' : Number(v);
        const latest = (await allLatestPublished(records)).find(
          (r) => r.definitionId === request.params.id,
        );
        const from = parse(request.query.from, latest?.definitionVersion ?? 1);
        const to = parse(request.query.to, 'draft');
        return diffFormVersions(store, request.params.id, from, to);
      },
    );
  }
}
