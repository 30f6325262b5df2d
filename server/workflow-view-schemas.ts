/**
 * JSON Schemas of what the workflow migration and file routes send, registered with the other
 * views (view-schemas.ts) so that the OpenAPI document and the UI's generated types name them.
 */

/** A position of a case: its stage's state path(s) and title(s). */
const position = {
  type: 'object',
  required: ['state', 'title'],
  properties: {
    state: { type: 'string', description: 'State paths of the stages, joined by spaces.' },
    title: { type: 'string', description: 'Their titles, joined by commas.' },
  },
} as const;

const deadlineBrief = {
  anyOf: [
    {
      type: 'object',
      required: ['label', 'state', 'dueOn'],
      properties: {
        label: { type: 'string' },
        state: { type: 'string' },
        dueOn: { type: ['string', 'null'] },
      },
    },
    { type: 'null' },
  ],
} as const;

const reportedCase = {
  type: 'object',
  required: ['caseId', 'reason'],
  properties: { caseId: { type: 'string' }, reason: { type: 'string' } },
} as const;

/** Open cases of a workflow per version and stage. */
export const openCaseCountsSchema = {
  $id: 'OpenCaseCounts',
  type: 'object',
  required: ['versions'],
  properties: {
    versions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['version', 'states'],
        properties: {
          version: { type: 'integer' },
          states: {
            type: 'array',
            items: {
              type: 'object',
              required: ['state', 'title', 'count'],
              properties: {
                state: { type: 'string' },
                title: { type: 'string' },
                count: { type: 'integer' },
              },
            },
          },
        },
      },
    },
  },
} as const;

/** A migration's dry run: case by case, nothing moved. */
export const migrationDryRunSchema = {
  $id: 'MigrationDryRun',
  type: 'object',
  required: ['dryRun', 'cases', 'total', 'reported'],
  properties: {
    dryRun: { type: 'boolean', enum: [true] },
    cases: {
      type: 'array',
      items: {
        type: 'object',
        required: ['caseId', 'reference', 'from', 'to', 'deadlinesChanged', 'formsNowRequired'],
        properties: {
          caseId: { type: 'string' },
          reference: {
            type: ['string', 'null'],
            description: 'Null for a restricted case.',
          },
          from: position,
          to: position,
          deadlinesChanged: {
            type: 'array',
            items: {
              type: 'object',
              required: ['before', 'after'],
              properties: { before: deadlineBrief, after: deadlineBrief },
            },
          },
          formsNowRequired: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    total: {
      type: 'integer',
      description: 'How many cases would move; `cases` lists at most `limit`.',
    },
    reported: { type: 'array', items: reportedCase },
  },
} as const;

/** A migration run, or its status. */
export const migrationReportSchema = {
  $id: 'MigrationReport',
  type: 'object',
  required: ['migrationId', 'status', 'moved', 'skipped', 'reported'],
  properties: {
    migrationId: { type: 'string' },
    status: { type: 'string', enum: ['running', 'done'] },
    moved: { type: 'integer' },
    skipped: { type: 'integer', description: 'Cases found on the new version already.' },
    reported: { type: 'array', items: reportedCase },
    workflowId: { type: 'string' },
    fromVersion: { type: 'integer' },
    toVersion: { type: 'integer' },
    stateMapping: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Old state path to new state path.',
    },
    startedAt: { type: 'string' },
    startedBy: { type: 'string' },
    updatedAt: { type: 'string' },
    finishedAt: { type: 'string' },
  },
} as const;

/** A workflow as one file: plain XState v5 machine JSON carrying its id, and Lowform's stages. */
export const workflowFileSchema = {
  $id: 'WorkflowFile',
  type: 'object',
  required: ['id', 'title', 'machine', 'stages'],
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    machine: {
      type: 'object',
      additionalProperties: true,
      description:
        'Free-form: an XState v5 machine config with its own id (targets like #id.state resolve in plain XState).',
    },
    stages: {
      type: 'object',
      additionalProperties: true,
      description:
        'Free-form: per state path, the title, forms, deadline, roles, sign-off and documents.',
    },
  },
} as const;

/** What an import did: the draft it made, and lint's findings on it. */
export const workflowImportSchema = {
  $id: 'WorkflowImport',
  type: 'object',
  required: ['draft', 'lint'],
  properties: { draft: { $ref: 'DefinitionView#' }, lint: { $ref: 'LintReport#' } },
} as const;

/** The schemas above, in an order where each refers only to schemas registered before it. */
export const workflowViewSchemas = [
  openCaseCountsSchema,
  migrationDryRunSchema,
  migrationReportSchema,
  workflowFileSchema,
  workflowImportSchema,
] as const;
