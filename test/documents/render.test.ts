import assert from 'node:assert/strict';
import type { DocumentModel } from '../../documents/document-model.ts';
import { renderDocx } from '../../server/documents/render-docx.ts';
import { renderHtml } from '../../server/documents/render-html.ts';
import { renderPdf } from '../../server/documents/render-pdf.ts';
import { docxHtml, pdfInfo, pdfStructure, pdfText } from './read-back.ts';

const EVIL = '<script>alert(1)</script> and <img src=x onerror=alert(2)>';

const model: DocumentModel = {
  title: 'Child protection conference report',
  language: 'en-GB',
  caseReference: 'CP-2026-000007',
  childName: 'Gwenllïan Ŵyn',
  issuedOn: '16 March 2026',
  issuedBy: 'Sam Worker',
  sources: { templateId: 'conference-report', templateVersion: 1, caseVersion: 4, submissions: [] },
  sections: [
    {
      heading: 'The child and family',
      blocks: [{ kind: 'paragraph', text: 'Gwenllïan Ŵyn, born 1 May 2017.' }],
    },
    {
      heading: 'Analysis of harm and strengths',
      blocks: [
        {
          kind: 'fact',
          label: 'What are we worried about?',
          paragraphs: [EVIL],
          source: {
            form: 'Assessment',
            recordedBy: 'Sam Worker',
            recordedOn: '14 March 2026',
            happenedOn: '10 March 2026',
          },
        },
      ],
    },
    {
      heading: 'Chronology of significant events',
      blocks: [
        {
          kind: 'table',
          caption: '1 entry from the case chronology, oldest first',
          columns: ['When it happened', 'What happened', 'Recorded by, and when'],
          rows: [['10 March 2026', 'Contact and referral submitted.', 'Sam Worker, 10 March 2026']],
        },
      ],
    },
    {
      heading: 'The proposed plan',
      blocks: [{ kind: 'empty', text: 'No child protection plan has been recorded yet.' }],
    },
  ],
};
// Long enough for several pages, so every page's furniture is checked.
for (let i = 0; i < 60; i++)
  (model.sections[2]!.blocks[0] as { rows: string[][] }).rows.push([
    `${i + 1} March 2026`,
    `Entry ${i}`,
    'Sam Worker, 1 April 2026',
  ]);

describe('document renderers', function () {
  this.timeout(30_000);

  it('writes HTML with every word escaped, the language and the title', () => {
    const html = renderHtml(model);
    assert.ok(html.startsWith('<!doctype html><html lang="en-GB">'));
    assert.ok(html.includes('<title>Child protection conference report: Gwenllïan Ŵyn</title>'));
    assert.ok(
      html.includes('&lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=x onerror=alert(2)&gt;'),
    );
    assert.ok(!html.includes('<script') && !html.includes('<img'));
    assert.ok(html.includes('<h2>Chronology of significant events</h2>'));
    assert.ok(html.includes('<th scope="col">When it happened</th>'));
  });

  it('writes a tagged PDF 1.7 with a title, en-GB, headings, tables, and the reference and page on each page', async () => {
    const bytes = await renderPdf(model);
    const info = pdfInfo(bytes);
    assert.equal(info.Tagged, 'yes');
    assert.equal(info['PDF version'], '1.7');
    assert.equal(info.Title, 'Child protection conference report: Gwenllïan Ŵyn');
    assert.equal(info.Lang, 'en-GB');
    assert.ok(Number(info.Pages) >= 2, `pages: ${info.Pages}`);
    assert.match(bytes.toString('latin1'), /\/DisplayDocTitle true/);
    const structure = pdfStructure(bytes);
    for (const element of [
      'Document',
      'H1 (block)',
      'H2 (block)',
      'H3 (block)',
      'P (block)',
      'TR',
      'TH',
      'TD',
    ])
      assert.ok(
        structure.some((l) => l.startsWith(element)),
        `${element} in ${structure.slice(0, 12).join(', ')}`,
      );
    assert.ok(structure.some((l) => l.startsWith('Table')));
    const text = pdfText(bytes);
    assert.ok(text.includes(EVIL), 'markup is text in the PDF');
    assert.ok(text.includes('Gwenllïan Ŵyn'), 'Welsh letters survive (bundled DejaVu Sans)');
    const pages = text.split('\f').filter((p) => p.trim());
    assert.equal(pages.length, Number(info.Pages));
    pages.forEach((page, i) => {
      assert.ok(
        page.includes(`CP-2026-000007 · Page ${i + 1} of ${pages.length}`),
        `page ${i + 1}`,
      );
    });
  });

  it('writes a DOCX whose headings are Word headings and whose tables are Word tables', async () => {
    const html = await docxHtml(await renderDocx(model));
    assert.ok(html.includes('<h1>Child protection conference report</h1>'));
    for (const heading of model.sections.map((s) => s.heading))
      assert.ok(html.includes(`<h2>${heading}</h2>`), heading);
    assert.ok(html.includes('<h3>What are we worried about?</h3>'));
    assert.match(
      html,
      /<table><thead><tr><th><p><strong>When it happened<\/strong><\/p><\/th>.*<\/tr><\/thead><tbody><tr><td><p>10 March 2026<\/p><\/td>/,
    );
    assert.ok(
      html.includes('&lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=x onerror=alert(2)&gt;'),
    );
    assert.ok(!html.includes('<script') && !html.includes('<img'));
  });
});
