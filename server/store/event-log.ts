/**
 * The append algorithm for the chronology, shared by both adapters. Without transactions, the
 * next seq is read as the case's highest seq plus one and the unique (caseId, seq) index makes a
 * concurrent writer that read the same value retry: no seq is skipped (it is always max + 1) and
 * none is repeated (the index refuses it).
 */
import { isLowformError, LowformError } from '../errors.ts';
import type { Collection, EventLog, EventRecord, InsertOnceResult, NewEvent } from './store.ts';

const MAX_ATTEMPTS = 200;

/** The event id for an idempotency key, so that a repeated key finds the first event. */
export function eventIdForKey(caseId: string, key: string): string {
  return `${caseId}:key:${key}`;
}

/** Builds the event log on a collection that can insert. */
export function createEventLog(events: Collection<EventRecord>): EventLog {
  async function lastSeq(caseId: string): Promise<number> {
    const page = await events.list({
      filter: { caseId },
      sort: { field: 'seq', direction: 'desc' },
      limit: 1,
    });
    return page.items[0]?.seq ?? 0;
  }

  async function append(event: NewEvent): Promise<InsertOnceResult<EventRecord>> {
    const key = event.idempotencyKey;
    if (key !== undefined) {
      const first = await events.get(eventIdForKey(event.caseId, key));
      if (first) return { record: first, created: false };
    }
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const seq = (await lastSeq(event.caseId)) + 1;
      const id = key === undefined ? `${event.caseId}:${seq}` : eventIdForKey(event.caseId, key);
      const record: EventRecord = { ...event, id, seq, version: 1 };
      try {
        return { record: await events.insert(record), created: true };
      } catch (error) {
        if (!isLowformError(error, 'LF_DUPLICATE')) throw error;
        if (key !== undefined) {
          const first = await events.get(id);
          if (first) return { record: first, created: false };
        }
      }
    }
    throw new LowformError('LF_CONFLICT', 'The chronology is too busy just now. Try again.', {
      caseId: event.caseId,
    });
  }

  return {
    append,
    get: (id) => events.get(id),
    findOne: (filter) => events.findOne(filter),
    list: (query) => events.list(query),
    count: (filter) => events.count(filter),
    countBy: (field, filter) => events.countBy(field, filter),
  };
}
