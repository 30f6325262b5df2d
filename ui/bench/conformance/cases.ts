/**
 * Conformance cases: the same {schema, uischema, data} drawn by JSON Forms' vanilla renderers and
 * by Lowform's, then compared (test/ui/conformance.test.ts). Written for Lowform after reading
 * JSON Forms' own examples (@jsonforms/examples); none is copied from them.
 *
 * Every control a case observes has a label of its own in that case, so that a control is found
 * the way a user finds it, whatever markup a renderer set draws. `expect` checks the reference
 * (vanilla) at a step, so that each case is known to exercise what its name says; the comparison
 * then holds Lowform to the same outcome.
 */

/** One user action, addressed by the visible label of the control (or tab, or list). */
export type ConformanceEdit =
  | { fill: string; value: string }
  | { choose: string; option: string }
  | { check: string; value: boolean }
  | { add: string }
  | { remove: string; item: number }
  | { tab: string };

/** What the reference renderer must show after step `step` (0: before any edit). */
export interface ConformanceExpectation {
  step: number;
  visible?: string[];
  hidden?: string[];
  enabled?: string[];
  disabled?: string[];
  data?: unknown;
}

/** One case. */
export interface ConformanceCase {
  name: string;
  schema: Record<string, unknown>;
  uischema: Record<string, unknown>;
  data?: Record<string, unknown>;
  /** The whole form read-only (JSON Forms' `readonly`). */
  readonly?: boolean;
  /** Translations by i18n key, for JSON Forms' `translate`. */
  translations?: Record<string, string>;
  /** Labels of the controls to observe (each may match several times, e.g. in list items). */
  controls: string[];
  /** Other texts to observe: group and category labels, Label elements. */
  texts?: string[];
  edits: ConformanceEdit[];
  expect?: ConformanceExpectation[];
}

const control = (scope: string, extra: Record<string, unknown> = {}) => ({
  type: 'Control',
  scope,
  ...extra,
});
const vertical = (...elements: unknown[]) => ({ type: 'VerticalLayout', elements });
const isTrue = (scope: string) => ({ scope, schema: { const: true } });

const person = {
  type: 'object',
  properties: {
    fullName: { type: 'string', title: 'Full name' },
    age: { type: 'integer', title: 'Age in years' },
    consented: { type: 'boolean', title: 'Consent given' },
  },
};

/** The cases, each mounted on both renderer sets. */
export const conformanceCases: ConformanceCase[] = [
  // Layouts
  {
    name: 'VerticalLayout with text, integer and yes/no',
    schema: person,
    uischema: vertical(
      control('#/properties/fullName'),
      control('#/properties/age'),
      control('#/properties/consented'),
    ),
    controls: ['Full name', 'Age in years', 'Consent given'],
    edits: [
      { fill: 'Full name', value: 'Ada Lovelace' },
      { fill: 'Age in years', value: '36' },
      { check: 'Consent given', value: true },
    ],
    expect: [{ step: 3, data: { fullName: 'Ada Lovelace', age: 36, consented: true } }],
  },
  {
    name: 'HorizontalLayout side by side',
    schema: person,
    uischema: {
      type: 'HorizontalLayout',
      elements: [control('#/properties/fullName'), control('#/properties/age')],
    },
    controls: ['Full name', 'Age in years', 'Consent given'],
    edits: [
      { fill: 'Age in years', value: '7' },
      { fill: 'Full name', value: 'Sam' },
    ],
    expect: [{ step: 0, visible: ['Full name', 'Age in years'], hidden: ['Consent given'] }],
  },
  {
    name: 'Group with a label',
    schema: {
      type: 'object',
      properties: {
        street: { type: 'string', title: 'Street' },
        town: { type: 'string', title: 'Town' },
      },
    },
    uischema: {
      type: 'Group',
      label: 'Home address',
      elements: [control('#/properties/street'), control('#/properties/town')],
    },
    controls: ['Street', 'Town'],
    texts: ['Home address'],
    edits: [{ fill: 'Town', value: 'Leeds' }],
    expect: [{ step: 0, visible: ['Home address', 'Street', 'Town'] }],
  },
  {
    name: 'Group without a label',
    schema: {
      type: 'object',
      properties: { school: { type: 'string', title: 'School attended' } },
    },
    uischema: vertical({ type: 'Group', elements: [control('#/properties/school')] }),
    controls: ['School attended'],
    edits: [{ fill: 'School attended', value: 'Hill Top Primary' }],
  },
  {
    name: 'Layouts nested four deep',
    schema: {
      type: 'object',
      properties: {
        first: { type: 'string', title: 'First contact' },
        second: { type: 'string', title: 'Second contact' },
        notes: { type: 'string', title: 'Contact notes' },
      },
    },
    uischema: vertical({
      type: 'HorizontalLayout',
      elements: [
        { type: 'Group', label: 'Contacts', elements: [vertical(control('#/properties/first'))] },
        vertical(control('#/properties/second'), control('#/properties/notes')),
      ],
    }),
    controls: ['First contact', 'Second contact', 'Contact notes'],
    texts: ['Contacts'],
    edits: [
      { fill: 'Second contact', value: 'Aunt' },
      { fill: 'First contact', value: 'Mother' },
    ],
  },
  {
    name: 'Label element',
    schema: { type: 'object', properties: { reason: { type: 'string', title: 'Reason' } } },
    uischema: vertical(
      { type: 'Label', text: 'Answer in your own words.' },
      control('#/properties/reason'),
    ),
    controls: ['Reason'],
    texts: ['Answer in your own words.'],
    edits: [{ fill: 'Reason', value: 'Moved area' }],
    expect: [{ step: 0, visible: ['Answer in your own words.'] }],
  },
  {
    name: 'Label element hidden by a rule',
    schema: {
      type: 'object',
      properties: { urgent: { type: 'boolean', title: 'Urgent referral' } },
    },
    uischema: vertical(control('#/properties/urgent'), {
      type: 'Label',
      text: 'Phone the duty desk now.',
      rule: { effect: 'SHOW', condition: isTrue('#/properties/urgent') },
    }),
    controls: ['Urgent referral'],
    texts: ['Phone the duty desk now.'],
    edits: [{ check: 'Urgent referral', value: true }],
    expect: [
      { step: 0, hidden: ['Phone the duty desk now.'] },
      { step: 1, visible: ['Phone the duty desk now.'] },
    ],
  },
  {
    name: 'Categorization: a tab shows its own fields',
    schema: {
      type: 'object',
      properties: {
        child: { type: 'string', title: 'Child name' },
        carer: { type: 'string', title: 'Carer name' },
      },
    },
    uischema: {
      type: 'Categorization',
      elements: [
        { type: 'Category', label: 'About the child', elements: [control('#/properties/child')] },
        { type: 'Category', label: 'About the carer', elements: [control('#/properties/carer')] },
      ],
    },
    controls: ['Child name', 'Carer name'],
    texts: ['About the child', 'About the carer'],
    edits: [
      { fill: 'Child name', value: 'Mia' },
      { tab: 'About the carer' },
      { fill: 'Carer name', value: 'Joe' },
    ],
    expect: [
      { step: 0, visible: ['Child name'], hidden: ['Carer name'] },
      { step: 2, visible: ['Carer name'], hidden: ['Child name'] },
    ],
  },
  {
    name: 'Categorization nested in a category',
    schema: {
      type: 'object',
      properties: {
        health: {
          type: 'object',
          properties: {
            gp: { type: 'string', title: 'GP surgery' },
            dentist: { type: 'string', title: 'Dentist' },
          },
        },
        school: { type: 'string', title: 'School' },
      },
    },
    uischema: {
      type: 'Categorization',
      elements: [
        {
          type: 'Category',
          label: 'Health',
          elements: [
            {
              type: 'Categorization',
              elements: [
                {
                  type: 'Category',
                  label: 'Doctor',
                  elements: [control('#/properties/health/properties/gp')],
                },
                {
                  type: 'Category',
                  label: 'Teeth',
                  elements: [control('#/properties/health/properties/dentist')],
                },
              ],
            },
          ],
        },
        { type: 'Category', label: 'Education', elements: [control('#/properties/school')] },
      ],
    },
    controls: ['GP surgery', 'Dentist', 'School'],
    texts: ['Health', 'Doctor', 'Teeth', 'Education'],
    edits: [
      { fill: 'GP surgery', value: 'Park Lane' },
      { tab: 'Teeth' },
      { fill: 'Dentist', value: 'Smile Co' },
      { tab: 'Education' },
      { fill: 'School', value: 'Oak Academy' },
    ],
    expect: [
      { step: 0, visible: ['GP surgery', 'Doctor', 'Teeth'], hidden: ['Dentist', 'School'] },
      { step: 2, visible: ['Dentist'], hidden: ['GP surgery'] },
      { step: 4, visible: ['School'], hidden: ['Dentist', 'Teeth'] },
    ],
  },
  {
    name: 'Category shown by a rule',
    schema: {
      type: 'object',
      properties: {
        hasSiblings: { type: 'boolean', title: 'Has brothers or sisters' },
        siblingNames: { type: 'string', title: 'Their names' },
      },
    },
    uischema: {
      type: 'Categorization',
      elements: [
        {
          type: 'Category',
          label: 'Family',
          elements: [control('#/properties/hasSiblings')],
        },
        {
          type: 'Category',
          label: 'Siblings',
          rule: { effect: 'SHOW', condition: isTrue('#/properties/hasSiblings') },
          elements: [control('#/properties/siblingNames')],
        },
      ],
    },
    controls: ['Has brothers or sisters', 'Their names'],
    texts: ['Family', 'Siblings'],
    edits: [
      { check: 'Has brothers or sisters', value: true },
      { tab: 'Siblings' },
      { fill: 'Their names', value: 'Tom, Ella' },
    ],
    expect: [
      { step: 0, hidden: ['Siblings'] },
      { step: 1, visible: ['Siblings'] },
      { step: 2, visible: ['Their names'] },
    ],
  },
  {
    name: 'Group hidden by a rule hides its fields',
    schema: {
      type: 'object',
      properties: {
        living: { type: 'string', title: 'Lives with', enum: ['Parents', 'Foster carer'] },
        agency: { type: 'string', title: 'Fostering agency' },
        since: { type: 'string', title: 'Placed since' },
      },
    },
    uischema: vertical(control('#/properties/living'), {
      type: 'Group',
      label: 'Placement',
      rule: {
        effect: 'HIDE',
        condition: { scope: '#/properties/living', schema: { not: { const: 'Foster carer' } } },
      },
      elements: [control('#/properties/agency'), control('#/properties/since')],
    }),
    controls: ['Lives with', 'Fostering agency', 'Placed since'],
    texts: ['Placement'],
    edits: [
      { choose: 'Lives with', option: 'Parents' },
      { choose: 'Lives with', option: 'Foster carer' },
      { fill: 'Fostering agency', value: 'North Care' },
    ],
    expect: [
      { step: 1, hidden: ['Placement', 'Fostering agency', 'Placed since'] },
      { step: 2, visible: ['Placement', 'Fostering agency', 'Placed since'] },
    ],
  },

  // Rule effects and condition kinds
  {
    name: 'SHOW rule on a yes/no (schema condition)',
    schema: {
      type: 'object',
      properties: {
        injured: { type: 'boolean', title: 'Any injury seen' },
        injuryDetail: { type: 'string', title: 'Describe the injury' },
      },
    },
    uischema: vertical(
      control('#/properties/injured'),
      control('#/properties/injuryDetail', {
        rule: { effect: 'SHOW', condition: isTrue('#/properties/injured') },
      }),
    ),
    controls: ['Any injury seen', 'Describe the injury'],
    edits: [
      { check: 'Any injury seen', value: true },
      { fill: 'Describe the injury', value: 'Bruise on arm' },
      { check: 'Any injury seen', value: false },
    ],
    expect: [
      { step: 0, hidden: ['Describe the injury'] },
      { step: 1, visible: ['Describe the injury'] },
      { step: 3, hidden: ['Describe the injury'] },
    ],
  },
  {
    name: 'HIDE rule on a choice',
    schema: {
      type: 'object',
      properties: {
        attends: { type: 'string', title: 'Attends school', enum: ['Yes', 'No'] },
        attendance: { type: 'integer', title: 'Attendance percent' },
      },
    },
    uischema: vertical(
      control('#/properties/attends'),
      control('#/properties/attendance', {
        rule: {
          effect: 'HIDE',
          condition: { scope: '#/properties/attends', schema: { const: 'No' } },
        },
      }),
    ),
    controls: ['Attends school', 'Attendance percent'],
    edits: [
      { choose: 'Attends school', option: 'No' },
      { choose: 'Attends school', option: 'Yes' },
      { fill: 'Attendance percent', value: '92' },
    ],
    expect: [
      { step: 0, visible: ['Attendance percent'] },
      { step: 1, hidden: ['Attendance percent'] },
      { step: 2, visible: ['Attendance percent'] },
    ],
  },
  {
    name: 'ENABLE rule',
    schema: {
      type: 'object',
      properties: {
        interpreter: { type: 'boolean', title: 'Needs an interpreter' },
        language: { type: 'string', title: 'Language' },
      },
    },
    uischema: vertical(
      control('#/properties/interpreter'),
      control('#/properties/language', {
        rule: { effect: 'ENABLE', condition: isTrue('#/properties/interpreter') },
      }),
    ),
    controls: ['Needs an interpreter', 'Language'],
    edits: [
      { check: 'Needs an interpreter', value: true },
      { fill: 'Language', value: 'Polish' },
    ],
    expect: [
      { step: 0, visible: ['Language'], disabled: ['Language'] },
      { step: 1, enabled: ['Language'] },
      { step: 2, data: { interpreter: true, language: 'Polish' } },
    ],
  },
  {
    name: 'DISABLE rule',
    schema: {
      type: 'object',
      properties: {
        status: { type: 'string', title: 'Status', enum: ['Open', 'Closed'] },
        nextVisit: { type: 'string', title: 'Next visit', format: 'date' },
      },
    },
    data: { status: 'Open' },
    uischema: vertical(
      control('#/properties/status'),
      control('#/properties/nextVisit', {
        rule: {
          effect: 'DISABLE',
          condition: { scope: '#/properties/status', schema: { const: 'Closed' } },
        },
      }),
    ),
    controls: ['Status', 'Next visit'],
    edits: [
      { fill: 'Next visit', value: '2025-03-14' },
      { choose: 'Status', option: 'Closed' },
    ],
    expect: [
      { step: 0, enabled: ['Next visit'] },
      { step: 2, disabled: ['Next visit'] },
    ],
  },
  {
    name: 'LEAF condition',
    schema: {
      type: 'object',
      properties: {
        contact: { type: 'string', title: 'Preferred contact', enum: ['Phone', 'Letter'] },
        phone: { type: 'string', title: 'Phone number' },
      },
    },
    uischema: vertical(
      control('#/properties/contact'),
      control('#/properties/phone', {
        rule: {
          effect: 'SHOW',
          condition: { type: 'LEAF', scope: '#/properties/contact', expectedValue: 'Phone' },
        },
      }),
    ),
    controls: ['Preferred contact', 'Phone number'],
    edits: [
      { choose: 'Preferred contact', option: 'Phone' },
      { fill: 'Phone number', value: '0113 000 0000' },
      { choose: 'Preferred contact', option: 'Letter' },
    ],
    expect: [
      { step: 0, hidden: ['Phone number'] },
      { step: 1, visible: ['Phone number'] },
      { step: 3, hidden: ['Phone number'] },
    ],
  },
  {
    name: 'AND condition',
    schema: {
      type: 'object',
      properties: {
        underFive: { type: 'boolean', title: 'Under five' },
        inNursery: { type: 'boolean', title: 'In nursery' },
        nursery: { type: 'string', title: 'Nursery name' },
      },
    },
    uischema: vertical(
      control('#/properties/underFive'),
      control('#/properties/inNursery'),
      control('#/properties/nursery', {
        rule: {
          effect: 'SHOW',
          condition: {
            type: 'AND',
            conditions: [isTrue('#/properties/underFive'), isTrue('#/properties/inNursery')],
          },
        },
      }),
    ),
    controls: ['Under five', 'In nursery', 'Nursery name'],
    edits: [
      { check: 'Under five', value: true },
      { check: 'In nursery', value: true },
      { fill: 'Nursery name', value: 'Little Acorns' },
    ],
    expect: [
      { step: 1, hidden: ['Nursery name'] },
      { step: 2, visible: ['Nursery name'] },
    ],
  },
  {
    name: 'OR condition of a LEAF and a schema condition',
    schema: {
      type: 'object',
      properties: {
        police: { type: 'boolean', title: 'Police involved' },
        risk: { type: 'string', title: 'Risk level', enum: ['Low', 'Medium', 'High'] },
        strategy: { type: 'string', title: 'Strategy meeting date', format: 'date' },
      },
    },
    uischema: vertical(
      control('#/properties/police'),
      control('#/properties/risk'),
      control('#/properties/strategy', {
        rule: {
          effect: 'SHOW',
          condition: {
            type: 'OR',
            conditions: [
              { type: 'LEAF', scope: '#/properties/police', expectedValue: true },
              { scope: '#/properties/risk', schema: { enum: ['High'] } },
            ],
          },
        },
      }),
    ),
    controls: ['Police involved', 'Risk level', 'Strategy meeting date'],
    edits: [
      { choose: 'Risk level', option: 'Medium' },
      { choose: 'Risk level', option: 'High' },
      { choose: 'Risk level', option: 'Low' },
      { check: 'Police involved', value: true },
    ],
    expect: [
      { step: 1, hidden: ['Strategy meeting date'] },
      { step: 2, visible: ['Strategy meeting date'] },
      { step: 3, hidden: ['Strategy meeting date'] },
      { step: 4, visible: ['Strategy meeting date'] },
    ],
  },
  {
    name: 'Schema condition on the whole data (scope #)',
    schema: {
      type: 'object',
      properties: {
        first: { type: 'string', title: 'First name' },
        last: { type: 'string', title: 'Last name' },
        confirm: { type: 'boolean', title: 'Identity confirmed' },
      },
    },
    uischema: vertical(
      control('#/properties/first'),
      control('#/properties/last'),
      control('#/properties/confirm', {
        rule: {
          effect: 'ENABLE',
          condition: { scope: '#', schema: { required: ['first', 'last'] } },
        },
      }),
    ),
    controls: ['First name', 'Last name', 'Identity confirmed'],
    edits: [
      { fill: 'First name', value: 'Kai' },
      { fill: 'Last name', value: 'Patel' },
      { check: 'Identity confirmed', value: true },
    ],
    expect: [
      { step: 1, disabled: ['Identity confirmed'] },
      { step: 2, enabled: ['Identity confirmed'] },
    ],
  },
  {
    name: 'Schema condition with a minimum (a keyword beyond const)',
    schema: {
      type: 'object',
      properties: {
        age: { type: 'integer', title: 'Age' },
        employer: { type: 'string', title: 'Employer' },
      },
    },
    uischema: vertical(
      control('#/properties/age'),
      control('#/properties/employer', {
        rule: {
          effect: 'SHOW',
          condition: { scope: '#/properties/age', schema: { minimum: 16 } },
        },
      }),
    ),
    controls: ['Age', 'Employer'],
    edits: [
      { fill: 'Age', value: '12' },
      { fill: 'Age', value: '17' },
      { fill: 'Employer', value: 'Cafe' },
    ],
    expect: [
      { step: 1, hidden: ['Employer'] },
      { step: 2, visible: ['Employer'] },
    ],
  },
  {
    name: 'Schema condition with a pattern',
    schema: {
      type: 'object',
      properties: {
        postcode: { type: 'string', title: 'Postcode' },
        outside: { type: 'string', title: 'Home authority' },
      },
    },
    uischema: vertical(
      control('#/properties/postcode'),
      control('#/properties/outside', {
        rule: {
          effect: 'HIDE',
          condition: { scope: '#/properties/postcode', schema: { pattern: '^LS' } },
        },
      }),
    ),
    controls: ['Postcode', 'Home authority'],
    edits: [
      { fill: 'Postcode', value: 'LS1 4AP' },
      { fill: 'Postcode', value: 'M1 1AA' },
    ],
    expect: [
      { step: 1, hidden: ['Home authority'] },
      { step: 2, visible: ['Home authority'] },
    ],
  },
  {
    name: 'failWhenUndefined on a missing value',
    schema: {
      type: 'object',
      properties: {
        consent: { type: 'string', title: 'Consent', enum: ['Given', 'Refused'] },
        refusal: { type: 'string', title: 'Why refused' },
      },
    },
    uischema: vertical(
      control('#/properties/consent'),
      control('#/properties/refusal', {
        rule: {
          effect: 'HIDE',
          condition: {
            scope: '#/properties/consent',
            schema: { const: 'Given' },
            failWhenUndefined: true,
          },
        },
      }),
    ),
    controls: ['Consent', 'Why refused'],
    edits: [
      { choose: 'Consent', option: 'Given' },
      { choose: 'Consent', option: 'Refused' },
    ],
    expect: [
      { step: 0, visible: ['Why refused'] },
      { step: 1, hidden: ['Why refused'] },
      { step: 2, visible: ['Why refused'] },
    ],
  },
  {
    name: 'DISABLE on a layout disables every field in it',
    schema: {
      type: 'object',
      properties: {
        locked: { type: 'boolean', title: 'Record locked' },
        summary: { type: 'string', title: 'Summary' },
        outcome: { type: 'string', title: 'Outcome', enum: ['Closed', 'Referred'] },
      },
    },
    uischema: vertical(control('#/properties/locked'), {
      type: 'VerticalLayout',
      rule: { effect: 'DISABLE', condition: isTrue('#/properties/locked') },
      elements: [control('#/properties/summary'), control('#/properties/outcome')],
    }),
    controls: ['Record locked', 'Summary', 'Outcome'],
    edits: [
      { fill: 'Summary', value: 'Seen at home' },
      { check: 'Record locked', value: true },
    ],
    expect: [
      { step: 0, enabled: ['Summary', 'Outcome'] },
      { step: 2, disabled: ['Summary', 'Outcome'], enabled: ['Record locked'] },
    ],
  },
  {
    name: 'Rule on a nested object property',
    schema: {
      type: 'object',
      properties: {
        address: {
          type: 'object',
          properties: {
            country: { type: 'string', title: 'Country', enum: ['UK', 'Elsewhere'] },
            postcode: { type: 'string', title: 'UK postcode' },
          },
        },
      },
    },
    uischema: vertical(
      control('#/properties/address/properties/country'),
      control('#/properties/address/properties/postcode', {
        rule: {
          effect: 'SHOW',
          condition: { scope: '#/properties/address/properties/country', schema: { const: 'UK' } },
        },
      }),
    ),
    controls: ['Country', 'UK postcode'],
    edits: [
      { choose: 'Country', option: 'UK' },
      { fill: 'UK postcode', value: 'LS2 9JT' },
    ],
    expect: [
      { step: 0, hidden: ['UK postcode'] },
      { step: 2, data: { address: { country: 'UK', postcode: 'LS2 9JT' } } },
    ],
  },

  // Arrays
  {
    name: 'Array of objects with an inline detail layout',
    schema: {
      type: 'object',
      properties: {
        members: {
          type: 'array',
          title: 'Household members',
          items: {
            type: 'object',
            properties: {
              name: { type: 'string', title: 'Member name' },
              relation: { type: 'string', title: 'Relationship', enum: ['Parent', 'Sibling'] },
            },
          },
        },
      },
    },
    uischema: vertical(
      control('#/properties/members', {
        options: {
          detail: vertical(control('#/properties/name'), control('#/properties/relation')),
        },
      }),
    ),
    controls: ['Household members', 'Member name', 'Relationship'],
    edits: [
      { add: 'Household members' },
      { fill: 'Member name', value: 'Lee' },
      { choose: 'Relationship', option: 'Sibling' },
    ],
    expect: [
      { step: 0, visible: ['Household members'], hidden: ['Member name'] },
      { step: 1, visible: ['Member name', 'Relationship'] },
    ],
  },
  {
    name: 'Array of objects with existing items and no detail given',
    schema: {
      type: 'object',
      properties: {
        visits: {
          type: 'array',
          title: 'Visits',
          items: {
            type: 'object',
            properties: {
              place: { type: 'string', title: 'Place visited' },
              seen: { type: 'boolean', title: 'Child seen' },
            },
          },
        },
      },
    },
    data: { visits: [{ place: 'Home', seen: true }, { place: 'School' }] },
    uischema: vertical(control('#/properties/visits')),
    controls: ['Visits', 'Place visited', 'Child seen'],
    edits: [{ check: 'Child seen', value: true }],
  },
  {
    name: 'Array of strings',
    schema: {
      type: 'object',
      properties: {
        aliases: { type: 'array', title: 'Other names', items: { type: 'string' } },
      },
    },
    data: { aliases: ['Jo'] },
    uischema: vertical(control('#/properties/aliases')),
    controls: ['Other names'],
    edits: [{ add: 'Other names' }],
  },
  {
    name: 'Rule inside an array item detail',
    schema: {
      type: 'object',
      properties: {
        concerns: {
          type: 'array',
          title: 'Concerns',
          items: {
            type: 'object',
            properties: {
              ongoing: { type: 'boolean', title: 'Still ongoing' },
              endedOn: { type: 'string', title: 'Ended on', format: 'date' },
            },
          },
        },
      },
    },
    data: { concerns: [{ ongoing: true }] },
    uischema: vertical(
      control('#/properties/concerns', {
        options: {
          detail: vertical(
            control('#/properties/ongoing'),
            control('#/properties/endedOn', {
              rule: { effect: 'HIDE', condition: isTrue('#/properties/ongoing') },
            }),
          ),
        },
      }),
    ),
    controls: ['Concerns', 'Still ongoing', 'Ended on'],
    edits: [
      { check: 'Still ongoing', value: false },
      { fill: 'Ended on', value: '2024-11-30' },
    ],
    expect: [
      { step: 0, hidden: ['Ended on'] },
      { step: 1, visible: ['Ended on'] },
    ],
  },

  // Choices
  {
    name: 'Enum as a drop-down',
    schema: {
      type: 'object',
      properties: {
        ethnicity: {
          type: 'string',
          title: 'Ethnic group',
          enum: ['Asian', 'Black', 'Mixed', 'White', 'Other'],
        },
      },
    },
    uischema: vertical(control('#/properties/ethnicity')),
    controls: ['Ethnic group'],
    edits: [
      { choose: 'Ethnic group', option: 'Mixed' },
      { choose: 'Ethnic group', option: 'Other' },
    ],
    expect: [{ step: 2, data: { ethnicity: 'Other' } }],
  },
  {
    name: 'oneOf with const and title as choices',
    schema: {
      type: 'object',
      properties: {
        legalStatus: {
          type: 'string',
          title: 'Legal status',
          oneOf: [
            { const: 's20', title: 'Accommodated (section 20)' },
            { const: 'ico', title: 'Interim care order' },
            { const: 'co', title: 'Care order' },
          ],
        },
      },
    },
    uischema: vertical(control('#/properties/legalStatus')),
    controls: ['Legal status'],
    edits: [{ choose: 'Legal status', option: 'Interim care order' }],
    expect: [{ step: 1, data: { legalStatus: 'ico' } }],
  },
  {
    name: 'Enum with format radio',
    schema: {
      type: 'object',
      properties: {
        outcome: {
          type: 'string',
          title: 'Visit outcome',
          enum: ['Seen alone', 'Seen with carer', 'Not seen'],
        },
      },
    },
    uischema: vertical(control('#/properties/outcome', { options: { format: 'radio' } })),
    controls: ['Visit outcome'],
    edits: [{ choose: 'Visit outcome', option: 'Seen with carer' }],
    expect: [{ step: 1, data: { outcome: 'Seen with carer' } }],
  },
  {
    name: 'Several choices from an enum (unique array)',
    schema: {
      type: 'object',
      properties: {
        needs: {
          type: 'array',
          uniqueItems: true,
          items: { type: 'string', enum: ['Hearing', 'Sight', 'Mobility'] },
        },
      },
    },
    uischema: vertical(control('#/properties/needs')),
    controls: ['Hearing', 'Sight', 'Mobility'],
    edits: [
      { check: 'Sight', value: true },
      { check: 'Hearing', value: true },
      { check: 'Sight', value: false },
    ],
    expect: [{ step: 3, data: { needs: ['Hearing'] } }],
  },

  // Numbers and text
  {
    name: 'Number with decimals and multi-line text',
    schema: {
      type: 'object',
      properties: {
        weight: { type: 'number', title: 'Weight in kg' },
        observations: { type: 'string', title: 'Observations' },
      },
    },
    uischema: vertical(
      control('#/properties/weight'),
      control('#/properties/observations', { options: { multi: true } }),
    ),
    controls: ['Weight in kg', 'Observations'],
    edits: [
      { fill: 'Weight in kg', value: '14.5' },
      { fill: 'Observations', value: 'Happy.\nPlayed with toys.' },
    ],
    expect: [{ step: 2, data: { weight: 14.5, observations: 'Happy.\nPlayed with toys.' } }],
  },

  // Dates
  {
    name: 'Date',
    schema: {
      type: 'object',
      properties: { born: { type: 'string', format: 'date', title: 'Date of birth' } },
    },
    uischema: vertical(control('#/properties/born')),
    controls: ['Date of birth'],
    edits: [{ fill: 'Date of birth', value: '2019-02-28' }],
    expect: [{ step: 1, data: { born: '2019-02-28' } }],
  },
  {
    name: 'Date-time',
    schema: {
      type: 'object',
      properties: { seenAt: { type: 'string', format: 'date-time', title: 'Seen at' } },
    },
    uischema: vertical(control('#/properties/seenAt')),
    controls: ['Seen at'],
    // A winter time: the browser runs in Europe/London, and vanilla writes the local time with a
    // Z as if it were UTC, so in summer it is an hour out (Lowform converts; see the report).
    edits: [{ fill: 'Seen at', value: '2024-01-15T14:45' }],
    expect: [{ step: 1, data: { seenAt: '2024-01-15T14:45:00.000Z' } }],
  },
  {
    name: 'Time',
    schema: {
      type: 'object',
      properties: { arrived: { type: 'string', format: 'time', title: 'Arrival time' } },
    },
    uischema: vertical(control('#/properties/arrived')),
    controls: ['Arrival time'],
    edits: [{ fill: 'Arrival time', value: '09:15' }],
  },

  // Read-only
  {
    name: 'The whole form read-only',
    schema: person,
    data: { fullName: 'Ada' },
    readonly: true,
    uischema: vertical(control('#/properties/fullName'), control('#/properties/consented')),
    controls: ['Full name', 'Consent given'],
    edits: [],
    expect: [{ step: 0, visible: ['Full name'], disabled: ['Full name', 'Consent given'] }],
  },
  {
    name: 'readonly option on one control',
    schema: person,
    data: { fullName: 'Ada', age: 9 },
    uischema: vertical(
      control('#/properties/fullName', { options: { readonly: true } }),
      control('#/properties/age'),
    ),
    controls: ['Full name', 'Age in years'],
    edits: [{ fill: 'Age in years', value: '10' }],
    expect: [{ step: 0, disabled: ['Full name'], enabled: ['Age in years'] }],
  },
  {
    name: 'readOnly in the schema',
    schema: {
      type: 'object',
      properties: {
        reference: { type: 'string', title: 'Case reference', readOnly: true },
        worker: { type: 'string', title: 'Allocated worker' },
      },
    },
    data: { reference: 'CP-0042' },
    uischema: vertical(control('#/properties/reference'), control('#/properties/worker')),
    controls: ['Case reference', 'Allocated worker'],
    edits: [{ fill: 'Allocated worker', value: 'R. Shah' }],
    expect: [{ step: 0, disabled: ['Case reference'], enabled: ['Allocated worker'] }],
  },

  // i18n
  {
    name: 'i18n key on a control',
    schema: { type: 'object', properties: { name: { type: 'string' } } },
    uischema: vertical(control('#/properties/name', { i18n: 'child.name' })),
    translations: { 'child.name.label': 'Enw llawn' },
    controls: ['Enw llawn'],
    edits: [{ fill: 'Enw llawn', value: 'Cerys' }],
    expect: [{ step: 0, visible: ['Enw llawn'] }],
  },
  {
    name: 'i18n keys on a Group, a Category and by data path',
    schema: {
      type: 'object',
      properties: {
        town: { type: 'string' },
        language: { type: 'string' },
      },
    },
    uischema: {
      type: 'Categorization',
      elements: [
        {
          type: 'Category',
          i18n: 'where',
          elements: [{ type: 'Group', i18n: 'home', elements: [control('#/properties/town')] }],
        },
        { type: 'Category', label: 'Language', elements: [control('#/properties/language')] },
      ],
    },
    translations: {
      'where.label': 'Ble',
      'home.label': 'Cartref',
      'town.label': 'Tref',
      'language.label': 'Iaith y cartref',
    },
    controls: ['Tref', 'Iaith y cartref'],
    texts: ['Ble', 'Cartref'],
    edits: [
      { fill: 'Tref', value: 'Aberystwyth' },
      { tab: 'Language' },
      { fill: 'Iaith y cartref', value: 'Cymraeg' },
    ],
    expect: [
      { step: 0, visible: ['Ble', 'Cartref', 'Tref'] },
      { step: 2, visible: ['Iaith y cartref'] },
    ],
  },
  // More layouts, arrays, choices and read-only combined with rules
  {
    name: 'Object control drawn from its schema',
    schema: {
      type: 'object',
      properties: {
        gp: {
          type: 'object',
          title: 'GP',
          properties: {
            practice: { type: 'string', title: 'Practice name' },
            registered: { type: 'boolean', title: 'Registered with the practice' },
          },
        },
      },
    },
    uischema: vertical(control('#/properties/gp')),
    controls: ['Practice name', 'Registered with the practice'],
    edits: [
      { fill: 'Practice name', value: 'Riverside' },
      { check: 'Registered with the practice', value: true },
    ],
    expect: [{ step: 2, data: { gp: { practice: 'Riverside', registered: true } } }],
  },
  {
    name: 'Array with a GENERATED detail',
    schema: {
      type: 'object',
      properties: {
        agencies: {
          type: 'array',
          title: 'Agencies involved',
          items: {
            type: 'object',
            properties: {
              agency: { type: 'string', title: 'Agency' },
              contacted: { type: 'string', format: 'date', title: 'Contacted on' },
            },
          },
        },
      },
    },
    uischema: vertical(control('#/properties/agencies', { options: { detail: 'GENERATED' } })),
    controls: ['Agencies involved', 'Agency', 'Contacted on'],
    edits: [
      { add: 'Agencies involved' },
      { fill: 'Agency', value: 'Police' },
      { fill: 'Contacted on', value: '2024-04-02' },
    ],
    expect: [{ step: 3, data: { agencies: [{ agency: 'Police', contacted: '2024-04-02' }] } }],
  },
  {
    name: 'Removing an array item',
    schema: {
      type: 'object',
      properties: {
        phones: {
          type: 'array',
          title: 'Phone numbers',
          items: {
            type: 'object',
            properties: { number: { type: 'string', title: 'Number' } },
          },
        },
      },
    },
    data: { phones: [{ number: '0111' }, { number: '0222' }, { number: '0333' }] },
    uischema: vertical(control('#/properties/phones')),
    controls: ['Phone numbers', 'Number'],
    edits: [{ remove: 'Phone numbers', item: 1 }],
    expect: [
      { step: 0, enabled: ['Number'] },
      { step: 1, data: { phones: [{ number: '0111' }, { number: '0333' }] } },
    ],
  },
  {
    name: 'An array shown by a rule',
    schema: {
      type: 'object',
      properties: {
        hasPets: { type: 'boolean', title: 'Pets in the home' },
        pets: {
          type: 'array',
          title: 'Pets',
          items: { type: 'object', properties: { kind: { type: 'string', title: 'Kind' } } },
        },
      },
    },
    uischema: vertical(
      control('#/properties/hasPets'),
      control('#/properties/pets', {
        rule: { effect: 'SHOW', condition: isTrue('#/properties/hasPets') },
      }),
    ),
    controls: ['Pets in the home', 'Pets', 'Kind'],
    edits: [
      { check: 'Pets in the home', value: true },
      { add: 'Pets' },
      { fill: 'Kind', value: 'Dog' },
    ],
    expect: [
      { step: 0, hidden: ['Pets'] },
      { step: 1, visible: ['Pets'] },
    ],
  },
  {
    name: 'A read-only form is not enabled by an ENABLE rule',
    schema: {
      type: 'object',
      properties: {
        open: { type: 'boolean', title: 'Case open' },
        worker: { type: 'string', title: 'Key worker' },
      },
    },
    data: { open: true, worker: 'Ana' },
    readonly: true,
    uischema: vertical(
      control('#/properties/open'),
      control('#/properties/worker', {
        rule: { effect: 'ENABLE', condition: isTrue('#/properties/open') },
      }),
    ),
    controls: ['Case open', 'Key worker'],
    edits: [],
    expect: [{ step: 0, disabled: ['Case open', 'Key worker'] }],
  },
  {
    name: 'DISABLE on a Group',
    schema: {
      type: 'object',
      properties: {
        signedOff: { type: 'boolean', title: 'Signed off' },
        decision: { type: 'string', title: 'Decision', enum: ['Section 47', 'No further action'] },
        rationale: { type: 'string', title: 'Rationale' },
      },
    },
    uischema: vertical(control('#/properties/signedOff'), {
      type: 'Group',
      label: 'Decision making',
      rule: { effect: 'DISABLE', condition: isTrue('#/properties/signedOff') },
      elements: [control('#/properties/decision'), control('#/properties/rationale')],
    }),
    controls: ['Signed off', 'Decision', 'Rationale'],
    texts: ['Decision making'],
    edits: [
      { choose: 'Decision', option: 'Section 47' },
      { check: 'Signed off', value: true },
      { check: 'Signed off', value: false },
    ],
    expect: [
      { step: 2, disabled: ['Decision', 'Rationale'], visible: ['Decision making'] },
      { step: 3, enabled: ['Decision', 'Rationale'] },
    ],
  },
  {
    name: 'i18n of choices and of a Label',
    schema: {
      type: 'object',
      properties: { mood: { type: 'string', enum: ['happy', 'sad'] } },
    },
    uischema: vertical(
      { type: 'Label', text: 'How is the child?', i18n: 'intro' },
      control('#/properties/mood', { i18n: 'mood' }),
    ),
    translations: {
      'intro.text': 'Sut mae’r plentyn?',
      'mood.label': 'Hwyliau',
      'mood.happy': 'Hapus',
      'mood.sad': 'Trist',
    },
    controls: ['Hwyliau'],
    texts: ['Sut mae’r plentyn?'],
    edits: [{ choose: 'Hwyliau', option: 'Trist' }],
    expect: [
      { step: 0, visible: ['Sut mae’r plentyn?', 'Hwyliau'] },
      { step: 1, data: { mood: 'sad' } },
    ],
  },
  {
    name: 'Emptying a number field removes its answer',
    schema: {
      type: 'object',
      properties: {
        siblings: { type: 'integer', title: 'Number of siblings' },
        height: { type: 'number', title: 'Height in cm' },
      },
    },
    data: { siblings: 2, height: 101.5 },
    uischema: vertical(control('#/properties/siblings'), control('#/properties/height')),
    controls: ['Number of siblings', 'Height in cm'],
    edits: [
      { fill: 'Number of siblings', value: '' },
      { fill: 'Height in cm', value: '99' },
    ],
    expect: [{ step: 2, data: { height: 99 } }],
  },
  {
    name: 'Nested arrays',
    schema: {
      type: 'object',
      properties: {
        households: {
          type: 'array',
          title: 'Households',
          items: {
            type: 'object',
            properties: {
              address: { type: 'string', title: 'Household address' },
              people: {
                type: 'array',
                title: 'People there',
                items: {
                  type: 'object',
                  properties: { person: { type: 'string', title: 'Person' } },
                },
              },
            },
          },
        },
      },
    },
    data: { households: [{ address: '1 High St', people: [{ person: 'Nan' }] }] },
    uischema: vertical(control('#/properties/households')),
    controls: ['Households', 'Household address', 'People there', 'Person'],
    edits: [{ add: 'People there' }, { fill: 'Household address', value: '2 High St' }],
  },
];
