/** Form definitions the forms/ tests share; each call returns a fresh copy to change freely. */

/** Fixture JSON, which tests reach into and change at any depth. */
// biome-ignore lint/suspicious/noExplicitAny: tests edit fixture JSON at any depth without ceremony.
export type Json = Record<string, any>;

/** A contact form: a child, a reason for contact and an analysis; another id makes a new form. */
export function contactForm(id = 'contact'): Json {
  return {
    id,
    version: 1,
    title: 'Contact',
    description: 'The first record of a concern about a child.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['child', 'reason'],
      properties: {
        child: {
          type: 'object',
          title: 'Child',
          required: ['firstName', 'dateOfBirth'],
          properties: {
            firstName: {
              type: 'string',
              title: "Child's first name",
              minLength: 1,
              maxLength: 100,
            },
            dateOfBirth: { type: 'string', format: 'date', title: 'Date of birth' },
            nhsNumber: { type: 'string', pattern: '^\\d{10}$', maxLength: 10 },
          },
        },
        reason: {
          type: 'string',
          title: 'Reason for contact',
          enum: ['neglect', 'physical', 'emotional', 'sexual'],
        },
        parentalResponsibility: {
          type: 'string',
          title: 'Who has parental responsibility',
          maxLength: 200,
          'x-family': true,
        },
        analysis: { type: 'string', title: 'Analysis', maxLength: 20000 },
        siblings: {
          type: 'array',
          title: 'Siblings',
          items: {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string', title: 'Name', maxLength: 100 } },
          },
        },
      },
    },
    uischema: {
      type: 'VerticalLayout',
      elements: [
        {
          type: 'Group',
          label: 'Child',
          elements: [
            { type: 'Control', scope: '#/properties/child/properties/firstName' },
            { type: 'Control', scope: '#/properties/child/properties/dateOfBirth' },
            {
              type: 'Control',
              scope: '#/properties/child/properties/nhsNumber',
              label: 'NHS number',
            },
          ],
        },
        { type: 'Control', scope: '#/properties/reason' },
        { type: 'Control', scope: '#/properties/parentalResponsibility' },
        {
          type: 'Control',
          scope: '#/properties/analysis',
          label: 'Your analysis',
          options: { multi: true },
          rule: {
            effect: 'SHOW',
            condition: { scope: '#/properties/reason', schema: { enum: ['neglect', 'physical'] } },
          },
        },
        {
          type: 'Control',
          scope: '#/properties/siblings',
          options: {
            detail: {
              type: 'VerticalLayout',
              elements: [{ type: 'Control', scope: '#/properties/name', label: "Sibling's name" }],
            },
          },
        },
      ],
    },
  };
}

/** An assessment that asks for the child's name again, but prefills it from the contact. */
export function assessmentForm(id = 'assessment'): Json {
  return {
    id,
    version: 1,
    title: 'Assessment',
    schema: {
      type: 'object',
      required: ['childName', 'findings'],
      properties: {
        childName: { type: 'string', title: "Child's first name", maxLength: 100 },
        dateOfBirth: { type: 'string', format: 'date', title: 'Date of birth' },
        findings: { type: 'string', title: 'Findings', maxLength: 20000 },
        reason: { type: 'string', title: 'Reason for contact', enum: ['neglect', 'physical'] },
      },
    },
    uischema: {
      type: 'VerticalLayout',
      elements: [
        { type: 'Control', scope: '#/properties/childName' },
        { type: 'Control', scope: '#/properties/dateOfBirth' },
        { type: 'Control', scope: '#/properties/findings', options: { multi: true } },
        { type: 'Control', scope: '#/properties/reason' },
      ],
    },
    prefill: {
      childName: { form: 'contact', field: 'child/firstName' },
      dateOfBirth: { form: 'contact', field: 'child/dateOfBirth' },
    },
  };
}

/** A valid, complete submission of contactForm(). */
export function contactSubmission(): Json {
  return {
    child: { firstName: 'Sam', dateOfBirth: '2019-03-14', nhsNumber: '1234567890' },
    reason: 'neglect',
    parentalResponsibility: 'Mother',
    analysis: 'Concerns raised by the school.',
    siblings: [{ name: 'Alex' }],
  };
}
