/**
 * A document model as a Word document (docx): the title and section headings are Word's
 * Heading 1 and Heading 2 (so Word's navigation pane and screen readers list them), each
 * question a Heading 3, tables are Word tables with a repeating header row, the language is
 * en-GB, and each page's header and footer carry the case reference and the page number.
 */
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import {
  type DocumentModel,
  type ModelBlock,
  provenanceSentence,
} from '../../documents/document-model.ts';

const GREY = '4A4A4A';

/** The DOCX file's bytes. */
export function renderDocx(model: DocumentModel): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(model.title)] }),
    new Paragraph({ children: [new TextRun(`${model.childName} · ${model.caseReference}`)] }),
  ];
  for (const section of model.sections) {
    children.push(
      new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(section.heading)] }),
    );
    for (const block of section.blocks) children.push(...blockContent(block));
  }
  const doc = new Document({
    title: `${model.title}: ${model.childName}`,
    subject: `${model.title} for case ${model.caseReference}`,
    creator: model.issuedBy,
    description: `Issued ${model.issuedOn} from the case record.`,
    styles: {
      default: {
        document: { run: { font: 'DejaVu Sans', size: 21, language: { value: model.language } } },
      },
    },
    sections: [
      {
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                children: [
                  new TextRun({
                    text: `${model.title} · ${model.caseReference}`,
                    size: 17,
                    color: GREY,
                  }),
                ],
              }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    size: 17,
                    color: GREY,
                    children: [
                      `${model.caseReference} · Page `,
                      PageNumber.CURRENT,
                      ' of ',
                      PageNumber.TOTAL_PAGES,
                      ` · Issued ${model.issuedOn}`,
                    ],
                  }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

function note(text: string): Paragraph {
  return new Paragraph({ children: [new TextRun({ text, size: 17, color: GREY })] });
}

function blockContent(block: ModelBlock): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'paragraph':
      return [new Paragraph({ children: [new TextRun(block.text)] })];
    case 'empty':
      return [new Paragraph({ children: [new TextRun({ text: block.text, italics: true })] })];
    case 'fact':
      return [
        new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(block.label)] }),
        ...block.paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)] })),
        note(provenanceSentence(block.source)),
      ];
    case 'table': {
      const row = (cells: string[], header: boolean) =>
        new TableRow({
          // mammoth (and Word) read any tblHeader element as a header row, false or not.
          ...(header ? { tableHeader: true } : {}),
          children: cells.map(
            (text) =>
              new TableCell({
                children: [new Paragraph({ children: [new TextRun({ text, bold: header })] })],
              }),
          ),
        });
      return [
        note(block.caption),
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [row(block.columns, true), ...block.rows.map((r) => row(r, false))],
        }),
        ...(block.source ? [note(provenanceSentence(block.source))] : []),
      ];
    }
  }
}
