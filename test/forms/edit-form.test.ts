import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formBurden } from '../../forms/burden.ts';
import { describeChanges } from '../../forms/describe-changes.ts';
import {
  addChoice,
  addQuestion,
  addSection,
  allQuestions,
  changeAnswerType,
  EditRefused,
  estimatedMinutes,
  findingsByQuestion,
  hide,
  keyFromLabel,
  listQuestions,
  moveChoice,
  moveDown,
  moveSection,
  moveUp,
  questionSchema,
  relabel,
  remove,
  removeChoice,
  removeSection,
  renameChoice,
  renameSection,
  replaceQuestionSchema,
  setHint,
  setPrefill,
  setRequired,
  setShowOnlyIf,
  unhide,
} from '../../forms/edit-form.ts';
import { parseJsonAt } from '../../forms/json-position.ts';
import { lintForm } from '../../forms/lint-form.ts';
import { loadForm } from '../../forms/load-form.ts';
import type { ConditionTest, ShowOnlyIf } from '../../forms/show-condition.ts';
import { validateSubmission } from '../../forms/validate-submission.ts';
import type { FormDefinition } from '../../schemas/generated/form-definition.ts';

const formsDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../schemas/packs/child-protection/forms',
);

function packForm(id: string): FormDefinition {
  return JSON.parse(readFileSync(path.join(formsDir, `${id}.json`), 'utf8'));
}

const packIds = readdirSync(formsDir).map((f) => f.replace(/\.json$/, ''));

/** Asserts that lint finds no error in the definition, and returns it. */
function clean(definition: FormDefinition): FormDefinition {
  const errors = lintForm(definition).filter((f) => f.severity === 'error');
  assert.deepEqual(errors, []);
  return definition;
}

const q = (definition: FormDefinition, key: string) => {
  const found = allQuestions(definition).find((x) => x.key === key);
  assert.ok(found, `no question ${key}`);
  return found;
};

/** A "show only if" of one condition. */
const only = (question: string, test: ConditionTest, value: unknown): ShowOnlyIf => ({
  join: 'all',
  conditions: [{ question, test, values: [value] }],
});

const labels = (definition: FormDefinition, section: number) =>
  listQuestions(definition)[section]!.questions.map((x) => x.key);

describe('edit-form: the designer’s edits of a form definition', () => {
  it('lists the contact form’s questions by section, in layout order, in plain words', () => {
    const sections = listQuestions(packForm('contact'));
    assert.deepEqual(
      sections.map((s) => [
        s.label,
        s.questions.map(
          (x) => `${x.number} ${x.key} ${x.answerType}${x.required ? ' required' : ''}`,
        ),
      ]),
      [
        [
          'The child',
          ['1 fullName short-text required', '2 dateOfBirth date required', '3 needs short-text'],
        ],
        ['The family', ['4 address short-text required', '5 household repeating-group']],
        [
          'The contact',
          [
            '6 referrer short-text required',
            '7 contactDate date required',
            '8 reportedConcerns long-text required',
            '9 parentsAware yes-no',
          ],
        ],
        [
          'Decision',
          ['10 referralDecision one-of required', '11 referralReasons long-text required'],
        ],
      ],
    );
    const decision = sections[3]!.questions[0]!;
    assert.equal(decision.label, 'Decision on the contact');
    assert.equal(decision.hint, 'Due within one working day of the contact.');
    assert.equal(decision.choices.length, 4);
    assert.deepEqual(decision.choices[0], {
      value: 'assessment',
      label: "Accept as a referral and assess the child's needs",
    });
  });

  it('puts top-level questions outside any group in an untitled section of their own', () => {
    const sections = listQuestions(packForm('closure'));
    assert.ok(sections.length >= 2);
    assert.equal(sections[1]!.label, undefined);
    assert.ok(sections[1]!.questions.length > 0);
  });

  it('estimates every pack form’s minutes as formBurden does', () => {
    for (const id of packIds) {
      const definition = packForm(id);
      assert.equal(
        estimatedMinutes(definition),
        formBurden(loadForm(definition)).estimatedMinutes,
        id,
      );
    }
  });

  it('moves a question up and down within its section, across a row layout, and no further', () => {
    const contact = packForm('contact');
    const moved = clean(moveUp(contact, '#/properties/child/properties/needs'));
    assert.deepEqual(labels(moved, 0), ['fullName', 'needs', 'dateOfBirth']);
    assert.deepEqual(
      labels(contact, 0),
      ['fullName', 'dateOfBirth', 'needs'],
      'the original is unchanged',
    );
    const back = clean(moveDown(moved, '#/properties/child/properties/needs'));
    assert.deepEqual(back, contact);
    assert.throws(() => moveUp(contact, '#/properties/child/properties/fullName'), EditRefused);
    assert.throws(() => moveDown(contact, '#/properties/child/properties/needs'), EditRefused);
  });

  it('hides a question: kept in the schema, shown nowhere, optional; unhiding puts it back', () => {
    const contact = packForm('contact');
    const hidden = clean(hide(contact, '#/properties/referrer'));
    const question = q(hidden, 'referrer');
    assert.equal(question.hidden, true);
    assert.equal(question.required, false);
    assert.ok(
      (hidden.schema.properties as Record<string, unknown>).referrer,
      'the property is kept',
    );
    const { errors } = validateSubmission(loadForm(hidden), submissionWithout('referrer'));
    assert.deepEqual(errors, [], 'a submission without the hidden question is accepted');
    const shown = clean(unhide(hidden, '#/properties/referrer'));
    assert.equal(q(shown, 'referrer').hidden, false);
    assert.equal(q(shown, 'referrer').number, q(contact, 'referrer').number);
    assert.throws(() => setRequired(hidden, '#/properties/referrer', true), EditRefused);
  });

  it('keeps a hidden question’s "show only if" and gives it back when shown', () => {
    const contact = packForm('contact');
    const condition = only('#/properties/parentsAware', 'is-not', true);
    const conditional = setShowOnlyIf(contact, '#/properties/referrer', condition);
    const hidden = clean(hide(conditional, '#/properties/referrer'));
    assert.deepEqual(q(hidden, 'referrer').showOnlyIf, condition);
    const shown = clean(unhide(hidden, '#/properties/referrer'));
    assert.deepEqual(shown.uischema, conditional.uischema);
    assert.equal(q(shown, 'referrer').required, false, 'hiding made it optional, and it stays so');
  });

  it('makes a required question optional and an optional one required', () => {
    const contact = packForm('contact');
    const optional = clean(
      setRequired(contact, '#/properties/child/properties/dateOfBirth', false),
    );
    assert.equal(q(optional, 'dateOfBirth').required, false);
    const child = optional.schema.properties?.child as { required?: string[] } | undefined;
    assert.deepEqual(child?.required, ['fullName']);
    const required = clean(setRequired(contact, '#/properties/parentsAware', true));
    assert.equal(q(required, 'parentsAware').required, true);
  });

  it('rewords a question and its hint without changing its key', () => {
    const contact = packForm('contact');
    const reworded = clean(relabel(contact, '#/properties/referrer', 'Who told us'));
    const question = q(reworded, 'referrer');
    assert.equal(question.label, 'Who told us');
    assert.equal(question.scope, '#/properties/referrer');
    const hinted = clean(setHint(reworded, '#/properties/referrer', 'Name and agency'));
    assert.equal(q(hinted, 'referrer').hint, 'Name and agency');
    assert.throws(() => relabel(contact, '#/properties/referrer', '  '), EditRefused);
  });

  it('removes a question with its schema property, its required entry and its prefill', () => {
    const assessment = packForm('assessment');
    const prefilled = Object.keys(assessment.prefill ?? {})[0]!;
    const scope = `#/properties/${prefilled.split('/').join('/properties/')}`;
    const removed = clean(remove(assessment, scope));
    assert.equal(
      allQuestions(removed).some((x) => x.scope === scope),
      false,
    );
    assert.equal(removed.prefill?.[prefilled], undefined);
    const contact = clean(remove(packForm('contact'), '#/properties/referrer'));
    assert.equal((contact.schema.properties as Record<string, unknown>).referrer, undefined);
    assert.equal(contact.schema.required?.includes('referrer'), false);
  });

  it('refuses to remove a question another question is shown depending on', () => {
    const condition = only('#/properties/parentsAware', 'is', true);
    const conditional = setShowOnlyIf(packForm('contact'), '#/properties/referrer', condition);
    assert.throws(() => remove(conditional, '#/properties/parentsAware'), /shown only depending/);
  });

  it('adds a question with a key made once from its first label', () => {
    const contact = packForm('contact');
    const added = clean(addQuestion(contact, 2, 'Was the child seen today?', 'yes-no'));
    const last = listQuestions(added)[2]!.questions.at(-1)!;
    assert.equal(last.key, 'wasTheChildSeenToday');
    assert.equal(last.answerType, 'yes-no');
    assert.equal(last.required, false);
    const reworded = clean(relabel(added, last.scope, 'Did we see the child?'));
    assert.equal(q(reworded, 'wasTheChildSeenToday').label, 'Did we see the child?');
    const again = clean(addQuestion(added, 2, 'Was the child seen today', 'short-text'));
    assert.equal(listQuestions(again)[2]!.questions.at(-1)!.key, 'wasTheChildSeenToday2');
  });

  it('adds every answer type, each passing lint, to an untitled section too', () => {
    let closure = packForm('closure');
    const untitled = listQuestions(closure).findIndex((s) => s.label === undefined);
    const types = [
      'short-text',
      'long-text',
      'date',
      'number',
      'yes-no',
      'one-of',
      'several-of',
    ] as const;
    for (const type of types) {
      closure = clean(addQuestion(closure, untitled, `New ${type}`, type, ['First', 'Second']));
    }
    const added = listQuestions(closure)[untitled]!.questions.slice(-types.length);
    assert.deepEqual(
      added.map((x) => x.answerType),
      [...types],
    );
    assert.deepEqual(added.at(-1)!.choices, [
      { value: 'first', label: 'First' },
      { value: 'second', label: 'Second' },
    ]);
    assert.throws(() => addQuestion(closure, 0, 'Pick', 'one-of'), EditRefused);
  });

  it('adds and rewords a choice, the stored value never following the label', () => {
    const contact = packForm('contact');
    const scope = '#/properties/referralDecision';
    const added = clean(addChoice(contact, scope, 'Early help'));
    assert.deepEqual(q(added, 'referralDecision').choices.at(-1), {
      value: 'early-help',
      label: 'Early help',
    });
    const renamed = clean(renameChoice(added, scope, 'early-help', 'Early help offer'));
    assert.deepEqual(q(renamed, 'referralDecision').choices.at(-1), {
      value: 'early-help',
      label: 'Early help offer',
    });
    assert.throws(() => addChoice(contact, '#/properties/parentsAware', 'Maybe'), EditRefused);
    assert.throws(() => addChoice(added, scope, 'Early help'), /already/);
  });

  it('compiles "show only if" to a JSON Forms SHOW rule and reads it back', () => {
    const contact = packForm('contact');
    const condition = only('#/properties/parentsAware', 'is', false);
    const conditional = clean(setShowOnlyIf(contact, '#/properties/referralReasons', condition));
    const control = JSON.stringify(conditional.uischema);
    assert.ok(
      control.includes(
        '{"effect":"SHOW","condition":{"scope":"#/properties/parentsAware","schema":{"const":false}}}',
      ),
    );
    assert.deepEqual(q(conditional, 'referralReasons').showOnlyIf, condition);
    const cleared = setShowOnlyIf(conditional, '#/properties/referralReasons', undefined);
    assert.deepEqual(cleared, contact);
    assert.throws(
      () => setShowOnlyIf(contact, '#/properties/parentsAware', { ...condition }),
      EditRefused,
    );
  });

  it('changes a question’s answer type, keeping its key, words, hint and required', () => {
    const contact = packForm('contact');
    const scope = '#/properties/parentsAware';
    const text = clean(changeAnswerType(contact, scope, 'long-text'));
    const question = q(text, 'parentsAware');
    assert.equal(question.answerType, 'long-text');
    assert.equal(question.label, q(contact, 'parentsAware').label);
    assert.equal(question.hint, q(contact, 'parentsAware').hint);
    const list = clean(changeAnswerType(text, scope, 'one-of', ['Yes', 'No', 'Not known']));
    assert.deepEqual(
      q(list, 'parentsAware').choices.map((c) => c.value),
      ['yes', 'no', 'not-known'],
    );
    const several = clean(changeAnswerType(list, scope, 'several-of'));
    assert.deepEqual(q(several, 'parentsAware').choices, q(list, 'parentsAware').choices);
    assert.throws(() => changeAnswerType(contact, scope, 'one-of'), EditRefused);
    const required = clean(changeAnswerType(contact, '#/properties/referrer', 'long-text'));
    assert.equal(q(required, 'referrer').required, true);
  });

  it('adds, renames, moves and removes sections, untitled runs moving as one block', () => {
    const closure = packForm('closure');
    const before = listQuestions(closure).map((x) => x.label);
    const added = clean(addSection(closure, 'Follow-up'));
    const sections = listQuestions(added);
    assert.equal(sections.at(-1)!.label, 'Follow-up');
    const withQuestion = clean(
      addQuestion(added, sections.length - 1, 'Who follows up?', 'short-text'),
    );
    const renamed = clean(renameSection(withQuestion, sections.length - 1, 'After closure'));
    assert.equal(listQuestions(renamed).at(-1)!.label, 'After closure');
    // The untitled run (section 2) moves up past the first section as one block.
    const moved = clean(moveSection(closure, 1, -1));
    assert.deepEqual(
      listQuestions(moved).map((x) => x.label),
      [before[1], before[0], ...before.slice(2)],
    );
    assert.deepEqual(
      listQuestions(moved)[0]!.questions.map((x) => x.key),
      listQuestions(closure)[1]!.questions.map((x) => x.key),
    );
    assert.deepEqual(clean(moveSection(moved, 0, 1)), closure);
    assert.throws(() => moveSection(closure, 0, -1), EditRefused);
    assert.throws(() => renameSection(closure, 1, 'x'), EditRefused);
    assert.throws(() => removeSection(withQuestion, sections.length - 1), /Move, hide or remove/);
    assert.deepEqual(removeSection(added, sections.length - 1), closure);
  });

  it('removes and reorders choices, refusing to remove the last', () => {
    const contact = packForm('contact');
    const scope = '#/properties/referralDecision';
    const values = (d: FormDefinition) => q(d, 'referralDecision').choices.map((c) => c.value);
    const moved = clean(moveChoice(contact, scope, 'transfer-in', -1));
    assert.deepEqual(values(moved), [
      'assessment',
      'transfer-in',
      'strategy-discussion',
      'no-further-action',
    ]);
    const removed = clean(removeChoice(moved, scope, 'transfer-in'));
    assert.deepEqual(values(removed), ['assessment', 'strategy-discussion', 'no-further-action']);
    assert.throws(() => moveChoice(contact, scope, 'assessment', -1), EditRefused);
    let one = contact;
    for (const v of ['assessment', 'strategy-discussion', 'transfer-in'])
      one = removeChoice(one, scope, v);
    assert.throws(() => removeChoice(one, scope, 'no-further-action'), /at least one/);
  });

  it('copies a question’s first answer from an earlier form, and stops copying it', () => {
    const assessment = packForm('assessment');
    const scope = allQuestions(assessment).find((x) => !x.prefilled && x.seconds > 0)!.scope;
    const source = { form: 'contact', field: 'referrer' };
    const copied = clean(setPrefill(assessment, scope, source));
    const question = allQuestions(copied).find((x) => x.scope === scope)!;
    assert.deepEqual(question.prefillFrom, source);
    assert.equal(question.seconds, 3, 'a copied answer costs a glance');
    assert.equal(estimatedMinutes(copied), formBurden(loadForm(copied)).estimatedMinutes);
    assert.deepEqual(describeChanges(assessment, copied), [
      `1 question now copied from an earlier form: “${question.label}”.`,
    ]);
    assert.deepEqual(setPrefill(copied, scope, undefined), assessment);
    assert.throws(
      () => setPrefill(assessment, scope, { form: 'assessment', field: 'x' }),
      EditRefused,
    );
    const contact = packForm('contact');
    const first = clean(
      setPrefill(contact, '#/properties/referrer', { form: 'assessment', field: 'child/fullName' }),
    );
    assert.ok(first.prefill);
    assert.deepEqual(setPrefill(first, '#/properties/referrer', undefined), contact);
  });

  it('describes the changes between two versions in words', () => {
    const before = packForm('contact');
    let after = hide(before, '#/properties/parentsAware');
    after = setRequired(after, '#/properties/referrer', false);
    after = relabel(after, '#/properties/contactDate', 'When did they contact us?');
    after = addChoice(after, '#/properties/referralDecision', 'Early help');
    assert.deepEqual(describeChanges(before, after), [
      '1 question hidden: “Do the parents know about this contact?”.',
      '1 question made optional: “Who contacted us, and from which agency”.',
      '1 question reworded: “When did they contact us?”.',
      '1 choice added: “Early help” to “Decision on the contact”.',
    ]);
    assert.deepEqual(describeChanges(before, before), []);
    const retyped = changeAnswerType(before, '#/properties/parentsAware', 'short-text');
    assert.deepEqual(describeChanges(before, retyped), [
      '1 question given another answer type: “Do the parents know about this contact?”.',
    ]);
  });

  it('never changes the definition it is given, on every pack form', () => {
    for (const id of packIds) {
      const definition = packForm(id);
      const copy = structuredClone(definition);
      for (const question of allQuestions(definition)) {
        clean(hide(definition, question.scope));
        if (question.answerType !== 'group') clean(relabel(definition, question.scope, 'Reworded'));
      }
      assert.deepEqual(definition, copy, id);
    }
  });

  it('places each lint finding on its question, by schema path or layout path', () => {
    const contact = packForm('contact');
    const referrer = q(contact, 'referrer');
    const found = findingsByQuestion(contact, [
      { path: '/schema/properties/referrer/maxLength' },
      { path: `${referrer.layoutPath}/options` },
      { path: '/schema/properties/child/properties/needs' },
      { path: '/title' },
    ]);
    assert.deepEqual(found.get('#/properties/referrer')?.length, 2);
    assert.deepEqual(found.get('#/properties/child/properties/needs')?.length, 1);
    assert.deepEqual(found.get('')?.length, 1);
    assert.equal(referrer.layoutPath, '/uischema/elements/2/elements/0/elements/0');
  });

  it('edits a definition seen through a proxy (as a Vue reactive one is)', () => {
    const contact = packForm('contact');
    const hidden = hide(new Proxy(contact, {}), '#/properties/referrer');
    assert.equal(q(hidden, 'referrer').hidden, true);
  });

  it('replaces a question’s JSON Schema (Advanced), keeping its key, and finds where JSON breaks', () => {
    const contact = packForm('contact');
    const schema = questionSchema(contact, '#/properties/referrer');
    assert.equal(schema.title, 'Who contacted us, and from which agency');
    const replaced = clean(
      replaceQuestionSchema(contact, '#/properties/referrer', { ...schema, maxLength: 120 }),
    );
    assert.equal(questionSchema(replaced, '#/properties/referrer').maxLength, 120);
    assert.throws(() => replaceQuestionSchema(contact, '#/properties/referrer', [1]), EditRefused);
    const broken = parseJsonAt('{\n  "type": "string",\n  "title": oops\n}');
    assert.ok('line' in broken);
    assert.deepEqual([broken.line, broken.column], [3, 12]);
    assert.deepEqual(parseJsonAt('{"a": 1}'), { value: { a: 1 } });
    const at = (text: string) => {
      const read = parseJsonAt(text);
      return 'line' in read ? [read.line, read.column] : undefined;
    };
    assert.deepEqual(at('{"a": 1,}'), [1, 9]);
    assert.deepEqual(at('[1, 2\n'), [2, 1]);
    assert.deepEqual(at('{"a": "b"} x'), [1, 12]);
    assert.deepEqual(at('{"a": tru}'), [1, 10]);
  });

  it('makes keys that a schema may use as property names', () => {
    assert.equal(keyFromLabel('2nd visit: who was there?', []), 'question2ndVisitWhoWasThere');
    assert.equal(keyFromLabel('!!!', []), 'question');
    assert.match(keyFromLabel('Café owner’s name', []), /^[a-zA-Z][a-zA-Z0-9_]*$/);
  });
});

function submissionWithout(key: string): Record<string, unknown> {
  const answers: Record<string, unknown> = {
    child: { fullName: 'Sam Smith', dateOfBirth: '2015-03-02' },
    address: '1 High Street',
    referrer: 'School nurse',
    contactDate: '2026-01-05',
    reportedConcerns: 'Bruising seen at school.',
    referralDecision: 'assessment',
    referralReasons: 'Needs an assessment.',
  };
  delete answers[key];
  return answers;
}
