/**
 * Builds a document's model from a template and what a case recorded: its latest submission of
 * each form (read with the form version it was recorded with), and its chronology. Pure: names
 * and times come in with the input, so the same input always gives the same model (its hash is
 * stored with an issued document).
 */
import { addCalendarDays } from '../engine/calendar.ts';
import type { FormField } from '../forms/form-field.ts';
import { isSchemaNode } from '../forms/walk-schema.ts';
import type {
  AnswersBlock,
  Block,
  ChronologyBlock,
  DocumentTemplate,
  SignOffBlock,
  TableBlock,
} from '../schemas/generated/document-template.ts';
import { calendarDate, longDate } from './dates.ts';
import type { DocumentModel, ModelBlock, ModelSection, Provenance } from './document-model.ts';
import { fillPlaceholders, type PlaceholderValues } from './placeholders.ts';

/** A form version as a document reads it: its title and its fields' labels then. */
export interface FormVersionView {
  id: string;
  version: number;
  title: string;
  fields: readonly FormField[];
}

/** A submitted form on the case. */
export interface SubmittedAnswers {
  id: string;
  formId: string;
  formVersion: number;
  data: Record<string, unknown>;
  /** The display name of who submitted it. */
  recordedBy: string;
  /** When it was submitted (an instant). */
  recordedAt: string;
}

/** One chronology entry, with the name of who made it. */
export interface ChronologyItem {
  seq: number;
  kind: string;
  at: string;
  recordedBy: string;
  summary: string;
  data: Record<string, unknown>;
}

/** Everything a document is built from. */
export interface DocumentInput {
  template: DocumentTemplate;
  case: {
    reference: string;
    version: number;
    childName: string;
    dateOfBirth?: string | undefined;
    stageTitle: string;
    team: string;
    /** The display name of the worker holding the case, or a sentence when none does. */
    worker: string;
  };
  /** The case's submitted forms (drafts are not facts yet), in any order. */
  submissions: readonly SubmittedAnswers[];
  /** Form versions by `formVersionKey`. */
  forms: ReadonlyMap<string, FormVersionView>;
  chronology: readonly ChronologyItem[];
  issuedBy: string;
  /** When the document is issued or previewed (an instant). */
  issuedAt: string;
}

/** The key of a form version in `DocumentInput.forms`. */
export function formVersionKey(formId: string, version: number): string {
  return `${formId}@${version}`;
}

const NOTHING_RECORDED = 'Nothing has been recorded for this yet.';

/** The document model of a template for a case. */
export function buildDocumentModel(input: DocumentInput): DocumentModel {
  const latest = latestSubmissions(input.submissions);
  const values: PlaceholderValues = {
    'child.fullName': input.case.childName,
    'child.dateOfBirth': input.case.dateOfBirth
      ? longDate(input.case.dateOfBirth)
      : 'date of birth not recorded',
    'case.reference': input.case.reference,
    'case.stage': input.case.stageTitle,
    'case.team': input.case.team,
    'case.worker': input.case.worker,
    'document.date': longDate(input.issuedAt),
  };
  const context: BuildContext = { input, latest, values, read: new Set() };
  const sections = input.template.sections.map((section): ModelSection => {
    const blocks = section.blocks.flatMap((block) => buildBlock(block, context));
    const hasData = section.blocks.some((b) => b.type !== 'text');
    const found = blocks.some((b) => b.kind !== 'paragraph');
    if (hasData && !found) blocks.push({ kind: 'empty', text: section.empty ?? NOTHING_RECORDED });
    return { heading: section.heading, blocks };
  });
  const read = [...context.read].map((id) => latestById(latest, id)!);
  return {
    title: input.template.title,
    language: 'en-GB',
    caseReference: input.case.reference,
    childName: input.case.childName,
    issuedOn: values['document.date'],
    issuedBy: input.issuedBy,
    sources: {
      templateId: input.template.id,
      templateVersion: input.template.version,
      caseVersion: input.case.version,
      submissions: read
        .map((s) => ({ id: s.id, formId: s.formId, formVersion: s.formVersion }))
        .sort((a, b) => (a.formId < b.formId ? -1 : a.formId > b.formId ? 1 : 0)),
    },
    sections,
  };
}

interface BuildContext {
  input: DocumentInput;
  latest: ReadonlyMap<string, SubmittedAnswers>;
  values: PlaceholderValues;
  /** The ids of the submissions the document read, for its sources. */
  read: Set<string>;
}

function buildBlock(block: Block, context: BuildContext): ModelBlock[] {
  switch (block.type) {
    case 'text':
      return [{ kind: 'paragraph', text: fillPlaceholders(block.text, context.values) }];
    case 'answers':
      return answerBlocks(block, context);
    case 'table':
      return tableBlocks(block, context);
    case 'chronology':
      return chronologyBlocks(block, context);
    case 'signOff':
      return signOffBlocks(block, context);
  }
}

/** The latest submission of each form: the last submitted, the id breaking a tie. */
function latestSubmissions(all: readonly SubmittedAnswers[]): Map<string, SubmittedAnswers> {
  const latest = new Map<string, SubmittedAnswers>();
  for (const s of all) {
    const held = latest.get(s.formId);
    if (
      !held ||
      s.recordedAt > held.recordedAt ||
      (s.recordedAt === held.recordedAt && s.id > held.id)
    )
      latest.set(s.formId, s);
  }
  return latest;
}

function latestById(latest: ReadonlyMap<string, SubmittedAnswers>, id: string) {
  return [...latest.values()].find((s) => s.id === id);
}

/** A submission with the form version it was recorded with, or null when there is none. */
function recorded(formId: string, context: BuildContext) {
  const submission = context.latest.get(formId);
  if (!submission) return null;
  const form = context.input.forms.get(formVersionKey(formId, submission.formVersion));
  if (!form) return null;
  context.read.add(submission.id);
  return { submission, form };
}

function provenance(
  submission: SubmittedAnswers,
  form: FormVersionView,
  context: BuildContext,
): Provenance {
  const source: Provenance = {
    form: form.title,
    recordedBy: submission.recordedBy,
    recordedOn: longDate(submission.recordedAt),
  };
  const happened = happenedDate(submission, context.input.template);
  if (happened && happened !== calendarDate(submission.recordedAt))
    source.happenedOn = longDate(happened);
  return source;
}

/** The date the template says a submission's facts happened on, when it was answered. */
function happenedDate(submission: SubmittedAnswers, template: DocumentTemplate): string | null {
  const pointer = template.happenedFields?.[submission.formId];
  if (!pointer) return null;
  const value = valueAt(submission.data, pointer);
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

function answerBlocks(block: AnswersBlock, context: BuildContext): ModelBlock[] {
  const found = recorded(block.form, context);
  if (!found) return [];
  const { submission, form } = found;
  const source = provenance(submission, form, context);
  const blocks: ModelBlock[] = [];
  for (const pointer of block.fields) {
    // A field the recorded version did not ask has nothing to say.
    const field = form.fields.find((f) => f.pointer === pointer);
    if (!field) continue;
    const value = valueAt(submission.data, pointer);
    if (field.kind === 'list' && isObjectList(value)) {
      const table = listTable(form, field, value, null, source);
      if (table) blocks.push(table);
      continue;
    }
    const paragraphs = answerText(field, value);
    if (paragraphs.length > 0)
      blocks.push({ kind: 'fact', label: field.label, paragraphs, source });
  }
  return blocks;
}

function tableBlocks(block: TableBlock, context: BuildContext): ModelBlock[] {
  const found = recorded(block.form, context);
  if (!found) return [];
  const { submission, form } = found;
  const field = form.fields.find((f) => f.pointer === block.field);
  const value = valueAt(submission.data, block.field);
  if (!field || !isObjectList(value)) return [];
  const table = listTable(form, field, value, block.columns, provenance(submission, form, context));
  return table ? [table] : [];
}

/** A list's items as a table, one column per item field (or the ones asked for). */
function listTable(
  form: FormVersionView,
  field: FormField,
  items: Record<string, unknown>[],
  columns: readonly string[] | null,
  source: Provenance,
): ModelBlock | null {
  if (items.length === 0) return null;
  const itemFields = form.fields.filter(
    (f) =>
      f.pointer.startsWith(`${field.pointer}/*/`) &&
      f.pointer.split('/').length === field.pointer.split('/').length + 2,
  );
  const shown = columns
    ? columns.flatMap((key) => itemFields.filter((f) => f.key === key))
    : itemFields;
  if (shown.length === 0) return null;
  return {
    kind: 'table',
    caption: field.label,
    columns: shown.map((f) => f.label),
    rows: items.map((item) => shown.map((f) => answerText(f, item[f.key]).join(' '))),
    source,
  };
}

function chronologyBlocks(block: ChronologyBlock, context: BuildContext): ModelBlock[] {
  const { input } = context;
  const since = block.lastDays
    ? addCalendarDays(calendarDate(input.issuedAt), -block.lastDays)
    : null;
  const kinds = block.kinds ? new Set(block.kinds) : null;
  const byId = new Map(input.submissions.map((s) => [s.id, s]));
  const rows: string[][] = [];
  for (const entry of input.chronology) {
    if (kinds && !kinds.has(entry.kind)) continue;
    const recordedOn = calendarDate(entry.at);
    if (since && recordedOn < since) continue;
    const submission =
      typeof entry.data.submissionId === 'string' ? byId.get(entry.data.submissionId) : undefined;
    const happened = (submission && happenedDate(submission, input.template)) ?? recordedOn;
    const reason =
      typeof entry.data.reason === 'string' ? ` Reason given: ${entry.data.reason}` : '';
    rows.push([
      longDate(happened),
      `${entry.summary}.${reason}`.replace(/\.\./g, '.'),
      `${entry.recordedBy}, ${longDate(recordedOn)}`,
    ]);
  }
  if (rows.length === 0) return [];
  const period = block.lastDays
    ? ` in the ${block.lastDays} days before ${context.values['document.date']}`
    : '';
  return [
    {
      kind: 'table',
      caption: `${rows.length} ${rows.length === 1 ? 'entry' : 'entries'} from the case chronology${period}, oldest first`,
      columns: ['When it happened', 'What happened', 'Recorded by, and when'],
      rows,
    },
  ];
}

function signOffBlocks(block: SignOffBlock, context: BuildContext): ModelBlock[] {
  const { input, values } = context;
  return [
    {
      kind: 'table',
      caption: 'Who prepared this document, and who signs it',
      columns: ['Role', 'Name', 'Signature', 'Date'],
      rows: [
        ['Prepared by', input.issuedBy, '', values['document.date']],
        ...block.signatories.map((who) => [who, '', '', '']),
      ],
    },
  ];
}

/** The value at a data pointer (/child/fullName), or undefined. */
function valueAt(data: unknown, pointer: string): unknown {
  let value = data;
  for (const key of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function isObjectList(value: unknown): value is Record<string, unknown>[] {
  return (
    Array.isArray(value) &&
    value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))
  );
}

/** An answer as the paragraphs a reader sees; none when nothing was answered. */
export function answerText(field: FormField, value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'boolean') return [value ? 'Yes' : 'No'];
  if (typeof value === 'number') return [String(value)];
  if (typeof value === 'string') {
    const choice = choiceTitle(field, value);
    if (choice) return [choice];
    if (field.kind === 'date' || /^\d{4}-\d{2}-\d{2}$/.test(value)) return [longDate(value)];
    return value
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
  }
  if (Array.isArray(value)) {
    const words = value.filter((v) => typeof v !== 'object' || v === null).map(String);
    return words.length > 0 ? [words.join(', ')] : [];
  }
  return [];
}

/** The words a choice's value stands for (its oneOf title), if the field gives any. */
function choiceTitle(field: FormField, value: string): string | null {
  const options = field.schema.oneOf ?? field.schema.anyOf;
  if (!Array.isArray(options)) return null;
  for (const option of options as unknown[]) {
    if (!isSchemaNode(option)) continue;
    if (option.const === value && typeof option.title === 'string') return option.title;
  }
  return null;
}
