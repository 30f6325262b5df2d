/**
 * Who may see a case. Practitioners see their teams' cases; a restricted case is seen only by
 * its named workers and its team's managers. The rule is stored on the case as `visibleTo` keys
 * so that lists filter in the store and pages stay exact.
 */
import type { CaseRecord, UserRecord } from '../store/store.ts';

/** The visibility keys a case grants. */
export function caseVisibility(
  c: Pick<CaseRecord, 'team' | 'restricted' | 'assignee' | 'workers'>,
): string[] {
  const keys = new Set([`managers:${c.team}`]);
  if (!c.restricted) keys.add(`team:${c.team}`);
  if (c.assignee) keys.add(`user:${c.assignee}`);
  for (const worker of c.workers) keys.add(`user:${worker}`);
  return [...keys];
}

/** The visibility keys a user holds. */
export function userVisibility(user: UserRecord): string[] {
  const keys = [`user:${user.id}`, ...user.teams.map((t) => `team:${t}`)];
  if (user.roles.includes('manager')) keys.push(...user.teams.map((t) => `managers:${t}`));
  return keys;
}

/** True when the user may see the case. */
export function canSeeCase(user: UserRecord, c: Pick<CaseRecord, 'visibleTo'>): boolean {
  const held = new Set(userVisibility(user));
  return c.visibleTo.some((key) => held.has(key));
}
