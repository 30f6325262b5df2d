/**
 * A read-only index of a workflow's statechart: every state by its dotted path, with its
 * transitions normalised. Lint, the runtime checks and migration all read the machine through it,
 * so they agree on what a path or a target means.
 */
import type {
  GuardReference,
  MachineConfig,
  StateNodeConfig,
  TransitionConfig,
} from '../schemas/generated/workflow-definition.ts';

/** One transition as written in the definition. */
export interface TransitionInfo {
  event: string;
  targets: string[];
  guard?: GuardReference;
  description?: string;
  /** JSON Pointer to the transition in the definition. */
  pointer: string;
}

/** One state of the machine. */
export interface StateInfo {
  /** Keys from the top joined by dots; '' for the machine itself. */
  path: string;
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final';
  parent?: StateInfo;
  children: StateInfo[];
  initial?: string;
  on: ReadonlyMap<string, TransitionInfo[]>;
  /** JSON Pointer to the state in the definition. */
  pointer: string;
}

/** Every state of a machine, indexed by path. */
export interface MachineTree {
  rootId: string;
  root: StateInfo;
  byPath: ReadonlyMap<string, StateInfo>;
}

/** Indexes a machine config; `rootId` is the id XState gives the machine. */
export function readMachineTree(machine: MachineConfig, rootId: string): MachineTree {
  const byPath = new Map<string, StateInfo>();
  const root = readState(machine, '', '', '/machine', undefined, byPath);
  return { rootId, root, byPath };
}

function readState(
  config: StateNodeConfig | MachineConfig,
  key: string,
  path: string,
  pointer: string,
  parent: StateInfo | undefined,
  byPath: Map<string, StateInfo>,
): StateInfo {
  const childEntries = Object.entries(config.states ?? {});
  const type =
    config.type === 'parallel' || config.type === 'final'
      ? config.type
      : childEntries.length > 0
        ? 'compound'
        : 'atomic';
  const node: StateInfo = {
    path,
    key,
    type,
    children: [],
    on: readTransitions(config.on ?? {}, `${pointer}/on`),
    pointer,
  };
  if (parent) node.parent = parent;
  if (config.initial !== undefined) node.initial = config.initial;
  byPath.set(path, node);
  for (const [childKey, child] of childEntries) {
    const childPath = path ? `${path}.${childKey}` : childKey;
    node.children.push(
      readState(child, childKey, childPath, `${pointer}/states/${childKey}`, node, byPath),
    );
  }
  return node;
}

function readTransitions(
  on: NonNullable<StateNodeConfig['on']>,
  pointer: string,
): Map<string, TransitionInfo[]> {
  const map = new Map<string, TransitionInfo[]>();
  for (const [event, value] of Object.entries(on)) {
    const list: TransitionConfig[] =
      typeof value === 'string' ? [{ target: value }] : Array.isArray(value) ? value : [value];
    map.set(
      event,
      list.map((t, i) => {
        const info: TransitionInfo = {
          event,
          targets:
            t.target === undefined ? [] : typeof t.target === 'string' ? [t.target] : t.target,
          pointer: Array.isArray(value) ? `${pointer}/${event}/${i}` : `${pointer}/${event}`,
        };
        if (t.guard) info.guard = t.guard;
        if (t.description) info.description = t.description;
        return info;
      }),
    );
  }
  return map;
}

/** The state a target string names from `source`, the way XState resolves it, or undefined. */
export function resolveTarget(
  tree: MachineTree,
  source: StateInfo,
  target: string,
): StateInfo | undefined {
  if (target.startsWith('#')) {
    const id = target.slice(1);
    if (id === tree.rootId) return tree.root;
    if (!id.startsWith(`${tree.rootId}.`)) return undefined;
    return tree.byPath.get(id.slice(tree.rootId.length + 1));
  }
  if (target.startsWith('.')) return descend(source, target.slice(1));
  return source.parent ? descend(source.parent, target) : undefined;
}

function descend(from: StateInfo, relativePath: string): StateInfo | undefined {
  let node: StateInfo | undefined = from;
  for (const key of relativePath.split('.')) {
    node = node?.children.find((c) => c.key === key);
  }
  return node;
}

/** The state and its ancestors, innermost first, without the machine root. */
export function selfAndAncestors(node: StateInfo): StateInfo[] {
  const chain: StateInfo[] = [];
  for (let n: StateInfo | undefined = node; n?.parent; n = n.parent) chain.push(n);
  return chain;
}

/** True when `path` is `other`, or one is inside the other. */
export function onSameBranch(path: string, other: string): boolean {
  return (
    path === other ||
    path === '' ||
    other === '' ||
    path.startsWith(`${other}.`) ||
    other.startsWith(`${path}.`)
  );
}

/** Every active state path of an XState state value, outermost first: parents before children. */
export function activeStatePaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix ? `${prefix}.${value}` : value];
  if (value === null || typeof value !== 'object') return [];
  const paths: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    paths.push(path, ...activeStatePaths(child, path));
  }
  return paths;
}
