/**
 * The one store interface that all server code uses. Two adapters implement it (embedded SQLite
 * and MongoDB) and one contract test suite proves they behave the same. It keeps to what every
 * target store does: single-document atomic writes, compare-and-set by `version`, unique indexes,
 * simple filters, sort, limit and counting by group; never multi-document transactions.
 */
import type {
  AccessRecord,
  CaseRecord,
  DefinitionRecord,
  DocumentRecord,
  EventRecord,
  LoginThrottleRecord,
  MigrationRecord,
  OutboxRunRecord,
  SessionRecord,
  SubmissionRecord,
  UserRecord,
} from '../../schemas/generated/records.ts';

export type {
  AccessRecord,
  CaseRecord,
  DefinitionRecord,
  DocumentRecord,
  EventRecord,
  LoginThrottleRecord,
  MigrationRecord,
  OutboxRunRecord,
  SessionRecord,
  SubmissionRecord,
  UserRecord,
};

/** Every stored record has an id and a version that compare-and-set updates bump. */
export interface StoredRecord {
  id: string;
  version: number;
}

/** A value a filter can compare with. */
export type Scalar = string | number | boolean | null;

/**
 * A condition on one field. A bare scalar means equality (for scalar fields). `has` matches an
 * array field that contains the value, `hasAny` one that contains any of the values; `startsWith` matches a string field, or any string in an
 * array field, that starts with the text (case-sensitive). `startsWithAny` matches an array field
 * with a string starting with any of the texts; `startsWithAll` one that, for every text, has a
 * string starting with it (every word of a search).
 */
export type Condition =
  | Scalar
  | {
      in?: Scalar[];
      ne?: Scalar;
      lt?: string | number;
      lte?: string | number;
      gt?: string | number;
      gte?: string | number;
      has?: Scalar;
      hasAny?: Scalar[];
      startsWith?: string;
      startsWithAny?: string[];
      startsWithAll?: string[];
    };

/**
 * Conditions keyed by field path (`team`, `subject.lastName`), all of which must hold. Paths are
 * letters, digits and underscores separated by dots: anything else is refused, never interpreted.
 */
export type Filter = Record<string, Condition>;

/** How to order a list: one field (present in every record) then id as the tie-break. */
export interface Sort {
  field: string;
  direction: 'asc' | 'desc';
}

/** A page request: conditions, order, page size and the cursor returned by the previous page. */
export interface ListQuery {
  filter?: Filter;
  sort?: Sort;
  limit?: number;
  cursor?: string | null;
  /**
   * Top-level fields to leave out of the items, for lists that do not need a large field (a
   * submission's answers); never `id`, `version` or the sort field. The items then lack them.
   */
  omit?: readonly string[];
}

/** One page of records and the cursor of the next, or null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The outcome of a compare-and-set update. */
export type UpdateResult<T> =
  | { ok: true; record: T }
  | { ok: false; reason: 'conflict'; current: T }
  | { ok: false; reason: 'missing' };

/** The outcome of an insert that is idempotent by id. */
export interface InsertOnceResult<T> {
  record: T;
  created: boolean;
}

/** Fields to change in a record; `id` and `version` are the store's to manage. */
export type Changes<T> = Partial<Omit<T, 'id' | 'version'>>;

/** A group count: how many records share one value of a field. */
export interface GroupCount {
  value: Scalar;
  count: number;
}

/** One kind of record. */
export interface Collection<T extends StoredRecord> {
  /** Inserts a new record; a taken id or unique key throws LF_DUPLICATE. */
  insert(record: T): Promise<T>;
  /**
   * Inserts many new records in one write (one commit on the embedded store). Meant for
   * append-only records with fresh ids; a taken id throws LF_DUPLICATE.
   */
  insertMany(records: T[]): Promise<void>;
  /** Inserts the record unless its id exists; either way returns the stored one (idempotency). */
  insertOnce(record: T): Promise<InsertOnceResult<T>>;
  /** The record with this id, or null. */
  get(id: string): Promise<T | null>;
  /** The first record matching the filter (in id order), or null. */
  findOne(filter: Filter): Promise<T | null>;
  /** One page of matching records in the given order; pages stay consistent across inserts. */
  list(query?: ListQuery): Promise<Page<T>>;
  /** How many records match. */
  count(filter?: Filter): Promise<number>;
  /** Counts the matching records by the value of one field. */
  countBy(field: string, filter?: Filter): Promise<GroupCount[]>;
  /**
   * Applies the changes only when the stored version equals `expectedVersion`, and bumps the
   * version. A stale version returns the current record instead of overwriting it.
   */
  update(id: string, expectedVersion: number, changes: Changes<T>): Promise<UpdateResult<T>>;
  /** Deletes a record; true when it existed. */
  delete(id: string): Promise<boolean>;
}

/** An event to append: the store assigns `id`, `seq` and `version`. */
export type NewEvent = Omit<EventRecord, 'id' | 'seq' | 'version'>;

/** The append-only chronology and audit trail. */
export interface EventLog
  extends Omit<
    Collection<EventRecord>,
    'insert' | 'insertMany' | 'insertOnce' | 'update' | 'delete'
  > {
  /**
   * Appends an event as the case's next entry: seq is 1, 2, 3 ... per case, never skipped or
   * repeated, even with concurrent writers. With an idempotency key, a second append with the
   * same key returns the first event and appends nothing.
   */
  append(event: NewEvent): Promise<InsertOnceResult<EventRecord>>;
}

/** The persistence port. */
export interface Store {
  /** Which adapter this is, for logs and the readiness probe. */
  readonly kind: 'embedded' | 'mongodb';
  users: Collection<UserRecord>;
  sessions: Collection<SessionRecord>;
  forms: Collection<DefinitionRecord>;
  workflows: Collection<DefinitionRecord>;
  /** Imported bank-holiday lists, versioned like definitions (services/working-calendar.ts). */
  calendars: Collection<DefinitionRecord>;
  /** Document templates, versioned and published like forms (services/definitions.ts). */
  documentTemplates: Collection<DefinitionRecord>;
  cases: Collection<CaseRecord>;
  submissions: Collection<SubmissionRecord>;
  documents: Collection<DocumentRecord>;
  events: EventLog;
  /** Who read which case when: the access log. */
  access: Collection<AccessRecord>;
  /** Log-in attempts counted per account and address, shared by every server process. */
  loginThrottles: Collection<LoginThrottleRecord>;
  /** The chronology outbox's runs, one per server process (see case-repository.ts). */
  outboxRuns: Collection<OutboxRunRecord>;
  /** Migrations of running cases to another workflow version (services/workflow-migrations.ts). */
  migrations: Collection<MigrationRecord>;
  /**
   * Allocates the next number of a named sequence (e.g. `CP-2026`) atomically: concurrent callers
   * in any number of processes never receive the same number.
   */
  nextNumber(sequence: string): Promise<number>;
  /** The last number a sequence allocated, or 0 when it has allocated none. */
  currentNumber(sequence: string): Promise<number>;
  /** Resolves when the store answers; rejects with LF_STORE_UNAVAILABLE when it does not. */
  ping(): Promise<void>;
  /** Releases connections and file handles. */
  close(): Promise<void>;
}

/**
 * An index. `multikey` marks one whose first field is an array: MongoDB indexes each element;
 * the embedded store keeps a table of (element, second field, id) rows beside the collection, so
 * that a list with a `has`, `hasAny` or `startsWith...` condition on the array (and, when the
 * index has three fields, sorted by the second) reads only the rows it returns.
 */
export interface IndexSpec {
  fields: readonly string[];
  unique?: boolean;
  multikey?: boolean;
}

/** The collections every adapter creates, and the unique and lookup indexes each needs. */
export const collectionIndexes = {
  users: [{ fields: ['username'], unique: true }],
  sessions: [{ fields: ['userId'] }],
  forms: [{ fields: ['definitionId', 'status'] }],
  workflows: [{ fields: ['definitionId', 'status'] }],
  calendars: [{ fields: ['definitionId', 'status'] }],
  documentTemplates: [{ fields: ['definitionId', 'status'] }],
  cases: [
    { fields: ['reference'], unique: true },
    { fields: ['team', 'updatedAt'] },
    { fields: ['assignee', 'updatedAt'] },
    { fields: ['stage'] },
    { fields: ['team', 'dueAt'] },
    { fields: ['dueAt'] },
    { fields: ['updatedAt'] },
    // Open cases per workflow version and stage (the migration screen), and a migration's cases.
    { fields: ['workflowId', 'workflowVersion', 'final', 'stage'] },
    // Family-level answers are looked up by family.
    { fields: ['subject.familyId'] },
    // Reports: open cases (an open plan counts without a change), a child's other cases.
    { fields: ['final', 'updatedAt'] },
    { fields: ['subject.dateOfBirth'] },
    // Multikey, in order of preference when a list could be served by more than one. Search:
    // each word of the name, reference and date of birth prefixed by each visibility key (so a
    // search reads only cases the user may see); the sign-off queue by team and signing role;
    // lists of what a user may see, by last change, due date and reference.
    { fields: ['searchKeys', 'id'], multikey: true },
    { fields: ['signOffKeys', 'signOffSince', 'id'], multikey: true },
    { fields: ['visibleTo', 'updatedAt', 'id'], multikey: true },
    { fields: ['visibleTo', 'dueAt', 'id'], multikey: true },
    { fields: ['visibleTo', 'reference', 'id'], multikey: true },
    // Reports: the cases with a milestone in a month (council and team keys), plans by their end.
    { fields: ['milestoneKeys', 'reference', 'id'], multikey: true },
    { fields: ['planUntil'] },
    { fields: ['team', 'planUntil'] },
  ],
  // A form's latest submission on a case is the first entry of its range, id breaking ties.
  submissions: [
    { fields: ['caseId', 'formId', 'status', 'submittedAt', 'id'] },
    // The outbox repairs the entries of submissions made since a crashed run last flushed.
    { fields: ['submittedAt'] },
    // A form's use (fill rates, recording time) over a period.
    { fields: ['formId', 'status', 'submittedAt'] },
  ],
  documents: [{ fields: ['caseId'] }],
  access: [{ fields: ['caseId', 'at'] }, { fields: ['caseId', 'actor', 'at'] }],
  // Every read of the chronology is by case; an index for reports across cases comes with them.
  events: [{ fields: ['caseId', 'seq'], unique: true }],
  // Expired counts are swept by their expiry.
  loginThrottles: [{ fields: ['expiresAt'] }],
  outboxRuns: [],
  migrations: [{ fields: ['workflowId', 'status'] }],
} as const satisfies Record<string, readonly IndexSpec[]>;

/** An index's name in both stores: its collection and fields. Opening a store drops any other. */
export function indexName(collection: string, index: { fields: readonly string[] }): string {
  return `${collection}_${index.fields.join('_').replaceAll('.', '_')}`;
}

/** The name of a record collection. */
export type CollectionName = keyof typeof collectionIndexes;

/** The human-readable case reference for a sequence number: CP-2026-000123. */
export function formatCaseReference(prefix: string, year: number, n: number): string {
  return `${prefix}-${year}-${String(n).padStart(6, '0')}`;
}
