/**
 * The access log of one case for managers and admins: a page at a time, by one person or all,
 * between two London dates, served by the access indexes (case, time) and (case, person, time).
 */
import { addCalendarDays, londonDate, toIsoDate } from '../../engine/calendar.ts';
import { LowformError } from '../errors.ts';
import type { Filter, UserRecord } from '../store/store.ts';
import type { CaseDeps } from './case-deps.ts';
import { displayNames } from './case-views.ts';

/** What the access log page is asked for. */
export interface AccessLogQuery {
  actor?: string;
  from?: string;
  to?: string;
  order?: 'asc' | 'desc';
  cursor?: string;
  limit?: number;
}

/** The first instant of a London date (midnight BST is 23:00 UTC the day before). */
export function londonDayStart(date: string): string {
  const utc = `${toIsoDate(date)}T00:00:00.000Z`;
  const hourBefore = new Date(Date.parse(utc) - 3_600_000).toISOString();
  return londonDate(hourBefore) === date ? hourBefore : utc;
}

/** One page of who was shown the case, with everyone who appears in it on the first page. */
export async function accessLogPage(
  deps: Pick<CaseDeps, 'store' | 'cases'>,
  user: UserRecord,
  caseId: string,
  query: AccessLogQuery,
) {
  const { store } = deps;
  // Admins oversee every case; a manager sees the log of a case they may see.
  const record = user.roles.includes('admin')
    ? await store.cases.get(caseId)
    : await deps.cases.read(user, caseId);
  if (!record) throw new LowformError('LF_NOT_FOUND', 'There is no such case.');
  const at: { gte?: string; lt?: string } = {};
  if (query.from) at.gte = londonDayStart(query.from);
  if (query.to) at.lt = londonDayStart(addCalendarDays(query.to, 1));
  if (query.from && query.to && query.from > query.to) {
    throw new LowformError('LF_BAD_REQUEST', 'The first date is after the last.', {
      from: query.from,
      to: query.to,
    });
  }
  const filter: Filter = { caseId: record.id };
  if (query.actor) filter.actor = query.actor;
  if (at.gte || at.lt) filter.at = at;
  const [page, people] = await Promise.all([
    store.access.list({
      filter,
      sort: { field: 'at', direction: query.order ?? 'asc' },
      limit: query.limit ?? 100,
      cursor: query.cursor ?? null,
    }),
    query.cursor ? null : store.access.countBy('actor', { caseId: record.id }),
  ]);
  const names = await displayNames(store, [
    ...page.items.map((e) => e.actor),
    ...(people ?? []).map((p) => String(p.value)),
  ]);
  const person = (id: string) => ({ id, displayName: names.get(id) ?? '' });
  return {
    items: page.items.map((e) => ({ type: e.type, at: e.at, actor: person(e.actor) })),
    nextCursor: page.nextCursor,
    ...(people
      ? {
          people: people
            .map((p) => ({ ...person(String(p.value)), reads: p.count }))
            .sort((a, b) => a.displayName.localeCompare(b.displayName)),
        }
      : {}),
  };
}
