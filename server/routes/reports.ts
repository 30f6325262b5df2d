/**
 * Report routes (managers for their teams, admins for any team or the council): the timescale
 * indicators, the cases behind a number, caseloads, the sign-off queue's age, and CSV exports
 * that stream a page of cases at a time. Handlers are thin; server/services/reports.ts and
 * report-exports.ts hold the logic.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { INDICATOR_IDS } from '../../engine/indicators.ts';
import type { RouteDeps } from '../app.ts';
import { LowformError } from '../errors.ts';
import { errorResponses } from '../schemas.ts';
import { recordAccessMany } from '../services/access-log.ts';
import type { CaseDeps } from '../services/case-deps.ts';
import { displayNames } from '../services/case-views.ts';
import {
  annexALists,
  censusTables,
  indicatorCasesCsv,
  indicatorsCsv,
  isIndicatorId,
  tableCsv,
} from '../services/report-exports.ts';
import {
  caseloadReport,
  checkPeriod,
  type IndicatorCaseRow,
  indicatorCaseRows,
  indicatorReport,
  reportScope,
  signOffAge,
} from '../services/reports.ts';
import type { UserRecord } from '../store/store.ts';
import type { SchemaTypeProvider } from '../type-provider.ts';

const date = { type: 'string', format: 'date' } as const;
const team = { type: 'string', minLength: 1, maxLength: 64 } as const;
const periodQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: { from: date, to: date, team },
} as const;
const indicatorParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', enum: INDICATOR_IDS } },
} as const;
const csvResponse = {
  200: { description: 'CSV (text/csv, UTF-8, CRLF rows), written as it is read', type: 'string' },
  ...errorResponses(404),
} as const;

/**
 * Sends CSV lines as they are made; the download is named by the file name. The period and the
 * user's scope are checked first, so that a refusal is an error response, not a cut-off file.
 */
function sendCsv(
  reply: FastifyReply,
  check: { user: UserRecord; from: string; to: string; team?: string | undefined },
  fileName: string,
  lines: AsyncIterable<string>,
) {
  checkPeriod(check.from, check.to);
  reportScope(check.user, check.team);
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(lines));
}

/** Report routes. */
export async function reportRoutes(app: FastifyInstance, options: RouteDeps): Promise<void> {
  const deps: CaseDeps = options;
  const tags = ['reports'];
  const typed = app.withTypeProvider<SchemaTypeProvider>();

  typed.get(
    '/api/reports/indicators',
    {
      schema: {
        tags,
        summary:
          'Timescale indicators over a period: your teams (managers), any team or all (admins)',
        querystring: periodQuery,
        response: { 200: { $ref: 'IndicatorReport#' }, ...errorResponses() },
      },
    },
    async (request) => indicatorReport(deps, request.auth!.user, request.query),
  );

  typed.get(
    '/api/reports/indicators/export',
    {
      schema: {
        tags,
        summary: "The indicators' numbers as CSV: the scope, each team and each month",
        querystring: periodQuery,
        response: csvResponse,
      },
    },
    async (request, reply) => {
      const { from, to } = request.query;
      const lines = indicatorsCsv(deps, request.auth!.user, request.query);
      return sendCsv(
        reply,
        { user: request.auth!.user, ...request.query },
        `indicators-${from}-${to}.csv`,
        lines,
      );
    },
  );

  const caseListQuery = {
    type: 'object',
    additionalProperties: false,
    required: ['from', 'to'],
    properties: {
      from: date,
      to: date,
      team,
      month: { type: 'string', pattern: '^\\d{4}-\\d{2}$' },
      limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
    },
  } as const;

  const { limit: _limit, ...exportProperties } = caseListQuery.properties;
  const caseExportQuery = { ...caseListQuery, properties: exportProperties } as const;

  typed.get(
    '/api/reports/indicators/:id/cases',
    {
      schema: {
        tags,
        summary: 'The cases behind an indicator (those you may see), in the access log',
        params: indicatorParams,
        querystring: caseListQuery,
        response: { 200: { $ref: 'IndicatorCaseList#' }, ...errorResponses() },
      },
    },
    async (request) => {
      const user = request.auth!.user;
      const { limit = 200, ...query } = request.query;
      const rows: IndicatorCaseRow[] = [];
      let total = 0;
      for await (const page of indicatorCaseRows(deps, user, request.params.id, query)) {
        total += page.length;
        rows.push(...page.slice(0, Math.max(0, limit - rows.length)));
      }
      // Counted first, then by date: the list reads as the number does.
      rows.sort((a, b) => Number(b.counted) - Number(a.counted) || a.on.localeCompare(b.on));
      await recordAccessMany(
        deps,
        user,
        [...new Set(rows.map((r) => r.caseId))].map((id) => ({ id })),
        'report-listed',
      );
      const names = await displayNames(
        deps.store,
        rows.flatMap((r) => (r.assignee ? [r.assignee] : [])),
      );
      return {
        items: rows.map(({ assignee, indicator: _, ...r }) => ({
          ...r,
          worker: assignee ? { id: assignee, displayName: names.get(assignee) ?? '' } : null,
        })),
        total,
        truncated: total > rows.length,
      };
    },
  );

  typed.get(
    '/api/reports/indicators/:id/cases/export',
    {
      schema: {
        tags,
        summary: 'The cases behind an indicator as CSV, every one (in the access log)',
        params: indicatorParams,
        querystring: caseExportQuery,
        response: csvResponse,
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!isIndicatorId(id)) throw new LowformError('LF_NOT_FOUND', 'There is no such indicator.');
      const { from, to, month } = request.query;
      const lines = indicatorCasesCsv(deps, request.auth!.user, id, request.query);
      return sendCsv(
        reply,
        { user: request.auth!.user, ...request.query },
        `${id}-${month ?? `${from}-${to}`}.csv`,
        lines,
      );
    },
  );

  typed.get(
    '/api/reports/caseload',
    {
      schema: {
        tags,
        summary: 'Open cases per team and worker',
        querystring: { type: 'object', additionalProperties: false, properties: { team } },
        response: { 200: { $ref: 'CaseloadReport#' }, ...errorResponses() },
      },
    },
    async (request) => caseloadReport(deps, request.auth!.user, request.query.team),
  );

  typed.get(
    '/api/reports/sign-offs',
    {
      schema: {
        tags,
        summary: 'How long sign-offs have waited, in working days, oldest first',
        response: { 200: { $ref: 'SignOffAge#' }, ...errorResponses() },
      },
    },
    async (request) => signOffAge(deps, request.auth!.user),
  );

  const exportTable = (kind: 'annex-a' | 'census', tables: typeof annexALists) =>
    typed.get(
      `/api/reports/${kind}/:table`,
      {
        schema: {
          tags,
          summary:
            kind === 'annex-a'
              ? `An Annex A-style list as CSV (${Object.keys(tables).join(', ')}): one row per child per episode`
              : `A Children in Need census-shaped table as CSV (${Object.keys(tables).join(', ')})`,
          params: {
            type: 'object',
            required: ['table'],
            properties: { table: { type: 'string', enum: Object.keys(tables) } },
          },
          querystring: periodQuery,
          response: csvResponse,
        },
      },
      async (request, reply) => {
        const name = (request.params as { table: string }).table;
        const table = tables[name];
        if (!table) throw new LowformError('LF_NOT_FOUND', 'There is no such list.');
        const { from, to } = request.query;
        const lines = tableCsv(deps, request.auth!.user, table, request.query);
        return sendCsv(
          reply,
          { user: request.auth!.user, ...request.query },
          `${kind}-${name}-${from}-${to}.csv`,
          lines,
        );
      },
    );
  exportTable('annex-a', annexALists);
  exportTable('census', censusTables);
}
