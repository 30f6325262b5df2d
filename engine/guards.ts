/**
 * The guard catalog. A workflow names a guard with params, e.g.
 * `{ "type": "formFieldIn", "params": { "form": "assessment", "field": "decision", "values": ["s47"] } }`;
 * each guard checks the case's facts and, when it fails, says why in words a social worker
 * understands, using the forms' titles.
 */
import type { GuardReference } from '../schemas/generated/workflow-definition.ts';
import type { CaseFacts } from './context.ts';
import type { GuardNames, Reason } from './reasons.ts';
import { describeRoles, isRole, ROLES } from './roles.ts';
import { fieldName, formName, joinWords, quoteValue } from './words.ts';

/** What a guard is checked against. */
export interface GuardScope {
  facts: CaseFacts;
  /** The event being decided, for guards that default to it. */
  event: string;
  formTitle(id: string): string;
  /** The roles whose sign-off an event waits for (stage data); none when left out. */
  signOffBy?(event: string): readonly string[];
}

/** What a guard's clause names: form titles, and who signs off an event. */
export interface ClauseNames {
  formTitle(id: string): string;
  signOffBy?(event: string): readonly string[];
  /** The event being decided, which `signOffGiven` defaults to. */
  event?: string;
}

/** A problem with a guard reference in a definition. */
export interface GuardProblem {
  code: 'unknown-guard' | 'invalid-guard-params' | 'unknown-form' | 'unknown-role';
  message: string;
  pointer: string;
}

type Params = Readonly<Record<string, unknown>>;
type Check = (p: Params, s: GuardScope) => Reason[];
type Describe = (p: Params, names: ClauseNames) => string;
type Validate = (p: Params, pointer: string, forms: ReadonlySet<string>) => GuardProblem[];

interface GuardKind {
  check: Check;
  describe: Describe;
  validate: Validate;
  /** The forms whose answers the guard reads (not only whether they were submitted). */
  readsAnswers?: (p: Params) => string[];
  /** The form fields whose answers it reads, for guards that read answers. */
  readsFields?: (p: Params) => FieldRead[];
}

const FIELD_PATH = /^[a-zA-Z][a-zA-Z0-9_]*(\.[a-zA-Z][a-zA-Z0-9_]*)*$/;

const catalog: Record<string, GuardKind> = {
  formsSubmitted: {
    check: (p, s) => (p.forms as string[]).flatMap((id) => notSubmitted(id, s)),
    describe: (p, names) => {
      const forms = (p.forms as string[]).map((id) => formName(names.formTitle(id), false));
      return `the ${joinWords(forms, 'and')} ${forms.length > 1 ? 'forms have' : 'form has'} been submitted`;
    },
    validate: (p, at, forms) => [
      ...stringList(p, 'forms', at),
      ...formsExist(Array.isArray(p.forms) ? p.forms : [], at, forms),
    ],
  },
  formFieldEquals: {
    check: (p, s) => fieldCheck(p, s, [p.value]),
    readsAnswers: (p) => [p.form as string],
    readsFields: (p) => [{ form: p.form as string, field: p.field as string }],
    describe: (p, names) =>
      `${fieldName(fieldOf(p))} on the ${formName(names.formTitle(p.form as string))} is ${quoteValue(p.value)}`,
    validate: (p, at, forms) => [
      ...fieldParams(p, at, forms),
      ...(p.value === undefined ? [paramProblem(at, 'needs "value": the value to compare')] : []),
    ],
  },
  formFieldIn: {
    check: (p, s) => fieldCheck(p, s, p.values as unknown[]),
    readsAnswers: (p) => [p.form as string],
    readsFields: (p) => [{ form: p.form as string, field: p.field as string }],
    describe: (p, names) =>
      `${fieldName(fieldOf(p))} on the ${formName(names.formTitle(p.form as string))} is ${joinWords((p.values as unknown[]).map(quoteValue), 'or')}`,
    validate: (p, at, forms) => [
      ...fieldParams(p, at, forms),
      ...(Array.isArray(p.values) && p.values.length > 0
        ? []
        : [paramProblem(at, 'needs "values": a list of one or more values')]),
    ],
  },
  actorHasRole: {
    check: (p, s) => {
      const roles = p.roles as string[];
      if (roles.some((r) => s.facts.actor.roles.includes(r))) return [];
      return [{ code: 'actor-role', params: { roles: [...roles] } }];
    },
    describe: (p) => `you are ${describeRoles(p.roles as string[])}`,
    validate: (p, at) => [
      ...stringList(p, 'roles', at),
      ...(Array.isArray(p.roles) ? p.roles : [])
        .filter((r): r is string => typeof r === 'string' && !isRole(r))
        .map(
          (r): GuardProblem => ({
            code: 'unknown-role',
            message: `The role "${r}" does not exist. Use ${joinWords([...ROLES], 'or')}.`,
            pointer: `${at}/params/roles`,
          }),
        ),
    ],
  },
  signOffGiven: {
    check: (p, s) => {
      const event = (p.event as string | undefined) ?? s.event;
      if (own(s.facts.signOffs, event)) return [];
      return [
        { code: 'signed-off-needed', params: { event, by: [...(s.signOffBy?.(event) ?? [])] } },
      ];
    },
    describe: (p, names) => {
      const by = names.signOffBy?.((p.event as string | undefined) ?? names.event ?? '') ?? [];
      return by.length > 0
        ? `${describeRoles(by)} has signed this off`
        : 'this has been signed off';
    },
    validate: (p, at) =>
      p.event === undefined || typeof p.event === 'string'
        ? []
        : [paramProblem(at, '"event" must be the name of an event')],
  },
  and: {
    check: (p, s) => (p.guards as GuardReference[]).flatMap((g) => checkGuard(g, s)),
    readsAnswers: (p) => (p.guards as GuardReference[]).flatMap(answersReadBy),
    readsFields: (p) => (p.guards as GuardReference[]).flatMap(fieldsReadBy),
    describe: (p, names) =>
      joinWords(
        (p.guards as GuardReference[]).map((g) => describeGuard(g, names)),
        'and',
      ),
    validate: (p, at, forms) => nestedGuards(p, at, forms),
  },
  or: {
    readsAnswers: (p) => (p.guards as GuardReference[]).flatMap(answersReadBy),
    readsFields: (p) => (p.guards as GuardReference[]).flatMap(fieldsReadBy),
    check: (p, s) => {
      const guards = p.guards as GuardReference[];
      if (guards.some((g) => checkGuard(g, s).length === 0)) return [];
      return [guardFailed({ type: 'or', params: p }, s)];
    },
    describe: (p, names) =>
      joinWords(
        (p.guards as GuardReference[]).map((g) => describeGuard(g, names)),
        'or',
      ),
    validate: (p, at, forms) => nestedGuards(p, at, forms),
  },
  not: {
    readsAnswers: (p) => answersReadBy(p.guard as GuardReference),
    readsFields: (p) => fieldsReadBy(p.guard as GuardReference),
    check: (p, s) => {
      const inner = p.guard as GuardReference;
      if (checkGuard(inner, s).length > 0) return [];
      return [guardFailed({ type: 'not', params: p }, s)];
    },
    describe: (p, names) => `it is not so that ${describeGuard(p.guard as GuardReference, names)}`,
    validate: (p, at, forms) =>
      isGuardReference(p.guard)
        ? guardProblems(p.guard, `${at}/params/guard`, forms)
        : [paramProblem(at, 'needs "guard": the guard that must not pass')],
  },
};

/** The names of every guard in the catalog. */
export const guardNames: readonly string[] = Object.keys(catalog);

/** Checks a guard against the facts: the reasons it fails, or an empty list when it passes. */
export function checkGuard(guard: GuardReference, scope: GuardScope): Reason[] {
  return catalog[guard.type]!.check(guard.params ?? {}, scope);
}

/** The forms whose answers a (valid) guard reads, so a caller knows which answers to load. */
export function answersReadBy(guard: GuardReference): string[] {
  return catalog[guard.type]!.readsAnswers?.(guard.params ?? {}) ?? [];
}

/** A form field a guard reads: the form's id and the field's path (`child/fullName`). */
export interface FieldRead {
  form: string;
  field: string;
}

/** The form fields whose answers a guard reads (through and, or and not too). */
export function fieldsReadBy(guard: GuardReference): FieldRead[] {
  return catalog[guard.type]!.readsFields?.(guard.params ?? {}) ?? [];
}

/** What the guard requires, as a clause: "the Assessment form has been submitted". */
export function describeGuard(
  guard: GuardReference,
  names: ClauseNames | ((id: string) => string),
): string {
  const clauseNames = typeof names === 'function' ? { formTitle: names } : names;
  return catalog[guard.type]!.describe(guard.params ?? {}, clauseNames);
}

/**
 * A combining guard (`or`, `not`) that failed, with the names its clause needs, so the reason
 * can be put into words without the workflow at hand.
 */
function guardFailed(guard: GuardReference, s: GuardScope): Reason {
  const names: GuardNames = { event: s.event, forms: {}, signOffBy: {} };
  const visit = (g: GuardReference) => {
    const p = g.params ?? {};
    const forms = [...(Array.isArray(p.forms) ? p.forms : []), p.form];
    for (const id of forms) if (typeof id === 'string') names.forms[id] = s.formTitle(id);
    if (g.type === 'signOffGiven') {
      const event = typeof p.event === 'string' ? p.event : s.event;
      names.signOffBy[event] = [...(s.signOffBy?.(event) ?? [])];
    }
    for (const inner of [...(Array.isArray(p.guards) ? p.guards : []), p.guard]) {
      if (isGuardReference(inner)) visit(inner);
    }
  };
  visit(guard);
  return { code: 'guard-failed', params: { guard, names } };
}

/** Everything wrong with a guard reference: an unknown name, bad params, unknown forms or roles. */
export function guardProblems(
  guard: GuardReference,
  pointer: string,
  forms: ReadonlySet<string>,
): GuardProblem[] {
  const kind = Object.hasOwn(catalog, guard.type) ? catalog[guard.type] : undefined;
  if (!kind) {
    return [
      {
        code: 'unknown-guard',
        message: `There is no guard called "${guard.type}". Use one of: ${guardNames.join(', ')}.`,
        pointer: `${pointer}/type`,
      },
    ];
  }
  return kind.validate(guard.params ?? {}, pointer, forms);
}

function notSubmitted(form: string, s: GuardScope): Reason[] {
  const submission = own(s.facts.submissions, form);
  if (submission?.status === 'submitted') return [];
  const params = { form, title: s.formTitle(form) };
  return [{ code: submission ? 'form-draft' : 'form-missing', params }];
}

function fieldCheck(p: Params, s: GuardScope, allowed: readonly unknown[]): Reason[] {
  const form = p.form as string;
  const missing = notSubmitted(form, s);
  if (missing.length > 0) return missing;
  const actual = readField(own(s.facts.submissions, form)?.data, p.field as string);
  if (allowed.some((v) => sameValue(v, actual))) return [];
  const names = { ...fieldOf(p), title: s.formTitle(form) };
  if (actual === undefined) return [{ code: 'field-missing', params: names }];
  return [{ code: 'field-mismatch', params: { ...names, actual, expected: [...allowed] } }];
}

/** The field a field guard reads, as its words need it. */
function fieldOf(p: Params): { form: string; field: string; label?: string } {
  const field = { form: p.form as string, field: p.field as string };
  return typeof p.label === 'string' ? { ...field, label: p.label } : field;
}

/** A record's own entry: ids from definitions must never reach Object.prototype. */
function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

function readField(data: unknown, path: string): unknown {
  let value = data;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b);
}

function fieldParams(p: Params, at: string, forms: ReadonlySet<string>): GuardProblem[] {
  const problems: GuardProblem[] = [];
  if (typeof p.form !== 'string') problems.push(paramProblem(at, 'needs "form": a form id'));
  else problems.push(...formsExist([p.form], at, forms));
  if (typeof p.field !== 'string' || !FIELD_PATH.test(p.field)) {
    problems.push(paramProblem(at, 'needs "field": a field name, or names joined by dots'));
  }
  if (p.label !== undefined && typeof p.label !== 'string') {
    problems.push(paramProblem(at, '"label" must be text'));
  }
  return problems;
}

function stringList(p: Params, name: string, at: string): GuardProblem[] {
  const value = p[name];
  const ok = Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string');
  return ok ? [] : [paramProblem(at, `needs "${name}": a list of one or more names`)];
}

function formsExist(ids: unknown[], at: string, forms: ReadonlySet<string>): GuardProblem[] {
  return ids
    .filter((id): id is string => typeof id === 'string' && !forms.has(id))
    .map((id) => ({
      code: 'unknown-form' as const,
      message: `The guard refers to a form "${id}" that does not exist.`,
      pointer: `${at}/params`,
    }));
}

function nestedGuards(p: Params, at: string, forms: ReadonlySet<string>): GuardProblem[] {
  const guards = p.guards;
  if (!Array.isArray(guards) || guards.length === 0 || !guards.every(isGuardReference)) {
    return [paramProblem(at, 'needs "guards": a list of one or more guards')];
  }
  return guards.flatMap((g, i) => guardProblems(g, `${at}/params/guards/${i}`, forms));
}

function isGuardReference(value: unknown): value is GuardReference {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const paramsOk =
    v.params === undefined ||
    (typeof v.params === 'object' && v.params !== null && !Array.isArray(v.params));
  return typeof v.type === 'string' && paramsOk;
}

function paramProblem(at: string, what: string): GuardProblem {
  return {
    code: 'invalid-guard-params',
    message: `The guard ${what}.`,
    pointer: `${at}/params`,
  };
}
