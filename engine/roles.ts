import type { Role as StoredRole } from '../schemas/generated/records.ts';
import { joinWords } from './words.ts';

/**
 * The roles a user can hold (see DESIGN.md); a workflow may give events only to these. The one
 * list: the server, its CLI and the web app import it, and a test holds it to the records meta-schema.
 */
export const ROLES = [
  'practitioner',
  'manager',
  'practice_lead',
  'admin',
] as const satisfies readonly StoredRole[];

/** One of the roles a user can hold. */
export type Role = (typeof ROLES)[number];

const roleNames: Record<Role, string> = {
  practitioner: 'a practitioner',
  manager: 'a manager',
  practice_lead: 'a practice lead',
  admin: 'an administrator',
};

/** True when `value` names a known role. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The roles as words, e.g. "a practitioner or a manager". */
export function describeRoles(roles: readonly string[]): string {
  const names = roles.map((r) => (isRole(r) ? roleNames[r] : `"${r}"`));
  return joinWords(names, 'or');
}
