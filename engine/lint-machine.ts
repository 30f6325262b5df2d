/** Lint of the statechart itself: initial states, targets, guards, reachability, dead ends. */
import { type Finding, finding } from './finding.ts';
import { guardProblems } from './guards.ts';
import {
  type MachineTree,
  resolveTarget,
  type StateInfo,
  selfAndAncestors,
} from './machine-tree.ts';

/** Findings about the machine, split by severity. */
export function lintMachine(
  tree: MachineTree,
  forms: ReadonlySet<string>,
): { errors: Finding[]; warnings: Finding[] } {
  const errors: Finding[] = [];
  for (const node of tree.byPath.values()) {
    errors.push(...reservedNames(node), ...initialFindings(node));
    errors.push(...transitionFindings(tree, node, forms));
  }
  if (errors.length > 0) return { errors, warnings: [] };
  errors.push(...deadEnds(tree));
  return { errors, warnings: unreachable(tree) };
}

/** Names XState keeps in plain objects, where a name like "toString" would collide. */
function reservedNames(node: StateInfo): Finding[] {
  const reserved = (name: string) => name in Object.prototype;
  const found: Finding[] = [];
  if (reserved(node.key)) {
    found.push(
      finding(
        'reserved-name',
        `"${node.key}" is a reserved word; give the state another name.`,
        node.pointer,
      ),
    );
  }
  for (const [event, transitions] of node.on) {
    if (!reserved(event)) continue;
    const at = transitions[0]?.pointer ?? node.pointer;
    found.push(
      finding('reserved-name', `"${event}" is a reserved word; give the event another name.`, at),
    );
  }
  return found;
}

function initialFindings(node: StateInfo): Finding[] {
  if (node.type !== 'compound') return [];
  const name = node.path ? `The state "${node.path}"` : 'The machine';
  if (node.initial === undefined) {
    return [finding('missing-initial', `${name} has child states but no "initial".`, node.pointer)];
  }
  if (node.children.some((c) => c.key === node.initial)) return [];
  const keys = node.children.map((c) => c.key).join(', ');
  return [
    finding(
      'unknown-initial',
      `${name} starts in "${node.initial}", which is not one of its states (${keys}).`,
      `${node.pointer}/initial`,
    ),
  ];
}

function transitionFindings(
  tree: MachineTree,
  node: StateInfo,
  forms: ReadonlySet<string>,
): Finding[] {
  const found: Finding[] = [];
  const from = node.path ? `from "${node.path}"` : 'from the machine';
  for (const [event, transitions] of node.on) {
    for (const t of transitions) {
      for (const target of t.targets) {
        if (resolveTarget(tree, node, target)) continue;
        found.push(
          finding(
            'unknown-target',
            `"${event}" ${from} goes to "${target}", which is not a state. Name a sibling state, ".child" or "#${tree.rootId}.path.to.state".`,
            `${t.pointer}/target`,
          ),
        );
      }
      if (t.guard) {
        for (const p of guardProblems(t.guard, `${t.pointer}/guard`, forms)) {
          found.push(finding(p.code, `"${event}" ${from}: ${p.message}`, p.pointer));
        }
      }
    }
  }
  return found;
}

/** States no path of transitions leads to, ignoring guards; only the outermost is reported. */
function unreachable(tree: MachineTree): Finding[] {
  const reached = new Set<StateInfo>();
  const queue: StateInfo[] = [];
  const enter = (node: StateInfo) => {
    for (const n of [node, ...selfAndAncestors(node)]) {
      if (!reached.has(n)) {
        reached.add(n);
        queue.push(n);
      }
    }
    if (node.type === 'parallel') for (const c of node.children) enter(c);
    if (node.type === 'compound') {
      const first = node.children.find((c) => c.key === node.initial);
      if (first) enter(first);
    }
  };
  enter(tree.root);
  for (let node = queue.shift(); node; node = queue.shift()) {
    for (const transitions of node.on.values()) {
      for (const t of transitions) {
        for (const target of t.targets) {
          const to = resolveTarget(tree, node, target);
          if (to) enter(to);
        }
      }
    }
  }
  return [...tree.byPath.values()]
    .filter((n) => !reached.has(n) && n.parent && reached.has(n.parent))
    .map((n) =>
      finding(
        'unreachable-state',
        `No transition leads to the state "${n.path}", so no case can ever be in it.`,
        n.pointer,
      ),
    );
}

/** Non-final states a case could never leave. */
function deadEnds(tree: MachineTree): Finding[] {
  const found: Finding[] = [];
  for (const node of tree.byPath.values()) {
    if (!(node.type === 'atomic' || nestedFinal(tree, node)) || hasWayOut(tree, node)) continue;
    found.push(
      finding(
        'dead-end-state',
        node.type === 'final'
          ? `The final state "${node.path}" is nested, so reaching it does not close the case, and nothing leads out of it: move it to the top level or add a transition to its parent.`
          : `The state "${node.path}" is not final but has no way out: add a transition, or make it "type": "final".`,
        node.pointer,
      ),
    );
  }
  return found;
}

/** A final state that does not finish the case: XState would wait in it for an onDone. */
function nestedFinal(tree: MachineTree, node: StateInfo): boolean {
  if (node.type !== 'final' || node.parent === tree.root) return false;
  return !(node.parent?.parent === tree.root && tree.root.type === 'parallel');
}

function hasWayOut(tree: MachineTree, node: StateInfo): boolean {
  const chain = selfAndAncestors(node);
  if (chain.some((n) => [...n.on.values()].flat().some((t) => t.targets.length > 0))) return true;
  // In a parallel state one region may sit still while another region leaves for all of them.
  const region = chain.find((n) => n.parent?.type === 'parallel')?.parent;
  return region ? leavesFrom(tree, region) : false;
}

function leavesFrom(tree: MachineTree, container: StateInfo): boolean {
  const inside = (n: StateInfo) => n.path.startsWith(`${container.path}.`);
  for (const node of tree.byPath.values()) {
    if (!inside(node)) continue;
    for (const t of [...node.on.values()].flat()) {
      for (const target of t.targets) {
        const to = resolveTarget(tree, node, target);
        if (to && !inside(to)) return true;
      }
    }
  }
  return false;
}
