/**
 * Forms benchmark: validations per second of a 200-field submission through validateSubmission,
 * beside the same compiled ajv validator called directly in the same run.
 * Target: validateSubmission at least 50% of bare ajv on a valid submission.
 *
 * npm run bench:core     (or: npx tsx test/bench/forms.bench.ts)
 */
import { loadForm, validateSubmission } from '../../forms/index.ts';
import { median, opsPerSecond, printTable } from './table.ts';

const ROUNDS = 5;
const CALLS = 2_000;
/** Validations per call, so the helper's per-call await does not dominate microsecond work. */
const BATCH = 10;

/** A 200-field form: four sections of 30 short texts, 7 dates, 8 choices and 5 whole numbers. */
function benchDefinition() {
  const sections: Record<string, unknown> = {};
  const elements: unknown[] = [];
  for (let s = 0; s < 4; s++) {
    const properties: Record<string, unknown> = {};
    for (let i = 0; i < 30; i++)
      properties[`text${i}`] = { type: 'string', title: `Text ${i}`, maxLength: 200 };
    for (let i = 0; i < 7; i++)
      properties[`date${i}`] = { type: 'string', format: 'date', title: `Date ${i}` };
    for (let i = 0; i < 8; i++) {
      properties[`choice${i}`] = { title: `Choice ${i}`, enum: ['none', 'low', 'medium', 'high'] };
    }
    for (let i = 0; i < 5; i++) {
      properties[`count${i}`] = { type: 'integer', title: `Count ${i}`, minimum: 0, maximum: 100 };
    }
    sections[`section${s}`] = { type: 'object', required: Object.keys(properties), properties };
    elements.push({ type: 'Control', scope: `#/properties/section${s}` });
  }
  return {
    id: 'bench',
    version: 1,
    title: 'Bench',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: Object.keys(sections),
      properties: sections,
    },
    uischema: { type: 'VerticalLayout', elements },
  };
}

function benchSubmission() {
  const data: Record<string, Record<string, unknown>> = {};
  for (let s = 0; s < 4; s++) {
    const section: Record<string, unknown> = {};
    for (let i = 0; i < 30; i++) section[`text${i}`] = `An answer of modest length, number ${i}`;
    for (let i = 0; i < 7; i++) section[`date${i}`] = '2019-03-14';
    for (let i = 0; i < 8; i++) section[`choice${i}`] = 'medium';
    for (let i = 0; i < 5; i++) section[`count${i}`] = i * 10;
    data[`section${s}`] = section;
  }
  return data;
}

const form = loadForm(benchDefinition());
const fieldCount = form.fields.filter((f) => f.kind !== 'group').length;
const valid = benchSubmission();
const invalid = benchSubmission();
invalid.section0!.date0 = '14/03/2019';
invalid.section1!.choice0 = 'urgent';
delete invalid.section2!.text0;
const bare = form.validators.full;
const bareDraft = form.validators.draft;

let sink = 0;
const cases: [string, () => void][] = [
  [
    'bare ajv, valid',
    () => {
      sink += bare(valid) ? 1 : 0;
    },
  ],
  [
    'validateSubmission, valid',
    () => {
      sink += validateSubmission(form, valid).errors.length;
    },
  ],
  [
    'bare ajv draft, valid',
    () => {
      sink += bareDraft(valid) ? 1 : 0;
    },
  ],
  [
    'validateSubmission draft, valid',
    () => {
      sink += validateSubmission(form, valid, { draft: true }).errors.length;
    },
  ],
  [
    'bare ajv, 3 errors',
    () => {
      sink += bare(invalid) ? 0 : (bare.errors?.length ?? 0);
    },
  ],
  [
    'validateSubmission, 3 errors',
    () => {
      sink += validateSubmission(form, invalid).errors.length;
    },
  ],
];

const samples = new Map<string, number[]>(cases.map(([name]) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of cases) {
    const rate = await opsPerSecond(CALLS, () => {
      for (let b = 0; b < BATCH; b++) run();
    });
    samples.get(name)!.push(rate * BATCH);
  }
}

const rate = (name: string) => median(samples.get(name)!);
const baselineOf = (name: string) =>
  name.includes('draft')
    ? 'bare ajv draft, valid'
    : name.includes('errors')
      ? 'bare ajv, 3 errors'
      : 'bare ajv, valid';
console.log(
  `Forms: ${fieldCount}-field submission, median of ${ROUNDS} rounds of ${CALLS * BATCH} validations`,
);
printTable(
  ['case', 'validations/s', 'vs bare ajv'],
  cases.map(([name]) => [
    name,
    Math.round(rate(name)).toLocaleString('en-GB'),
    `${Math.round((100 * rate(name)) / rate(baselineOf(name)))}%`,
  ]),
);
const ratio = rate('validateSubmission, valid') / rate('bare ajv, valid');
console.log(
  `validateSubmission on a valid submission: ${Math.round(ratio * 100)}% of bare ajv (target 50%).`,
);
if (sink < 0) console.log(sink);
