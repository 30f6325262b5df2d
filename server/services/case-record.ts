/**
 * Keeping a case record in step with its engine snapshot, and the case's chronology in step
 * with the record. Without multi-document transactions an accepted change is two writes: the
 * case (with its chronology entries in `pendingEvents`) and then the entries themselves. Appends
 * are idempotent by key, so any reader or writer can append what a crash left out, exactly once.
 */
import type {
  Accepted,
  CaseSnapshot,
  ChronologyEntry,
  Effect,
  Workflow,
} from '../../engine/index.ts';
import { LowformError } from '../errors.ts';
import type { CaseRecord, Changes, Store } from '../store/store.ts';

/** A due date far enough away that cases with no deadline sort last. */
export const NO_DEADLINE = '9999-12-31';

type PendingEvent = CaseRecord['pendingEvents'][number];

/** The record fields that follow from a snapshot. */
export function snapshotFields(workflow: Workflow, snapshot: CaseSnapshot) {
  const stages = snapshot.entered
    .filter((e) => workflow.stages.has(e.state))
    .map((e) => ({ state: e.state, title: workflow.stages.get(e.state)!.title }));
  // The innermost stages are what people mean by "where the case is".
  const leaves = stages.filter((s) => !stages.some((o) => o.state.startsWith(`${s.state}.`)));
  const due = snapshot.deadlines
    .filter((d) => d.dueOn !== null)
    .sort((a, b) => (a.dueOn! < b.dueOn! ? -1 : 1))[0];
  return {
    snapshot: snapshot as unknown as Record<string, unknown>,
    stages: leaves,
    stage: leaves.map((s) => s.state).join(' '),
    stageStates: leaves.map((s) => s.state),
    stageTitle: leaves.map((s) => s.title).join(', '),
    final: snapshot.done,
    deadline: due ? { label: due.label, dueOn: due.dueOn!, state: due.state } : null,
    dueAt: due?.dueOn ?? NO_DEADLINE,
  };
}

/** The snapshot a record keeps. */
export function readSnapshot(record: CaseRecord): CaseSnapshot {
  return record.snapshot as unknown as CaseSnapshot;
}

/** Chronology entries for the engine's effects, keyed so each is appended once. */
export function pendingFromEffects(effects: Effect[], version: number): PendingEvent[] {
  const entries: PendingEvent[] = [];
  effects.forEach((effect, i) => {
    if (effect.type !== 'recordChronology') return;
    entries.push(chronologyEntry(effect.entry, `v${version}:${i}`));
  });
  return entries;
}

function chronologyEntry(entry: ChronologyEntry, key: string): PendingEvent {
  const data: Record<string, unknown> = { from: entry.from, to: entry.to };
  if (entry.reason) data.reason = entry.reason;
  if (entry.late) data.late = entry.late;
  return {
    idempotencyKey: key,
    kind: entry.event ? 'event' : 'case',
    type: entry.event ?? 'case-started',
    at: entry.at,
    actor: entry.actor,
    summary: entry.summary,
    data,
  };
}

/** How many case versions a process remembers as flushed; older ones are checked again. */
const FLUSHED_MEMORY = 50_000;

/**
 * Case versions whose pending entries this process has seen in the log (it appended them, or
 * checked), by store. Reading such a version again needs no look at the log; a version written
 * elsewhere, or left by a crash, is not here and is checked once.
 */
const flushedByStore = new WeakMap<Store, Set<string>>();

function flushedSet(store: Store): Set<string> {
  let flushed = flushedByStore.get(store);
  if (!flushed) {
    flushed = new Set();
    flushedByStore.set(store, flushed);
  }
  return flushed;
}

/** Appends the case's pending chronology entries that are not yet in the log. */
export async function flushPendingEvents(store: Store, record: CaseRecord): Promise<void> {
  const flushed = flushedSet(store);
  const key = `${record.id}@${record.version}`;
  if (flushed.has(key)) return;
  for (const pending of record.pendingEvents) {
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

/**
 * Writes a change to a case at the version the caller saw, with the chronology entries it
 * makes, then starts appending them. A stale version is LF_CONFLICT with the current case.
 */
export async function writeCase(
  store: Store,
  record: CaseRecord,
  changes: Changes<CaseRecord>,
  entries: (version: number) => PendingEvent[],
): Promise<CaseRecord> {
  const next = record.version + 1;
  const result = await store.cases.update(record.id, record.version, {
    ...changes,
    pendingEvents: entries(next),
  });
  if (!result.ok) {
    if (result.reason === 'missing')
      throw new LowformError('LF_NOT_FOUND', 'There is no such case.');
    throw new LowformError('LF_CONFLICT', undefined, { currentVersion: result.current.version });
  }
  // The entries are safe in the case's pendingEvents once the update is stored; appending them
  // is not waited for. The next read of the case (every reader and writer goes through
  // readCase) appends whatever is not yet in the log, so order and exactly-once still hold, and
  // a failure here (the store went away) is repaired by that read.
  appendLater(store, result.record.id, () => flushPendingEvents(store, result.record));
  return result.record;
}

/** Chronology appends this process has started and not finished, by store and case. */
const appending = new WeakMap<Store, Map<string, Promise<void>>>();

/**
 * Queues an append behind the case's earlier ones and returns its outcome: appends for one case
 * run one after another, in the order they were started, so a later act's entry never lands
 * before an earlier one's.
 */
function queueAppend(store: Store, caseId: string, append: () => Promise<unknown>): Promise<void> {
  let cases = appending.get(store);
  if (!cases) {
    cases = new Map();
    appending.set(store, cases);
  }
  const started = cases;
  const done = (started.get(caseId) ?? Promise.resolve()).then(append).then(() => {});
  const settled = done.then(
    () => {},
    () => {},
  );
  started.set(caseId, settled);
  void settled.then(() => {
    if (started.get(caseId) === settled) started.delete(caseId);
  });
  return done;
}

/**
 * Appends to a case's chronology without the caller waiting (see queueAppend), and
 * `appendsDone` lets the next reader of the case wait for it. A failed append is left for the
 * repair that every read of the case runs.
 */
export function appendLater(store: Store, caseId: string, append: () => Promise<unknown>): void {
  queueAppend(store, caseId, append).catch(() => {});
}

/** Appends to a case's chronology in order (see queueAppend), resolving once it is stored. */
export function appendInOrder(
  store: Store,
  caseId: string,
  append: () => Promise<unknown>,
): Promise<void> {
  return queueAppend(store, caseId, append);
}

/** Resolves when the appends this process started for a case have finished. */
export async function appendsDone(store: Store, caseId: string): Promise<void> {
  await appending.get(store)?.get(caseId);
}

/** The record changes for an accepted transition. */
export function acceptedChanges(workflow: Workflow, accepted: Accepted, now: Date) {
  return { ...snapshotFields(workflow, accepted.snapshot), updatedAt: now.toISOString() };
}

/** One chronology entry written by the service itself (assignment, approval ...). */
export function serviceEntry(
  kind: string,
  type: string,
  actor: string,
  at: Date,
  summary: string,
  data: Record<string, unknown> = {},
): (version: number) => PendingEvent[] {
  return (version) => [
    {
      idempotencyKey: `v${version}:${kind}`,
      kind,
      type,
      at: at.toISOString(),
      actor,
      summary,
      data,
    },
  ];
}
