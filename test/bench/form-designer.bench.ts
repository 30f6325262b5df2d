/**
 * Form designer benchmark, on a 200-question form in four sections: the time of one designer edit
 * (edit-form's hide, relabel, move, list the questions again) and of lint on the result, beside a
 * baseline measured in the same run: a bare JSON copy of the definition, which every edit makes.
 * Lint is timed three ways: after an edit (a question reworded with new words each run, so the
 * compiled outcome of that question is never cached), cold (every question's words new, as for a
 * form lint has never seen), and the whole compile it did before compile-check.ts (inspectForm
 * building the validators, as loading a form for submissions still does).
 * Targets from issue 14: lint under 20 ms; an edit well inside the 50 ms the preview may take.
 * The preview itself is timed in Chromium: test/bench/designer-preview.bench.ts.
 *
 * npx tsx test/bench/form-designer.bench.ts
 */
import {
  allQuestions,
  hide,
  listQuestions,
  moveUp,
  relabel,
  setRequired,
} from '../../forms/edit-form.ts';
import { inspectForm, lintForm } from '../../forms/lint-form.ts';
import { designerForm } from './designer-form.ts';
import { median, printTable } from './table.ts';

const RUNS = 41;

const WARM_UP = 10;

/** The median of RUNS timed runs, after WARM_UP untimed ones (the JIT's first compiles). */
function time(work: (run: number) => void, prepare: (run: number) => void = () => {}): number {
  for (let i = 0; i < WARM_UP; i++) {
    prepare(RUNS + i);
    work(RUNS + i);
  }
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    prepare(i);
    const start = performance.now();
    work(i);
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const form = designerForm();
const questions = allQuestions(form);
if (questions.length !== 200) throw new Error(`expected 200 questions, got ${questions.length}`);
const middle = questions[120]!.scope;
const hidden = hide(form, middle);
let n = 0;
const rows: [string, number][] = [
  ['baseline: JSON copy of the definition', time(() => JSON.parse(JSON.stringify(form)))],
  ['list the questions by section', time(() => listQuestions(form))],
  ['hide a question', time(() => hide(form, middle))],
  ['reword a question', time(() => relabel(form, middle, `Reworded ${n++}`))],
  ['move a question up', time(() => moveUp(form, middle))],
  ['make a question optional', time(() => setRequired(form, questions[0]!.scope, false))],
  ['edit and list again (what the designer does)', time(() => listQuestions(hide(form, middle)))],
  ['lintForm on the edited form', time(() => lintForm(hidden))],
];
let edited = hidden;
let fresh = form;
rows.push(
  [
    'lintForm after a reword (new words each run)',
    time(
      () => lintForm(edited),
      (run) => {
        edited = relabel(hidden, middle, `Reworded for lint ${run}`);
      },
    ),
  ],
  [
    'lintForm cold (every question new to it)',
    time(
      () => lintForm(fresh),
      (run) => {
        fresh = designerForm(`Cold ${run}`);
      },
    ),
  ],
  [
    'before: one whole compile (inspectForm building validators)',
    time(() => inspectForm(JSON.parse(JSON.stringify(hidden)), { build: true })),
  ],
);
printTable(
  ['operation on a 200-question form', 'median ms', '× baseline'],
  rows.map(([what, ms]) => [what, ms.toFixed(2), (ms / rows[0]![1]).toFixed(1)]),
);
