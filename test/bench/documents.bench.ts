/**
 * Documents benchmark: the conference report for a case with 200 chronology entries and 8
 * submitted forms, built (documents/build-model.ts) and rendered to PDF and to DOCX, beside a
 * baseline in the same run: the same libraries (pdfkit with the same bundled fonts, docx)
 * writing a document of the same size (the same headings, paragraphs and table rows, already
 * flat) with no template logic, no model and no tagging.
 * Targets: PDF under 500 ms, DOCX under 300 ms.
 *
 * npm run bench:documents     (or: npx tsx test/bench/documents.bench.ts)
 */
import os from 'node:os';
import {
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';
import PDFDocument from 'pdfkit';
import {
  buildDocumentModel,
  type ChronologyItem,
  type DocumentInput,
  type FormVersionView,
  formVersionKey,
  type SubmittedAnswers,
} from '../../documents/build-model.ts';
import { type DocumentModel, provenanceSentence } from '../../documents/document-model.ts';
import { documentFontFiles } from '../../server/documents/fonts.ts';
import { renderDocx } from '../../server/documents/render-docx.ts';
import { renderPdf } from '../../server/documents/render-pdf.ts';
import { readTemplates } from '../../server/documents/template-files.ts';
import { loadChildProtectionPack } from '../packs/child-protection-pack.ts';
import { type PackFormId, sampleFormIds, sampleSubmission } from '../packs/sample-data.ts';
import { median, printTable } from './table.ts';

const WARM_UP = 3;
const ROUNDS = 15;

const pack = loadChildProtectionPack();
const template = (await readTemplates()).get('conference-report')!;

function benchInput(): DocumentInput {
  const forms = new Map<string, FormVersionView>();
  for (const form of pack.forms.values())
    forms.set(formVersionKey(form.id, form.version), {
      id: form.id,
      version: form.version,
      title: form.title,
      fields: form.fields,
    });
  const submissions: SubmittedAnswers[] = sampleFormIds.map((formId, i) => ({
    id: `submission-${i}`,
    formId,
    formVersion: 1,
    data: sampleSubmission(formId as PackFormId) as Record<string, unknown>,
    recordedBy: 'Sam Worker',
    recordedAt: new Date(Date.UTC(2026, 1, 1 + i * 5, 10)).toISOString(),
  }));
  const chronology: ChronologyItem[] = Array.from({ length: 200 }, (_, i) => {
    const submission = submissions[i % submissions.length]!;
    return {
      seq: i + 1,
      kind: i % 3 === 0 ? 'submission' : 'event',
      at: new Date(Date.UTC(2026, 0, 1) + i * 9 * 3_600_000).toISOString(),
      recordedBy: i % 2 ? 'Sam Worker' : 'Morgan Manager',
      summary:
        i % 3 === 0
          ? `${submission.formId} submitted`
          : `Visit ${i}: the child was seen at home and spoke about school`,
      data: i % 3 === 0 ? { submissionId: submission.id } : {},
    };
  });
  return {
    template,
    case: {
      reference: 'CP-2026-000200',
      version: 240,
      childName: 'Jayden Clarke',
      dateOfBirth: '2019-05-14',
      stageTitle: 'Child protection plan',
      team: 'north',
      worker: 'Sam Worker',
    },
    submissions,
    forms,
    chronology,
    issuedBy: 'Sam Worker',
    issuedAt: '2026-03-16T09:00:00.000Z',
  };
}

/** The model's words, flat: what the baseline writes, with no logic between it and the library. */
type Flat = { heading?: [1 | 2 | 3, string]; text?: string; table?: string[][] };

function flatten(model: DocumentModel): Flat[] {
  const out: Flat[] = [
    { heading: [1, model.title] },
    { text: `${model.childName} · ${model.caseReference}` },
  ];
  for (const section of model.sections) {
    out.push({ heading: [2, section.heading] });
    for (const block of section.blocks) {
      if (block.kind === 'paragraph' || block.kind === 'empty') out.push({ text: block.text });
      else if (block.kind === 'fact') {
        out.push({ heading: [3, block.label] }, ...block.paragraphs.map((text) => ({ text })), {
          text: provenanceSentence(block.source),
        });
      } else out.push({ text: block.caption }, { table: [block.columns, ...block.rows] });
    }
  }
  return out;
}

function baselinePdf(flat: Flat[]): Promise<Buffer> {
  const fonts = documentFontFiles;
  const doc = new PDFDocument({ size: 'A4', margin: 56 });
  doc.registerFont(fonts.regular, fonts.regular);
  doc.registerFont(fonts.bold, fonts.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
  });
  const sizes = { 1: 18, 2: 14, 3: 11 } as const;
  for (const item of flat) {
    if (item.heading) doc.font(fonts.bold).fontSize(sizes[item.heading[0]]).text(item.heading[1]);
    else if (item.text) doc.font(fonts.regular).fontSize(11).text(item.text);
    else if (item.table) {
      doc.font(fonts.regular).fontSize(9.5);
      doc.table({ data: item.table });
    }
  }
  doc.end();
  return done;
}

function baselineDocx(flat: Flat[]): Promise<Buffer> {
  const levels = {
    1: HeadingLevel.HEADING_1,
    2: HeadingLevel.HEADING_2,
    3: HeadingLevel.HEADING_3,
  } as const;
  const children = flat.map((item) => {
    if (item.heading)
      return new Paragraph({
        heading: levels[item.heading[0]],
        children: [new TextRun(item.heading[1])],
      });
    if (item.table)
      return new Table({
        rows: item.table.map(
          (row) =>
            new TableRow({
              children: row.map((text) => new TableCell({ children: [new Paragraph(text)] })),
            }),
        ),
      });
    return new Paragraph({ children: [new TextRun(item.text ?? '')] });
  });
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

async function time(
  op: () => Promise<unknown> | unknown,
): Promise<{ median: number; worst: number }> {
  for (let i = 0; i < WARM_UP; i++) await op();
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.hrtime.bigint();
    await op();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { median: median(times), worst: Math.max(...times) };
}

const input = benchInput();
const model = buildDocumentModel(input);
const flat = flatten(model);
const chronologyRows = model.sections
  .flatMap((s) => s.blocks)
  .filter((b) => b.kind === 'table')
  .reduce((n, b) => n + (b.kind === 'table' ? b.rows.length : 0), 0);
const pdfBytes = (await renderPdf(model)).length;
const docxBytes = (await renderDocx(model)).length;
const basePdfBytes = (await baselinePdf(flat)).length;
const baseDocxBytes = (await baselineDocx(flat)).length;

const rows: (string | number)[][] = [];
const add = (
  what: string,
  t: { median: number; worst: number },
  bytes: number | string,
  target: string,
) =>
  rows.push([
    what,
    t.median.toFixed(1),
    t.worst.toFixed(1),
    typeof bytes === 'number' ? `${Math.round(bytes / 1024)} KB` : bytes,
    target,
  ]);

add(
  'model: build from template, 8 forms, 200 entries',
  await time(() => buildDocumentModel(input)),
  '-',
  '-',
);
add(
  'PDF: build + render (tagged, fonts, furniture)',
  await time(() => renderPdf(buildDocumentModel(input))),
  pdfBytes,
  '< 500 ms',
);
add(
  'PDF baseline: pdfkit, same words, no template',
  await time(() => baselinePdf(flat)),
  basePdfBytes,
  '-',
);
add(
  'DOCX: build + render',
  await time(() => renderDocx(buildDocumentModel(input))),
  docxBytes,
  '< 300 ms',
);
add(
  'DOCX baseline: docx, same words, no template',
  await time(() => baselineDocx(flat)),
  baseDocxBytes,
  '-',
);

console.log(
  `Conference report: ${model.sections.length} sections, ${flat.length} flat items, ${chronologyRows} table rows; ${ROUNDS} rounds after ${WARM_UP} warm-up; load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}\n`,
);
printTable(['what', 'median ms', 'worst ms', 'size', 'target'], rows);
