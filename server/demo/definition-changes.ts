/**
 * What publishing a pack's copy of a definition would change, in lines a person reads before
 * saying yes: field changes for forms (from the form diff), states and stages for workflows, and
 * the JSON paths of everything else that differs.
 */
import { diffForms, loadForm } from '../../forms/index.ts';

type Json = unknown;

const MAX_PATHS = 12;

/** The JSON pointers at which two values differ, outermost first; the top-level version aside. */
export function changedPaths(before: Json, after: Json, at = ''): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys
      .filter((key) => at !== '' || key !== 'version')
      .flatMap((key) => {
        const path = `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
        if (!(key in before)) return [`${path} (added)`];
        if (!(key in after)) return [`${path} (removed)`];
        return changedPaths(before[key], after[key], path);
      });
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, i) => changedPaths(item, after[i], `${at}/${i}`));
  }
  return [at || '/'];
}

/** What publishing `after` over the published form `before` (stored text) changes. */
export function formChanges(before: string, after: Record<string, unknown>): string[] {
  const diff = diffForms(loadForm(before), loadForm(after));
  const lines = [
    ...diff.reasons,
    ...diff.added
      .filter((f) => !diff.reasons.some((r) => r.includes(`(${f.pointer})`)))
      .map((f) => `"${f.label}" (${f.pointer}) was added.`),
    ...diff.retyped
      .filter((r) => !r.breaking)
      .map((r) => `"${r.label}" (${r.pointer}) widened from ${r.from} to ${r.to}.`),
  ];
  return [...lines, ...pathLines(JSON.parse(before), after)];
}

/** What publishing `after` over the published workflow `before` (stored text) changes. */
export function workflowChanges(before: string, after: Record<string, unknown>): string[] {
  const old = JSON.parse(before) as Record<string, unknown>;
  const lines: string[] = [];
  const oldStates = statePaths(old.machine);
  const newStates = statePaths(after.machine);
  for (const s of newStates) if (!oldStates.includes(s)) lines.push(`State ${s} was added.`);
  for (const s of oldStates) if (!newStates.includes(s)) lines.push(`State ${s} was removed.`);
  const oldStages = Object.keys(asObject(old.stages));
  const newStages = Object.keys(asObject(after.stages));
  for (const s of newStages) if (!oldStages.includes(s)) lines.push(`Stage ${s} was added.`);
  for (const s of oldStages) if (!newStages.includes(s)) lines.push(`Stage ${s} was removed.`);
  for (const s of newStages.filter((s) => oldStages.includes(s))) {
    if (JSON.stringify(asObject(old.stages)[s]) !== JSON.stringify(asObject(after.stages)[s]))
      lines.push(`Stage ${s} was changed.`);
  }
  return [...lines, ...pathLines(old, after)];
}

function pathLines(before: Json, after: Json): string[] {
  const paths = changedPaths(before, after);
  if (paths.length === 0) return [];
  const shown = paths.slice(0, MAX_PATHS).join(', ');
  const more = paths.length > MAX_PATHS ? ` and ${paths.length - MAX_PATHS} more` : '';
  return [`Differs at ${shown}${more}.`];
}

/** Every state of a machine as a dotted path, parents before children. */
function statePaths(machine: Json, prefix = ''): string[] {
  const states = asObject(asObject(machine).states);
  return Object.entries(states).flatMap(([key, state]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...statePaths(state, path)];
  });
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: Json): Record<string, Json> {
  return isObject(value) ? value : {};
}
