/**
 * Writes hand-built case histories (test/engine/fixtures/report-cases.ts) into a store as case
 * records and chronology entries, as the case services would have left them: with their
 * milestones, or (`withoutMilestones`) as a case recorded before cases carried them.
 */
import type { CaseHistory } from '../../engine/indicators.ts';
import { caseVisibility } from '../../server/services/case-access.ts';
import { milestoneFields } from '../../server/services/case-milestones.ts';
import type { CaseRecord, Store } from '../../server/store/store.ts';

/** Stores each history as a case of the child-protection workflow with its chronology. */
export async function storeHistories(
  store: Store,
  histories: readonly CaseHistory[],
  options: { withoutMilestones?: boolean } = {},
) {
  for (const h of histories) {
    const last = h.steps.at(-1)!;
    const stages = last.to.map((state) => ({ state, title: state }));
    const base = { team: h.team, restricted: false, assignee: h.assignee, workers: [] };
    const record: CaseRecord = {
      id: h.id,
      version: h.steps.length,
      reference: h.reference,
      workflowId: 'child-protection',
      workflowVersion: 1,
      snapshot: {},
      stage: last.to.join(','),
      final: last.to.includes('closed'),
      subject: h.child,
      ...base,
      deadline: null,
      dueAt: '9999-12-31',
      searchTerms: [],
      createdAt: h.steps[0]!.at,
      updatedAt: last.at,
      createdBy: 'u-test',
      stageTitle: stages.map((s) => s.title).join(', '),
      stages,
      visibleTo: caseVisibility(base),
      pendingEvents: [],
      signOffRequests: [],
      signOffs: [],
      stageStates: last.to,
      deadlines: h.deadlines,
    };
    if (!options.withoutMilestones) {
      const { planFrom, planUntil, ...fields } = milestoneFields(h.steps, h);
      Object.assign(record, fields, planFrom ? { planFrom, planUntil } : {});
    }
    await store.cases.insert(record);
    for (const [i, s] of h.steps.entries()) {
      await store.events.append({
        caseId: h.id,
        kind: s.type === 'case-started' ? 'case' : 'event',
        type: s.type,
        at: s.at,
        actor: 'u-test',
        summary: s.type,
        data: {
          from: s.from,
          to: s.to,
          ...(s.reason ? { reason: s.reason } : {}),
          ...(s.late ? { late: s.late } : {}),
        },
        idempotencyKey: `v${i + 1}:0`,
      });
    }
  }
}
