/**
 * Why the engine refuses an event, as data: a stable code with the params its words need. The
 * engine never writes sentences for callers to read back; `describeReason` renders a reason from
 * a word table at the edge (the API, the UI), so a caller decides on codes, not on words.
 */
import type { GuardReference } from '../schemas/generated/workflow-definition.ts';

/** A deadline an event meets late, with what its words need. */
export interface MissedDeadline {
  label: string;
  /** The stage's state path and title. */
  state: string;
  stage: string;
  dueOn: string;
}

/** What a field guard names: the form, its title, the field and how to call it. */
export interface FieldNames {
  form: string;
  title: string;
  field: string;
  /** Words for the field, when the definition gives them. */
  label?: string;
}

/** What a guard's own words need: form titles and who signs off each event it names. */
export interface GuardNames {
  /** The event being decided, which `signOffGiven` defaults to. */
  event: string;
  forms: Record<string, string>;
  signOffBy: Record<string, string[]>;
}

/** One reason an event cannot happen now. */
export type Reason =
  | { code: 'case-closed'; params: Record<string, never> }
  | { code: 'not-here'; params: { event: string; label: string; stages: string[] } }
  | { code: 'no-one'; params: { event: string; label: string } }
  | { code: 'role'; params: { event: string; label: string; roles: string[] } }
  | {
      code: 'late-needs-reason';
      params: { event: string; label: string; missed: MissedDeadline[] };
    }
  | { code: 'form-missing'; params: { form: string; title: string } }
  | { code: 'form-draft'; params: { form: string; title: string } }
  | { code: 'field-missing'; params: FieldNames }
  | { code: 'field-mismatch'; params: FieldNames & { actual: unknown; expected: unknown[] } }
  | { code: 'actor-role'; params: { roles: string[] } }
  | { code: 'signed-off-needed'; params: { event: string; by: string[] } }
  | { code: 'guard-failed'; params: { guard: GuardReference; names: GuardNames } }
  | { code: 'sign-off-pending'; params: { event: string; label: string; by: string[] } };

/** Every reason code. */
export type ReasonCode = Reason['code'];

/** The params of one reason code. */
export type ReasonParams<C extends ReasonCode> = Extract<Reason, { code: C }>['params'];

/** A word table: for each code, the sentence its params make. */
export type ReasonWords = { readonly [C in ReasonCode]: (params: ReasonParams<C>) => string };

/** A reason in the words of one table. */
export function describeReason(reason: Reason, words: ReasonWords): string {
  const render = words[reason.code] as (params: Reason['params']) => string;
  return render(reason.params);
}
