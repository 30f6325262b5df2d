import assert from 'node:assert/strict';
import { checkTemplate } from '../../documents/check-template.ts';
import {
  addSection,
  describeBlock,
  moveSection,
  removeSection,
  renameSection,
  setAnswerFields,
  setChronologyKinds,
  setChronologyPeriod,
  setEmptySentence,
} from '../../documents/edit-template.ts';
import type { DocumentTemplate } from '../../schemas/generated/document-template.ts';
import { readTemplates } from '../../server/documents/template-files.ts';
import { loadChildProtectionPack } from '../packs/child-protection-pack.ts';

describe('template edits', () => {
  const forms = loadChildProtectionPack().forms;
  let report: DocumentTemplate;
  before(async () => {
    report = (await readTemplates()).get('conference-report')!;
  });
  const headings = (t: DocumentTemplate) => t.sections.map((s) => s.heading);

  it('adds, renames, moves and removes sections without changing the template it is given', () => {
    const before = JSON.stringify(report);
    const added = addSection(
      report,
      '  Health  ',
      { type: 'answers', form: 'assessment', fields: ['/childSeenOn'] },
      0,
    );
    assert.deepEqual(headings(added).slice(0, 3), [
      'The child and family',
      'Health',
      'The reason for the conference',
    ]);
    const renamed = renameSection(added, 1, 'Health and development');
    assert.equal(renamed.sections[1]!.heading, 'Health and development');
    const moved = moveSection(renamed, 1, -1);
    assert.deepEqual(headings(moved).slice(0, 2), [
      'Health and development',
      'The child and family',
    ]);
    assert.equal(moveSection(moved, 0, -1), moved, 'the first section cannot go higher');
    const removed = removeSection(moved, 0);
    assert.deepEqual(headings(removed), headings(report));
    assert.equal(JSON.stringify(report), before);
    assert.deepEqual(checkTemplate(renamed, forms), []);
  });

  it('refuses an edit that would leave the template unusable, saying why', () => {
    assert.throws(() => renameSection(report, 0, '   '), /A section needs a heading\./);
    assert.throws(() => renameSection(report, 99, 'X'), /There is no section 100\./);
    const one = { ...report, sections: [report.sections[0]!] } as DocumentTemplate;
    assert.throws(() => removeSection(one, 0), /at least one section/);
    assert.throws(() => setAnswerFields(report, 0, 1, []), /at least one field/);
    assert.throws(() => setChronologyKinds(report, 0, 1, ['event']), /Only a chronology block/);
    assert.throws(() => setChronologyPeriod(report, 6, 0, 0), /whole number of days/);
  });

  it('chooses the fields, chronology kinds and period a block shows, and says so in words', () => {
    const chronology = report.sections.findIndex((s) => s.blocks[0]!.type === 'chronology');
    const fewer = setAnswerFields(report, 0, 1, ['/address']);
    assert.equal(
      describeBlock(fewer.sections[0]!.blocks[1]!, forms),
      "Answers from Contact and referral: Family's home address.",
    );
    const kinds = setChronologyPeriod(
      setChronologyKinds(report, chronology, 0, ['event', 'document']),
      chronology,
      0,
      90,
    );
    assert.equal(
      describeBlock(kinds.sections[chronology]!.blocks[0]!, forms),
      'The chronology: actions taken, documents issued, the last 90 days.',
    );
    const all = setChronologyPeriod(
      setChronologyKinds(kinds, chronology, 0, []),
      chronology,
      0,
      null,
    );
    assert.equal(
      describeBlock(all.sections[chronology]!.blocks[0]!, forms),
      'The chronology: every entry, the whole case.',
    );
    assert.equal(
      describeBlock(report.sections[0]!.blocks[2]!, forms),
      'A table of Who lives in the household from Contact and referral.',
    );
    assert.deepEqual(checkTemplate(kinds, forms), []);
    // A field the form does not have is the template check's to find.
    const unknown = setAnswerFields(report, 0, 1, ['/favouriteColour']);
    assert.deepEqual(
      checkTemplate(unknown, forms).map((f) => f.message),
      ['Contact and referral has no field /favouriteColour.'],
    );
  });

  it('sets and clears the sentence an empty section shows', () => {
    const set = setEmptySentence(report, 1, ' No enquiry yet. ');
    assert.equal(set.sections[1]!.empty, 'No enquiry yet.');
    assert.equal('empty' in setEmptySentence(set, 1, '').sections[1]!, false);
  });
});
