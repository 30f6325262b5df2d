/**
 * A template editor's edits, as pure functions on a document template, in the form designer's
 * way (forms/edit-form.ts): each returns a new template and never changes the one it is given,
 * so undo and redo are a stack of templates. Sections are addressed by index, blocks by section
 * and index. What an edit would break (an unknown field, no section left) is refused with an
 * Error that says why; checkTemplate judges the result against the forms.
 */
import type { Block, DocumentTemplate, Section } from '../schemas/generated/document-template.ts';

/** The chronology's kinds of entry, in the words the editor shows. */
export const chronologyKindWords: Record<string, string> = {
  case: 'the case opening and changing',
  event: 'actions taken',
  submission: 'forms submitted',
  'sign-off': 'sign-offs',
  document: 'documents issued',
};

function copy(template: DocumentTemplate): DocumentTemplate {
  return JSON.parse(JSON.stringify(template)) as DocumentTemplate;
}

function sectionAt(template: DocumentTemplate, index: number): Section {
  const section = template.sections[index];
  if (!section) throw new Error(`There is no section ${index + 1}.`);
  return section;
}

function blockAt(template: DocumentTemplate, section: number, index: number): Block {
  const block = sectionAt(template, section).blocks[index];
  if (!block) throw new Error(`Section ${section + 1} has no block ${index + 1}.`);
  return block;
}

function heading(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new Error('A section needs a heading.');
  return trimmed;
}

/** Adds a section with a heading and one block, after `after` (at the end by default). */
export function addSection(
  template: DocumentTemplate,
  title: string,
  block: Block,
  after = template.sections.length - 1,
): DocumentTemplate {
  const next = copy(template);
  next.sections.splice(after + 1, 0, { heading: heading(title), blocks: [block] });
  return next;
}

/** Renames a section. */
export function renameSection(
  template: DocumentTemplate,
  index: number,
  title: string,
): DocumentTemplate {
  const next = copy(template);
  sectionAt(next, index).heading = heading(title);
  return next;
}

/** Moves a section one place up (-1) or down (1); at either end it stays where it is. */
export function moveSection(
  template: DocumentTemplate,
  index: number,
  by: -1 | 1,
): DocumentTemplate {
  sectionAt(template, index);
  const to = index + by;
  if (to < 0 || to >= template.sections.length) return template;
  const next = copy(template);
  const [moved] = next.sections.splice(index, 1);
  next.sections.splice(to, 0, moved!);
  return next;
}

/** Removes a section; a template keeps at least one. */
export function removeSection(template: DocumentTemplate, index: number): DocumentTemplate {
  sectionAt(template, index);
  if (template.sections.length === 1) throw new Error('A template needs at least one section.');
  const next = copy(template);
  next.sections.splice(index, 1);
  return next;
}

/** Sets the sentence a section shows when nothing is recorded for it (empty: the default). */
export function setEmptySentence(
  template: DocumentTemplate,
  index: number,
  sentence: string,
): DocumentTemplate {
  const next = copy(template);
  const section = sectionAt(next, index);
  if (sentence.trim()) section.empty = sentence.trim();
  else delete section.empty;
  return next;
}

/** Chooses the fields an answers block shows, in order (at least one). */
export function setAnswerFields(
  template: DocumentTemplate,
  section: number,
  index: number,
  fields: readonly string[],
): DocumentTemplate {
  if (blockAt(template, section, index).type !== 'answers')
    throw new Error('Only a block of answers shows form fields.');
  if (fields.length === 0) throw new Error('Choose at least one field, or remove the block.');
  const next = copy(template);
  const block = blockAt(next, section, index);
  if (block.type === 'answers') block.fields = [...fields] as [string, ...string[]];
  return next;
}

/** Chooses the kinds of entry a chronology block shows (none chosen: every kind). */
export function setChronologyKinds(
  template: DocumentTemplate,
  section: number,
  index: number,
  kinds: readonly string[],
): DocumentTemplate {
  if (blockAt(template, section, index).type !== 'chronology')
    throw new Error('Only a chronology block shows kinds of entry.');
  const next = copy(template);
  const block = blockAt(next, section, index);
  if (block.type !== 'chronology') return next;
  if (kinds.length === 0) delete block.kinds;
  else block.kinds = [...kinds] as [string, ...string[]];
  return next;
}

/** Sets how many days before the document's date a chronology block reaches (null: all). */
export function setChronologyPeriod(
  template: DocumentTemplate,
  section: number,
  index: number,
  lastDays: number | null,
): DocumentTemplate {
  if (blockAt(template, section, index).type !== 'chronology')
    throw new Error('Only a chronology block has a period.');
  if (lastDays !== null && (!Number.isInteger(lastDays) || lastDays < 1))
    throw new Error('The period is a whole number of days, 1 or more.');
  const next = copy(template);
  const block = blockAt(next, section, index);
  if (block.type !== 'chronology') return next;
  if (lastDays === null) delete block.lastDays;
  else block.lastDays = lastDays;
  return next;
}

/** What a block shows, in a sentence, with the forms' titles and labels. */
export function describeBlock(
  block: Block,
  forms: ReadonlyMap<
    string,
    { title: string; fields: readonly { pointer: string; label: string }[] }
  >,
): string {
  const label = (formId: string, pointer: string) =>
    forms.get(formId)?.fields.find((f) => f.pointer === pointer)?.label ?? pointer;
  const title = (formId: string) => forms.get(formId)?.title ?? formId;
  switch (block.type) {
    case 'text':
      return `Text: ${block.text}`;
    case 'answers':
      return `Answers from ${title(block.form)}: ${block.fields.map((f) => label(block.form, f)).join('; ')}.`;
    case 'table':
      return `A table of ${label(block.form, block.field)} from ${title(block.form)}.`;
    case 'chronology': {
      const kinds = block.kinds
        ? block.kinds.map((k) => chronologyKindWords[k] ?? k).join(', ')
        : 'every entry';
      const period = block.lastDays ? `, the last ${block.lastDays} days` : ', the whole case';
      return `The chronology: ${kinds}${period}.`;
    }
    case 'signOff':
      return `Sign-off by ${block.signatories.join(', ')}.`;
  }
}
