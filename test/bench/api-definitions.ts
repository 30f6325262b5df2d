/** The form, workflow and answers bench:api uses: a 50-field form on a two-state workflow. */

const fieldNames = Array.from({ length: 50 }, (_, i) => `answer${i + 1}`);
export const benchForm = {
  id: 'bench-form',
  version: 1,
  title: 'Fifty questions',
  schema: {
    type: 'object',
    required: fieldNames.slice(0, 10),
    properties: Object.fromEntries(
      fieldNames.map((f, i) => [f, { type: 'string', title: `Question ${i + 1}`, maxLength: 500 }]),
    ),
  },
  uischema: {
    type: 'VerticalLayout',
    elements: fieldNames.map((f) => ({ type: 'Control', scope: `#/properties/${f}` })),
  },
};
export const benchWorkflow = {
  id: 'bench-flow',
  version: 1,
  title: 'Benchmark',
  machine: {
    initial: 'open',
    states: {
      open: {
        on: {
          note: { description: 'Record a note' },
          close: { target: 'closed', description: 'Close' },
        },
      },
      closed: { type: 'final' },
    },
  },
  stages: {
    open: {
      title: 'Open',
      forms: [{ id: 'bench-form', required: false }],
      roles: { note: ['practitioner'], close: ['practitioner'] },
    },
    closed: { title: 'Closed' },
  },
};
export const answers = Object.fromEntries(
  fieldNames.map((f) => [f, 'A short answer in the worker’s words.']),
);
