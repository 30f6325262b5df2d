/**
 * The workflow designer's edits, pure: each takes a definition and returns a changed copy, or
 * throws EditRefused with the reason in words. The outline (states in reading order, their stage
 * and their transitions in words) is read from a definition here too, so both are tested without
 * a browser. State ids are made once from the first title and never change, like question keys.
 */
import { describeGuard } from '../../../engine/guards.ts';
import { type MachineTree, readMachineTree, resolveTarget } from '../../../engine/machine-tree.ts';
import { describeRoles } from '../../../engine/roles.ts';
import { EditRefused, keyFromLabel } from '../../../forms/edit-form.ts';
import { humaniseKey } from '../../../forms/humanise.ts';
import type {
  Deadline,
  FormRequirement,
  GuardReference,
  Stage,
  StateNodeConfig,
  TransitionConfig,
  WorkflowDefinition,
} from '../../../schemas/generated/workflow-definition.ts';

export { EditRefused };

/** One transition of a state, as a row of the outline. */
export interface TransitionRow {
  event: string;
  /** Its place among the event's transitions (tried in order). */
  index: number;
  /** What the event is called: the transition's description, or the event's name in words. */
  eventLabel: string;
  /** The dotted path of the state it goes to; undefined when it stays, null when it names none. */
  target: string | null | undefined;
  /** The target as written in the definition. */
  targetText: string | undefined;
  guard: GuardReference | undefined;
  /** "decision on the contact is "assessment"", or undefined with no guard. */
  guardWords: string | undefined;
  signOffBy: string[];
  /** The deadline of the stage that is late when this happens after it, in words. */
  lateAfter: string | undefined;
  /** Who may send the event here, or an empty list when no stage gives it to anyone. */
  roles: string[];
  /** The sentence: "When … → go to … only if … needs sign-off by … late after … (who)". */
  words: string;
}

/** One state as a card of the outline. */
export interface OutlineState {
  path: string;
  key: string;
  title: string;
  kind: 'atomic' | 'compound' | 'parallel' | 'final';
  /** Its own stage (undefined when it has none). */
  stage: Stage | undefined;
  /** What the card says about the stage: deadline, forms, documents. */
  deadlineWords: string | undefined;
  transitions: TransitionRow[];
  /** Child states in reading order (for a parallel state, its regions side by side). */
  children: OutlineState[];
  /** True when this is where its parent starts. */
  initial: boolean;
}

/** What names forms in words: a form's title by id. */
export type FormTitles = (id: string) => string;

const noTitles: FormTitles = (id) => humaniseKey(id);

/** The id XState gives the machine: targets like "#child-protection.closure" start with it. */
export function machineIdOf(definition: WorkflowDefinition): string {
  return definition.machine.id ?? definition.id;
}

/** The states of the machine as an outline, each container's children in reading order. */
export function outlineOf(
  definition: WorkflowDefinition,
  formTitle: FormTitles = noTitles,
): OutlineState[] {
  const tree = readMachineTree(definition.machine, machineIdOf(definition));
  const read = (path: string): OutlineState[] => {
    const node = tree.byPath.get(path)!;
    return readingOrder(tree, path).map((child) => {
      const info = tree.byPath.get(child)!;
      return {
        path: child,
        key: info.key,
        title: titleOf(definition, child),
        kind: info.type,
        stage: definition.stages[child],
        deadlineWords: deadlineWords(definition, definition.stages[child]?.deadline),
        transitions: transitionRows(definition, tree, child, formTitle),
        children: read(child),
        initial: node.type !== 'parallel' && node.initial === info.key,
      };
    });
  };
  return read('');
}

/** Every state of the outline, depth first, in reading order. */
export function flattenOutline(outline: readonly OutlineState[]): OutlineState[] {
  return outline.flatMap((s) => [s, ...flattenOutline(s.children)]);
}

/**
 * The children of a state in reading order: where it starts first, and each state after every
 * state that leads to it (a depth-first order from the start, reversed at the end, so a loop
 * back does not count), then any the transitions never reach, in the order they are written.
 */
export function readingOrder(tree: MachineTree, path: string): string[] {
  const node = tree.byPath.get(path);
  if (!node) return [];
  const children = node.children.map((c) => c.path);
  if (node.type === 'parallel') return children;
  const inside = (p: string, container: string) => p === container || p.startsWith(`${container}.`);
  const next = (at: string): string[] => {
    const found: string[] = [];
    for (const [from, info] of tree.byPath) {
      if (!inside(from, at)) continue;
      for (const t of [...info.on.values()].flat()) {
        for (const target of t.targets) {
          const to = resolveTarget(tree, info, target);
          const sibling = to && children.find((c) => inside(to.path, c));
          if (sibling && sibling !== at && !found.includes(sibling)) found.push(sibling);
        }
      }
    }
    return found;
  };
  const finished: string[] = [];
  const seen = new Set<string>();
  const visit = (at: string) => {
    seen.add(at);
    for (const to of next(at)) if (!seen.has(to)) visit(to);
    finished.push(at);
  };
  const start = node.children.find((c) => c.key === node.initial);
  if (start) visit(start.path);
  const order = finished.reverse();
  return [...order, ...children.filter((c) => !order.includes(c))];
}

/** The title of a state: its stage's, or its key in words. */
export function titleOf(definition: WorkflowDefinition, path: string): string {
  return definition.stages[path]?.title ?? humaniseKey(path.split('.').at(-1) ?? path);
}

/** A deadline in words: "5 working days from entering the stage", or "Counts the days (…)". */
export function deadlineWords(
  definition: WorkflowDefinition,
  deadline: Deadline | undefined,
): string | undefined {
  if (!deadline) return undefined;
  const from = !deadline.from
    ? 'with no start'
    : 'event' in deadline.from
      ? `from the last “${eventName(definition, deadline.from.event)}”`
      : 'from entering the stage';
  if (deadline.amount === undefined) return `${deadline.label}: counts the days ${from}`;
  const unit = { workingDays: 'working day', calendarDays: 'calendar day', months: 'month' }[
    deadline.unit!
  ];
  return `${deadline.label}: ${deadline.amount} ${unit}${deadline.amount === 1 ? '' : 's'} ${from}`;
}

/** Every event the machine accepts, with its label, in the order first written. */
export function eventsOf(definition: WorkflowDefinition): { event: string; label: string }[] {
  const tree = readMachineTree(definition.machine, machineIdOf(definition));
  const seen = new Map<string, string>();
  for (const info of tree.byPath.values()) {
    for (const [event, transitions] of info.on) {
      if (!seen.has(event)) seen.set(event, eventName(definition, event, transitions));
    }
  }
  return [...seen].map(([event, label]) => ({ event, label }));
}

/** What an event is called: the first description written for it, or its name in words. */
export function eventName(
  definition: WorkflowDefinition,
  event: string,
  known?: readonly { description?: string }[],
): string {
  const described = known?.find((t) => t.description)?.description;
  if (described) return described;
  const tree = readMachineTree(definition.machine, machineIdOf(definition));
  for (const info of tree.byPath.values()) {
    const found = info.on.get(event)?.find((t) => t.description)?.description;
    if (found) return found;
  }
  return humaniseKey(event);
}

function transitionRows(
  definition: WorkflowDefinition,
  tree: MachineTree,
  path: string,
  formTitle: FormTitles,
): TransitionRow[] {
  const info = tree.byPath.get(path)!;
  const rows: TransitionRow[] = [];
  for (const [event, transitions] of info.on) {
    transitions.forEach((t, index) => {
      const targetText = t.targets[0];
      const resolved = targetText === undefined ? undefined : resolveTarget(tree, info, targetText);
      const target = targetText === undefined ? undefined : (resolved?.path ?? null);
      const signOffBy = stageOnBranch(definition, path, (s) =>
        s.signOff?.find((o) => o.event === event),
      )?.by;
      const deadline = stageOnBranch(definition, path, (s) =>
        s.deadline?.amount === undefined ? undefined : s.deadline,
      );
      const roles = stageOnBranch(definition, path, (s) => s.roles?.[event]) ?? [];
      const guardWords = t.guard
        ? describeGuard(t.guard, { formTitle, signOffBy: () => signOffBy ?? [], event })
        : undefined;
      const row: TransitionRow = {
        event,
        index,
        eventLabel: t.description ?? eventName(definition, event),
        target,
        targetText,
        guard: t.guard,
        guardWords,
        signOffBy: [...(signOffBy ?? [])],
        lateAfter: deadline ? deadlineWords(definition, deadline) : undefined,
        roles: [...roles],
        words: '',
      };
      row.words = transitionWords(definition, row);
      rows.push(row);
    });
  }
  return rows;
}

/** The sentence of a transition row. */
function transitionWords(definition: WorkflowDefinition, row: TransitionRow): string {
  const to =
    row.target === undefined
      ? 'stay here and record it'
      : row.target === null
        ? `go to “${row.targetText}”, which is not a state`
        : `go to ${titleOf(definition, row.target)}`;
  const parts = [`When “${row.eventLabel}” → ${to}`];
  if (row.guardWords) parts.push(`only if ${row.guardWords}`);
  if (row.signOffBy.length > 0) parts.push(`needs sign-off by ${describeRoles(row.signOffBy)}`);
  if (row.lateAfter) parts.push(`late after ${row.lateAfter}`);
  parts.push(row.roles.length > 0 ? `done by ${describeRoles(row.roles)}` : 'no one may do it yet');
  return parts.join('; ');
}

/** The nearest stage from the state outwards for which `pick` answers something. */
function stageOnBranch<T>(
  definition: WorkflowDefinition,
  path: string,
  pick: (stage: Stage) => T | undefined,
): T | undefined {
  const keys = path.split('.');
  for (let n = keys.length; n > 0; n--) {
    const stage = definition.stages[keys.slice(0, n).join('.')];
    const found = stage && pick(stage);
    if (found !== undefined) return found;
  }
  return undefined;
}

// ---- Edits ------------------------------------------------------------------------------

/** A deep copy to edit (a JSON round trip, which also copies a Vue reactive proxy). */
function copyOf(definition: WorkflowDefinition): WorkflowDefinition {
  return JSON.parse(JSON.stringify(definition)) as WorkflowDefinition;
}

/** The config of the state at a dotted path ('' for the machine), or EditRefused. */
function configAt(definition: WorkflowDefinition, path: string): StateNodeConfig {
  let node: StateNodeConfig = definition.machine as StateNodeConfig;
  if (path === '') return node;
  for (const key of path.split('.')) {
    const next = node.states && Object.hasOwn(node.states, key) ? node.states[key] : undefined;
    if (!next) throw new EditRefused(`The workflow has no state “${path}”.`);
    node = next;
  }
  return node;
}

function parentPath(path: string): string {
  return path.split('.').slice(0, -1).join('.');
}

function keyOf(path: string): string {
  return path.split('.').at(-1)!;
}

/** Where a new state goes: inside which state (default the top), after which of its children. */
export interface NewState {
  title: string;
  parent?: string;
  after?: string;
  kind?: 'atomic' | 'final';
}

/** The dotted path a new state would get: its key made once from the title. */
export function newStatePath(definition: WorkflowDefinition, state: NewState): string {
  const parent = configAt(definition, state.parent ?? '');
  const key = keyFromLabel(state.title, Object.keys(parent.states ?? {}));
  return state.parent ? `${state.parent}.${key}` : key;
}

/** Adds a state with its stage (the title); its key is made from the title and never changes. */
export function addState(definition: WorkflowDefinition, state: NewState): WorkflowDefinition {
  const title = state.title.trim();
  if (title === '') throw new EditRefused('Give the stage a title.');
  const copy = copyOf(definition);
  const parent = configAt(copy, state.parent ?? '');
  if (parent.type === 'final') throw new EditRefused('A final state cannot hold other states.');
  const path = newStatePath(copy, { ...state, title });
  const key = keyOf(path);
  const entries = Object.entries(parent.states ?? {});
  const at = state.after ? entries.findIndex(([k]) => k === keyOf(state.after!)) + 1 : 0;
  const config: StateNodeConfig = state.kind === 'final' ? { type: 'final' } : {};
  entries.splice(at > 0 ? at : entries.length, 0, [key, config]);
  parent.states = Object.fromEntries(entries);
  if (entries.length === 1 && parent.type !== 'parallel') parent.initial = key;
  copy.stages = { ...copy.stages, [path]: { title } };
  return copy;
}

/** Renames a stage: the title changes, the state's id does not. */
export function renameState(
  definition: WorkflowDefinition,
  path: string,
  title: string,
): WorkflowDefinition {
  const words = title.trim();
  if (words === '') throw new EditRefused('Give the stage a title.');
  const copy = copyOf(definition);
  configAt(copy, path);
  copy.stages[path] = { ...(copy.stages[path] ?? {}), title: words };
  return copy;
}

/** Every transition that goes to the state (or into it), as "Stage: event" in words. */
export function transitionsInto(definition: WorkflowDefinition, path: string): TransitionRow[] {
  const rows = flattenOutline(outlineOf(definition)).flatMap((s) =>
    s.transitions.filter(
      (t) =>
        typeof t.target === 'string' &&
        (t.target === path || t.target.startsWith(`${path}.`)) &&
        !(s.path === path || s.path.startsWith(`${path}.`)),
    ),
  );
  return rows;
}

/**
 * Removes a state, its children and their stages. Transitions elsewhere that went to it are
 * left pointing at it, so lint shows each on its card until it is pointed somewhere else.
 */
export function removeState(definition: WorkflowDefinition, path: string): WorkflowDefinition {
  const copy = copyOf(definition);
  configAt(copy, path);
  const parent = configAt(copy, parentPath(path));
  const key = keyOf(path);
  if (parent.initial === key) {
    throw new EditRefused(
      `“${titleOf(definition, path)}” is where ${parentPath(path) ? `“${titleOf(definition, parentPath(path))}”` : 'every case'} starts: make another stage the start first.`,
    );
  }
  const states = { ...parent.states };
  delete states[key];
  if (Object.keys(states).length === 0) delete parent.states;
  else parent.states = states;
  copy.stages = Object.fromEntries(
    Object.entries(copy.stages).filter(([p]) => p !== path && !p.startsWith(`${path}.`)),
  );
  return copy;
}

/** Makes a child state the one its parent starts in. */
export function setInitial(definition: WorkflowDefinition, path: string): WorkflowDefinition {
  const copy = copyOf(definition);
  configAt(copy, path);
  const parent = configAt(copy, parentPath(path));
  if (parent.type === 'parallel')
    throw new EditRefused('Every region of a parallel stage starts at once.');
  if (parentPath(path) === '') copy.machine.initial = keyOf(path);
  else parent.initial = keyOf(path);
  return copy;
}

/** How one state names another as a target: a sibling by key, any other by "#machine.path". */
export function targetText(definition: WorkflowDefinition, from: string, to: string): string {
  if (parentPath(from) === parentPath(to) && from !== to) return keyOf(to);
  return `#${machineIdOf(definition)}.${to}`;
}

/** A transition as the panel edits it. */
export interface TransitionEdit {
  event: string;
  /** The dotted path of the state it goes to, or undefined to stay and record the event. */
  target: string | undefined;
  /** What taking it means, in words ("Hold the family network meeting"). */
  description?: string;
  guard?: GuardReference | undefined;
}

/** An event name from its words, as a state key is made: "Hold the meeting" → "hold-the-meeting". */
export function eventFromLabel(label: string, taken: Iterable<string>): string {
  const base =
    label
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9 ]/g, '')
      .trim()
      .split(/ +/)
      .slice(0, 6)
      .join('-') || 'event';
  const event = /^[a-z]/.test(base) ? base : `event-${base}`;
  const used = new Set(taken);
  let candidate = event;
  for (let n = 2; used.has(candidate); n++) candidate = `${event}-${n}`;
  return candidate;
}

function transitionConfig(
  definition: WorkflowDefinition,
  from: string,
  edit: TransitionEdit,
): TransitionConfig {
  const config: TransitionConfig = {};
  if (edit.target !== undefined) config.target = targetText(definition, from, edit.target);
  if (edit.guard) config.guard = edit.guard;
  if (edit.description?.trim()) config.description = edit.description.trim();
  return config;
}

function transitionList(state: StateNodeConfig, event: string): TransitionConfig[] {
  const value = state.on?.[event];
  if (value === undefined) return [];
  if (typeof value === 'string') return [{ target: value }];
  return Array.isArray(value) ? value : [value];
}

function setTransitionList(state: StateNodeConfig, event: string, list: TransitionConfig[]) {
  const on = { ...(state.on ?? {}) };
  if (list.length === 0) delete on[event];
  else
    on[event] = list.length === 1 ? list[0]! : (list as [TransitionConfig, ...TransitionConfig[]]);
  if (Object.keys(on).length === 0) delete state.on;
  else state.on = on;
}

/** Adds a transition to a state: tried after the event's others there. */
export function addTransition(
  definition: WorkflowDefinition,
  from: string,
  edit: TransitionEdit,
): WorkflowDefinition {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(edit.event)) {
    throw new EditRefused('Name the event with letters, digits and dashes.');
  }
  const copy = copyOf(definition);
  const state = configAt(copy, from);
  if (state.type === 'final') throw new EditRefused('Nothing leaves a final state.');
  if (edit.target !== undefined) configAt(copy, edit.target);
  const list = transitionList(state, edit.event);
  setTransitionList(state, edit.event, [...list, transitionConfig(copy, from, edit)]);
  return copy;
}

/** Changes one transition (the event's `index`-th of the state); the event name stays. */
export function updateTransition(
  definition: WorkflowDefinition,
  from: string,
  event: string,
  index: number,
  edit: Omit<TransitionEdit, 'event'>,
): WorkflowDefinition {
  const copy = copyOf(definition);
  const state = configAt(copy, from);
  const list = transitionList(state, event);
  const old = list[index];
  if (!old) throw new EditRefused(`“${from}” has no such transition for “${event}”.`);
  if (edit.target !== undefined) configAt(copy, edit.target);
  const next = transitionConfig(copy, from, { ...edit, event });
  if (old.reenter !== undefined) next.reenter = old.reenter;
  list[index] = next;
  setTransitionList(state, event, list);
  return copy;
}

/** Removes one transition; with the event's last one goes its roles and sign-off on the stage. */
export function removeTransition(
  definition: WorkflowDefinition,
  from: string,
  event: string,
  index: number,
): WorkflowDefinition {
  const copy = copyOf(definition);
  const state = configAt(copy, from);
  const list = transitionList(state, event);
  if (!list[index]) throw new EditRefused(`“${from}” has no such transition for “${event}”.`);
  list.splice(index, 1);
  setTransitionList(state, event, list);
  const stage = copy.stages[from];
  if (list.length === 0 && stage) {
    if (stage.roles) {
      const { [event]: _, ...rest } = stage.roles;
      stage.roles = rest;
      if (Object.keys(rest).length === 0) delete stage.roles;
    }
    if (stage.signOff) {
      stage.signOff = stage.signOff.filter((s) => s.event !== event);
      if (stage.signOff.length === 0) delete stage.signOff;
    }
  }
  return copy;
}

function editStage(
  definition: WorkflowDefinition,
  path: string,
  change: (stage: Stage) => void,
): WorkflowDefinition {
  const copy = copyOf(definition);
  configAt(copy, path);
  const stage: Stage = copy.stages[path] ?? { title: titleOf(definition, path) };
  change(stage);
  copy.stages[path] = stage;
  return copy;
}

/** Sets the stage's deadline, or takes it away. */
export function setDeadline(
  definition: WorkflowDefinition,
  path: string,
  deadline: Deadline | undefined,
): WorkflowDefinition {
  if (deadline && deadline.label.trim() === '') throw new EditRefused('Say what is due.');
  if (
    deadline?.amount !== undefined &&
    (!Number.isInteger(deadline.amount) || deadline.amount < 0)
  ) {
    throw new EditRefused('The time allowed is a whole number of days or months.');
  }
  return editStage(definition, path, (stage) => {
    if (deadline) stage.deadline = { ...deadline, label: deadline.label.trim() };
    else delete stage.deadline;
  });
}

/** Sets the forms the stage asks for, each required or optional. */
export function setForms(
  definition: WorkflowDefinition,
  path: string,
  forms: FormRequirement[],
): WorkflowDefinition {
  return editStage(definition, path, (stage) => {
    if (forms.length > 0) stage.forms = forms.map((f) => ({ id: f.id, required: f.required }));
    else delete stage.forms;
  });
}

/** Sets the documents the stage offers. */
export function setDocuments(
  definition: WorkflowDefinition,
  path: string,
  documents: string[],
): WorkflowDefinition {
  return editStage(definition, path, (stage) => {
    if (documents.length > 0) stage.documents = [...documents];
    else delete stage.documents;
  });
}

/** Sets who may send an event while a case is in the stage. */
export function setEventRoles(
  definition: WorkflowDefinition,
  path: string,
  event: string,
  roles: string[],
): WorkflowDefinition {
  return editStage(definition, path, (stage) => {
    const all = { ...(stage.roles ?? {}) };
    if (roles.length > 0) all[event] = [...roles];
    else delete all[event];
    if (Object.keys(all).length > 0) stage.roles = all;
    else delete stage.roles;
  });
}

/** Makes the event wait for sign-off by these roles here, or not (an empty list). */
export function setSignOff(
  definition: WorkflowDefinition,
  path: string,
  event: string,
  by: string[],
): WorkflowDefinition {
  return editStage(definition, path, (stage) => {
    const others = (stage.signOff ?? []).filter((s) => s.event !== event);
    const all = by.length > 0 ? [...others, { event, by: [...by] }] : others;
    if (all.length > 0) stage.signOff = all;
    else delete stage.signOff;
  });
}

/** A lint finding as the designer places it: on the card of its state. */
export interface StateFinding {
  code: string;
  message: string;
  path: string;
  state?: string;
  event?: string;
  severity: 'error' | 'warning';
}

/**
 * Which card each finding belongs to, by state path ('' for the whole workflow): the state lint
 * named, else the one its JSON path points into, else the nearest existing ancestor.
 */
export function findingsByState(
  definition: WorkflowDefinition,
  findings: readonly StateFinding[],
): Map<string, StateFinding[]> {
  const tree = readMachineTree(definition.machine, machineIdOf(definition));
  const byState = new Map<string, StateFinding[]>();
  for (const f of findings) {
    let state = f.state ?? stateOfPointer(f.path);
    while (state !== '' && !tree.byPath.has(state)) state = parentPath(state);
    byState.set(state, [...(byState.get(state) ?? []), f]);
  }
  return byState;
}

function stateOfPointer(pointer: string): string {
  const parts = pointer.split('/').slice(1);
  if (parts[0] === 'stages') return parts[1] ?? '';
  if (parts[0] !== 'machine') return '';
  const keys: string[] = [];
  for (let i = 1; i < parts.length - 1; i++) {
    if (parts[i] === 'on') break;
    if (parts[i] === 'states') keys.push(parts[++i]!);
  }
  return keys.join('.');
}

/** What changed from one version to another, in sentences, for the publish dialog and history. */
export function describeWorkflowChanges(
  before: WorkflowDefinition,
  after: WorkflowDefinition,
): string[] {
  const a = new Map(flattenOutline(outlineOf(before)).map((s) => [s.path, s]));
  const b = new Map(flattenOutline(outlineOf(after)).map((s) => [s.path, s]));
  const sentences: string[] = [];
  for (const [path, state] of b) {
    const old = a.get(path);
    if (!old) {
      sentences.push(`Stage “${state.title}” added`);
      continue;
    }
    if (old.title !== state.title) sentences.push(`Stage “${old.title}” renamed “${state.title}”`);
    if (old.deadlineWords !== state.deadlineWords) {
      sentences.push(
        state.deadlineWords
          ? `“${state.title}” deadline: ${state.deadlineWords}`
          : `“${state.title}” has no deadline now`,
      );
    }
    if (formWords(old.stage) !== formWords(state.stage)) {
      sentences.push(`“${state.title}” asks for ${formWords(state.stage) || 'no forms'}`);
    }
    const oldRows = new Set(old.transitions.map((t) => t.words));
    const newRows = new Set(state.transitions.map((t) => t.words));
    for (const row of newRows) if (!oldRows.has(row)) sentences.push(`${state.title}: ${row}`);
    for (const row of oldRows) {
      if (!newRows.has(row)) sentences.push(`${state.title}: no longer “${row}”`);
    }
  }
  for (const [path, state] of a) if (!b.has(path)) sentences.push(`Stage “${state.title}” removed`);
  return sentences;
}

function formWords(stage: Stage | undefined): string {
  return (stage?.forms ?? [])
    .map((f) => `${f.id} (${f.required ? 'required' : 'optional'})`)
    .join(', ');
}
