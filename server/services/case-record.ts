/**
 * The case record's fields that follow from its engine snapshot, and the snapshot it keeps.
 * Writing a record, and its chronology, is the case repository's (case-repository.ts); what a
 * change's effects do to it is the effect table's (case-effects.ts).
 */
import type { CaseSnapshot, Workflow } from '../../engine/index.ts';
import type { CaseRecord } from '../store/store.ts';
import type { StoredDeadline } from './case-effects.ts';

/** The record fields that follow from a snapshot: where the case is. */
export function snapshotFields(workflow: Workflow, snapshot: CaseSnapshot) {
  const stages = snapshot.entered
    .filter((e) => workflow.stages.has(e.state))
    .map((e) => ({ state: e.state, title: workflow.stages.get(e.state)!.title }));
  // The innermost stages are what people mean by "where the case is".
  const leaves = stages.filter((s) => !stages.some((o) => o.state.startsWith(`${s.state}.`)));
  return {
    snapshot: snapshot as unknown as Record<string, unknown>,
    stages: leaves,
    stage: leaves.map((s) => s.state).join(' '),
    stageStates: leaves.map((s) => s.state),
    stageTitle: leaves.map((s) => s.title).join(', '),
    final: snapshot.done,
  };
}

/** The snapshot a record keeps. */
export function readSnapshot(record: CaseRecord): CaseSnapshot {
  return record.snapshot as unknown as CaseSnapshot;
}

/**
 * The deadlines the case keeps; a case stored before deadlines were kept has its snapshot's,
 * all open.
 */
export function caseDeadlines(record: CaseRecord): StoredDeadline[] {
  return (
    record.deadlines ??
    readSnapshot(record).deadlines.map((d) => ({ ...d, status: 'open' as const }))
  );
}

/** The record's sign-off requests, deadlines and offers, as the effect table starts from them. */
export function effectBase(record: CaseRecord) {
  return {
    signOffRequests: record.signOffRequests,
    deadlines: caseDeadlines(record),
    documentOffers: record.documentOffers ?? [],
  };
}
