/**
 * The MongoDB adapter: the official driver against a MongoDB replica set or sharded cluster, or a
 * MongoDB-compatible server such as FerretDB. Records keep their id as `_id`. Only single-document
 * atomic operations are used, so no transactions or sessions are needed.
 *
 * FerretDB 1.x reads and then rewrites a document by `_id` without re-checking the filter, so
 * neither `$inc` nor a `findOneAndUpdate` on `version` is atomic there across connections. Its
 * unique indexes are enforced by SQLite, though, so on FerretDB every compare-and-set first
 * inserts a claim `{collection}/{id}/{nextVersion}`: only one writer can insert it, and only that
 * writer applies the change. Counters are built on unique inserts on every server.
 */
import {
  type Db,
  type Document,
  MongoClient,
  type Collection as MongoCollection,
  MongoServerError,
} from 'mongodb';
import { LowformError } from '../errors.ts';
import { DEFAULT_STORE_TIMEOUT_MS, storeWithDeadlines } from './deadline.ts';
import { createEventLog } from './event-log.ts';
import { createFullDiskWatch } from './full-disk.ts';
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
  type Filter,
  type GroupCount,
  type InsertOnceResult,
  indexName,
  type ListQuery,
  type Page,
  type Scalar,
  type Store,
  type StoredRecord,
  type UpdateResult,
} from './store.ts';

const DUPLICATE_KEY = 11000;
/** MongoDB's OutOfDiskSpace; FerretDB passes on SQLite's "database or disk is full" instead. */
const OUT_OF_DISK_SPACE = 14031;
const DISK_FULL_MESSAGE = /disk is full|no space left on device|ENOSPC/i;

function mongoPath(path: string): string {
  return path === 'id' ? '_id' : path;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern matching text that starts with the value, and nothing more. */
function prefixPattern(value: Scalar): RegExp {
  return new RegExp(`^${escapeRegex(String(value))}`);
}

function clauseFor(path: string, op: string, value: Scalar | Scalar[]): Document {
  const field = mongoPath(path);
  switch (op) {
    case 'eq':
    case 'has':
      return { [field]: value };
    case 'ne':
    case 'in':
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return { [field]: { [`$${op}`]: value } };
    case 'hasAny':
      return { [field]: { $in: value } };
    case 'startsWith':
      return { [field]: { $regex: `^${escapeRegex(String(value))}` } };
    // As $or and $and of one pattern each: FerretDB 1.x matches no pattern inside $in or $all.
    case 'startsWithAny': {
      const texts = value as Scalar[];
      if (texts.length === 0) return { _id: { $in: [] } };
      return { $or: texts.map((text) => ({ [field]: prefixPattern(text) })) };
    }
    case 'startsWithAll': {
      const texts = value as Scalar[];
      if (texts.length === 0) return {};
      return { $and: texts.map((text) => ({ [field]: prefixPattern(text) })) };
    }
    default:
      throw new LowformError('LF_BAD_REQUEST', `"${op}" is not a filter operator.`, {
        field: path,
      });
  }
}

/** Compiles a filter to a MongoDB query document. */
function mongoFilter(filter: Filter | undefined): Document {
  const clauses: Document[] = [];
  for (const [path, condition] of filterEntries(filter)) {
    for (const [op, value] of conditionOperators(condition))
      clauses.push(clauseFor(path, op, value));
  }
  // One flat document where the fields differ (several operators on one field merge): FerretDB
  // pushes a flat filter down to its backend but reads the whole collection for an $and.
  const merged: Document = {};
  for (const clause of clauses) {
    if (Object.keys(clause).length === 0) continue;
    const [field, condition] = Object.entries(clause)[0]!;
    const prior = merged[field];
    if (prior === undefined) merged[field] = condition;
    else if (
      isOperators(prior) &&
      isOperators(condition) &&
      Object.keys(condition).every((op) => !Object.hasOwn(prior, op))
    )
      merged[field] = { ...prior, ...condition };
    else return { $and: clauses };
  }
  return merged;
}

/** `{ $gte: 1, $lt: 5 }`, as opposed to a value to match. */
function isOperators(condition: unknown): condition is Document {
  return (
    typeof condition === 'object' &&
    condition !== null &&
    !Array.isArray(condition) &&
    Object.keys(condition).length > 0 &&
    Object.keys(condition).every((key) => key.startsWith('$'))
  );
}

function toStored<T extends StoredRecord>(record: T): Document {
  const { id, ...rest } = record;
  return { _id: id, ...rest };
}

function fromStored<T extends StoredRecord>(doc: Document | null): T | null {
  if (!doc) return null;
  const { _id, ...rest } = doc;
  return { id: _id, ...rest } as unknown as T;
}

/**
 * Maps driver failures to catalog errors: no connection (or none free in time) becomes
 * LF_STORE_UNAVAILABLE, a full disk LF_STORE_FULL.
 */
function storeError(error: unknown, context: Record<string, unknown>): Error {
  if (error instanceof LowformError) return error;
  if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) {
    return new LowformError('LF_DUPLICATE', undefined, context);
  }
  if (
    error instanceof MongoServerError &&
    (error.code === OUT_OF_DISK_SPACE || DISK_FULL_MESSAGE.test(error.message))
  ) {
    return new LowformError('LF_STORE_FULL', undefined, { store: 'mongodb' });
  }
  const name = (error as { name?: string }).name ?? '';
  if (
    /MongoServerSelection|MongoNetwork|MongoTopologyClosed|MongoNotConnected|MongoWaitQueueTimeout|PoolCleared/.test(
      name,
    )
  ) {
    return new LowformError('LF_STORE_UNAVAILABLE', undefined, { store: 'mongodb' });
  }
  return error instanceof Error ? error : new Error(String(error));
}

async function guarded<R>(context: Record<string, unknown>, run: () => Promise<R>): Promise<R> {
  try {
    return await run();
  } catch (error) {
    throw storeError(error, context);
  }
}

/** A claim on one version step of one record, held by the writer that inserted it first. */
interface Claim {
  _id: string;
  changes: Document;
  at: Date;
}

/** A claim older than this belongs to a writer that died before applying it. */
const ABANDONED_CLAIM_MS = 5000;

class MongoRecordCollection<T extends StoredRecord> implements Collection<T> {
  readonly #collection: MongoCollection<Document>;
  readonly #name: string;
  readonly #claims: MongoCollection<Claim> | null;

  /** With `claims`, updates are serialised by claim inserts instead of trusting the server. */
  constructor(db: Db, name: string, claims: MongoCollection<Claim> | null) {
    this.#collection = db.collection(name);
    this.#name = name;
    this.#claims = claims;
  }

  async insert(record: T): Promise<T> {
    return guarded({ collection: this.#name, id: record.id }, async () => {
      await this.#collection.insertOne(toStored(record));
      return record;
    });
  }

  async insertMany(records: T[]): Promise<void> {
    if (records.length === 0) return;
    await guarded({ collection: this.#name }, async () => {
      await this.#collection.insertMany(records.map(toStored));
    });
  }

  async insertOnce(record: T): Promise<InsertOnceResult<T>> {
    try {
      return { record: await this.insert(record), created: true };
    } catch (error) {
      if (!(error instanceof LowformError && error.code === 'LF_DUPLICATE')) throw error;
      const existing = await this.get(record.id);
      if (!existing) throw error;
      return { record: existing, created: false };
    }
  }

  async get(id: string): Promise<T | null> {
    return guarded({ collection: this.#name, id }, async () =>
      fromStored<T>(await this.#collection.findOne({ _id: id as unknown as Document['_id'] })),
    );
  }

  async findOne(filter: Filter): Promise<T | null> {
    const page = await this.list({ filter, limit: 1 });
    return page.items[0] ?? null;
  }

  async list(query: ListQuery = {}): Promise<Page<T>> {
    const sort = query.sort ?? ID_ORDER;
    const limit = pageSize(query.limit);
    const [sortPath] = filterEntries({ [sort.field]: null })[0]!;
    const field = mongoPath(sortPath);
    const dir = sort.direction === 'desc' ? -1 : 1;
    let filter = mongoFilter(query.filter);
    const omit = omittedFields(query, sort);
    if (query.cursor) {
      const after = decodeCursor(sort, query.cursor);
      const cmp = sort.direction === 'desc' ? '$lt' : '$gt';
      const keyset = {
        $or: [
          { [field]: { [cmp]: after.value } },
          { [field]: after.value, _id: { [cmp]: after.id } },
        ],
      };
      filter = Object.keys(filter).length ? { $and: [filter, keyset] } : keyset;
    }
    const sortSpec: Record<string, 1 | -1> =
      field === '_id' ? { _id: dir } : { [field]: dir, _id: dir };
    return guarded({ collection: this.#name }, async () => {
      const docs = await this.#collection
        .find(filter, { projection: Object.fromEntries(omit.map((name) => [name, 0])) })
        .sort(sortSpec)
        .limit(limit + 1)
        .toArray();
      const items = docs.slice(0, limit).map((doc) => fromStored<T>(doc)!);
      const last = items[items.length - 1];
      const nextCursor =
        docs.length > limit && last
          ? encodeCursor(sort, readPath(last, sort.field), last.id)
          : null;
      return { items, nextCursor };
    });
  }

  async count(filter?: Filter): Promise<number> {
    return guarded({ collection: this.#name }, () =>
      this.#collection.countDocuments(mongoFilter(filter)),
    );
  }

  async countBy(field: string, filter?: Filter): Promise<GroupCount[]> {
    const [path] = filterEntries({ [field]: null })[0]!;
    return guarded({ collection: this.#name }, async () => {
      const rows = await this.#collection
        .aggregate([
          { $match: mongoFilter(filter) },
          { $group: { _id: `$${mongoPath(path)}`, count: { $sum: 1 } } },
          { $sort: { _id: 1 } },
        ])
        .toArray();
      return rows.map((row) => ({
        value: (row._id ?? null) as Scalar,
        count: row.count as number,
      }));
    });
  }

  async update(id: string, expectedVersion: number, changes: Changes<T>): Promise<UpdateResult<T>> {
    const { id: _id, version: _version, ...fields } = changes as Record<string, unknown>;
    if (!this.#claims) return this.#setIfVersion(id, expectedVersion, fields);
    const claimId = `${this.#name}/${id}/${expectedVersion + 1}`;
    try {
      await guarded({ collection: this.#name, id }, () =>
        this.#claims!.insertOne({ _id: claimId, changes: fields, at: new Date() }),
      );
    } catch (error) {
      if (!(error instanceof LowformError && error.code === 'LF_DUPLICATE')) throw error;
      return this.#lostClaim(id, expectedVersion, claimId);
    }
    const result = await this.#setIfVersion(id, expectedVersion, fields);
    // Once the record has moved on (by this write, or it was missing or at another version) the
    // claim guards nothing: a later claim on this step meets a version that no longer matches.
    await this.#releaseClaim(claimId);
    return result;
  }

  /** Removes a settled claim; one left by a crash is removed by the next writer that meets it. */
  async #releaseClaim(claimId: string): Promise<void> {
    await guarded({ collection: 'claims', id: claimId }, () =>
      this.#claims!.deleteOne({ _id: claimId }),
    );
  }

  async #setIfVersion(
    id: string,
    expectedVersion: number,
    fields: Document,
  ): Promise<UpdateResult<T>> {
    const updated = await guarded({ collection: this.#name, id }, () =>
      this.#collection.findOneAndUpdate(
        { _id: id as unknown as Document['_id'], version: expectedVersion },
        { $set: { ...fields, version: expectedVersion + 1 } },
        { returnDocument: 'after' },
      ),
    );
    if (updated) return { ok: true, record: fromStored<T>(updated)! };
    const current = await this.get(id);
    return current ? { ok: false, reason: 'conflict', current } : { ok: false, reason: 'missing' };
  }

  /**
   * Another writer holds the claim: a conflict. If that writer died between its claim and its
   * write, the record is still at the old version; roll its change forward so that the record
   * is never stuck.
   */
  async #lostClaim(id: string, expectedVersion: number, claimId: string): Promise<UpdateResult<T>> {
    const current = await this.get(id);
    if (!current) return { ok: false, reason: 'missing' };
    if (current.version === expectedVersion) {
      const claim = await guarded({ collection: 'claims', id: claimId }, () =>
        this.#claims!.findOne({ _id: claimId }),
      );
      if (claim && Date.now() - claim.at.getTime() > ABANDONED_CLAIM_MS) {
        const repaired = await this.#setIfVersion(id, expectedVersion, claim.changes);
        if (repaired.ok) await this.#releaseClaim(claimId);
        if (repaired.ok) return { ok: false, reason: 'conflict', current: repaired.record };
      }
    } else if (current.version > expectedVersion) {
      // The step this claim was for is done; its writer died before removing the claim.
      await this.#releaseClaim(claimId);
    }
    return { ok: false, reason: 'conflict', current };
  }

  async delete(id: string): Promise<boolean> {
    return guarded({ collection: this.#name, id }, async () => {
      const result = await this.#collection.deleteOne({ _id: id as unknown as Document['_id'] });
      return result.deletedCount > 0;
    });
  }
}

/** Options for the MongoDB store. */
export interface MongoStoreOptions {
  uri: string;
  /** The database name; by default the one in the URI, else `lowform`. */
  database?: string;
  /** How long to wait for a server before a request fails with 503. */
  serverSelectionTimeoutMS?: number;
  /** How long any one store operation may take before it fails with 503 (LF_STORE_UNAVAILABLE). */
  timeoutMS?: number;
  /**
   * Whether the server's conditional updates are atomic. By default true except on FerretDB,
   * which gets insert-claimed compare-and-set instead.
   */
  atomicUpdates?: boolean;
}

/** Connects, creates the indexes and returns the store. */
export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const timeoutMS = options.timeoutMS ?? DEFAULT_STORE_TIMEOUT_MS;
  // The driver's per-stage timeouts (its timeoutMS is a no-op from driver 7.8) bound each stage;
  // the deadline below bounds the whole operation, retries included. A frozen server's sockets
  // are closed after a few deadlines, leaving room for an index build at open to take longer.
  const client = new MongoClient(options.uri, {
    serverSelectionTimeoutMS: Math.min(options.serverSelectionTimeoutMS ?? 1500, timeoutMS),
    connectTimeoutMS: timeoutMS,
    waitQueueTimeoutMS: timeoutMS,
    socketTimeoutMS: 4 * timeoutMS,
    ignoreUndefined: true,
  });
  await guarded({ store: 'mongodb' }, () => client.connect());
  const db = client.db(options.database ?? (client.options.dbName || 'lowform'));
  await guarded({ store: 'mongodb' }, () => createIndexes(db));

  const buildInfo = await guarded({ store: 'mongodb' }, () => db.admin().command({ buildInfo: 1 }));
  const atomicUpdates = options.atomicUpdates ?? !('ferretdbVersion' in buildInfo);
  const claims = atomicUpdates ? null : db.collection<Claim>('claims');
  const collection = <T extends StoredRecord>(name: CollectionName) =>
    new MongoRecordCollection<T>(db, name, claims);
  const counters = db.collection<{ _id: string; sequence: string; value: number }>('counters');
  const probes = db.collection<{ _id: string; at: Date }>('probes');
  const disk = createFullDiskWatch(async () => {
    await guarded({ store: 'mongodb' }, () =>
      probes.updateOne({ _id: 'ready' }, { $set: { at: new Date() } }, { upsert: true }),
    );
  });

  const store: Store = {
    kind: 'mongodb',
    users: collection('users'),
    sessions: collection('sessions'),
    forms: collection('forms'),
    workflows: collection('workflows'),
    calendars: collection('calendars'),
    documentTemplates: collection('documentTemplates'),
    cases: collection('cases'),
    submissions: collection('submissions'),
    documents: collection('documents'),
    events: createEventLog(collection('events')),
    access: collection('access'),
    loginThrottles: collection('loginThrottles'),
    outboxRuns: collection('outboxRuns'),
    migrations: collection('migrations'),
    async currentNumber(sequence) {
      const last = await guarded({ sequence }, () =>
        counters.find({ sequence }).sort({ value: -1 }).limit(1).toArray(),
      );
      return last[0]?.value ?? 0;
    },
    async nextNumber(sequence) {
      // The highest number taken plus one, taken by a unique insert: a racing writer that read
      // the same highest number gets a duplicate and tries the next one.
      for (let attempt = 0; attempt < 200; attempt++) {
        const last = await guarded({ sequence }, () =>
          counters.find({ sequence }).sort({ value: -1 }).limit(1).toArray(),
        );
        const value = (last[0]?.value ?? 0) + 1;
        try {
          await guarded({ sequence }, () =>
            counters.insertOne({ _id: `${sequence}#${value}`, sequence, value }),
          );
          return value;
        } catch (error) {
          if (!(error instanceof LowformError && error.code === 'LF_DUPLICATE')) throw error;
        }
      }
      throw new LowformError(
        'LF_CONFLICT',
        'Too many records are being created at once. Try again.',
      );
    },
    async ping() {
      await guarded({ store: 'mongodb' }, () => db.command({ ping: 1 }));
      await disk.check();
    },
    async close() {
      await client.close();
    },
  };
  return storeWithDeadlines(store, timeoutMS, (error) => disk.noted(error));
}

async function createIndexes(db: Db): Promise<void> {
  await db
    .collection('counters')
    .createIndex({ sequence: 1, value: 1 }, { name: 'counters_sequence_value', unique: true });
  for (const [name, indexes] of Object.entries(collectionIndexes)) {
    const declared = new Set<string>();
    for (const index of indexes) {
      const keys = Object.fromEntries(index.fields.map((f) => [mongoPath(f), 1 as const]));
      const unique = 'unique' in index && index.unique;
      const named = indexName(name, index);
      declared.add(named);
      await db.collection(name).createIndex(keys, { name: named, unique });
    }
    // An index an earlier version declared and this one does not only slows writes down. A
    // collection with no index declared may not exist yet: it has none to drop.
    const existingIndexes = await db
      .collection(name)
      .indexes()
      .catch((error: unknown) => {
        if ((error as { codeName?: string }).codeName === 'NamespaceNotFound') return [];
        throw error;
      });
    for (const existing of existingIndexes) {
      const existingName = existing.name ?? '';
      if (existingName.startsWith(`${name}_`) && !declared.has(existingName))
        await db.collection(name).dropIndex(existingName);
    }
  }
}
