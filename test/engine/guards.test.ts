import assert from 'node:assert/strict';
import type { CaseFacts, GuardReference, GuardScope } from '../../engine/index.ts';
import {
  checkGuard,
  describeGuard,
  describeReason,
  englishReasonWords,
} from '../../engine/index.ts';
import { manager, practitioner, submitted } from './fixtures.ts';

const titles = new Map([
  ['assessment', 'Assessment'],
  ['contact', 'Contact form'],
]);
const formTitle = (id: string) => titles.get(id) ?? id;

const signOffBy = (event: string) => (event === 'decide' ? ['manager'] : []);

function scope(facts: Partial<CaseFacts> = {}, event = 'decide'): GuardScope {
  return { facts: { actor: practitioner, ...facts }, event, formTitle, signOffBy };
}

/** Why a guard fails, in the English users read; empty when it passes. */
function failing(guard: GuardReference, s: GuardScope): string[] {
  return checkGuard(guard, s).map((r) => describeReason(r, englishReasonWords));
}

const assessmentSubmitted: GuardReference = {
  type: 'formsSubmitted',
  params: { forms: ['assessment'] },
};
const outcomeIn: GuardReference = {
  type: 'formFieldIn',
  params: { form: 'assessment', field: 'outcome', values: ['s47', 'cin'], label: 'outcome' },
};
const managerOnly: GuardReference = { type: 'actorHasRole', params: { roles: ['manager'] } };

describe('engine guards', () => {
  describe('formsSubmitted', () => {
    it('passes when every named form is submitted', () => {
      assert.deepEqual(
        failing(assessmentSubmitted, scope({ submissions: { assessment: submitted() } })),
        [],
      );
    });

    it('says by title which form has not been submitted', () => {
      assert.deepEqual(failing(assessmentSubmitted, scope()), [
        'The Assessment form has not been submitted',
      ]);
    });

    it('does not count a draft, and says it is only started', () => {
      const draft = { status: 'draft' as const, data: {} };
      assert.deepEqual(
        failing(assessmentSubmitted, scope({ submissions: { assessment: draft } })),
        ['The Assessment form has been started but not submitted'],
      );
    });

    it('does not add "form" to a title that already ends in it', () => {
      const guard = { type: 'formsSubmitted', params: { forms: ['contact', 'assessment'] } };
      assert.deepEqual(failing(guard, scope()), [
        'The Contact form has not been submitted',
        'The Assessment form has not been submitted',
      ]);
    });

    it('is not fooled by a form id that names an Object.prototype property', () => {
      const guard = { type: 'formsSubmitted', params: { forms: ['constructor'] } };
      assert.deepEqual(failing(guard, scope({ submissions: {} })), [
        'The constructor form has not been submitted',
      ]);
    });
  });

  describe('formFieldEquals and formFieldIn', () => {
    const decided = (outcome: unknown) =>
      scope({ submissions: { assessment: submitted({ outcome, nested: { flag: true } }) } });

    it('passes when the recorded value is one of the values', () => {
      assert.deepEqual(failing(outcomeIn, decided('cin')), []);
    });

    it('says what was recorded and what is needed when the value is another', () => {
      assert.deepEqual(failing(outcomeIn, decided('nfa')), [
        'The outcome on the Assessment form is "nfa", not "s47" or "cin"',
      ]);
    });

    it('says the form has not been submitted before comparing anything', () => {
      assert.deepEqual(failing(outcomeIn, scope()), ['The Assessment form has not been submitted']);
    });

    it('says when the submitted form does not record the field', () => {
      assert.deepEqual(failing(outcomeIn, decided(undefined)), [
        'The Assessment form does not record the outcome',
      ]);
    });

    it('compares booleans and reads a dotted field path', () => {
      const guard = {
        type: 'formFieldEquals',
        params: { form: 'assessment', field: 'nested.flag', value: true },
      };
      assert.deepEqual(failing(guard, decided('x')), []);
      const wrong = { ...guard, params: { ...guard.params, value: false } };
      assert.deepEqual(failing(wrong, decided('x')), [
        'The answer to "nested.flag" on the Assessment form is true, not false',
      ]);
    });
  });

  describe('actorHasRole', () => {
    it('passes for an actor holding any one of the roles', () => {
      assert.deepEqual(failing(managerOnly, scope({ actor: manager })), []);
    });

    it('names the roles that may do it', () => {
      const guard = { type: 'actorHasRole', params: { roles: ['manager', 'practice_lead'] } };
      assert.deepEqual(failing(guard, scope()), ['Only a manager or a practice lead can do this']);
    });
  });

  describe('signOffGiven', () => {
    it('checks the sign-off of the event being decided by default', () => {
      const guard = { type: 'signOffGiven', params: {} };
      assert.deepEqual(failing(guard, scope({ signOffs: { decide: { by: 'tm-1' } } })), []);
      assert.deepEqual(failing(guard, scope({ signOffs: { other: { by: 'tm-1' } } })), [
        'A manager has not signed this off yet',
      ]);
    });

    it('checks a named event when one is given', () => {
      const guard = { type: 'signOffGiven', params: { event: 'close' } };
      assert.deepEqual(failing(guard, scope({ signOffs: { close: { by: 'tm-1' } } })), []);
    });
  });

  describe('combinators', () => {
    it('and lists every failing part', () => {
      const guard = { type: 'and', params: { guards: [assessmentSubmitted, managerOnly] } };
      assert.deepEqual(failing(guard, scope()), [
        'The Assessment form has not been submitted',
        'Only a manager can do this',
      ]);
    });

    it('or passes when one part passes, and otherwise says what would do', () => {
      const guard = { type: 'or', params: { guards: [assessmentSubmitted, managerOnly] } };
      assert.deepEqual(failing(guard, scope({ actor: manager })), []);
      assert.deepEqual(failing(guard, scope()), [
        'One of these is needed: the Assessment form has been submitted or you are a manager',
      ]);
    });

    it('not fails when its guard passes, saying what is in the way', () => {
      const guard = { type: 'not', params: { guard: outcomeIn } };
      assert.deepEqual(failing(guard, scope()), []);
      const s = scope({ submissions: { assessment: submitted({ outcome: 's47' }) } });
      assert.deepEqual(failing(guard, s), [
        'This cannot be done while the outcome on the Assessment form is "s47" or "cin"',
      ]);
    });
  });

  it('describes a guard as a clause a person can read', () => {
    const guard = { type: 'and', params: { guards: [assessmentSubmitted, managerOnly] } };
    assert.equal(
      describeGuard(guard, formTitle),
      'the Assessment form has been submitted and you are a manager',
    );
  });
});
