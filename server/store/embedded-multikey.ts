/**
 * Multikey indexes on SQLite. SQLite indexes expressions, not the elements of an array, so for
 * each index declared `multikey` (server/store/store.ts) the embedded store keeps a table beside
 * the collection with one row per element: (element, sort value, id), its primary key in that
 * order. A list with a condition on the array is then served from that table: each wanted
 * element (or range of elements, for a prefix) is read in the index's sort order up to one page,
 * joined to its records, and the pages of the elements are merged; nothing else is read.
 */
import {
  conditionOperators,
  decodeCursor,
  filterEntries,
  omittedFields,
  pageSize,
} from './query.ts';
import {
  type CollectionName,
  type Condition,
  collectionIndexes,
  type Filter,
  type IndexSpec,
  indexName,
  type ListQuery,
  type Scalar,
  type Sort,
} from './store.ts';

type Param = string | number | null;

/** One multikey index's table: the array field, and the field it keeps in order (if any). */
export interface SideTable {
  name: string;
  array: string;
  sort: string | null;
}

/** The multikey index tables of a collection, in the order they are preferred. */
export function sideTables(collection: string): SideTable[] {
  const indexes = (collectionIndexes as Record<string, readonly IndexSpec[]>)[collection] ?? [];
  return indexes
    .filter((index) => index.multikey)
    .map((index) => ({
      name: indexName(collection, index),
      array: index.fields[0]!,
      sort: index.fields.length > 2 ? index.fields[1]! : null,
    }));
}

/** The DDL of a side table. */
export function sideTableSql(table: SideTable): string {
  return table.sort
    ? `CREATE TABLE IF NOT EXISTS "${table.name}" (value NOT NULL, s NOT NULL, id TEXT NOT NULL, PRIMARY KEY (value, s, id)) WITHOUT ROWID`
    : `CREATE TABLE IF NOT EXISTS "${table.name}" (value NOT NULL, id TEXT NOT NULL, PRIMARY KEY (value, id)) WITHOUT ROWID`;
}

/** Fills a side table from the records already stored (an index added to an existing store). */
export function sideTableBackfillSql(collection: CollectionName, table: SideTable): string {
  const elements = `json_each(c.doc, '$.${table.array}')`;
  const kinds = "j.type IN ('text', 'integer', 'real')";
  if (!table.sort) {
    return `INSERT OR IGNORE INTO "${table.name}" (value, id) SELECT j.value, c.id FROM "${collection}" c, ${elements} j WHERE ${kinds}`;
  }
  const s = `json_extract(c.doc, '$.${table.sort}')`;
  return `INSERT OR IGNORE INTO "${table.name}" (value, s, id) SELECT j.value, ${s}, c.id FROM "${collection}" c, ${elements} j WHERE ${kinds} AND ${s} IS NOT NULL`;
}

function readField(record: object, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * What a record puts in a side table: its distinct scalar elements and the sort value they are
 * kept under (no elements when the record lacks the sort value: a list sorted by a field needs it
 * on every record it pages).
 */
function sideEntry(table: SideTable, record: object): { s: unknown; values: Set<string | number> } {
  const values = new Set<string | number>();
  const array = readField(record, table.array);
  const s = table.sort ? readField(record, table.sort) : undefined;
  if (!Array.isArray(array)) return { s, values };
  if (table.sort && typeof s !== 'string' && typeof s !== 'number') return { s, values };
  for (const v of array) if (typeof v === 'string' || typeof v === 'number') values.add(v);
  return { s, values };
}

/** The rows a record has in a side table: (element, sort value, id), or (element, id). */
export function sideRows(table: SideTable, record: { id: string }): Param[][] {
  const { s, values } = sideEntry(table, record);
  return [...values].map((v) =>
    table.sort ? [v, s as string | number, record.id] : [v, record.id],
  );
}

/**
 * Whether two versions of a record have the same rows in a side table (an update then leaves it
 * alone): no rows in either, or the same sort value and the same elements. Runs on every update
 * of every multikey collection, so it compares sets rather than building the rows.
 */
export function sameSideRows(table: SideTable, a: { id: string }, b: { id: string }): boolean {
  const left = sideEntry(table, a);
  const right = sideEntry(table, b);
  if (left.values.size !== right.values.size) return false;
  if (left.values.size === 0) return true;
  if (left.s !== right.s || a.id !== b.id) return false;
  for (const v of left.values) if (!right.values.has(v)) return false;
  return true;
}

/** Conditions that name elements an index can be read at. */
const DRIVING = ['has', 'hasAny', 'startsWith', 'startsWithAny'] as const;

/** One wanted element, or the range of elements starting with a text. */
type Key = { eq: Scalar } | { from: string; to: string };

/** The highest code point: texts starting with a prefix sort from it up to the prefix and this. */
const PREFIX_END = '\u{10FFFF}';

function keysOf(op: string, value: Scalar | Scalar[]): Key[] {
  const values = Array.isArray(value) ? value : [value];
  if (op === 'has' || op === 'hasAny') return values.map((v) => ({ eq: v }));
  return values.map((v) => ({ from: String(v), to: `${String(v)}${PREFIX_END}` }));
}

/** The side table that can serve a list, the keys to read, and the filter left to check. */
export interface Driver {
  table: SideTable;
  keys: Key[];
  rest: Filter;
}

/**
 * The first multikey index that can serve the query: a driving condition on its array and, for
 * an index kept in order, the query sorted by its sort field.
 */
export function chooseDriver(collection: string, filter: Filter | undefined, sort: Sort) {
  if (!filter) return null;
  for (const table of sideTables(collection)) {
    const condition = filter[table.array];
    if (condition === undefined || condition === null || typeof condition !== 'object') continue;
    if (table.sort && table.sort !== sort.field) continue;
    const op = DRIVING.find((name) => condition[name] !== undefined);
    if (!op) continue;
    const keys = keysOf(op, condition[op] as Scalar | Scalar[]);
    const remaining: Condition = { ...condition, [op]: undefined };
    const rest: Filter = { ...filter };
    if (Object.values(remaining).every((v) => v === undefined)) delete rest[table.array];
    else rest[table.array] = remaining;
    return { table, keys, rest } satisfies Driver;
  }
  return null;
}

/** What the embedded store compiles filters with (embedded.ts). */
export interface SqlParts {
  column(path: string, alias?: string): string;
  whereSql(filter: Filter | undefined, params: Param[], alias?: string): string;
}

const RANGE_SIGNS: Record<string, string> = { lt: '<', lte: '<=', gt: '>', gte: '>=' };

/**
 * The SQL of a list served by a side table. Kept in order: each key's rows in the index's
 * order, joined to their records and checked against the rest of the filter, one page each,
 * merged by UNION (a record reached by two keys once). Not kept in order: the ids of every key,
 * their records checked and sorted; for selective keys (a search word within what a user may see).
 */
export function drivenListSql(
  collection: string,
  driver: Driver,
  query: ListQuery,
  sort: Sort,
  sql: SqlParts,
  param: (value: Scalar) => Param,
): { text: string; params: Param[]; limit: number } {
  const { table, keys, rest } = driver;
  const limit = pageSize(query.limit);
  const dir = sort.direction === 'desc' ? 'DESC' : 'ASC';
  const cmp = sort.direction === 'desc' ? '<' : '>';
  const after = query.cursor ? decodeCursor(sort, query.cursor) : null;
  const omit = omittedFields(query, sort).map((name) => `'$.${name}'`);
  const doc = omit.length ? `json_remove(c.doc, ${omit.join(', ')})` : 'c.doc';
  const params: Param[] = [];
  const keySql = (key: Key, alias: string) => {
    if ('eq' in key) {
      params.push(param(key.eq));
      return `${alias}.value = ?`;
    }
    params.push(key.from, key.to);
    return `${alias}.value >= ? AND ${alias}.value < ?`;
  };
  if (table.sort) {
    const parts = keys.map((key) => {
      let where = keySql(key, 't');
      // A range on the sort field is a range of the index.
      for (const [path, condition] of filterEntries(rest)) {
        if (path !== table.sort) continue;
        for (const [op, value] of conditionOperators(condition)) {
          const sign = op === 'eq' ? '=' : RANGE_SIGNS[op];
          if (!sign || value === null || Array.isArray(value)) continue;
          where += ` AND t.s ${sign} ?`;
          params.push(param(value));
        }
      }
      if (after) {
        where += ` AND (t.s, t.id) ${cmp} (?, ?)`;
        params.push(after.value, after.id);
      }
      where += ` AND ${sql.whereSql(rest, params, 'c')}`;
      return `SELECT * FROM (SELECT t.id AS id, t.s AS s FROM "${table.name}" t CROSS JOIN "${collection}" c ON c.id = t.id WHERE ${where} ORDER BY t.s ${dir}, t.id ${dir} LIMIT ${limit + 1})`;
    });
    const text = `SELECT ${doc} AS doc FROM (${parts.join(' UNION ')}) u CROSS JOIN "${collection}" c ON c.id = u.id ORDER BY u.s ${dir}, u.id ${dir} LIMIT ${limit + 1}`;
    return { text, params, limit };
  }
  const ids = keys
    .map((key) => `SELECT t.id AS id FROM "${table.name}" t WHERE ${keySql(key, 't')}`)
    .join(' UNION ');
  let where = sql.whereSql(rest, params, 'c');
  const col = sql.column(filterEntries({ [sort.field]: null })[0]![0], 'c');
  if (after) {
    where += ` AND (${col} ${cmp} ? OR (${col} = ? AND c.id ${cmp} ?))`;
    params.push(after.value, after.value, after.id);
  }
  const order = col === 'c.id' ? `c.id ${dir}` : `${col} ${dir}, c.id ${dir}`;
  const text = `SELECT ${doc} AS doc FROM (${ids}) u CROSS JOIN "${collection}" c ON c.id = u.id WHERE ${where} ORDER BY ${order} LIMIT ${limit + 1}`;
  return { text, params, limit };
}
