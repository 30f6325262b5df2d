/**
 * Demo mode's users: one per role, named after the role, all in the demo team. Seeding is
 * idempotent: a user that exists is left alone, so restarts keep what people changed.
 */
import type { Role } from '../../schemas/generated/records.ts';
import { createUser } from '../services/users.ts';
import type { Store } from '../store/store.ts';

/** The team every demo user and demo case belongs to. */
export const DEMO_TEAM = 'north';

const DEMO_USERS: { role: Role; displayName: string }[] = [
  { role: 'practitioner', displayName: 'Pat Practitioner' },
  { role: 'manager', displayName: 'Morgan Manager' },
  { role: 'practice_lead', displayName: 'Lee Practice-Lead' },
  { role: 'admin', displayName: 'Alex Admin' },
];

/** Creates any missing demo user; returns the usernames created. */
export async function seedDemoUsers(store: Store, password: string, now: Date): Promise<string[]> {
  const created: string[] = [];
  for (const { role, displayName } of DEMO_USERS) {
    if (await store.users.findOne({ username: role })) continue;
    await createUser(
      store,
      { username: role, displayName, password, roles: [role], teams: [DEMO_TEAM] },
      now,
    );
    created.push(role);
  }
  return created;
}
