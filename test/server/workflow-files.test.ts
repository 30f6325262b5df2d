import assert from 'node:assert/strict';
import { type AnyMachineSnapshot, createMachine, initialTransition, transition } from 'xstate';
import { guardNames } from '../../engine/index.ts';
import { loadPack } from '../../server/demo/load-pack.ts';
import { createDefinitionRegistry } from '../../server/services/definition-registry.ts';
import { type Client, loginAs, startTestApp, type TestApp } from './harness.ts';

type StateConfig = {
  states?: Record<string, StateConfig>;
  on?: Record<string, unknown>;
};
type TransitionLike = { guard?: { type: string; params?: unknown } };

/** Every state path of a machine config, parents included. */
function statePaths(config: StateConfig, prefix = ''): string[] {
  return Object.entries(config.states ?? {}).flatMap(([key, child]) => {
    const at = prefix ? `${prefix}.${key}` : key;
    return [at, ...statePaths(child, at)];
  });
}

/** Every event of the machine, once per guard its transitions name (and once with none). */
function eventsOf(config: StateConfig): { type: string; choose: string | null }[] {
  const events = new Map<string, { type: string; choose: string | null }>();
  const visit = (node: StateConfig) => {
    for (const [type, value] of Object.entries(node.on ?? {})) {
      events.set(`${type}|`, { type, choose: null });
      const list = (Array.isArray(value) ? value : [value]) as (TransitionLike | string)[];
      for (const t of list) {
        if (typeof t === 'string' || !t.guard) continue;
        const choose = JSON.stringify(t.guard);
        events.set(`${type}|${choose}`, { type, choose });
      }
    }
    for (const child of Object.values(node.states ?? {})) visit(child);
  };
  visit(config);
  return [...events.values()];
}

/** The state paths a snapshot is in, parents included. */
function activePaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix ? `${prefix}.${value}` : value];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => {
    const at = prefix ? `${prefix}.${key}` : key;
    return [at, ...activePaths(child, at)];
  });
}

describe('workflow files: export and import', function () {
  this.timeout(60_000);
  let test: TestApp;
  let admin: Client;

  beforeEach(async () => {
    test = await startTestApp('embedded');
    admin = await loginAs(test, 'alex', ['admin'], []);
    const registry = createDefinitionRegistry(test.store);
    await loadPack({ store: test.store, registry }, 'child-protection', 'test', new Date());
  });
  afterEach(() => test.close());

  async function exportFile(query = '') {
    const response = await admin.request({
      method: 'GET',
      url: `/api/workflows/child-protection/export${query}`,
    });
    assert.equal(response.statusCode, 200, response.body);
    return response;
  }

  it('exports a machine that plain XState loads with stub guards and walks to every state', async () => {
    const response = await exportFile();
    assert.match(
      String(response.headers['content-disposition']),
      /attachment; filename="child-protection\.workflow\.json"/,
    );
    const file = response.json();
    assert.equal(file.machine.id, 'child-protection');
    assert.equal(file.version, undefined);
    assert.ok(file.stages['referralAndAssessment.referral']);

    // Given only the guard names: each stub passes when the event chooses its transition.
    const guards = Object.fromEntries(
      guardNames.map((name) => [
        name,
        ({ event }: { event: { choose?: string | null } }, params: unknown) =>
          event.choose ===
          JSON.stringify({ type: name, ...(params === undefined ? {} : { params }) }),
      ]),
    );
    const machine = createMachine(file.machine, { guards } as never);
    const [start] = initialTransition(machine);
    const events = eventsOf(file.machine);
    const seen = new Map<string, AnyMachineSnapshot>([[JSON.stringify(start.value), start]]);
    const queue: AnyMachineSnapshot[] = [start];
    while (queue.length > 0) {
      const snapshot = queue.shift()!;
      for (const event of events) {
        const [next] = transition(machine, snapshot, event);
        const key = JSON.stringify(next.value);
        if (!seen.has(key)) {
          seen.set(key, next);
          queue.push(next);
        }
      }
    }
    const reached = new Set([...seen.values()].flatMap((s) => activePaths(s.value)));
    const missing = statePaths(file.machine).filter((p) => !reached.has(p));
    assert.deepEqual(missing, []);
    assert.ok(reached.has('closed'));
    assert.ok(reached.has('initialConference'), 'the #child-protection target resolves');
  });

  it('round-trips: export, import into the draft, export the draft: deep-equal', async () => {
    const exported = (await exportFile('?version=1')).json();
    const imported = await admin.request({
      method: 'POST',
      url: '/api/workflows/child-protection/import',
      payload: { definition: exported },
    });
    assert.equal(imported.statusCode, 200, imported.body);
    assert.equal(imported.json().draft.status, 'draft');
    assert.deepEqual(imported.json().lint.errors, []);
    const again = (await exportFile('?version=draft')).json();
    assert.deepEqual(again, exported);
  });

  it('refuses to overwrite a draft unless asked, naming it; and refuses a file that is not a workflow', async () => {
    const exported = (await exportFile()).json();
    const first = await admin.request({
      method: 'POST',
      url: '/api/workflows/child-protection/import',
      payload: { definition: exported },
    });
    assert.equal(first.statusCode, 200, first.body);
    const changed = structuredClone(exported);
    changed.title = 'Child protection (imported)';
    const refused = await admin.request({
      method: 'POST',
      url: '/api/workflows/child-protection/import',
      payload: { definition: changed },
    });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(refused.json().error.message, /has a draft \(version 2, saved .*overwrite: true/);
    assert.equal(refused.json().error.details.draft.status, 'draft');
    const draft = await admin.request({
      method: 'GET',
      url: '/api/workflows/child-protection/draft',
    });
    assert.equal(draft.json().definition.title, exported.title);

    const replaced = await admin.request({
      method: 'POST',
      url: '/api/workflows/child-protection/import',
      payload: { definition: changed, overwrite: true },
    });
    assert.equal(replaced.statusCode, 200, replaced.body);
    assert.equal(replaced.json().draft.definition.title, 'Child protection (imported)');

    const junk = await admin.request({
      method: 'POST',
      url: '/api/workflows/child-protection/import',
      payload: {
        definition: { id: 'child-protection', title: 'x', machine: { states: 3 } },
        overwrite: true,
      },
    });
    assert.equal(junk.statusCode, 422, junk.body);
    assert.equal(junk.json().error.code, 'LF_WORKFLOW_INVALID');
    const wrongId = await admin.request({
      method: 'POST',
      url: '/api/workflows/child-protection/import',
      payload: { definition: { ...exported, id: 'other' }, overwrite: true },
    });
    assert.equal(wrongId.statusCode, 400, wrongId.body);
  });
});
