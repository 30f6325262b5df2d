/**
 * The stages a filter offers: every stage seen on the cases loaded so far, in first-seen order,
 * so the list grows as more cases are seen without a call of its own.
 */
import type { CaseSummary } from '../api/types.ts';

/** Merges the stages of these cases into the known list (returns a new list). */
export function mergeStages(
  known: { state: string; title: string }[],
  cases: CaseSummary[],
): { state: string; title: string }[] {
  const merged = [...known];
  for (const item of cases) {
    for (const stage of item.stages ?? []) {
      if (!merged.some((s) => s.state === stage.state)) merged.push(stage);
    }
  }
  return merged;
}
