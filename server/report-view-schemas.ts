/**
 * JSON Schemas of the report and oversight views (2xx bodies), registered with the other view
 * schemas (view-schemas.ts) so that routes refer to them as `Name#`.
 */
import { INDICATOR_IDS } from '../engine/indicators.ts';

const ratio = {
  numerator: { type: 'integer', minimum: 0 },
  denominator: { type: 'integer', minimum: 0 },
} as const;

/** The timescale indicators over a period. */
export const indicatorReportSchema = {
  $id: 'IndicatorReport',
  type: 'object',
  required: ['from', 'to', 'teams', 'indicators'],
  properties: {
    from: { type: 'string', format: 'date' },
    to: { type: 'string', format: 'date' },
    teams: {
      type: ['array', 'null'],
      items: { type: 'string' },
      description: 'The teams counted; null for the whole council.',
    },
    indicators: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'numerator', 'denominator', 'byTeam', 'byMonth'],
        properties: {
          id: { type: 'string', enum: INDICATOR_IDS },
          ...ratio,
          byTeam: {
            type: 'array',
            items: {
              type: 'object',
              required: ['team', 'numerator', 'denominator'],
              properties: { team: { type: 'string' }, ...ratio },
            },
          },
          byMonth: {
            type: 'array',
            items: {
              type: 'object',
              required: ['month', 'numerator', 'denominator'],
              properties: { month: { type: 'string', pattern: '^\\d{4}-\\d{2}$' }, ...ratio },
            },
          },
        },
      },
    },
  },
} as const;

/** One case behind an indicator's number. */
export const indicatorCaseSchema = {
  $id: 'IndicatorCase',
  type: 'object',
  required: ['caseId', 'reference', 'childName', 'team', 'worker', 'on', 'counted'],
  properties: {
    caseId: { type: 'string' },
    reference: { type: 'string' },
    childName: { type: 'string' },
    team: { type: 'string' },
    worker: { anyOf: [{ $ref: 'PersonRef#' }, { type: 'null' }] },
    on: { type: 'string', format: 'date', description: 'The date that puts it in the period.' },
    counted: { type: 'boolean', description: 'In the numerator, not only the denominator.' },
    start: { type: 'string', format: 'date' },
    due: { type: 'string', format: 'date' },
    workingDays: { type: 'integer' },
    detail: { type: 'string' },
    reason: { type: 'string' },
  },
} as const;

/** The cases behind a number, up to the limit asked for. */
export const indicatorCaseListSchema = {
  $id: 'IndicatorCaseList',
  type: 'object',
  required: ['items', 'total', 'truncated'],
  properties: {
    items: { type: 'array', items: { $ref: 'IndicatorCase#' } },
    total: { type: 'integer', minimum: 0, description: 'Rows found (the CSV has them all).' },
    truncated: { type: 'boolean' },
  },
} as const;

/** Open cases per team and worker. */
export const caseloadReportSchema = {
  $id: 'CaseloadReport',
  type: 'object',
  required: ['teams'],
  properties: {
    teams: {
      type: 'array',
      items: {
        type: 'object',
        required: ['team', 'open', 'unallocated', 'workers'],
        properties: {
          team: { type: 'string' },
          open: { type: 'integer' },
          unallocated: { type: 'integer' },
          workers: {
            type: 'array',
            items: {
              type: 'object',
              required: ['worker', 'open'],
              properties: { worker: { $ref: 'PersonRef#' }, open: { type: 'integer' } },
            },
          },
        },
      },
    },
  },
} as const;

/** How long sign-offs have waited. */
export const signOffAgeSchema = {
  $id: 'SignOffAge',
  type: 'object',
  required: ['waiting', 'more', 'oldestWorkingDays', 'medianWorkingDays', 'items'],
  properties: {
    waiting: { type: 'integer' },
    more: { type: 'boolean', description: 'More are waiting than are listed.' },
    oldestWorkingDays: { type: ['integer', 'null'] },
    medianWorkingDays: { type: ['integer', 'null'] },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['caseId', 'reference', 'summary', 'requestedByName', 'at', 'workingDays'],
        properties: {
          caseId: { type: 'string' },
          reference: { type: 'string' },
          summary: { type: 'string' },
          requestedByName: { type: 'string' },
          at: { type: 'string' },
          workingDays: { type: 'integer' },
        },
      },
    },
  },
} as const;

/** A page of a case's access log. */
export const accessLogPageSchema = {
  $id: 'AccessLogPage',
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', items: { $ref: 'AccessLogEntry#' } },
    nextCursor: { type: ['string', 'null'] },
    people: {
      type: 'array',
      description: 'Everyone who was shown the case, on the first page only.',
      items: {
        type: 'object',
        required: ['id', 'displayName', 'reads'],
        properties: {
          id: { type: 'string' },
          displayName: { type: 'string' },
          reads: { type: 'integer' },
        },
      },
    },
  },
} as const;

/** The report views, after the schemas they refer to (PersonRef, AccessLogEntry). */
export const reportViewSchemas = [
  indicatorReportSchema,
  indicatorCaseSchema,
  indicatorCaseListSchema,
  caseloadReportSchema,
  signOffAgeSchema,
  accessLogPageSchema,
] as const;
