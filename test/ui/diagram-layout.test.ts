import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { WorkflowDefinition } from '../../schemas/generated/workflow-definition.ts';
import { diagramOf, elkGraph, wrapTitle } from '../../ui/src/workflows/diagram-layout.ts';
import { outlineOf } from '../../ui/src/workflows/edit-workflow.ts';

const pack = JSON.parse(
  await readFile(
    new URL('../../schemas/packs/child-protection/workflow.json', import.meta.url),
    'utf8',
  ),
) as WorkflowDefinition;

// The CommonJS build, as Node loads it (the web app gets the same file through Vite).
const ELK = createRequire(import.meta.url)('elkjs/lib/elk.bundled.js') as new () => {
  layout(graph: ElkNode): Promise<ElkNode>;
};

describe('workflow diagram layout', () => {
  it('makes one ELK node per state, children inside their parent, laid out across levels', () => {
    const graph = elkGraph(outlineOf(pack));
    assert.equal(graph.layoutOptions?.['elk.hierarchyHandling'], 'INCLUDE_CHILDREN');
    const plan = graph.children!.find((n) => n.id === 'plan')!;
    assert.deepEqual(
      plan.children!.map((n) => n.id),
      ['plan.coreGroup', 'plan.reviews'],
    );
    assert.deepEqual(
      plan.children![0]!.children!.map((n) => n.id),
      ['plan.coreGroup.first', 'plan.coreGroup.ongoing'],
    );
    // Edges across levels sit at the root; a transition that stays (no target) draws none.
    const edges = graph.edges!.map((e) => `${e.sources[0]} -> ${e.targets[0]}`);
    assert.ok(edges.includes('referralAndAssessment.referral -> closure'));
    assert.equal(edges.filter((e) => e.startsWith('plan.coreGroup.ongoing')).length, 0);
  });

  it('places every box inside its parent’s box once ELK has laid the pack out', async () => {
    const outline = outlineOf(pack);
    const diagram = diagramOf(await new ELK().layout(elkGraph(outline)), outline);
    assert.equal(diagram.boxes.length, 16);
    const box = (path: string) => diagram.boxes.find((b) => b.path === path)!;
    for (const child of diagram.boxes.filter((b) => b.path.includes('.'))) {
      const parent = box(child.path.split('.').slice(0, -1).join('.'));
      assert.ok(
        child.x >= parent.x && child.x + child.width <= parent.x + parent.width,
        child.path,
      );
      assert.ok(
        child.y >= parent.y && child.y + child.height <= parent.y + parent.height,
        child.path,
      );
    }
    assert.equal(box('plan').container, true);
    assert.equal(box('closed').final, true);
    // Every line starts and ends on the edge of (or inside) the boxes it joins.
    const near = (
      p: { x: number; y: number },
      b: { x: number; y: number; width: number; height: number },
    ) => p.x >= b.x - 1 && p.x <= b.x + b.width + 1 && p.y >= b.y - 1 && p.y <= b.y + b.height + 1;
    for (const line of diagram.lines) {
      assert.ok(near(line.points[0]!, box(line.from)), `${line.id} starts at ${line.from}`);
      assert.ok(near(line.points.at(-1)!, box(line.to)), `${line.id} ends at ${line.to}`);
    }
  });

  it('wraps a long title at spaces', () => {
    assert.deepEqual(wrapTitle('Transfer-in child protection conference'), [
      'Transfer-in child',
      'protection conference',
    ]);
    assert.deepEqual(wrapTitle('Closed'), ['Closed']);
  });
});
