/**
 * Form designer benchmark, on a 200-question form in four sections: the time of one designer edit
 * (edit-form's hide, relabel, move, list the questions again) and of lint on the result, beside a
 * baseline measured in the same run: a bare JSON copy of the definition, which every edit makes.
 * Targets from issue 14: lint under 20 ms; an edit well inside the 50 ms the preview may take.
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
import { lintForm } from '../../forms/lint-form.ts';
import type { FormDefinition } from '../../schemas/generated/form-definition.ts';
import { median, printTable } from './table.ts';

const RUNS = 41;

/** 200 top-level questions in four Groups: text, long text, dates, choices and yes/no. */
function designerForm(): FormDefinition {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  const groups: { type: 'Group'; label: string; elements: unknown[] }[] = [];
  for (let s = 0; s < 4; s++) {
    const elements: unknown[] = [];
    for (let i = 0; i < 50; i++) {
      const key = `q${s}_${i}`;
      const kind = i % 5;
      properties[key] =
        kind === 0
          ? { type: 'string', title: `Question ${key}`, maxLength: 200 }
          : kind === 1
            ? { type: 'string', title: `Question ${key}`, maxLength: 10000 }
            : kind === 2
              ? { type: 'string', format: 'date', title: `Question ${key}` }
              : kind === 3
                ? {
                    type: 'string',
                    title: `Question ${key}`,
                    oneOf: [
                      { const: 'a', title: 'A' },
                      { const: 'b', title: 'B' },
                    ],
                  }
                : { type: 'boolean', title: `Question ${key}` };
      if (i % 3 === 0) required.push(key);
      elements.push({ type: 'Control', scope: `#/properties/${key}` });
    }
    groups.push({ type: 'Group', label: `Section ${s + 1}`, elements });
  }
  return {
    id: 'designer-bench',
    version: 1,
    title: 'Designer bench',
    schema: { type: 'object', properties, required },
    uischema: { type: 'VerticalLayout', elements: groups },
  } as unknown as FormDefinition;
}

function time(work: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    work();
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
printTable(
  ['operation on a 200-question form', 'median ms', '× baseline'],
  rows.map(([what, ms]) => [what, ms.toFixed(2), (ms / rows[0]![1]).toFixed(1)]),
);
