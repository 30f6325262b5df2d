/** Lint of the stages: what each state asks for, who may send its events, and its deadline. */
import type { Stage, WorkflowDefinition } from '../schemas/generated/workflow-definition.ts';
import { type Finding, finding } from './finding.ts';
import { type MachineTree, onSameBranch, type StateInfo } from './machine-tree.ts';
import { isRole, ROLES } from './roles.ts';
import { joinWords } from './words.ts';

/** Findings about the stages, split by severity. */
export function lintStages(
  definition: WorkflowDefinition,
  tree: MachineTree,
  forms: ReadonlySet<string>,
): { errors: Finding[]; warnings: Finding[] } {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const allEvents = new Set([...tree.byPath.values()].flatMap((n) => [...n.on.keys()]));
  for (const [path, stage] of Object.entries(definition.stages)) {
    const at = `/stages/${path}`;
    const node = tree.byPath.get(path);
    if (!node) {
      errors.push(
        finding('unknown-stage-state', `The stage "${path}" names no state of the machine.`, at),
      );
      continue;
    }
    errors.push(...formFindings(stage, at, forms), ...roleFindings(stage, at));
    errors.push(...deadlineFindings(stage, at, allEvents));
    warnings.push(...unacceptedEventFindings(stage, at, eventsNear(tree, node)));
  }
  errors.push(...eventsWithoutRoles(definition, tree));
  warnings.push(...statesWithoutStages(definition, tree));
  return { errors, warnings };
}

function formFindings(stage: Stage, at: string, forms: ReadonlySet<string>): Finding[] {
  return (stage.forms ?? []).flatMap((f, i) =>
    forms.has(f.id)
      ? []
      : [
          finding(
            'unknown-form',
            `The stage asks for a form "${f.id}" that does not exist.`,
            `${at}/forms/${i}/id`,
          ),
        ],
  );
}

function roleFindings(stage: Stage, at: string): Finding[] {
  const given = Object.entries(stage.roles ?? {}).map(([event, roles]) => ({
    event,
    roles,
    pointer: `${at}/roles/${event}`,
  }));
  const signing = (stage.signOff ?? []).map((s, i) => ({
    event: s.event,
    roles: s.by,
    pointer: `${at}/signOff/${i}/by`,
  }));
  // An empty list would make the event wait for a sign-off no one may give.
  const unsigned = signing
    .filter((s) => s.roles.length === 0)
    .map((s) =>
      finding(
        'sign-off-without-roles',
        `Sign-off is asked for "${s.event}", but "by" names no role who may give it.`,
        s.pointer,
      ),
    );
  return [...given, ...signing]
    .flatMap(({ event, roles, pointer }) =>
      roles
        .map((role, i) => ({ role, i }))
        .filter(({ role }) => !isRole(role))
        .map(({ role, i }) =>
          finding(
            'unknown-role',
            `The role "${role}" given "${event}" does not exist. Use ${joinWords([...ROLES], 'or')}.`,
            `${pointer}/${i}`,
          ),
        ),
    )
    .concat(unsigned);
}

function deadlineFindings(stage: Stage, at: string, allEvents: ReadonlySet<string>): Finding[] {
  const deadline = stage.deadline;
  if (!deadline) return [];
  if (!deadline.from) {
    return [
      finding(
        'deadline-without-anchor',
        `The deadline "${deadline.label}" does not say when it starts: add "from": {"stateEntered": true} or "from": {"event": "..."}.`,
        `${at}/deadline`,
      ),
    ];
  }
  if ('event' in deadline.from && !allEvents.has(deadline.from.event)) {
    return [
      finding(
        'unknown-anchor-event',
        `The deadline "${deadline.label}" starts from "${deadline.from.event}", an event no state accepts, so it would never start.`,
        `${at}/deadline/from/event`,
      ),
    ];
  }
  return [];
}

function unacceptedEventFindings(stage: Stage, at: string, near: ReadonlySet<string>): Finding[] {
  const found: Finding[] = [];
  for (const event of Object.keys(stage.roles ?? {})) {
    if (near.has(event)) continue;
    found.push(
      finding(
        'roles-for-unaccepted-event',
        `Roles are given for "${event}", but the case cannot receive it in this stage.`,
        `${at}/roles/${event}`,
      ),
    );
  }
  (stage.signOff ?? []).forEach(({ event }, i) => {
    if (near.has(event)) return;
    found.push(
      finding(
        'sign-off-for-unaccepted-event',
        `Sign-off is asked for "${event}", but the case cannot receive it in this stage.`,
        `${at}/signOff/${i}`,
      ),
    );
  });
  return found;
}

/** Events a state accepts while active: its own, its ancestors' and its descendants'. */
function eventsNear(tree: MachineTree, node: StateInfo): Set<string> {
  const events = new Set<string>();
  for (const other of tree.byPath.values()) {
    if (onSameBranch(other.path, node.path)) for (const e of other.on.keys()) events.add(e);
  }
  return events;
}

/** Events that no stage on the same branch as the accepting state gives to any role. */
function eventsWithoutRoles(definition: WorkflowDefinition, tree: MachineTree): Finding[] {
  const found: Finding[] = [];
  for (const node of tree.byPath.values()) {
    for (const [event, transitions] of node.on) {
      const allowed = Object.entries(definition.stages).some(
        ([path, stage]) =>
          onSameBranch(path, node.path) &&
          Object.hasOwn(stage.roles ?? {}, event) &&
          (stage.roles?.[event]?.length ?? 0) > 0,
      );
      if (allowed) continue;
      const where = node.path ? `in "${node.path}"` : 'anywhere';
      found.push(
        finding(
          'event-without-role',
          `No stage lets anyone send "${event}" ${where}: add it to "roles" of a stage, e.g. {"${event}": ["${ROLES[0]}"]}.`,
          transitions[0]?.pointer ?? node.pointer,
        ),
      );
    }
  }
  return found;
}

function statesWithoutStages(definition: WorkflowDefinition, tree: MachineTree): Finding[] {
  return [...tree.byPath.values()]
    .filter((n) => n.children.length === 0 && n.parent)
    .filter(
      (n) =>
        !Object.keys(definition.stages).some((p) => n.path === p || n.path.startsWith(`${p}.`)),
    )
    .map((n) =>
      finding(
        'state-without-stage',
        `The state "${n.path}" has no stage, so people see no title, forms or deadline for it.`,
        n.pointer,
      ),
    );
}
