/**
 * JSON Schemas of the views the API sends (2xx bodies), registered by buildApp with their $id so
 * routes refer to them as `Name#` and the OpenAPI document names them. Responses are serialised
 * by these schemas: a field a schema does not declare is not sent.
 */
import { reportViewSchemas } from './report-view-schemas.ts';
import { workflowViewSchemas } from './workflow-view-schemas.ts';

/** Says that an object holds answers or a definition, whose keys are the author's. */
const freeForm = (description: string) =>
  ({
    type: 'object',
    additionalProperties: true,
    description: `Free-form: ${description}`,
  }) as const;

/** A person as the API names them. */
export const personRefSchema = {
  $id: 'PersonRef',
  type: 'object',
  required: ['id', 'displayName'],
  properties: { id: { type: 'string' }, displayName: { type: 'string' } },
} as const;

/** The child a case is about, as shown (never the family id). */
export const subjectViewSchema = {
  $id: 'Subject',
  type: 'object',
  required: ['firstName', 'lastName'],
  properties: {
    firstName: { type: 'string' },
    lastName: { type: 'string' },
    dateOfBirth: { type: 'string' },
    gender: { type: 'string' },
  },
} as const;

/** A deadline with its standing today; status and workingDays only when it has a due date. */
export const deadlineSchema = {
  $id: 'Deadline',
  type: 'object',
  required: ['label', 'dueOn', 'startedOn', 'elapsedDays'],
  properties: {
    label: { type: 'string' },
    dueOn: { type: ['string', 'null'], description: 'The last date (YYYY-MM-DD) that meets it.' },
    startedOn: { type: 'string' },
    elapsedDays: { type: 'integer' },
    status: { type: 'string', enum: ['on-track', 'due-soon', 'overdue'] },
    workingDays: { type: 'integer', description: 'Working days left; negative when overdue.' },
  },
} as const;

/** Why an event cannot be taken yet: a code with its params, and the words for people. */
export const reasonSchema = {
  $id: 'Reason',
  type: 'object',
  required: ['code', 'params', 'text'],
  properties: {
    code: { type: 'string' },
    params: freeForm('What the code is about (the form, the role, the date ...): per code.'),
    text: { type: 'string' },
  },
} as const;

/** A reason: the engine's code and params, and its words. */
const reasonItem = { $ref: 'Reason#' } as const;

/** A stage's path and title. */
const stageRef = {
  type: 'object',
  required: ['state', 'title'],
  properties: { state: { type: 'string' }, title: { type: 'string' } },
} as const;

const nullable = (ref: string) => ({ anyOf: [{ $ref: ref }, { type: 'null' }] }) as const;

const caseSummaryProperties = {
  id: { type: 'string' },
  reference: { type: 'string' },
  subject: { $ref: 'Subject#' },
  stageTitle: { type: 'string' },
  stages: { type: 'array', items: stageRef },
  deadline: nullable('Deadline#'),
  assignee: nullable('PersonRef#'),
  team: { type: 'string' },
  restricted: { type: 'boolean' },
  updatedAt: { type: 'string' },
  version: { type: 'integer' },
  final: { type: 'boolean' },
} as const;

const caseSummaryRequired = [
  'id',
  'reference',
  'subject',
  'stageTitle',
  'stages',
  'deadline',
  'assignee',
  'team',
  'restricted',
  'updatedAt',
  'version',
  'final',
] as const;

/** A case as a caseload row. */
export const caseSummarySchema = {
  $id: 'CaseSummary',
  type: 'object',
  required: caseSummaryRequired,
  properties: caseSummaryProperties,
} as const;

/** A page of cases. */
export const caseListSchema = {
  $id: 'CaseList',
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', items: { $ref: 'CaseSummary#' } },
    nextCursor: { type: ['string', 'null'] },
  },
} as const;

/** A stage the case is in, with its forms, documents and deadline. */
export const caseStageSchema = {
  $id: 'CaseStage',
  type: 'object',
  required: ['state', 'title', 'forms', 'documents', 'deadline'],
  properties: {
    state: { type: 'string' },
    title: { type: 'string' },
    forms: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'title', 'required', 'status'],
        properties: {
          id: { type: 'string' },
          title: { type: 'string' },
          required: { type: 'boolean' },
          status: { type: 'string', enum: ['empty', 'draft', 'submitted'] },
        },
      },
    },
    documents: { type: 'array', items: { type: 'string' } },
    deadline: nullable('Deadline#'),
  },
} as const;

/** An event the user may (or may not yet) take on a case. */
export const availableEventSchema = {
  $id: 'AvailableEvent',
  type: 'object',
  required: [
    'type',
    'label',
    'enabled',
    'reasons',
    'late',
    'needsSignOff',
    'signOffBy',
    'signOffPending',
  ],
  properties: {
    type: { type: 'string' },
    label: { type: 'string' },
    enabled: { type: 'boolean' },
    reasons: { type: 'array', items: reasonItem },
    late: { type: 'boolean' },
    needsSignOff: { type: 'boolean' },
    signOffBy: {
      type: 'array',
      items: { type: 'string' },
      description: 'The roles who may sign it off; empty when no stage asks for sign-off.',
    },
    signOffPending: { type: 'boolean' },
  },
} as const;

/** An event waiting for sign-off. */
export const signOffRequestSchema = {
  $id: 'SignOffRequest',
  type: 'object',
  required: ['event', 'summary', 'requestedBy', 'requestedByName', 'at'],
  properties: {
    event: { type: 'string' },
    summary: { type: 'string' },
    requestedBy: { type: 'string', description: 'The user id of who asked.' },
    requestedByName: { type: 'string' },
    at: { type: 'string' },
    reason: { type: 'string' },
    stage: { type: 'string', description: 'The stage it was asked in: it lapses when left.' },
    by: { type: 'array', items: { type: 'string' }, description: 'The roles who may give it.' },
  },
} as const;

/** XState's state value: a state name, or an object of parallel regions. */
export const stateValueSchema = {
  $id: 'StateValue',
  anyOf: [{ type: 'string' }, { type: 'object', additionalProperties: { $ref: 'StateValue#' } }],
} as const;

/** Everything the case page shows. */
export const casePageSchema = {
  $id: 'CasePage',
  type: 'object',
  required: [
    ...caseSummaryRequired,
    'workflowId',
    'workflowVersion',
    'state',
    'availableEvents',
    'signOffRequests',
  ],
  properties: {
    ...caseSummaryProperties,
    workflowId: { type: 'string' },
    workflowVersion: { type: 'integer' },
    state: { $ref: 'StateValue#' },
    stages: { type: 'array', items: { $ref: 'CaseStage#' } },
    availableEvents: { type: 'array', items: { $ref: 'AvailableEvent#' } },
    signOffRequests: { type: 'array', items: { $ref: 'SignOffRequest#' } },
  },
} as const;

/** One entry of a case's chronology. */
export const chronologyEntrySchema = {
  $id: 'ChronologyEntry',
  type: 'object',
  required: ['seq', 'kind', 'type', 'summary', 'at', 'actor', 'data'],
  properties: {
    seq: { type: 'integer' },
    kind: { type: 'string' },
    type: { type: 'string' },
    summary: { type: 'string' },
    at: { type: 'string' },
    actor: { $ref: 'PersonRef#' },
    reason: { type: 'string' },
    data: freeForm('What the entry records: per kind (the event, the form, the assignee ...).'),
  },
} as const;

/** One read of a case or its forms. */
export const accessLogEntrySchema = {
  $id: 'AccessLogEntry',
  type: 'object',
  required: ['type', 'at', 'actor'],
  properties: {
    type: { type: 'string' },
    at: { type: 'string' },
    actor: { $ref: 'PersonRef#' },
  },
} as const;

/** A sign-off waiting in a manager's queue. */
export const signOffItemSchema = {
  $id: 'SignOffItem',
  type: 'object',
  required: ['caseId', 'reference', 'event', 'summary', 'requestedBy', 'requestedByName', 'at'],
  properties: {
    caseId: { type: 'string' },
    reference: { type: 'string' },
    event: { type: 'string' },
    summary: { type: 'string' },
    requestedBy: { type: 'string', description: 'The user id of who asked.' },
    requestedByName: { type: 'string' },
    at: { type: 'string' },
  },
} as const;

/** A form on a case: the version in use, its data and draft state. */
export const caseFormSchema = {
  $id: 'CaseForm',
  type: 'object',
  required: ['form', 'data', 'status', 'revision'],
  properties: {
    form: {
      type: 'object',
      required: ['id', 'version', 'title', 'schema', 'uischema'],
      properties: {
        id: { type: 'string' },
        version: { type: 'integer' },
        title: { type: 'string' },
        description: { type: 'string' },
        schema: freeForm("The form's JSON Schema, as its author wrote it."),
        uischema: freeForm("The form's layout (JSON Forms UI schema), as its author wrote it."),
      },
    },
    data: freeForm('The answers: the draft, else the last submission, else the prefill.'),
    status: { type: 'string', enum: ['empty', 'draft', 'submitted'] },
    revision: { type: 'integer', description: "The draft's autosave revision; 0 when none." },
    savedAt: { type: 'string' },
  },
} as const;

/** A draft saved. */
export const draftSavedSchema = {
  $id: 'DraftSaved',
  type: 'object',
  required: ['revision', 'savedAt'],
  properties: { revision: { type: 'integer' }, savedAt: { type: 'string' } },
} as const;

/** A form submitted on a case. */
export const submissionSchema = {
  $id: 'Submission',
  type: 'object',
  required: [
    'id',
    'version',
    'caseId',
    'formId',
    'formVersion',
    'status',
    'data',
    'author',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    id: { type: 'string' },
    version: { type: 'integer' },
    caseId: { type: 'string' },
    formId: { type: 'string' },
    formVersion: { type: 'integer' },
    status: { type: 'string', enum: ['draft', 'submitted'] },
    data: freeForm('The answers, as submitted.'),
    author: { type: 'string' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    submittedAt: { type: 'string' },
    idempotencyKey: { type: 'string' },
  },
} as const;

/** The session: who is logged in and the CSRF token for writes. */
export const sessionViewSchema = {
  $id: 'Session',
  type: 'object',
  required: ['user', 'csrfToken', 'mustChangePassword'],
  properties: {
    user: { $ref: 'User#' },
    csrfToken: { type: 'string' },
    mustChangePassword: {
      type: 'boolean',
      description:
        'True when the user logged in with a password an admin made or set: until they choose their own (POST /api/session/password), every other route answers 403 LF_PASSWORD_CHANGE_REQUIRED.',
    },
  },
} as const;

/** A version of a form or workflow definition. */
export const definitionViewSchema = {
  $id: 'DefinitionView',
  type: 'object',
  required: ['id', 'version', 'status', 'recordVersion', 'definition', 'updatedAt', 'updatedBy'],
  properties: {
    id: { type: 'string' },
    version: { type: 'integer' },
    status: { type: 'string', enum: ['draft', 'published'] },
    recordVersion: { type: 'integer' },
    definition: freeForm('The form or workflow definition, as its author wrote it.'),
    updatedAt: { type: 'string' },
    updatedBy: { type: 'string' },
    publishedAt: { type: 'string' },
    publishedBy: { type: 'string' },
    note: { type: 'string', description: 'What the publisher said of this version.' },
  },
} as const;

/** A definition's published versions, newest first. */
export const versionHistorySchema = {
  $id: 'VersionHistory',
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['version', 'publishedAt', 'publishedBy'],
        properties: {
          version: { type: 'integer' },
          publishedAt: { type: 'string' },
          publishedBy: { $ref: 'PersonRef#' },
          note: { type: 'string' },
        },
      },
    },
  },
} as const;

/** How a form is used: fill rates and recording time, as aggregates. */
export const formUsageSchema = {
  $id: 'FormUsage',
  type: 'object',
  required: ['since', 'submissions', 'minSubmissions', 'questions', 'recording'],
  properties: {
    since: { type: 'string' },
    submissions: { type: 'integer' },
    minSubmissions: {
      type: 'integer',
      description: 'Figures over fewer submissions than this are withheld (null).',
    },
    questions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'label', 'asked', 'answered', 'rate', 'byVersion'],
        properties: {
          pointer: { type: 'string' },
          label: { type: 'string' },
          asked: { type: 'integer' },
          answered: { type: 'integer' },
          rate: { type: ['number', 'null'] },
          byVersion: {
            type: 'array',
            items: {
              type: 'object',
              required: ['version', 'asked', 'rate'],
              properties: {
                version: { type: 'integer' },
                asked: { type: 'integer' },
                rate: { type: ['number', 'null'] },
              },
            },
          },
        },
      },
    },
    recording: {
      type: 'array',
      items: {
        type: 'object',
        required: ['version', 'measured', 'medianMinutes'],
        properties: {
          version: { type: 'integer' },
          measured: { type: 'integer' },
          medianMinutes: { type: ['number', 'null'] },
        },
      },
    },
  },
} as const;

const burdenProperties = {
  fields: { type: 'integer' },
  requiredFields: { type: 'integer' },
  freeTextFields: { type: 'integer' },
  choiceFields: { type: 'integer' },
  prefilledFields: { type: 'integer' },
  estimatedMinutes: { type: 'integer' },
} as const;
const burdenRequired = Object.keys(burdenProperties);

/** The burden of the live forms: per form, in all, and the questions asked twice. */
export const packBurdenSchema = {
  $id: 'PackBurden',
  type: 'object',
  required: [...burdenRequired, 'forms', 'duplicates'],
  properties: {
    ...burdenProperties,
    forms: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'version', 'burden'],
        properties: {
          id: { type: 'string' },
          version: { type: 'integer' },
          burden: { type: 'object', required: burdenRequired, properties: burdenProperties },
        },
      },
    },
    duplicates: {
      type: 'array',
      items: {
        type: 'object',
        required: ['question', 'occurrences'],
        properties: {
          question: { type: 'string' },
          occurrences: {
            type: 'array',
            items: {
              type: 'object',
              required: ['formId', 'pointer', 'label'],
              properties: {
                formId: { type: 'string' },
                pointer: { type: 'string' },
                label: { type: 'string' },
              },
            },
          },
        },
      },
    },
  },
} as const;

/** What other definitions read of a form's questions. */
export const formDependentsSchema = {
  $id: 'FormDependents',
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'kind', 'definition', 'where'],
        properties: {
          field: { type: 'string', description: "The question's path in the answers." },
          kind: { type: 'string', enum: ['guard', 'prefill'] },
          definition: {
            type: 'object',
            required: ['kind', 'id', 'version', 'title'],
            properties: {
              kind: { type: 'string', enum: ['workflow', 'form'] },
              id: { type: 'string' },
              version: { type: 'integer' },
              title: { type: 'string' },
            },
          },
          where: { type: 'string', description: 'Where it is read, in words.' },
        },
      },
    },
  },
} as const;

/** A list of definitions. */
export const definitionListSchema = {
  $id: 'DefinitionList',
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: { $ref: 'DefinitionView#' } } },
} as const;

/** One problem lint found, with where it is. */
const lintProblem = {
  type: 'object',
  required: ['code', 'message', 'path'],
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    path: { type: 'string' },
    state: { type: 'string' },
    event: { type: 'string' },
  },
} as const;

/** What lint found in a definition. */
export const lintReportSchema = {
  $id: 'LintReport',
  type: 'object',
  required: ['errors', 'warnings'],
  properties: {
    errors: { type: 'array', items: lintProblem },
    warnings: { type: 'array', items: lintProblem },
  },
} as const;

/** A field as a diff names it. */
const fieldRef = {
  type: 'object',
  required: ['pointer', 'label', 'type'],
  properties: { pointer: { type: 'string' }, label: { type: 'string' }, type: { type: 'string' } },
} as const;

/** What changed between two versions of a form. */
export const formDiffSchema = {
  $id: 'FormDiff',
  type: 'object',
  required: [
    'added',
    'removed',
    'renamed',
    'retyped',
    'madeRequired',
    'narrowedChoices',
    'hidden',
    'shown',
    'madeOptional',
    'relabelled',
    'addedChoices',
    'breaking',
    'reasons',
    'summary',
  ],
  properties: {
    added: { type: 'array', items: fieldRef },
    removed: { type: 'array', items: fieldRef },
    renamed: {
      type: 'array',
      items: {
        type: 'object',
        required: ['from', 'to'],
        properties: { from: fieldRef, to: fieldRef },
      },
    },
    retyped: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'label', 'from', 'to', 'breaking'],
        properties: {
          pointer: { type: 'string' },
          label: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          breaking: { type: 'boolean' },
        },
      },
    },
    madeRequired: { type: 'array', items: fieldRef },
    narrowedChoices: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'label', 'removed'],
        properties: {
          pointer: { type: 'string' },
          label: { type: 'string' },
          removed: { type: 'array', items: { description: 'A choice (any JSON value).' } },
        },
      },
    },
    hidden: { type: 'array', items: fieldRef },
    shown: { type: 'array', items: fieldRef },
    madeOptional: { type: 'array', items: fieldRef },
    relabelled: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'from', 'to'],
        properties: {
          pointer: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
        },
      },
    },
    addedChoices: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'label', 'added'],
        properties: {
          pointer: { type: 'string' },
          label: { type: 'string' },
          added: { type: 'array', items: { description: 'A choice (any JSON value).' } },
        },
      },
    },
    breaking: { type: 'boolean' },
    reasons: { type: 'array', items: { type: 'string' } },
    summary: { type: 'string', description: 'The change in plain words.' },
  },
} as const;

/** Every view schema, in an order where each refers only to those before it or itself. */
export const viewSchemas = [
  personRefSchema,
  subjectViewSchema,
  deadlineSchema,
  reasonSchema,
  caseSummarySchema,
  caseListSchema,
  caseStageSchema,
  availableEventSchema,
  signOffRequestSchema,
  stateValueSchema,
  casePageSchema,
  chronologyEntrySchema,
  accessLogEntrySchema,
  signOffItemSchema,
  caseFormSchema,
  draftSavedSchema,
  submissionSchema,
  sessionViewSchema,
  definitionViewSchema,
  definitionListSchema,
  versionHistorySchema,
  formDependentsSchema,
  formUsageSchema,
  packBurdenSchema,
  lintReportSchema,
  formDiffSchema,
  ...workflowViewSchemas,
  ...reportViewSchemas,
] as const;
