import assert from 'node:assert/strict';
import { loadFixture } from './fixtures.ts';
import { walkWorkflowPaths } from './walk-paths.ts';

describe('every path of the fixture workflow', () => {
  const workflow = loadFixture();
  const walk = walkWorkflowPaths(workflow);

  it('is found by xstate/graph, from referral to each end', () => {
    assert.ok(walk.paths.length >= 20, `only ${walk.paths.length} paths`);
    assert.ok(walk.paths.some((p) => p.end === 'closed' && p.events.includes('end-plan')));
  });

  it('replays through the engine to the state XState reaches, step by step', () => {
    assert.deepEqual(walk.failures, []);
  });

  it('visits every state of the workflow', () => {
    const never = [...workflow.tree.byPath.keys()].filter((p) => p && !walk.visited.has(p));
    assert.deepEqual(never, []);
  });

  it('reports a step where the engine refuses what XState allows', () => {
    const broken = loadFixture();
    // A stage that gives the event to no role: XState still takes it, the engine must refuse.
    (broken.stages.get('closing')!.roles as Map<string, string[]>).set('close', []);
    const failures = walkWorkflowPaths(broken).failures;
    assert.ok(
      failures.some((f) => f.startsWith('close from "closing": No one can do "Close the case"')),
    );
  });
});
