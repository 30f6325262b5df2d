/**
 * What the case services work with. An app makes one set in `buildApp`; a script working on a
 * store (the demo seed, a test calling services directly) makes its own with `caseDepsFor`.
 */
import type { Store } from '../store/store.ts';
import { type AccessLog, createAccessLog } from './access-log.ts';
import { type CaseRepository, createCaseRepository } from './case-repository.ts';
import { createDefinitionRegistry, type DefinitionRegistry } from './definition-registry.ts';
import { type CalendarSource, createCalendarSource } from './working-calendar.ts';

/** What case services need. */
export interface CaseDeps {
  store: Store;
  registry: DefinitionRegistry;
  now: () => Date;
  access: AccessLog;
  /** The working-day calendar deadlines are counted with (bank holidays, imported ones included). */
  calendar: CalendarSource;
  /** Cases and their chronology. */
  cases: CaseRepository;
}

/** Case services' dependencies over a store, for work outside an app. */
export function caseDepsFor(
  store: Store,
  options: { now?: () => Date; registry?: DefinitionRegistry } = {},
): CaseDeps {
  const now = options.now ?? (() => new Date());
  const registry = options.registry ?? createDefinitionRegistry(store);
  return {
    store,
    registry,
    now,
    access: createAccessLog(store),
    calendar: createCalendarSource(store, { now }),
    cases: createCaseRepository({ store, registry, now }),
  };
}
