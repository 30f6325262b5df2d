/**
 * Moving a workflow's running cases to another of its versions with a state mapping. A dry run
 * says case by case what would change; a real run moves each case by the same compare-and-set
 * write as any move (case-repository.ts), its chronology entry keyed by the migration so that
 * it is appended exactly once. A case changed while the migration runs is read again and tried
 * again, and reported if it keeps changing or has left the mapping's states; it is never
 * overwritten. The migration is a stored record written before the first case moves: running
 * the same migration again after a crash finishes the rest (a case already moved is skipped).
 */
import { randomUUID } from 'node:crypto';
import {
  type CaseDeadline,
  type CaseSnapshot,
  isEngineError,
  mappingProblems,
  migrateSnapshot,
  type Workflow,
} from '../../engine/index.ts';
import { isLowformError, LowformError } from '../errors.ts';
import type { CaseRecord, MigrationRecord, Store, UserRecord } from '../store/store.ts';
import { recordAccessMany } from './access-log.ts';
import type { CaseDeps } from './case-deps.ts';
import { deadlineFields, executeEffects } from './case-effects.ts';
import { effectBase, readSnapshot, snapshotFields } from './case-record.ts';
import type { PendingEvent } from './case-repository.ts';

/** What an admin asks for. */
export interface MigrationInput {
  fromVersion: number;
  toVersion: number;
  /** Old state path to new state path. */
  stateMapping: Record<string, string>;
}

/** Where a case is, as the dry run says it. */
export interface Position {
  state: string;
  title: string;
}

/** A deadline as the dry run compares it. */
export interface DeadlineBrief {
  label: string;
  state: string;
  dueOn: string | null;
}

/** One case in a dry run. */
export interface DryRunCase {
  caseId: string;
  /** The case reference; null for a restricted case (the admin is not among those who see it). */
  reference: string | null;
  from: Position;
  to: Position;
  deadlinesChanged: { before: DeadlineBrief | null; after: DeadlineBrief | null }[];
  formsNowRequired: string[];
}

/** A case the migration did not move, and why. */
export interface ReportedCase {
  caseId: string;
  reason: string;
}

/** The dry run's answer. */
export interface DryRun {
  dryRun: true;
  cases: DryRunCase[];
  /** How many cases would move (the list holds at most `limit` of them). */
  total: number;
  /** Cases that could not move with this mapping. */
  reported: ReportedCase[];
}

/** A real run's answer. */
export interface MigrationOutcome {
  migrationId: string;
  status: MigrationRecord['status'];
  moved: number;
  skipped: number;
  reported: ReportedCase[];
}

/** Open cases of one version, per stage. */
export interface VersionCounts {
  version: number;
  states: { state: string; title: string; count: number }[];
}

/** How many times a case changed by someone else is read again before it is reported. */
const ATTEMPTS = 5;
/** Cases moved between two saves of the migration's progress. */
const BATCH = 100;
/**
 * Cases moved at once: on the embedded store their writes share group commits; a MongoDB-like
 * server (FerretDB 1.x claims each update in several round trips) is given fewer.
 */
const PARALLEL = { embedded: 8, mongodb: 2 } as const;

/** Open cases of a workflow per version and stage, counted by the store (index-backed). */
export async function openCaseCounts(deps: CaseDeps, workflowId: string): Promise<VersionCounts[]> {
  const { store } = deps;
  const versions = await store.cases.countBy('workflowVersion', { workflowId, final: false });
  const result: VersionCounts[] = [];
  for (const { value } of versions) {
    const version = Number(value);
    const byStage = await store.cases.countBy('stage', {
      workflowId,
      workflowVersion: version,
      final: false,
    });
    const workflow = await deps.registry.workflow(workflowId, version).catch(() => null);
    result.push({
      version,
      states: byStage.map(({ value: stage, count }) => ({
        state: String(stage),
        title: stageTitles(workflow, String(stage)),
        count,
      })),
    });
  }
  return result;
}

/** The titles of a case's stage field (state paths joined by spaces), as lists show them. */
function stageTitles(workflow: Workflow | null, stage: string): string {
  return stage
    .split(' ')
    .map((state) => workflow?.stages.get(state)?.title ?? state)
    .join(', ');
}

/** The two versions and the mapping, checked: unknown states are refused before any case is read. */
async function loadPair(deps: CaseDeps, workflowId: string, input: MigrationInput) {
  if (input.fromVersion === input.toVersion) {
    throw new LowformError('LF_VALIDATION', 'The versions to migrate from and to are the same.', [
      { in: 'body', path: '/toVersion', problem: 'must differ from fromVersion' },
    ]);
  }
  const [from, to] = await Promise.all(
    [input.fromVersion, input.toVersion].map((v) =>
      deps.registry.workflow(workflowId, v).catch((error: unknown) => {
        if (isLowformError(error, 'LF_NOT_FOUND'))
          throw new LowformError('LF_NOT_FOUND', `"${workflowId}" has no published version ${v}.`);
        throw error;
      }),
    ),
  );
  const mapping = new Map(Object.entries(input.stateMapping));
  const unknown = mappingProblems(from!, to!, mapping).filter((p) => p.code !== 'unmapped-state');
  if (unknown.length > 0) {
    throw new LowformError(
      'LF_VALIDATION',
      unknown[0]!.message,
      unknown.map((p) => ({
        in: 'body',
        path: `/stateMapping/${p.state}`,
        problem: p.message,
        code: p.code,
      })),
    );
  }
  return { from: from!, to: to!, full: completeMapping(from!, to!, mapping) };
}

/**
 * The engine wants every state of the old version mapped; states no case is in may be left out
 * by the admin. They are sent to the state of the same path, else to the first target named:
 * never used, because a case found in a state the admin did not map is reported, not moved.
 */
function completeMapping(
  from: Workflow,
  to: Workflow,
  mapping: ReadonlyMap<string, string>,
): Record<string, string> {
  const full = Object.fromEntries(mapping);
  const fallback = mapping.values().next().value ?? to.tree.root.children[0]?.path ?? '';
  for (const node of from.tree.byPath.values()) {
    if (node.children.length > 0 || !node.parent || mapping.has(node.path)) continue;
    full[node.path] = to.tree.byPath.has(node.path) ? node.path : fallback;
  }
  return full;
}

/** The leaf states a case is in. */
function leafStates(workflow: Workflow, record: CaseRecord): string[] {
  return readSnapshot(record)
    .entered.map((e) => e.state)
    .filter((s) => workflow.tree.byPath.get(s)?.children.length === 0);
}

/** A case moved on paper: the record's changes and what the dry run says of it. */
interface PlannedMove {
  changes: Partial<CaseRecord>;
  entries: (version: number) => PendingEvent[];
  view: DryRunCase;
}

/** Moves one case on paper; a string says why it cannot move with this mapping. */
function planMove(
  deps: CaseDeps,
  pair: { from: Workflow; to: Workflow; full: Record<string, string> },
  input: MigrationInput,
  record: CaseRecord,
  actor: string,
  key: string,
): PlannedMove | string {
  const { from, to, full } = pair;
  const unmapped = leafStates(from, record).filter((s) => !(s in input.stateMapping));
  if (unmapped.length > 0)
    return `It is in ${unmapped.join(', ')}, which the mapping does not name.`;
  const before = readSnapshot(record);
  let migration: ReturnType<typeof migrateSnapshot>;
  try {
    migration = migrateSnapshot(from, to, before, full, { calendar: deps.calendar.current() });
  } catch (error) {
    if (isEngineError(error)) return error.message;
    throw error;
  }
  const now = deps.now();
  const moved = snapshotFields(to, migration.snapshot);
  const outcome = executeEffects(effectBase(record), migration.effects, {
    version: record.version + 1,
    at: now,
    stage: moved.stage,
  });
  const kept = record.signOffRequests.filter((r) => (r.stage ?? record.stage) === moved.stage);
  const lapsed = record.signOffRequests.filter((r) => !kept.includes(r));
  const at = now.toISOString();
  const summary = `Moved to version ${to.version} of the workflow: ${record.stageTitle} → ${moved.stageTitle}`;
  const entries = (): PendingEvent[] => [
    ...outcome.entries,
    {
      idempotencyKey: key,
      kind: 'case',
      type: 'workflow-migrated',
      at,
      actor,
      summary,
      data: {
        fromVersion: from.version,
        toVersion: to.version,
        from: record.stageStates,
        to: moved.stageStates,
      },
    },
    ...lapsed.map((r, i) => ({
      idempotencyKey: `${key}:lapsed:${i}`,
      kind: 'sign-off',
      type: 'sign-off-lapsed',
      at,
      actor,
      summary: `Sign-off request lapsed: ${r.summary} (the case moved to version ${to.version} of the workflow)`,
      data: { event: r.event, requestedBy: r.requestedBy },
    })),
  ];
  return {
    changes: {
      ...moved,
      workflowId: to.id,
      workflowVersion: to.version,
      ...deadlineFields(outcome.deadlines),
      signOffRequests: kept,
      updatedAt: at,
    },
    entries,
    view: {
      caseId: record.id,
      reference: record.restricted ? null : record.reference,
      from: { state: record.stage, title: record.stageTitle },
      to: { state: moved.stage, title: moved.stageTitle },
      deadlinesChanged: deadlineChanges(before.deadlines, migration.snapshot.deadlines),
      formsNowRequired: formsNowRequired(from, to, before, migration.snapshot),
    },
  };
}

function brief(d: CaseDeadline): DeadlineBrief {
  return { label: d.label, state: d.state, dueOn: d.dueOn };
}

/** Deadlines that appear, go, or fall due on another date, paired by label. */
function deadlineChanges(before: readonly CaseDeadline[], after: readonly CaseDeadline[]) {
  const labels = [...new Set([...before, ...after].map((d) => d.label))];
  const changes: DryRunCase['deadlinesChanged'] = [];
  for (const label of labels) {
    const was = before.find((d) => d.label === label);
    const will = after.find((d) => d.label === label);
    if (was && will && was.dueOn === will.dueOn && was.startedOn === will.startedOn) continue;
    changes.push({ before: was ? brief(was) : null, after: will ? brief(will) : null });
  }
  return changes;
}

/** Forms the case's new stages require that its old stages did not. */
function formsNowRequired(
  from: Workflow,
  to: Workflow,
  before: CaseSnapshot,
  after: CaseSnapshot,
): string[] {
  const required = (workflow: Workflow, snapshot: CaseSnapshot) =>
    new Set(
      snapshot.entered.flatMap((e) =>
        (workflow.stages.get(e.state)?.forms ?? []).filter((f) => f.required).map((f) => f.id),
      ),
    );
  const old = required(from, before);
  return [...required(to, after)].filter((id) => !old.has(id));
}

/** The open cases on the old version, page by page, in id order. */
async function* casesOn(store: Store, workflowId: string, version: number) {
  let cursor: string | null = null;
  do {
    const page = await store.cases.list({
      filter: { workflowId, workflowVersion: version, final: false },
      limit: 500,
      cursor,
    });
    yield page.items;
    cursor = page.nextCursor;
  } while (cursor);
}

/** Every open case's leaf states that the mapping leaves out; a 400 names them. */
function refuseUnmapped(unmapped: ReadonlyMap<string, number>): void {
  if (unmapped.size === 0) return;
  const names = [...unmapped.keys()];
  throw new LowformError(
    'LF_VALIDATION',
    `Open cases are in ${names.map((n) => `"${n}"`).join(', ')}, which the mapping does not name: map ${names.length === 1 ? 'it' : 'each'} to a state of the new version.`,
    names.map((state) => ({
      in: 'body',
      path: `/stateMapping/${state}`,
      problem: `${unmapped.get(state)} open case(s) are in this state; it needs a state to go to`,
      code: 'unmapped-state',
    })),
  );
}

/** A dry run: what would happen to each open case, moving none. */
export async function dryRunMigration(
  deps: CaseDeps,
  admin: UserRecord,
  workflowId: string,
  input: MigrationInput,
  limit: number,
): Promise<DryRun> {
  const pair = await loadPair(deps, workflowId, input);
  const unmapped = new Map<string, number>();
  const cases: DryRunCase[] = [];
  const reported: ReportedCase[] = [];
  let total = 0;
  for await (const page of casesOn(deps.store, workflowId, input.fromVersion)) {
    for (const record of page) {
      for (const state of leafStates(pair.from, record))
        if (!(state in input.stateMapping)) unmapped.set(state, (unmapped.get(state) ?? 0) + 1);
      if (unmapped.size > 0) continue;
      const plan = planMove(deps, pair, input, record, admin.id, 'dry-run');
      if (typeof plan === 'string') reported.push({ caseId: record.id, reason: plan });
      else {
        total++;
        if (cases.length < limit) cases.push(plan.view);
      }
    }
  }
  refuseUnmapped(unmapped);
  await recordAccessMany(
    deps,
    admin,
    cases.map((c) => ({ id: c.caseId })),
    'migration-dry-run',
  );
  return { dryRun: true, cases, total, reported };
}

/**
 * Runs a migration, or finishes the one a crash stopped: the unfinished migration of the same
 * versions is taken up again (its id kept, the mapping sent now used for the rest).
 */
export async function runMigration(
  deps: CaseDeps,
  admin: UserRecord,
  workflowId: string,
  input: MigrationInput,
): Promise<MigrationOutcome> {
  const pair = await loadPair(deps, workflowId, input);
  // Every state open cases are in must be mapped before anything moves.
  const unmapped = new Map<string, number>();
  for await (const page of casesOn(deps.store, workflowId, input.fromVersion))
    for (const record of page)
      for (const state of leafStates(pair.from, record))
        if (!(state in input.stateMapping)) unmapped.set(state, (unmapped.get(state) ?? 0) + 1);
  refuseUnmapped(unmapped);

  let migration = await startOrResume(deps, admin, workflowId, input);
  const key = `migration:${migration.id}`;
  if (migration.batch.length > 0) migration = await recoverBatch(deps, migration, key);

  // Pages in id order after a cursor: cases moved off the old version drop out behind it.
  let cursor: string | null = null;
  do {
    const page = await deps.store.cases.list({
      filter: { workflowId, workflowVersion: input.fromVersion, final: false },
      limit: BATCH,
      cursor,
    });
    cursor = page.nextCursor;
    const ids = page.items.map((c) => c.id);
    if (ids.length === 0) break;
    migration = await saveProgress(deps.store, migration, { batch: ids });
    const results = await inParallel(ids, PARALLEL[deps.store.kind], (id) =>
      moveCase(deps, pair, input, id, admin.id, key),
    );
    migration = await saveProgress(deps.store, migration, {
      batch: [],
      moved: migration.moved + results.filter((r) => r === 'moved').length,
      skipped: migration.skipped + results.filter((r) => r === 'skipped').length,
      reported: [
        ...migration.reported,
        ...results.flatMap((r, i) =>
          r === 'moved' || r === 'skipped' ? [] : [{ caseId: ids[i]!, reason: r }],
        ),
      ],
    });
  } while (cursor);
  const done = await saveProgress(deps.store, migration, {
    status: 'done',
    finishedAt: deps.now().toISOString(),
  });
  return outcomeOf(done);
}

function outcomeOf(record: MigrationRecord): MigrationOutcome {
  return {
    migrationId: record.id,
    status: record.status,
    moved: record.moved,
    skipped: record.skipped,
    reported: record.reported,
  };
}

/** The unfinished migration of these versions, or a new one stored before any case moves. */
async function startOrResume(
  deps: CaseDeps,
  admin: UserRecord,
  workflowId: string,
  input: MigrationInput,
): Promise<MigrationRecord> {
  const stateMapping = Object.entries(input.stateMapping).map(([from, to]) => ({ from, to }));
  const running = await deps.store.migrations.findOne({ workflowId, status: 'running' });
  if (running) {
    if (running.fromVersion !== input.fromVersion || running.toVersion !== input.toVersion) {
      throw new LowformError(
        'LF_CONFLICT',
        `A migration of "${workflowId}" from version ${running.fromVersion} to ${running.toVersion} is unfinished: run it again to finish it first.`,
        { migrationId: running.id },
      );
    }
    // Cases already moved keep the mapping they moved with; the rest take the one sent now, and
    // those reported before are tried again (and reported again if they still cannot move).
    return saveProgress(deps.store, running, { stateMapping, reported: [] });
  }
  const at = deps.now().toISOString();
  return deps.store.migrations.insert({
    id: randomUUID(),
    version: 1,
    workflowId,
    fromVersion: input.fromVersion,
    toVersion: input.toVersion,
    stateMapping,
    status: 'running',
    moved: 0,
    skipped: 0,
    reported: [],
    batch: [],
    startedAt: at,
    startedBy: admin.id,
    updatedAt: at,
  });
}

/** After a crash: the batch's cases found moved by this migration count as moved. */
async function recoverBatch(
  deps: CaseDeps,
  migration: MigrationRecord,
  key: string,
): Promise<MigrationRecord> {
  let moved = 0;
  for (const id of migration.batch) {
    const record = await deps.store.cases.get(id);
    if (record?.workflowVersion !== migration.toVersion) continue;
    if (await hasEntry(deps.store, record, key)) moved++;
  }
  return saveProgress(deps.store, migration, { batch: [], moved: migration.moved + moved });
}

/** True when the case's chronology holds (or its last change carries) the migration's entry. */
async function hasEntry(store: Store, record: CaseRecord, key: string): Promise<boolean> {
  if (record.pendingEvents.some((p) => p.idempotencyKey === key)) return true;
  const found = await store.events.list({
    filter: { caseId: record.id, idempotencyKey: key },
    limit: 1,
    omit: ['data'],
  });
  return found.items.length > 0;
}

/** The migration record with these changes, written by compare-and-set (only its runner writes it). */
async function saveProgress(
  store: Store,
  record: MigrationRecord,
  changes: Partial<MigrationRecord>,
): Promise<MigrationRecord> {
  const result = await store.migrations.update(record.id, record.version, {
    ...changes,
    updatedAt: new Date().toISOString(),
  });
  if (result.ok) return result.record;
  throw new LowformError(
    'LF_CONFLICT',
    'This migration is being run by another request at the same time; wait for it, then look at its status.',
    { migrationId: record.id },
  );
}

/**
 * Moves one case: read it for a change, plan, write at the version read. A conflict (someone
 * moved the case meanwhile) reads it again; after `ATTEMPTS` it is reported.
 */
async function moveCase(
  deps: CaseDeps,
  pair: { from: Workflow; to: Workflow; full: Record<string, string> },
  input: MigrationInput,
  id: string,
  actor: string,
  key: string,
): Promise<'moved' | 'skipped' | string> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const record = await deps.cases.readForSystemChange(id).catch((error: unknown) => {
      if (isLowformError(error, 'LF_NOT_FOUND')) return null;
      throw error;
    });
    if (!record) return 'The case no longer exists.';
    if (record.workflowId === pair.to.id && record.workflowVersion === pair.to.version)
      return 'skipped';
    if (record.workflowVersion !== pair.from.version)
      return `The case is on version ${record.workflowVersion} now, not ${pair.from.version}.`;
    const plan = planMove(deps, pair, input, record, actor, key);
    if (typeof plan === 'string') return plan;
    try {
      await deps.cases.write(record, plan.changes, plan.entries);
      return 'moved';
    } catch (error) {
      // A write the store did not answer in time may still land: running the migration again
      // finds the case moved (with its entry) and skips it, or moves it.
      if (isLowformError(error, 'LF_STORE_UNAVAILABLE'))
        return 'The database did not answer in time while the case was being moved; run the migration again to finish it.';
      if (!isLowformError(error, 'LF_CONFLICT')) throw error;
    }
  }
  return `The case changed ${ATTEMPTS} times while it was being moved; run the migration again to move it.`;
}

/** Runs `work` over the items, `parallel` at a time, keeping their order in the results. */
async function inParallel<T, R>(
  items: readonly T[],
  parallel: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return results;
}

/** A migration's record as its status. */
export async function migrationStatus(store: Store, workflowId: string, id: string) {
  const record = await store.migrations.get(id);
  if (!record || record.workflowId !== workflowId)
    throw new LowformError('LF_NOT_FOUND', `"${workflowId}" has no migration ${id}.`);
  const { batch: _b, version: _v, stateMapping, ...rest } = record;
  return {
    ...outcomeOf(record),
    ...rest,
    migrationId: record.id,
    stateMapping: Object.fromEntries(stateMapping.map((m) => [m.from, m.to])),
  };
}
