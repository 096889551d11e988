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
import { textWidth } from "./fonts.js";
import { fitHeaderLine, listLabel, type Block, type DocumentModel, type Signature } from "./model.js";

/** The same document model as the PDF, as a Word file a secretary can still adjust (Times New Roman). */

const TWIP_PER_MM = 1440 / 25.4;
const A4 = { width: 11906, height: 16838 };
const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
const LINE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
const TWIP_PER_PT = 20;
/** Points kept free in a fitted header line, for the small differences between Word's and Tinos's metrics. */
const FIT_SLACK_PT = 2;

interface RunOpts {
  size: number;
  keep?: boolean;
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
      keepNext: o.keep,
      keepLines: o.keep,
      children: [run(text, o)],
    });
  const center = (text: string, o: RunOpts) => para(text, { ...o, align: AlignmentType.CENTER, after: 0 });
  const cell = (children: Paragraph[], width: number, borders = true) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      borders: borders
        ? { top: LINE, bottom: LINE, left: LINE, right: LINE }
        : { top: NONE, bottom: NONE, left: NONE, right: NONE },
      // A layout table's text has its column's whole width, as in the PDF.
      margins: borders ? { top: 60, bottom: 60, left: 80, right: 80 } : { top: 0, bottom: 0, left: 0, right: 0 },
      children,
    });
  /** Borderless rows that never split across pages. */
  const layoutTable = (widths: number[], rows: Paragraph[][][]) =>
    new Table({
      width: { size: contentWidth, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: NO_BORDERS,
      rows: rows.map(
        (columns) => new TableRow({ cantSplit: true, children: columns.map((c, i) => cell(c, widths[i]!, false)) }),
      ),
    });

  // Header: level above, issuer, "*" | party name (underlined); then number | place and date, in a second row so
  // the date line stays level with the number line however many lines the names above take.
  const leftW = Math.round(contentWidth * layout.header.leftShare);
  const rightW = contentWidth - leftW;
  const fitted = (text: string, o: RunOpts) => {
    const style = o.bold ? "bold" : "regular";
    const width = leftW / TWIP_PER_PT - FIT_SLACK_PT;
    const fit = fitHeaderLine(text, o.size, layout.header.minSize, width, (t, z) => textWidth(t, style, z));
    return fit.lines.map((l) => center(l, { ...o, size: fit.size }));
  };
  const left: Paragraph[] = [];
  if (model.header.superior)
    left.push(...fitted(model.header.superior.toLocaleUpperCase("vi"), { size: sizes.superior }));
  left.push(...fitted(model.header.issuer.toLocaleUpperCase("vi"), { size: sizes.issuer, bold: true }));
  left.push(center("*", { size: sizes.issuer }));
  const right: Paragraph[] = [center(layout.partyName, { size: sizes.partyHeader, bold: true, underline: true })];
  const children: (Paragraph | Table)[] = [
    layoutTable(
      [leftW, rightW],
      [
        [left, right],
        [
          [center(model.numberLine, { size: sizes.number })],
          [center(model.placeDate, { size: sizes.placeDate, italics: true })],
        ],
      ],
    ),
    center("", { size: sizes.body }),
  ];

  if (model.draft) children.push(center("DỰ THẢO", { size: sizes.summary, bold: true }));
  children.push(center(model.typeName, { size: sizes.type, bold: true }));
  if (model.summary) children.push(center(model.summary, { size: sizes.summary, bold: true }));
  children.push(para(layout.separator, { size: sizes.summary, align: AlignmentType.CENTER }));

  // The signature block never stands alone on a page: the body's last paragraph is kept with it.
  model.body.forEach((block, i) => children.push(...blockToDocx(block, i === model.body.length - 1)));

  // Recipients | signature, or two signatures side by side (minutes); every line kept with the next, so the
  // signers' names never fall onto a page of their own.
  const sig = { size: sizes.signature, keep: true };
  const sigParas = (s: Signature) => [
    ...(s.authority ? [center(s.authority, { ...sig, bold: true })] : []),
    center(s.title, { ...sig, bold: true }),
    center("", sig),
    center("", sig),
    center("", sig),
    center(s.name, { ...sig, bold: true }),
  ];
  const closeLeft = Math.round(contentWidth * 0.45);
  const closeRight = contentWidth - closeLeft;
  let leftCol: Paragraph[] = [new Paragraph("")];
  if (model.signatures.length >= 2) leftCol = sigParas(model.signatures[0]!);
  else if (model.recipients)
    leftCol = [
      new Paragraph({
        keepNext: true,
        children: [
          run(layout.recipients.label, { size: sizes.recipientsLabel, bold: true, italics: true, underline: true }),
        ],
      }),
      ...model.recipients.map(
        (r) => new Paragraph({ keepNext: true, keepLines: true, children: [run(r, { size: sizes.recipients })] }),
      ),
    ];
  const rightSig = model.signatures.length >= 2 ? model.signatures[1]! : model.signatures[0];
  children.push(center("", { size: sizes.body, keep: true }));
  children.push(layoutTable([closeLeft, closeRight], [[leftCol, rightSig ? sigParas(rightSig) : [new Paragraph("")]]]));

  function blockToDocx(block: Block, last = false): (Paragraph | Table)[] {
    const keep = last || undefined;
    if (block.kind === "heading") return [para(block.text, { size: sizes.body, bold: true, before: 60, keep: true })];
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
          keepNext: keep,
          keepLines: keep,
          children: block.spans.map((s) => run(s.text, { size: sizes.body, bold: s.bold, italics: s.italic })),
        }),
      ];
    if (block.kind === "list")
      return block.items.map((item, i) =>
        para(`${listLabel(block, i)} ${item}`, {
          size: sizes.body,
          indent: true,
          keep: last && i === block.items.length - 1,
        }),
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
