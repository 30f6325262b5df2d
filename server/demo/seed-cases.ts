/**
 * Demo cases: a pack may ship `demo.json`, fictional cases described as steps (forms submitted,
 * events taken) that are replayed through the ordinary case services at start. Nothing is
 * seeded when the team already has cases, so restarts keep what people did.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { takeEvent } from '../services/case-events.ts';
import { submitCaseForm } from '../services/case-forms.ts';
import { type CaseDeps, changeCase, createCase } from '../services/cases.ts';
import type { UserRecord } from '../store/store.ts';
import { PACKS_DIR } from './load-pack.ts';

type Step = { submit: string; data: Record<string, unknown> } | { event: string; reason?: string };

interface DemoCase {
  subject: { firstName: string; lastName: string; dateOfBirth?: string };
  /** The first name of an earlier demo case whose family this child belongs to. */
  siblingOf?: string;
  /** How many days ago the case was opened; its steps happen then, a minute apart. */
  daysAgo: number;
  restricted?: boolean;
  steps: Step[];
}

/** Reads a pack's demo cases; a pack without demo.json has none. */
export async function readDemoCases(
  packId: string,
): Promise<{ workflowId: string; cases: DemoCase[] } | null> {
  try {
    return JSON.parse(await readFile(path.join(PACKS_DIR, packId, 'demo.json'), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Replays the pack's demo cases as the demo practitioner, with the manager restricting one. */
export async function seedDemoCases(
  deps: CaseDeps,
  packId: string,
  practitioner: UserRecord,
  manager: UserRecord,
): Promise<number> {
  const demo = await readDemoCases(packId);
  if (!demo) return 0;
  if ((await deps.store.cases.count({ team: practitioner.teams[0] ?? '' })) > 0) return 0;
  const today = deps.now();
  const opened = new Map<string, string>();
  for (const [i, item] of demo.cases.entries()) {
    let at = new Date(today.getTime() - item.daysAgo * 86_400_000 + i * 1000);
    const clock: CaseDeps = { ...deps, now: () => at };
    const sibling = item.siblingOf === undefined ? undefined : opened.get(item.siblingOf);
    if (item.siblingOf !== undefined && !sibling)
      throw new Error(`demo case ${item.subject.firstName}: no earlier case for ${item.siblingOf}`);
    const created = await createCase(clock, practitioner, {
      workflowId: demo.workflowId,
      subject: item.subject,
      ...(sibling ? { siblingOf: sibling } : {}),
    });
    opened.set(item.subject.firstName, created.id);
    for (const [n, step] of item.steps.entries()) {
      at = new Date(at.getTime() + 60_000);
      if ('submit' in step) {
        await submitCaseForm(clock, practitioner, created.id, step.submit, {
          data: step.data,
          idempotencyKey: `demo-${i}-${n}-${step.submit}`,
        });
      } else {
        const current = await clock.cases.read(practitioner, created.id);
        await takeEvent(clock, practitioner, created.id, {
          type: step.event,
          expectedVersion: current.version,
          ...(step.reason ? { reason: step.reason } : {}),
        });
      }
    }
    if (item.restricted) {
      const current = await clock.cases.read(manager, created.id);
      await changeCase(clock, manager, created.id, {
        expectedVersion: current.version,
        restricted: true,
      });
    }
    // Seeded changes are dated in the past, before any outbox run: their entries are in the log
    // before the next case is seeded.
    await deps.cases.appendsDone(created.id);
  }
  return demo.cases.length;
}
