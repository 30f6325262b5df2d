import assert from 'node:assert/strict';
import {
  buildDocumentModel,
  type DocumentInput,
  type FormVersionView,
  formVersionKey,
  type SubmittedAnswers,
} from '../../documents/build-model.ts';
import { longDate } from '../../documents/dates.ts';
import {
  type DocumentModel,
  type ModelBlock,
  provenanceSentence,
} from '../../documents/document-model.ts';
import { loadForm } from '../../forms/index.ts';
import type { DocumentTemplate } from '../../schemas/generated/document-template.ts';
import { loadChildProtectionPack } from '../packs/child-protection-pack.ts';

const pack = loadChildProtectionPack();

function view(id: string, definition?: Record<string, unknown>): FormVersionView {
  const form = definition ? loadForm(definition) : pack.forms.get(id)!;
  return { id: form.id, version: form.version, title: form.title, fields: form.fields };
}

const template: DocumentTemplate = {
  id: 'test-report',
  version: 3,
  title: 'Test report',
  issuedSummary: 'Test report issued',
  happenedFields: { conference: '/conferenceDate' },
  sections: [
    {
      heading: 'The child',
      blocks: [
        {
          type: 'text',
          text: '{child.fullName}, born {child.dateOfBirth}, case {case.reference}.',
        },
      ],
    },
    {
      heading: 'The conference',
      blocks: [
        {
          type: 'answers',
          form: 'conference',
          fields: ['/conferenceDate', '/category', '/worries'],
        },
      ],
    },
    {
      heading: 'The plan',
      empty: 'No plan has been recorded yet.',
      blocks: [{ type: 'answers', form: 'child-protection-plan', fields: ['/planActions'] }],
    },
    {
      heading: 'Household',
      blocks: [
        {
          type: 'table',
          form: 'contact',
          field: '/household',
          columns: ['relationship', 'memberName'],
        },
      ],
    },
    {
      heading: 'Recent events',
      blocks: [{ type: 'chronology', kinds: ['event', 'submission'], lastDays: 30 }],
    },
  ],
};

function submission(
  formId: string,
  data: Record<string, unknown>,
  recordedAt: string,
  version = 1,
): SubmittedAnswers {
  return {
    id: `s-${formId}-${recordedAt}`,
    formId,
    formVersion: version,
    data,
    recordedBy: 'Sam Worker',
    recordedAt,
  };
}

function input(overrides: Partial<DocumentInput> = {}): DocumentInput {
  const forms = new Map<string, FormVersionView>();
  for (const id of pack.forms.keys()) forms.set(formVersionKey(id, 1), view(id));
  return {
    template,
    case: {
      reference: 'CP-2026-000042',
      version: 7,
      childName: 'Freya Test',
      dateOfBirth: '2017-05-01',
      stageTitle: 'Plan',
      team: 'north',
      worker: 'Sam Worker',
    },
    submissions: [
      submission(
        'conference',
        { conferenceDate: '2026-03-10', category: 'neglect', worries: 'Hunger.\n\nMissed school.' },
        '2026-03-14T10:00:00.000Z',
      ),
      submission(
        'contact',
        { household: [{ memberName: 'Kay', relationship: 'Mother' }] },
        '2026-03-01T23:30:00.000Z',
      ),
    ],
    forms,
    chronology: [
      {
        seq: 1,
        kind: 'case',
        at: '2026-01-01T09:00:00.000Z',
        recordedBy: 'Sam Worker',
        summary: 'Case opened',
        data: {},
      },
      {
        seq: 2,
        kind: 'event',
        at: '2026-01-02T09:00:00.000Z',
        recordedBy: 'Sam Worker',
        summary: 'Too old',
        data: {},
      },
      {
        seq: 3,
        kind: 'submission',
        at: '2026-03-14T10:00:00.000Z',
        recordedBy: 'Sam Worker',
        summary: 'Child protection conference submitted',
        data: { submissionId: 's-conference-2026-03-14T10:00:00.000Z' },
      },
      {
        seq: 4,
        kind: 'event',
        at: '2026-03-15T09:00:00.000Z',
        recordedBy: 'Morgan Manager',
        summary: 'Plan started',
        data: { reason: 'Agreed at conference' },
      },
    ],
    issuedBy: 'Sam Worker',
    issuedAt: '2026-03-16T09:00:00.000Z',
    ...overrides,
  };
}

const section = (model: DocumentModel, heading: string): ModelBlock[] =>
  model.sections.find((s) => s.heading === heading)!.blocks;

describe('document model', () => {
  it('writes dates as people in England do, on London’s calendar', () => {
    assert.equal(longDate('2026-03-14'), '14 March 2026');
    // 23:30 UTC in summer is already the next day in London.
    assert.equal(longDate('2026-06-30T23:30:00.000Z'), '1 July 2026');
    assert.equal(longDate('not a date'), 'not a date');
  });

  it('fills placeholders from the case', () => {
    const model = buildDocumentModel(input());
    assert.deepEqual(section(model, 'The child'), [
      { kind: 'paragraph', text: 'Freya Test, born 1 May 2017, case CP-2026-000042.' },
    ]);
    assert.equal(model.issuedOn, '16 March 2026');
  });

  it('gives each answer its label, its words and who recorded it when, and when it happened', () => {
    const model = buildDocumentModel(input());
    const source = {
      form: 'Child protection conference',
      recordedBy: 'Sam Worker',
      recordedOn: '14 March 2026',
      happenedOn: '10 March 2026',
    };
    assert.deepEqual(section(model, 'The conference'), [
      { kind: 'fact', label: 'Date of the conference', paragraphs: ['10 March 2026'], source },
      { kind: 'fact', label: 'Category of abuse or neglect', paragraphs: ['Neglect'], source },
      {
        kind: 'fact',
        label: 'What are we worried about?',
        paragraphs: ['Hunger.', 'Missed school.'],
        source,
      },
    ]);
  });

  it('says who recorded a fact when, and of when, in one sentence', () => {
    const source = {
      form: 'Child protection conference',
      recordedBy: 'Sam Worker',
      recordedOn: '14 March 2026',
    };
    assert.equal(
      provenanceSentence(source),
      'Child protection conference, recorded by Sam Worker on 14 March 2026.',
    );
    assert.equal(
      provenanceSentence({ ...source, happenedOn: '10 March 2026' }),
      'Child protection conference of 10 March 2026, recorded by Sam Worker on 14 March 2026.',
    );
  });

  it('says so in a sentence when a section has nothing recorded', () => {
    const model = buildDocumentModel(input());
    assert.deepEqual(section(model, 'The plan'), [
      { kind: 'empty', text: 'No plan has been recorded yet.' },
    ]);
  });

  it('labels answers as the form version they were recorded with had them', () => {
    const definition = structuredClone(
      pack.formDefinitions.find((d) => d.id === 'conference')!,
    ) as {
      version: number;
      schema: { properties: Record<string, { title: string }> };
    };
    definition.version = 2;
    definition.schema.properties.worries!.title = 'Worries (renamed later)';
    const forms = new Map(input().forms);
    forms.set(
      formVersionKey('conference', 2),
      view('conference', definition as unknown as Record<string, unknown>),
    );
    const model = buildDocumentModel(input({ forms }));
    const labels = section(model, 'The conference').map((b) => (b.kind === 'fact' ? b.label : ''));
    assert.ok(labels.includes('What are we worried about?'));
    assert.ok(!labels.includes('Worries (renamed later)'));
  });

  it('tables a recorded list with the columns asked for', () => {
    const [table] = section(buildDocumentModel(input()), 'Household');
    assert.equal(table?.kind, 'table');
    assert.deepEqual(
      table.kind === 'table' && [table.columns, table.rows, table.source?.recordedOn],
      [
        ['Relationship to the child', 'Full name'],
        [['Mother', 'Kay']],
        // Submitted 23:30 UTC on 1 March: in London (GMT) still 1 March.
        '1 March 2026',
      ],
    );
  });

  it('extracts the chronology by kind and period, with when it happened apart from when recorded', () => {
    const [table] = section(buildDocumentModel(input()), 'Recent events');
    assert.ok(table?.kind === 'table');
    assert.deepEqual(table.rows, [
      ['10 March 2026', 'Child protection conference submitted.', 'Sam Worker, 14 March 2026'],
      [
        '15 March 2026',
        'Plan started. Reason given: Agreed at conference',
        'Morgan Manager, 15 March 2026',
      ],
    ]);
    assert.equal(
      table.caption,
      '2 entries from the case chronology in the 30 days before 16 March 2026, oldest first',
    );
  });

  it('names the versions it was built from, and is the same for the same input', () => {
    const model = buildDocumentModel(input());
    assert.deepEqual(model.sources, {
      templateId: 'test-report',
      templateVersion: 3,
      caseVersion: 7,
      submissions: [
        { id: 's-conference-2026-03-14T10:00:00.000Z', formId: 'conference', formVersion: 1 },
        { id: 's-contact-2026-03-01T23:30:00.000Z', formId: 'contact', formVersion: 1 },
      ],
    });
    assert.equal(JSON.stringify(buildDocumentModel(input())), JSON.stringify(model));
  });

  it('keeps answers as they were typed: markup is text for the renderers to escape', () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const model = buildDocumentModel(
      input({
        submissions: [submission('conference', { worries: evil }, '2026-03-14T10:00:00.000Z')],
      }),
    );
    const [fact] = section(model, 'The conference');
    assert.deepEqual(fact?.kind === 'fact' && fact.paragraphs, [evil]);
  });
});
