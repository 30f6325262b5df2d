/**
 * What start-up puts in the store before serving: the configured packs always, and in demo mode
 * the demo users and the packs' fictional cases.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import { caseDepsFor } from '../services/case-deps.ts';
import type { DefinitionRegistry } from '../services/definition-registry.ts';
import { calendarWarnings } from '../services/working-calendar.ts';
import type { Store } from '../store/store.ts';
import { loadPack } from './load-pack.ts';
import { seedDemoCases } from './seed-cases.ts';
import { seedDemoUsers } from './seed-users.ts';

/** Loads packs and, in demo mode, seeds users and cases; returns lines to show at start. */
export async function prepareStore(
  store: Store,
  registry: DefinitionRegistry,
  config: Pick<Config, 'demo' | 'demoPassword' | 'packs'>,
  now: () => Date,
): Promise<string[]> {
  const notes: string[] = [];
  let password: string | undefined;
  if (config.demo) {
    password = config.demoPassword ?? randomBytes(9).toString('base64url');
    const created = await seedDemoUsers(store, password, now());
    if (created.length === 0)
      notes.push('Demo users exist already; log in with the password they were given.');
    else if (config.demoPassword)
      notes.push(
        `Demo users ${created.join(', ')} created with the password in LOWFORM_DEMO_PASSWORD.`,
      );
    else notes.push(`Demo users ${created.join(', ')} created. Their password is: ${password}`);
  }
  const admin = config.demo ? await store.users.findOne({ username: 'admin' }) : null;
  for (const pack of config.packs) {
    const published = await loadPack({ store, registry }, pack, admin?.id ?? 'system', now());
    if (published.length > 0) notes.push(`Seeded from the ${pack} pack: ${published.join(', ')}.`);
  }
  notes.push(...(await calendarWarnings(store, now())));
  if (config.demo) {
    const practitioner = await store.users.findOne({ username: 'practitioner' });
    const manager = await store.users.findOne({ username: 'manager' });
    for (const pack of config.packs) {
      if (!practitioner || !manager) break;
      const seeded = await seedDemoCases(
        caseDepsFor(store, { now, registry }),
        pack,
        practitioner,
        manager,
      );
      if (seeded > 0) notes.push(`Created ${seeded} fictional demo cases.`);
    }
  }
  return notes;
}
