/** Reading every matching record, a page at a time, for the few places that need them all. */
import type { ListQuery, Page } from './store.ts';

/** Every record matching the query, read in pages of 500 in the query's order. */
export async function listAll<T>(
  collection: { list(query: ListQuery): Promise<Page<T>> },
  query: Omit<ListQuery, 'cursor' | 'limit'> = {},
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await collection.list({ ...query, limit: 500, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
