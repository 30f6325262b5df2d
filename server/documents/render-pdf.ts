/**
 * A document model as a tagged PDF (PDF 1.7, the structure PDF/UA asks for): headings,
 * paragraphs and tables are structure elements in reading order, the language is en-GB, the
 * title shows in the viewer's title bar, and each page carries the case reference and its
 * number as artifacts. pdfkit writes it in Node with no browser; the fonts are bundled.
 */
import PDFDocument from 'pdfkit';
import {
  type DocumentModel,
  type ModelBlock,
  provenanceSentence,
} from '../../documents/document-model.ts';
import { documentFontFiles } from './fonts.ts';

const MARGIN = 56;
const BODY = documentFontFiles.regular;
const BOLD = documentFontFiles.bold;
const GREY = '#4a4a4a';
const INK = '#1b1b1b';

type Pdf = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

/** The PDF's bytes. */
export function renderPdf(model: DocumentModel): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN + 14, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
    tagged: true,
    pdfVersion: '1.7',
    lang: model.language,
    displayTitle: true,
    bufferPages: true,
    info: {
      Title: `${model.title}: ${model.childName}`,
      Subject: `${model.title} for case ${model.caseReference}`,
      Author: model.issuedBy,
      Creator: 'Lowform',
    },
  });
  // Registered under their own paths: see fonts.ts.
  doc.registerFont(BODY, BODY);
  doc.registerFont(BOLD, BOLD);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  write(doc, root, 'H1', model.title, { font: BOLD, size: 18 });
  write(doc, root, 'P', `${model.childName} · ${model.caseReference}`, { size: 11, gap: 0.6 });
  for (const section of model.sections) {
    keepWithNext(doc, 80);
    write(doc, root, 'H2', section.heading, { font: BOLD, size: 14, before: 0.8, gap: 0.3 });
    for (const block of section.blocks) writeBlock(doc, root, block);
  }
  root.end();
  pageFurniture(doc, model);
  doc.end();
  return done;
}

interface TextStyle {
  font?: typeof BODY | typeof BOLD;
  size?: number;
  color?: string;
  /** Lines of space before and after. */
  before?: number;
  gap?: number;
}

function write(doc: Pdf, parent: Struct, type: string, text: string, style: TextStyle = {}) {
  if (style.before) doc.moveDown(style.before);
  doc
    .font(style.font ?? BODY)
    .fontSize(style.size ?? 11)
    .fillColor(style.color ?? INK);
  doc.text(text, MARGIN, doc.y, {
    width: doc.page.width - 2 * MARGIN,
    structParent: parent,
    structType: type,
  } as PDFKit.Mixins.TextOptions);
  doc.moveDown(style.gap ?? 0.3);
}

/** Starts a new page when less than `points` is left, so a heading never ends a page. */
function keepWithNext(doc: Pdf, points: number) {
  if (doc.y + points > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function writeBlock(doc: Pdf, root: Struct, block: ModelBlock) {
  switch (block.kind) {
    case 'paragraph':
      write(doc, root, 'P', block.text);
      return;
    case 'empty':
      write(doc, root, 'P', block.text, { color: GREY });
      return;
    case 'fact':
      keepWithNext(doc, 50);
      write(doc, root, 'H3', block.label, { font: BOLD, size: 11, before: 0.3, gap: 0.1 });
      for (const p of block.paragraphs) write(doc, root, 'P', p, { gap: 0.2 });
      write(doc, root, 'P', provenanceSentence(block.source), { size: 9, color: GREY });
      return;
    case 'table':
      keepWithNext(doc, 60);
      write(doc, root, 'Caption', block.caption, { size: 9, color: GREY, gap: 0.2 });
      writeTable(doc, root, block.columns, block.rows);
      doc.x = MARGIN;
      doc.moveDown(0.4);
      if (block.source)
        write(doc, root, 'P', provenanceSentence(block.source), { size: 9, color: GREY });
      return;
  }
}

const CELL_PADDING = 4;
const TABLE_SIZE = 9.5;

/**
 * A table drawn row by row: a Table structure element with a TR per row and a TH (scope
 * Column) or TD per cell; borders, shading and the header row repeated at the top of a new page
 * are artifacts. Drawn here rather than with pdfkit's table, which costs a font look-up per cell.
 */
function writeTable(doc: Pdf, root: Struct, columns: string[], rows: string[][]) {
  const table = doc.struct('Table');
  root.add(table);
  const width = doc.page.width - 2 * MARGIN;
  const widths = columns.map(() => width / columns.length);
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(TABLE_SIZE);
    const inner = cells.map((c, i) =>
      doc.heightOfString(c || ' ', { width: widths[i]! - 2 * CELL_PADDING }),
    );
    return Math.max(...inner) + 2 * CELL_PADDING;
  };
  const headerHeight = rowHeight(columns, BOLD);
  const drawRow = (cells: string[], header: boolean, tagged: boolean, height: number) => {
    const top = doc.y;
    let x = MARGIN;
    const tr = tagged ? doc.struct('TR') : null;
    if (tr) table.add(tr);
    cells.forEach((text, i) => {
      const w = widths[i]!;
      doc.markContent('Artifact');
      if (header) doc.rect(x, top, w, height).fill('#eeeeee');
      doc.lineWidth(0.5).rect(x, top, w, height).stroke('#999999');
      doc.endMarkedContent();
      const draw = () => {
        doc
          .font(header ? BOLD : BODY)
          .fontSize(TABLE_SIZE)
          .fillColor(INK);
        doc.text(text, x + CELL_PADDING, top + CELL_PADDING, { width: w - 2 * CELL_PADDING });
      };
      if (tr) {
        // pdfkit writes `scope` as the cell's Table attribute; @types/pdfkit does not list it.
        const scope = (header ? { scope: 'Column' } : {}) as PDFKit.Mixins.StructureElementOptions;
        const cell = doc.struct(header ? 'TH' : 'TD', scope);
        tr.add(cell);
        cell.add(draw);
        cell.end();
      } else {
        doc.markContent('Artifact');
        draw();
        doc.endMarkedContent();
      }
      x += w;
    });
    tr?.end();
    doc.x = MARGIN;
    doc.y = top + height;
  };
  drawRow(columns, true, true, headerHeight);
  for (const row of rows) {
    const height = rowHeight(row, BODY);
    if (doc.y + height > bottom()) {
      doc.addPage();
      drawRow(columns, true, false, headerHeight);
    }
    drawRow(row, false, true, height);
  }
  table.end();
}

/** The case reference at the top and "Page n of m" at the foot of every page, as artifacts. */
function pageFurniture(doc: Pdf, model: DocumentModel) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { bottom } = doc.page.margins;
    doc.page.margins.bottom = 0;
    const width = doc.page.width - 2 * MARGIN;
    doc.font(BODY).fontSize(8.5).fillColor(GREY);
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.text(`${model.title} · ${model.caseReference}`, MARGIN, MARGIN - 10, {
      width,
      lineBreak: false,
    });
    doc.text(
      `${model.caseReference} · Page ${i - range.start + 1} of ${range.count} · Issued ${model.issuedOn}`,
      MARGIN,
      doc.page.height - MARGIN,
      { width, align: 'center', lineBreak: false },
    );
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
}
