import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  UnderlineType,
  WidthType,
  type IBorderOptions,
} from "docx";
import type { Block, DocumentModel, Signature } from "./model.js";

/** The same document model as the PDF, as a Word file a secretary can still adjust (Times New Roman). */

const TWIP_PER_MM = 1440 / 25.4;
const A4 = { width: 11906, height: 16838 };
const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
const LINE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: "000000" };

interface RunOpts {
  size: number;
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
}

export async function renderDocx(model: DocumentModel): Promise<Buffer> {
  const { layout } = model;
  const { sizes } = layout;
  const font = layout.fontFamily;
  const m = layout.page.marginsMm;
  const contentWidth = Math.round(A4.width - (m.left + m.right) * TWIP_PER_MM);
  const line = Math.round(layout.lineSpacing * 240);
  const after = Math.round(layout.paragraphAfterPt * 20);
  const indent = Math.round(layout.firstLineIndentMm * TWIP_PER_MM);

  const run = (text: string, o: RunOpts) =>
    new TextRun({
      text,
      font,
      size: o.size * 2,
      bold: o.bold,
      italics: o.italics,
      underline: o.underline ? { type: UnderlineType.SINGLE } : undefined,
    });
  const para = (
    text: string,
    o: RunOpts & {
      align?: (typeof AlignmentType)[keyof typeof AlignmentType];
      indent?: boolean;
      after?: number;
      before?: number;
    },
  ) =>
    new Paragraph({
      alignment: o.align ?? AlignmentType.JUSTIFIED,
      spacing: { line, lineRule: LineRuleType.AUTO, after: o.after ?? after, before: o.before ?? 0 },
      indent: o.indent ? { firstLine: indent } : undefined,
      children: [run(text, o)],
    });
  const center = (text: string, o: RunOpts) => para(text, { ...o, align: AlignmentType.CENTER, after: 0 });
  const cell = (children: Paragraph[], width: number, borders = true) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      borders: borders
        ? { top: LINE, bottom: LINE, left: LINE, right: LINE }
        : { top: NONE, bottom: NONE, left: NONE, right: NONE },
      margins: borders ? { top: 60, bottom: 60, left: 80, right: 80 } : undefined,
      children,
    });
  const layoutTable = (widths: number[], columns: Paragraph[][]) =>
    new Table({
      width: { size: contentWidth, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: NO_BORDERS,
      rows: [new TableRow({ cantSplit: true, children: columns.map((c, i) => cell(c, widths[i]!, false)) })],
    });

  // Header: level above, issuer, "*", number | party name (underlined), place and date.
  const leftW = Math.round(contentWidth * 0.46);
  const rightW = contentWidth - leftW;
  const left: Paragraph[] = [];
  if (model.header.superior) left.push(center(model.header.superior.toLocaleUpperCase("vi"), { size: sizes.superior }));
  left.push(center(model.header.issuer.toLocaleUpperCase("vi"), { size: sizes.issuer, bold: true }));
  left.push(center("*", { size: sizes.issuer }));
  left.push(center(model.numberLine, { size: sizes.number }));
  const right: Paragraph[] = [
    center(layout.partyName, { size: sizes.partyHeader, bold: true, underline: true }),
    center("", { size: sizes.placeDate }),
    ...(model.header.superior ? [center("", { size: sizes.placeDate })] : []),
    center(model.placeDate, { size: sizes.placeDate, italics: true }),
  ];
  const children: (Paragraph | Table)[] = [
    layoutTable([leftW, rightW], [left, right]),
    center("", { size: sizes.body }),
  ];

  if (model.draft) children.push(center("DỰ THẢO", { size: sizes.summary, bold: true }));
  children.push(center(model.typeName, { size: sizes.type, bold: true }));
  if (model.summary) children.push(center(model.summary, { size: sizes.summary, bold: true }));
  children.push(para(layout.separator, { size: sizes.summary, align: AlignmentType.CENTER }));

  for (const block of model.body) children.push(...blockToDocx(block));

  // Recipients | signature, or two signatures side by side (minutes).
  const sigParas = (s: Signature) => [
    ...(s.authority ? [center(s.authority, { size: sizes.signature, bold: true })] : []),
    center(s.title, { size: sizes.signature, bold: true }),
    center("", { size: sizes.signature }),
    center("", { size: sizes.signature }),
    center("", { size: sizes.signature }),
    center(s.name, { size: sizes.signature, bold: true }),
  ];
  const closeLeft = Math.round(contentWidth * 0.45);
  const closeRight = contentWidth - closeLeft;
  let leftCol: Paragraph[] = [new Paragraph("")];
  if (model.signatures.length >= 2) leftCol = sigParas(model.signatures[0]!);
  else if (model.recipients)
    leftCol = [
      new Paragraph({
        children: [
          run(layout.recipients.label, { size: sizes.recipientsLabel, bold: true, italics: true, underline: true }),
        ],
      }),
      ...model.recipients.map((r) => new Paragraph({ children: [run(r, { size: sizes.recipients })] })),
    ];
  const rightSig = model.signatures.length >= 2 ? model.signatures[1]! : model.signatures[0];
  children.push(center("", { size: sizes.body }));
  children.push(layoutTable([closeLeft, closeRight], [leftCol, rightSig ? sigParas(rightSig) : [new Paragraph("")]]));

  function blockToDocx(block: Block): (Paragraph | Table)[] {
    if (block.kind === "heading") return [para(block.text, { size: sizes.body, bold: true, before: 60 })];
    if (block.kind === "paragraph")
      return [
        new Paragraph({
          alignment:
            block.align === "center"
              ? AlignmentType.CENTER
              : block.align === "left"
                ? AlignmentType.LEFT
                : AlignmentType.JUSTIFIED,
          spacing: { line, lineRule: LineRuleType.AUTO, after },
          indent: block.indent === false ? undefined : { firstLine: indent },
          children: block.spans.map((s) => run(s.text, { size: sizes.body, bold: s.bold, italics: s.italic })),
        }),
      ];
    if (block.kind === "list")
      return block.items.map((item, i) =>
        para(`${block.ordered ? `${i + 1}.` : "-"} ${item}`, { size: sizes.body, indent: true }),
      );
    const n = block.header.length;
    const weights = block.widths && block.widths.length === n ? block.widths : block.header.map(() => 1);
    const total = weights.reduce((a, b) => a + b, 0);
    const widths = weights.map((x) => Math.floor((contentWidth * x) / total));
    const tableRow = (cells: string[], header: boolean) =>
      new TableRow({
        tableHeader: header,
        children: cells.map((c, i) =>
          cell(
            [
              new Paragraph({
                alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT,
                children: [run(c, { size: sizes.table, bold: header })],
              }),
            ],
            widths[i]!,
          ),
        ),
      });
    return [
      new Table({
        width: { size: contentWidth, type: WidthType.DXA },
        columnWidths: widths,
        layout: TableLayoutType.FIXED,
        rows: [tableRow(block.header, true), ...block.rows.map((r) => tableRow(r, false))],
      }),
      new Paragraph({ spacing: { after }, children: [] }),
    ];
  }

  const doc = new Document({
    creator: "chibo",
    title: `${model.typeName} ${model.summary}`.trim(),
    styles: { default: { document: { run: { font, size: sizes.body * 2 } } } },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: A4.width, height: A4.height },
            margin: {
              top: Math.round(m.top * TWIP_PER_MM),
              bottom: Math.round(m.bottom * TWIP_PER_MM),
              left: Math.round(m.left * TWIP_PER_MM),
              right: Math.round(m.right * TWIP_PER_MM),
            },
          },
        },
        // 36-HD: page numbers from the second page, top centre.
        headers: {
          first: new Header({ children: [new Paragraph("")] }),
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT], font, size: (sizes.body - 1) * 2 })],
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
