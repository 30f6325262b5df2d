/**
 * The working-day calendar the server counts deadlines with (the shipped bank holidays, or the
 * latest imported list for the years it covers), so that the workflow simulator in the web app
 * counts the same working days as the cases it simulates.
 */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../app.ts';
import { errorResponses } from '../schemas.ts';
import { storedCalendar } from '../services/working-calendar.ts';
import type { SchemaTypeProvider } from '../type-provider.ts';

const isoDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

/** GET /api/calendar. */
export async function calendarRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const typed = app.withTypeProvider<SchemaTypeProvider>();
  typed.get(
    '/api/calendar',
    {
      schema: {
        tags: ['calendar'],
        summary:
          'The days deadlines do not count besides weekends (bank holidays), and the dates they are known for',
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'holidays', 'range'],
            properties: {
              name: { type: 'string' },
              holidays: { type: 'array', items: isoDate },
              range: {
                anyOf: [
                  {
                    type: 'object',
                    additionalProperties: false,
                    required: ['first', 'last'],
                    properties: { first: isoDate, last: isoDate },
                  },
                  { type: 'null' },
                ],
              },
            },
          },
          ...errorResponses(),
        },
      },
    },
    async () => {
      // As lint reads it: the latest imported list, so the simulator agrees with lint's dates.
      const calendar = await storedCalendar(deps.store);
      return {
        name: calendar.name,
        holidays: [...calendar.closedDays],
        range: calendar.range && { first: calendar.range.first, last: calendar.range.last },
      };
    },
  );
}
