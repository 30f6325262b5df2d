/**
 * The embedded adapter: SQLite through better-sqlite3, one file in the data directory, WAL mode.
 * Each collection is a table of (id, JSON document); filters and indexes use json_extract so
 * that the same queries as MongoDB's work without a schema per record type.
 *
 * Two connections per file: writes run on one, inside the group commit's open transaction; reads
 * run on the other, which in WAL mode sees only committed data and never waits for the writer.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LowformError } from '../errors.ts';
import { DEFAULT_STORE_TIMEOUT_MS } from './deadline.ts';
import {
  chooseDriver,
  drivenListSql,
  type SideTable,
  sameSideRows,
  sideRows,
  sideTableBackfillSql,
  sideTableSql,
  sideTables,
} from './embedded-multikey.ts';
import { createEventLog, eventIdForKey } from './event-log.ts';
import { createFullDiskWatch, type FullDiskWatch } from './full-disk.ts';
import { createGroupCommit, type GroupCommit } from './group-commit.ts';
import {
  conditionOperators,
  decodeCursor,
  encodeCursor,
  filterEntries,
  ID_ORDER,
  omittedFields,
  pageSize,
  readPath,
} from './query.ts';
import {
  type Changes,
  type Collection,
  type CollectionName,
  collectionIndexes,
  type EventLog,
  type EventRecord,
  type Filter,
  type GroupCount,
  type InsertOnceResult,
  indexName,
  type ListQuery,
  type Page,
  type Scalar,
  type Sort,
  type Store,
  type StoredRecord,
  type UpdateResult,
} from './store.ts';

type Param = string | number | null;

/** The file name of the database inside the data directory. */
export const EMBEDDED_FILE_NAME = 'lowform.sqlite';

/** A column expression for a checked field path (of the table named `alias`, when given). */
function column(path: string, alias = ''): string {
  const at = alias ? `${alias}.` : '';
  return path === 'id' ? `${at}id` : `json_extract(${at}doc, '$.${path}')`;
}

/** SQLite binds no booleans: store them as 1 and 0, as json_extract reads them. */
function param(value: Scalar): Param {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

function conditionSql(
  path: string,
  op: string,
  value: Scalar | Scalar[],
  params: Param[],
  alias: string,
): string {
  const col = column(path, alias);
  const doc = alias ? `${alias}.doc` : 'doc';
  const jsonPath = `'$.${path}'`;
  switch (op) {
    case 'eq':
      if (value === null) return `${col} IS NULL`;
      params.push(param(value as Scalar));
      return `${col} = ?`;
    case 'ne':
      if (value === null) return `${col} IS NOT NULL`;
      params.push(param(value as Scalar));
      return `(${col} IS NULL OR ${col} != ?)`;
    case 'in': {
      const values = value as Scalar[];
      const present = values.filter((v) => v !== null);
      const parts = [];
      if (present.length > 0) {
        params.push(...present.map(param));
        parts.push(`${col} IN (${present.map(() => '?').join(', ')})`);
      }
      if (present.length < values.length) parts.push(`${col} IS NULL`);
      return parts.length ? `(${parts.join(' OR ')})` : '0';
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const sign = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[op];
      params.push(param(value as Scalar));
      return `${col} ${sign} ?`;
    }
    case 'has':
      params.push(param(value as Scalar));
      return `EXISTS (SELECT 1 FROM json_each(${doc}, ${jsonPath}) WHERE value = ?)`;
    case 'hasAny': {
      const values = (value as Scalar[]).map(param);
      if (values.length === 0) return '0';
      params.push(...values);
      return `EXISTS (SELECT 1 FROM json_each(${doc}, ${jsonPath}) WHERE value IN (${values.map(() => '?').join(', ')}))`;
    }
    case 'startsWith':
      return conditionSql(path, 'startsWithAny', [value as Scalar], params, alias);
    case 'startsWithAny': {
      const texts = (value as Scalar[]).map(String);
      if (texts.length === 0) return '0';
      const starts = texts.map((text) => {
        params.push([...text].length, text);
        return 'substr(value, 1, ?) = ?';
      });
      return `EXISTS (SELECT 1 FROM json_each(${doc}, ${jsonPath}) WHERE type = 'text' AND (${starts.join(' OR ')}))`;
    }
    case 'startsWithAll': {
      const texts = (value as Scalar[]).map(String);
      if (texts.length === 0) return '1';
      return texts
        .map((text) => conditionSql(path, 'startsWithAny', [text], params, alias))
        .join(' AND ');
    }
    default:
      throw new LowformError('LF_BAD_REQUEST', `"${op}" is not a filter operator.`, {
        field: path,
      });
  }
}

/** Compiles a filter to a WHERE clause and its parameters (on the table `alias`, when given). */
function whereSql(filter: Filter | undefined, params: Param[], alias = ''): string {
  const parts: string[] = [];
  for (const [path, condition] of filterEntries(filter)) {
    for (const [op, value] of conditionOperators(condition)) {
      parts.push(conditionSql(path, op, value, params, alias));
    }
  }
  return parts.length ? parts.join(' AND ') : '1';
}

/**
 * SQLite failures as catalog errors: a full disk (or a database at its page limit) is
 * LF_STORE_FULL; the write lock held past the deadline by another process LF_STORE_UNAVAILABLE.
 */
function sqliteStoreError(error: unknown): unknown {
  const code = String((error as { code?: unknown }).code ?? '');
  if (code === 'SQLITE_FULL')
    return new LowformError('LF_STORE_FULL', undefined, { store: 'embedded' });
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'))
    return new LowformError('LF_STORE_UNAVAILABLE', undefined, { store: 'embedded' });
  return error;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Prepares each SQL text once per connection (a statement belongs to its connection). */
function statementCache(db: Database.Database): (sql: string) => Database.Statement {
  const statements = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}

class EmbeddedCollection<T extends StoredRecord> implements Collection<T> {
  readonly #db: Database.Database;
  readonly #table: string;
  readonly #writes: GroupCommit;
  /** On the write connection: sees the open transaction, for a write's own steps. */
  readonly #prepare: (sql: string) => Database.Statement;
  /** On the read connection: committed data only. */
  readonly #prepareRead: (sql: string) => Database.Statement;
  /** Its multikey indexes' tables, kept in step with every write. */
  readonly #sides: SideTable[];

  constructor(connection: SharedConnection, table: string) {
    this.#db = connection.db;
    this.#table = table;
    this.#sides = sideTables(table);
    this.#writes = connection.writes;
    this.#prepare = statementCache(connection.db);
    this.#prepareRead = statementCache(connection.reader);
  }

  /** Inserts at once, inside the open write (the caller is in a `writes.write`). */
  insertNow(record: T): T {
    try {
      this.#prepare(`INSERT INTO "${this.#table}" (id, doc) VALUES (?, ?)`).run(
        record.id,
        JSON.stringify(record),
      );
      for (const side of this.#sides) this.#addSideRows(side, record);
      return record;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new LowformError('LF_DUPLICATE', undefined, {
          collection: this.#table,
          id: record.id,
        });
      }
      throw error;
    }
  }

  #addSideRows(side: SideTable, record: T): void {
    const columns = side.sort ? '(value, s, id) VALUES (?, ?, ?)' : '(value, id) VALUES (?, ?)';
    const insert = this.#prepare(`INSERT OR IGNORE INTO "${side.name}" ${columns}`);
    for (const row of sideRows(side, record)) insert.run(...row);
  }

  #removeSideRows(side: SideTable, record: T): void {
    const where = side.sort ? 'value = ? AND s = ? AND id = ?' : 'value = ? AND id = ?';
    const remove = this.#prepare(`DELETE FROM "${side.name}" WHERE ${where}`);
    for (const row of sideRows(side, record)) remove.run(...row);
  }

  /** Moves the record's multikey index rows from what it was to what it is. */
  #replaceSideRows(before: T, after: T): void {
    for (const side of this.#sides) {
      if (sameSideRows(side, before, after)) continue;
      this.#removeSideRows(side, before);
      this.#addSideRows(side, after);
    }
  }

  /** The SQL of a list and its parameters (exported for the query-plan test, via listSql). */
  listSql(query: ListQuery): { text: string; params: Param[]; limit: number; sort: Sort } {
    const sort = query.sort ?? ID_ORDER;
    const driver = chooseDriver(this.#table, query.filter, sort);
    if (driver) {
      const parts = { column, whereSql };
      return { ...drivenListSql(this.#table, driver, query, sort, parts, param), sort };
    }
    const limit = pageSize(query.limit);
    const params: Param[] = [];
    let where = whereSql(query.filter, params);
    const [sortPath] = filterEntries({ [sort.field]: null })[0]!;
    const col = column(sortPath);
    const dir = sort.direction === 'desc' ? 'DESC' : 'ASC';
    if (query.cursor) {
      const after = decodeCursor(sort, query.cursor);
      const cmp = sort.direction === 'desc' ? '<' : '>';
      where += ` AND (${col} ${cmp} ? OR (${col} = ? AND id ${cmp} ?))`;
      params.push(after.value, after.value, after.id);
    }
    // Names are checked plain words, so they can stand in the SQL text.
    const omit = omittedFields(query, sort).map((name) => `'$.${name}'`);
    const doc = omit.length ? `json_remove(doc, ${omit.join(', ')})` : 'doc';
    const order = col === 'id' ? `id ${dir}` : `${col} ${dir}, id ${dir}`;
    // The limit is a checked whole number, written into the SQL: SQLite runs a bound LIMIT
    // several microseconds slower (measured), and a list is on most requests' path.
    const text = `SELECT ${doc} AS doc FROM "${this.#table}" WHERE ${where} ORDER BY ${order} LIMIT ${limit + 1}`;
    return { text, params, limit, sort };
  }

  /** Reads at once, seeing the open write's changes. */
  readNow(id: string): T | null {
    const row = this.#prepare(`SELECT doc FROM "${this.#table}" WHERE id = ?`).get(id) as
      | { doc: string }
      | undefined;
    return row ? (JSON.parse(row.doc) as T) : null;
  }

  async insert(record: T): Promise<T> {
    return this.#writes.write(() => this.insertNow(record));
  }

  async insertMany(records: T[]): Promise<void> {
    await this.#writes.write(() =>
      this.#db.transaction(() => {
        for (const record of records) this.insertNow(record);
      })(),
    );
  }

  async insertOnce(record: T): Promise<InsertOnceResult<T>> {
    return this.#writes.write(() => {
      const existing = this.readNow(record.id);
      if (existing) return { record: existing, created: false };
      return { record: this.insertNow(record), created: true };
    });
  }

  async get(id: string): Promise<T | null> {
    const row = this.#prepareRead(`SELECT doc FROM "${this.#table}" WHERE id = ?`).get(id) as
      | { doc: string }
      | undefined;
    return row ? (JSON.parse(row.doc) as T) : null;
  }

  async findOne(filter: Filter): Promise<T | null> {
    const page = await this.list({ filter, limit: 1 });
    return page.items[0] ?? null;
  }

  async list(query: ListQuery = {}): Promise<Page<T>> {
    const { text, params, limit, sort } = this.listSql(query);
    const rows = this.#prepareRead(text).all(...params) as { doc: string }[];
    const items = rows.slice(0, limit).map((row) => JSON.parse(row.doc) as T);
    const last = items[items.length - 1];
    const nextCursor =
      rows.length > limit && last ? encodeCursor(sort, readPath(last, sort.field), last.id) : null;
    return { items, nextCursor };
  }

  async count(filter?: Filter): Promise<number> {
    const params: Param[] = [];
    const sql = `SELECT count(*) AS n FROM "${this.#table}" WHERE ${whereSql(filter, params)}`;
    return (this.#prepareRead(sql).get(...params) as { n: number }).n;
  }

  async countBy(field: string, filter?: Filter): Promise<GroupCount[]> {
    const params: Param[] = [];
    const [path] = filterEntries({ [field]: null })[0]!;
    const col = column(path);
    const sql = `SELECT ${col} AS value, count(*) AS n FROM "${this.#table}" WHERE ${whereSql(filter, params)} GROUP BY ${col} ORDER BY ${col}`;
    const rows = this.#prepareRead(sql).all(...params) as { value: Scalar; n: number }[];
    return rows.map((row) => ({ value: row.value, count: row.n }));
  }

  async update(id: string, expectedVersion: number, changes: Changes<T>): Promise<UpdateResult<T>> {
    // Read, compare and write run synchronously inside the turn's BEGIN IMMEDIATE transaction,
    // which holds the write lock: no other connection or request writes in between.
    const apply = this.#db.transaction((): UpdateResult<T> => {
      const current = this.readNow(id);
      if (!current) return { ok: false, reason: 'missing' };
      if (current.version !== expectedVersion) return { ok: false, reason: 'conflict', current };
      const record = { ...current, ...changes, id, version: expectedVersion + 1 } as T;
      this.#prepare(`UPDATE "${this.#table}" SET doc = ? WHERE id = ?`).run(
        JSON.stringify(record),
        id,
      );
      this.#replaceSideRows(current, record);
      return { ok: true, record };
    });
    return this.#writes.write(() => apply());
  }

  async delete(id: string): Promise<boolean> {
    const remove = this.#db.transaction((): boolean => {
      const current = this.#sides.length > 0 ? this.readNow(id) : null;
      if (current) for (const side of this.#sides) this.#removeSideRows(side, current);
      return this.#prepare(`DELETE FROM "${this.#table}" WHERE id = ?`).run(id).changes > 0;
    });
    return this.#writes.write(() => remove());
  }
}

/**
 * The SQL a list on an embedded collection runs and its parameters, for query-plan tests
 * (`EXPLAIN QUERY PLAN`); any other collection is refused.
 */
export function embeddedListSql(collection: unknown, query: ListQuery) {
  if (!(collection instanceof EmbeddedCollection))
    throw new TypeError('Only an embedded store collection has list SQL.');
  return collection.listSql(query);
}

/** Options for the embedded store. */
export interface EmbeddedStoreOptions {
  /** The data directory; created when missing. */
  dataDir: string;
  /**
   * How long a write waits for another process's write lock before failing with 503. Only the
   * first store opened on a file in a process sets it (they share connections).
   */
  timeoutMs?: number;
}

/** The connections to one database file in a process, shared by every store opened on it. */
interface SharedConnection {
  /** Every write, inside the group commit's transaction. */
  db: Database.Database;
  /** Reads outside any write, each statement on a fresh snapshot of committed data. */
  reader: Database.Database;
  writes: GroupCommit;
  disk: FullDiskWatch;
  users: number;
}

/**
 * Open connections by file. A second writing connection to the same file in the same process
 * would wait synchronously for the first one's group commit, which can only run once it stops
 * waiting; so stores opened on one file in one process share their connections. (The read
 * connection never waits: in WAL mode a reader needs no lock a writer holds.) Other processes
 * (the CLI) use their own, and SQLite's locks order them.
 */
const connections = new Map<string, SharedConnection>();

function connect(file: string, timeoutMs: number): SharedConnection {
  const open = connections.get(file);
  if (open) {
    open.users++;
    return open;
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: a write acknowledged to a social worker survives a power cut, not just a crash. (Syncing
  // the WAL on the thread pool instead, with NORMAL, was tried: sequential writes fell to 53-64%
  // of raw SQLite's rate and the API gained nothing measurable.)
  db.pragma('synchronous = FULL');
  // Reads and writes here never wait for each other; only another process's writes can hold
  // the write lock, and then a write waits (blocking this process) for at most the deadline.
  db.pragma(`busy_timeout = ${Math.floor(timeoutMs)}`);
  db.pragma('foreign_keys = OFF');
  createTables(db);
  // Opened after the WAL switch and the tables, so it reads the same file as the writer does.
  const reader = new Database(file);
  reader.pragma('query_only = ON');
  reader.pragma(`busy_timeout = ${Math.floor(timeoutMs)}`);
  let disk: FullDiskWatch | undefined;
  const writes = createGroupCommit(db, {
    mapError: (error) => disk!.noted(sqliteStoreError(error)),
  });
  // The probe a full disk is tested by: one small write, acknowledged only after its commit.
  const probe = db.prepare(
    "INSERT INTO counters (name, value) VALUES ('lowform.ready-probe', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1",
  );
  disk = createFullDiskWatch(async () => {
    await writes.write(() => probe.run());
  });
  const shared = { db, reader, writes, disk, users: 1 };
  connections.set(file, shared);
  return shared;
}

function disconnect(file: string, shared: SharedConnection): void {
  shared.writes.flush();
  if (--shared.users > 0) return;
  connections.delete(file);
  shared.reader.close();
  shared.db.close();
}

/** Opens (creating on first use) the SQLite database in the data directory. */
export function openEmbeddedStore(options: EmbeddedStoreOptions): Store {
  mkdirSync(options.dataDir, { recursive: true });
  const file = path.resolve(options.dataDir, EMBEDDED_FILE_NAME);
  const shared = connect(file, options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS);
  const { db, reader, writes } = shared;

  const collection = <T extends StoredRecord>(name: CollectionName) =>
    new EmbeddedCollection<T>(shared, name);
  const nextNumberStatement = db.prepare(
    'INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value',
  );
  const currentNumberStatement = reader.prepare('SELECT value FROM counters WHERE name = ?');
  let closed = false;

  return {
    kind: 'embedded',
    users: collection('users'),
    sessions: collection('sessions'),
    forms: collection('forms'),
    workflows: collection('workflows'),
    calendars: collection('calendars'),
    documentTemplates: collection('documentTemplates'),
    cases: collection('cases'),
    submissions: collection('submissions'),
    documents: collection('documents'),
    events: embeddedEventLog(db, collection<EventRecord>('events'), writes),
    access: collection('access'),
    loginThrottles: collection('loginThrottles'),
    outboxRuns: collection('outboxRuns'),
    migrations: collection('migrations'),
    async nextNumber(sequence) {
      return writes.write(() => (nextNumberStatement.get(sequence) as { value: number }).value);
    },
    async currentNumber(sequence) {
      return (currentNumberStatement.get(sequence) as { value: number } | undefined)?.value ?? 0;
    },
    async ping() {
      if (closed) throw new LowformError('LF_STORE_UNAVAILABLE', undefined, { store: 'embedded' });
      reader.prepare('SELECT 1').get();
      await shared.disk.check();
    },
    async close() {
      if (closed) return;
      closed = true;
      disconnect(file, shared);
    },
  };
}

/**
 * The chronology on SQLite. An append is one synchronous step inside the turn's transaction,
 * which holds the write lock: find the key's event, read the case's highest seq, insert. No other
 * writer can come between, so there is nothing to retry.
 */
function embeddedEventLog(
  db: Database.Database,
  events: EmbeddedCollection<EventRecord>,
  writes: GroupCommit,
): EventLog {
  const lastSeq = db.prepare(
    `SELECT json_extract(doc, '$.seq') AS seq FROM events WHERE json_extract(doc, '$.caseId') = ? ORDER BY json_extract(doc, '$.seq') DESC LIMIT 1`,
  );
  return {
    ...createEventLog(events),
    append: (event) =>
      writes.write((): InsertOnceResult<EventRecord> => {
        const key = event.idempotencyKey;
        const keyId = key === undefined ? undefined : eventIdForKey(event.caseId, key);
        const first = keyId === undefined ? null : events.readNow(keyId);
        if (first) return { record: first, created: false };
        const seq = ((lastSeq.get(event.caseId) as { seq: number } | undefined)?.seq ?? 0) + 1;
        const id = keyId ?? `${event.caseId}:${seq}`;
        return { record: events.insertNow({ ...event, id, seq, version: 1 }), created: true };
      }),
  };
}

function createTables(db: Database.Database): void {
  const statements = [
    'CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)',
  ];
  const tables = new Set(
    (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    ).map((row) => row.name),
  );
  const declared = new Set<string>();
  const sides = new Set<string>();
  for (const [table, indexes] of Object.entries(collectionIndexes)) {
    statements.push(
      `CREATE TABLE IF NOT EXISTS "${table}" (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`,
    );
    for (const index of indexes) {
      if ('multikey' in index && index.multikey) continue;
      const unique = 'unique' in index && index.unique ? 'UNIQUE ' : '';
      const name = indexName(table, index);
      declared.add(name);
      const columns = index.fields.map((field) => column(field)).join(', ');
      statements.push(`CREATE ${unique}INDEX IF NOT EXISTS "${name}" ON "${table}" (${columns})`);
    }
    for (const side of sideTables(table)) {
      sides.add(side.name);
      statements.push(sideTableSql(side));
      // An index new to this store is filled from the records it has.
      if (!tables.has(side.name))
        statements.push(sideTableBackfillSql(table as CollectionName, side));
    }
  }
  db.transaction(() => {
    for (const sql of statements) db.prepare(sql).run();
    // An index an earlier version declared and this one does not only slows writes down.
    const existing = db
      .prepare(
        "SELECT name, tbl_name AS tableName FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
      )
      .all() as { name: string; tableName: string }[];
    for (const { name, tableName } of existing) {
      if (tableName in collectionIndexes && !declared.has(name))
        db.prepare(`DROP INDEX "${name}"`).run();
    }
    for (const name of tables) {
      const owner = Object.keys(collectionIndexes).find((c) => name.startsWith(`${c}_`));
      if (owner && !sides.has(name)) db.prepare(`DROP TABLE "${name}"`).run();
    }
  })();
}
