/**
 * The case repository: reading cases, writing them by compare-and-set, and the chronology
 * outbox that puts each change's entries in the log exactly once. One is made per app by
 * `buildApp` (and one for a script that works on a store); it keeps no state between apps.
 *
 * Without multi-document transactions an accepted change is two writes: the case, carrying its
 * chronology entries in `pendingEvents`, then the entries themselves, appended idempotently by
 * key. A change's entries are in the log before the next change of the case is written (the
 * writer appends whatever the last change left), so the log keeps the order of the changes.
 * Reads never write: a crash between the two writes is repaired by the outbox, which every
 * process runs. Each process beats in `outboxRuns`, saying up to when all its appends are done;
 * a run that stopped beating (its process is gone from this host, or silent for a minute) has
 * the cases and submissions written since then repaired by the next process to see it, at its
 * start before it serves and then on every beat.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { LowformError } from '../errors.ts';
import { listAll } from '../store/list-all.ts';
import type {
  CaseRecord,
  Changes,
  EventRecord,
  OutboxRunRecord,
  Store,
  SubmissionRecord,
  UserRecord,
} from '../store/store.ts';
import { canSeeCase } from './case-access.ts';
import { caseKeys, withCaseKeys } from './case-keys.ts';
import { withMilestones } from './case-milestones.ts';
import type { DefinitionRegistry } from './definition-registry.ts';

/** One chronology entry waiting on a case to be appended. */
export type PendingEvent = CaseRecord['pendingEvents'][number];

/** A submission without its answers. */
export type SubmissionSummary = Omit<SubmissionRecord, 'data'>;

/** The chronology outbox of one process. */
export interface Outbox {
  /** Joins the outbox (a run of this process) and repairs what crashed runs left; then beats. */
  start(): Promise<void>;
  /** Stops beating, waits for this process's appends, and leaves (a clean end needs no repair). */
  stop(): Promise<void>;
  /** One beat: says how far this run's appends are done and repairs crashed runs. */
  beat(): Promise<void>;
  /**
   * Appends the missing entries of every case changed and every form submitted since `from`
   * (an ISO instant on the app's clock); returns how many of each it looked at.
   */
  repairSince(from: string): Promise<{ cases: number; submissions: number }>;
}

/** Cases: read, written by compare-and-set, with their chronology. */
export interface CaseRepository {
  /**
   * A case the user may see, as stored (one they may not see does not exist for them). Waits
   * for this process's appends to it, so a reader sees the entries of what it was told is done.
   * Never writes.
   */
  read(user: UserRecord, id: string): Promise<CaseRecord>;
  /**
   * A case the user is about to change: as `read`, and with every entry of its last change in
   * the log, so the entries of the change come after them.
   */
  readForChange(user: UserRecord, id: string): Promise<CaseRecord>;
  /**
   * As `readForChange`, for a change no user's view of the case limits (a migration moves every
   * running case of a workflow, whoever may see it): no visibility check.
   */
  readForSystemChange(id: string): Promise<CaseRecord>;
  /** Stores a new case and appends its entries (waited for). */
  insert(record: CaseRecord): Promise<CaseRecord>;
  /**
   * Writes a change at the version the caller read, with the chronology entries it makes (keyed
   * by the new version), and starts appending them. A stale version is LF_CONFLICT carrying the
   * current version; a missing case LF_NOT_FOUND.
   */
  write(
    record: CaseRecord,
    changes: Changes<CaseRecord>,
    entries: (version: number) => PendingEvent[],
  ): Promise<CaseRecord>;
  /**
   * Appends a submission's entry, after every append already started for its case; resolves
   * once it is stored. Idempotent by the submission's id.
   */
  appendSubmission(submission: SubmissionSummary, formTitle: string): Promise<void>;
  /** Resolves when the appends this process started for a case have finished. */
  appendsDone(caseId: string): Promise<void>;
  /** The case's chronology as stored, oldest first, of one kind or all. */
  chronology(caseId: string, kind?: string): Promise<EventRecord[]>;
  outbox: Outbox;
}

/** How often a run beats. */
const BEAT_MS = 10_000;
/** A run silent for this long has ended without leaving (its process is gone). */
const SILENT_MS = 60_000;
/** Repairs look this far before a run's `flushedBefore`: a write's time is taken before it is made. */
const REPAIR_MARGIN_MS = 120_000;
/** How many case versions a repository remembers as flushed; older ones are checked again. */
const FLUSHED_MEMORY = 50_000;

/** What a repository works with. */
export interface RepositoryDeps {
  store: Store;
  registry: DefinitionRegistry;
  /** The app's clock (cases' `updatedAt` are on it). */
  now: () => Date;
  /** Where failed beats and repairs are reported. */
  warn?: (message: string, error: unknown) => void;
}

/** Makes the case repository of one app. */
export function createCaseRepository(deps: RepositoryDeps): CaseRepository {
  const { store, registry, now } = deps;
  const warn = deps.warn ?? (() => {});
  // Case versions whose pending entries this repository has seen in the log (it appended them,
  // or checked); reading such a version again needs no look at the log.
  const flushed = new Set<string>();
  // Appends started and not finished, by case: each case's run one after another.
  const appending = new Map<string, Promise<void>>();
  // When each unfinished append's change was made (the app's clock), for the run's beat.
  const inFlight = new Map<symbol, string>();

  function queueAppend(caseId: string, append: () => Promise<unknown>): Promise<void> {
    const token = Symbol(caseId);
    inFlight.set(token, now().toISOString());
    const done = (appending.get(caseId) ?? Promise.resolve()).then(append).then(() => {});
    const settled = done.then(
      () => {},
      () => {},
    );
    appending.set(caseId, settled);
    void settled.then(() => {
      inFlight.delete(token);
      if (appending.get(caseId) === settled) appending.delete(caseId);
    });
    return done;
  }

  /**
   * Appends the record's pending entries that are not in the log. Entries just written are
   * appended straight away; others (`check`: a version this process did not write, read after a
   * restart or repaired) are looked up first, one read instead of a write attempt per entry.
   */
  async function flush(record: CaseRecord, check = true): Promise<void> {
    const key = `${record.id}@${record.version}`;
    if (flushed.has(key)) return;
    let missing = record.pendingEvents;
    if (check && missing.length > 0) {
      const keys = missing.map((p) => p.idempotencyKey);
      const present = await store.events.list({
        filter: { caseId: record.id, idempotencyKey: { in: keys } },
        limit: keys.length,
        omit: ['data'],
      });
      const there = new Set(present.items.map((e) => e.idempotencyKey));
      missing = missing.filter((p) => !there.has(p.idempotencyKey));
    }
    for (const pending of missing) {
      const { summary, ...rest } = pending;
      await store.events.append({
        caseId: record.id,
        ...rest,
        ...(summary === undefined ? {} : { summary }),
      });
    }
    // A Set iterates in insertion order, so the first entry is the oldest.
    if (flushed.size >= FLUSHED_MEMORY) flushed.delete(flushed.values().next().value!);
    flushed.add(key);
  }

  function submissionEntry(submission: SubmissionSummary, formTitle: string) {
    return store.events.append({
      caseId: submission.caseId,
      kind: 'submission',
      type: 'form-submitted',
      at: submission.submittedAt ?? submission.updatedAt,
      actor: submission.author,
      summary: `${formTitle} submitted`,
      data: {
        formId: submission.formId,
        formVersion: submission.formVersion,
        submissionId: submission.id,
      },
      idempotencyKey: submissionKey(submission),
    });
  }

  async function read(user: UserRecord, id: string): Promise<CaseRecord> {
    // This process's appends for the case land first, so what a reader was told is done shows.
    await appending.get(id);
    const record = await store.cases.get(id);
    if (!record || !canSeeCase(user, record))
      throw new LowformError('LF_NOT_FOUND', 'There is no such case.');
    return record;
  }

  /** The record once every entry of its last change is in the log. */
  async function flushedForChange(record: CaseRecord): Promise<CaseRecord> {
    // A version this process has seen appended needs nothing more (the usual case).
    if (!flushed.has(`${record.id}@${record.version}`))
      await queueAppend(record.id, () => flush(record));
    return record;
  }

  const outbox = createOutbox();

  function createOutbox(): Outbox {
    let run: OutboxRunRecord | null = null;
    let timer: NodeJS.Timeout | null = null;
    let beating: Promise<void> | null = null;

    async function repairSince(from: string) {
      const cases = await listAll(store.cases, {
        filter: { updatedAt: { gte: from } },
        sort: { field: 'updatedAt', direction: 'asc' },
        omit: ['snapshot'],
      });
      for (const record of cases) await queueAppend(record.id, () => flush(record));
      const submissions = await listAll(store.submissions, {
        filter: { submittedAt: { gte: from }, status: 'submitted' },
        sort: { field: 'submittedAt', direction: 'asc' },
        omit: ['data'],
      });
      const byCase = new Map<string, SubmissionSummary[]>();
      for (const s of submissions) byCase.set(s.caseId, [...(byCase.get(s.caseId) ?? []), s]);
      for (const [caseId, made] of byCase) {
        const keys = made.map(submissionKey);
        const present = await store.events.list({
          filter: { caseId, idempotencyKey: { in: keys } },
          limit: keys.length,
          omit: ['data'],
        });
        const there = new Set(present.items.map((e) => e.idempotencyKey));
        for (const submission of made) {
          if (there.has(submissionKey(submission))) continue;
          const form = await registry.form(submission.formId, submission.formVersion);
          await queueAppend(caseId, () => submissionEntry(submission, form.title));
        }
      }
      return { cases: cases.length, submissions: submissions.length };
    }

    /** True when the run's process has gone: not running on this host, or silent too long. */
    function hasEnded(other: OutboxRunRecord): boolean {
      if (other.host === os.hostname() && !processRuns(other.pid)) return true;
      return Date.now() - other.beatAt > SILENT_MS;
    }

    async function repairEnded(): Promise<void> {
      const runs = await listAll(store.outboxRuns, {});
      for (const other of runs) {
        if (other.id === run?.id || !hasEnded(other)) continue;
        const from = new Date(Date.parse(other.flushedBefore) - REPAIR_MARGIN_MS).toISOString();
        await repairSince(from);
        await store.outboxRuns.delete(other.id);
      }
    }

    /** The instant before which every change this run made has its entries in the log. */
    function flushedBefore(): string {
      let oldest = now().toISOString();
      for (const at of inFlight.values()) if (at < oldest) oldest = at;
      return oldest;
    }

    async function beatOnce(): Promise<void> {
      if (run) {
        const changes = { flushedBefore: flushedBefore(), beatAt: Date.now() };
        const result = await store.outboxRuns.update(run.id, run.version, changes);
        // A run another process took for ended (this one was silent too long) joins again.
        if (result.ok) run = result.record;
        else run = await join();
      }
      await repairEnded();
    }

    async function join(): Promise<OutboxRunRecord> {
      const at = now().toISOString();
      return store.outboxRuns.insert({
        id: randomUUID(),
        version: 1,
        host: os.hostname(),
        pid: process.pid,
        startedAt: at,
        flushedBefore: at,
        beatAt: Date.now(),
      });
    }

    function beat(): Promise<void> {
      beating ??= beatOnce().finally(() => {
        beating = null;
      });
      return beating;
    }

    return {
      async start() {
        run ??= await join();
        await repairEnded();
        timer ??= setInterval(() => {
          beat().catch((error: unknown) => warn('the chronology outbox could not beat', error));
        }, BEAT_MS);
        timer.unref();
      },
      async stop() {
        if (timer) clearInterval(timer);
        timer = null;
        await beating?.catch(() => {});
        await Promise.all(appending.values());
        // A store that cannot be written any more leaves the run, which the next process to
        // see it repairs (nothing to do, the appends are done) and forgets.
        if (run)
          await store.outboxRuns
            .delete(run.id)
            .catch((error: unknown) => warn('the chronology outbox could not leave', error));
        run = null;
      },
      beat,
      repairSince,
    };
  }

  return {
    read,
    async readForChange(user, id) {
      return flushedForChange(await read(user, id));
    },
    async readForSystemChange(id) {
      await appending.get(id);
      const record = await store.cases.get(id);
      if (!record) throw new LowformError('LF_NOT_FOUND', 'There is no such case.');
      return flushedForChange(record);
    },
    async insert(record) {
      const withKeys = { ...record, ...caseKeys(record) };
      const stored = await store.cases.insert(
        definedOnly(withMilestones(null, withKeys, record.pendingEvents)),
      );
      await queueAppend(stored.id, () => flush(stored, false));
      return stored;
    },
    async write(record, changes, entries) {
      const next = record.version + 1;
      const pendingEvents = entries(next);
      // The steps the change records and its milestones are written together (one write).
      const result = await store.cases.update(record.id, record.version, {
        ...withMilestones(record, withCaseKeys(record, changes), pendingEvents),
        pendingEvents,
      });
      if (!result.ok) {
        if (result.reason === 'missing')
          throw new LowformError('LF_NOT_FOUND', 'There is no such case.');
        throw new LowformError('LF_CONFLICT', undefined, {
          currentVersion: result.current.version,
        });
      }
      // The entries are safe in the case's pendingEvents once the update is stored; the append
      // is not waited for. A reader of the case in this process waits for it; the next writer
      // appends whatever is not yet in the log; a crash is repaired by the outbox.
      const written = result.record;
      queueAppend(written.id, () => flush(written, false)).catch(() => {});
      return written;
    },
    appendSubmission(submission, formTitle) {
      return queueAppend(submission.caseId, () => submissionEntry(submission, formTitle));
    },
    async appendsDone(caseId) {
      await appending.get(caseId);
    },
    chronology(caseId, kind) {
      return listAll(store.events, {
        filter: kind ? { caseId, kind } : { caseId },
        sort: { field: 'seq', direction: 'asc' },
      });
    },
    outbox,
  };
}

/** The fields of an object that have a value (a new record stores no absent field). */
function definedOnly<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as T;
}

/** The idempotency key of a submission's chronology entry. */
function submissionKey(submission: { id: string }): string {
  return `submission:${submission.id}`;
}

/** True when a process with this id runs on this host. */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
