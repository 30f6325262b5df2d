/**
 * What both adapters share about queries: which field paths are allowed, page sizes, and the
 * opaque cursor that keyset pagination hands back to callers.
 */
import { LowformError } from '../errors.ts';
import type { Condition, Filter, Scalar, Sort } from './store.ts';

/** Page size when the caller gives none. */
export const DEFAULT_PAGE_SIZE = 50;
/** The largest page a caller may ask for. */
export const MAX_PAGE_SIZE = 500;

const fieldPathPattern = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Refuses a field path that is not plain names separated by dots (no operators, no quoting). */
export function assertFieldPath(path: string): string {
  if (!fieldPathPattern.test(path)) {
    throw new LowformError('LF_BAD_REQUEST', `"${path}" is not a field name that can be queried.`, {
      field: path,
    });
  }
  return path;
}

/** The page size to use: the caller's, within bounds. */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new LowformError(
      'LF_BAD_REQUEST',
      `The page size must be a whole number from 1 to ${MAX_PAGE_SIZE}.`,
      { limit },
    );
  }
  return limit;
}

/** The position after the last item of a page: its sort value and its id. */
export interface CursorPosition {
  value: string | number;
  id: string;
}

/** Encodes the position after `record` in `sort` order as an opaque, URL-safe string. */
export function encodeCursor(sort: Sort, value: unknown, id: string): string {
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new LowformError(
      'LF_INTERNAL',
      `Cannot page by "${sort.field}": a record has no value for it.`,
      { field: sort.field, id },
    );
  }
  return Buffer.from(JSON.stringify([sort.field, sort.direction, value, id])).toString('base64url');
}

/** Decodes a cursor and checks that it was made for this sort order. */
export function decodeCursor(sort: Sort, cursor: string): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    parsed[0] !== sort.field ||
    parsed[1] !== sort.direction ||
    (typeof parsed[2] !== 'string' && typeof parsed[2] !== 'number') ||
    typeof parsed[3] !== 'string'
  ) {
    throw new LowformError(
      'LF_BAD_REQUEST',
      'The page cursor is not valid for this list. Start again from the first page.',
      { cursor },
    );
  }
  return { value: parsed[2], id: parsed[3] };
}

const topLevelName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The fields a list leaves out, checked: plain top-level names, not id, version or the sort field. */
export function omittedFields(query: { omit?: readonly string[] }, sort: Sort): string[] {
  const omit = [...new Set(query.omit ?? [])];
  for (const name of omit) {
    if (!topLevelName.test(name) || name === 'id' || name === 'version' || name === sort.field) {
      throw new LowformError('LF_BAD_REQUEST', `"${name}" cannot be left out of a list.`, {
        field: name,
      });
    }
  }
  return omit;
}

/** The default order: by id, ascending. */
export const ID_ORDER: Sort = { field: 'id', direction: 'asc' };

/** Reads a dotted path from a record, for building cursors. */
export function readPath(record: object, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The operators of one condition, with a bare scalar read as equality. */
export function conditionOperators(condition: Condition): [string, Scalar | Scalar[]][] {
  if (condition === null || typeof condition !== 'object') return [['eq', condition]];
  const entries = Object.entries(condition).filter(([, v]) => v !== undefined);
  if (entries.length === 0) {
    throw new LowformError('LF_BAD_REQUEST', 'A filter condition needs at least one operator.');
  }
  return entries as [string, Scalar | Scalar[]][];
}

/** Every field path of a filter, checked. */
export function filterEntries(filter: Filter | undefined): [string, Condition][] {
  return Object.entries(filter ?? {}).map(([path, c]) => [assertFieldPath(path), c]);
}
