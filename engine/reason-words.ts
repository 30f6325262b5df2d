/** The English word table for the engine's reasons: the sentences users read today. */
import { describeGuard } from './guards.ts';
import type { GuardNames, ReasonWords } from './reasons.ts';
import { describeRoles } from './roles.ts';
import { capitalise, fieldName, formName, joinWords, longDate, quoteValue } from './words.ts';

/** Each reason code in plain English. */
export const englishReasonWords: ReasonWords = {
  'case-closed': () => 'This case is closed, so nothing more can happen in it',
  'not-here': ({ label, stages }) =>
    `"${label}" is not possible ${stages.length > 0 ? `at the ${joinWords(stages, 'and')} stage` : 'at this stage'}`,
  'no-one': ({ label }) => `No one can do "${label}" at this stage`,
  role: ({ label, roles }) => `"${label}" can only be done by ${describeRoles(roles)}`,
  'late-needs-reason': ({ missed }) => {
    const each = missed.map((d) => `${d.label} (${d.stage}) was due by ${longDate(d.dueOn)}`);
    return `This is late: ${joinWords(each, 'and')}. Give a reason for the delay`;
  },
  'form-missing': ({ title }) => `The ${formName(title)} has not been submitted`,
  'form-draft': ({ title }) => `The ${formName(title)} has been started but not submitted`,
  'field-missing': (f) => `The ${formName(f.title)} does not record ${fieldName(f)}`,
  'field-mismatch': (f) =>
    `${capitalise(`${fieldName(f)} on the ${formName(f.title)}`)} is ${quoteValue(f.actual)}, not ${joinWords(f.expected.map(quoteValue), 'or')}`,
  'actor-role': ({ roles }) => `Only ${describeRoles(roles)} can do this`,
  'signed-off-needed': ({ by }) =>
    by.length > 0
      ? `${capitalise(describeRoles(by))} has not signed this off yet`
      : 'This has not been signed off yet',
  'guard-failed': ({ guard, names }) => {
    const clause = (g: typeof guard) => describeGuard(g, clauseNames(names));
    if (guard.type === 'not') {
      return `This cannot be done while ${clause(guard.params?.guard as typeof guard)}`;
    }
    const options = ((guard.params?.guards ?? []) as (typeof guard)[]).map(clause);
    return `One of these is needed: ${joinWords(options, guard.type === 'and' ? 'and' : 'or')}`;
  },
  'sign-off-pending': ({ by }) =>
    `Waiting for ${by.length > 0 ? describeRoles(by) : 'someone'} to sign it off.`,
};

function clauseNames(names: GuardNames) {
  return {
    event: names.event,
    formTitle: (id: string) => names.forms[id] ?? id,
    signOffBy: (event: string) => names.signOffBy[event] ?? [],
  };
}
