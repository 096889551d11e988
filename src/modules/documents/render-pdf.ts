import PDFDocument from "pdfkit";
import { fitHeaderLine, listLabel, type Block, type DocumentModel, type Signature } from "./model.js";
import { SUBSETS, STYLES, fontFile, fontName, splitBySubset, styleOf, type FontStyle } from "./fonts.js";

/**
 * PDF with pdfkit and the embedded Tinos subsets. Line breaking and justification are done here
 * (not by pdfkit) because one line mixes several subset fonts; widths are measured per run.
 */

const MM = 72 / 25.4;
const A4 = { width: 595.28, height: 841.89 };

interface Piece {
  text: string;
  style: FontStyle;
  size: number;
  underline?: boolean;
}
interface Token {
  space: boolean;
  pieces: Piece[];
  width: number;
}
interface Line {
  tokens: Token[];
  width: number;
}
type Align = "left" | "center" | "right" | "justify";

class Writer {
  readonly doc: PDFKit.PDFDocument;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  y: number;
  private widths = new Map<string, number>();

  constructor(
    readonly model: DocumentModel,
    createdAt: Date,
  ) {
    const m = model.layout.page.marginsMm;
    this.doc = new PDFDocument({
      size: "A4",
      margins: { top: m.top * MM, bottom: m.bottom * MM, left: m.left * MM, right: m.right * MM },
      bufferPages: true,
      info: {
        Title: `${model.typeName} ${model.summary}`.trim(),
        Creator: "chibo",
        Producer: "chibo",
        CreationDate: createdAt,
      },
    });
    for (const subset of SUBSETS)
      for (const style of STYLES) this.doc.registerFont(fontName(subset, style), fontFile(subset, style));
    this.left = m.left * MM;
    this.right = A4.width - m.right * MM;
    this.top = m.top * MM;
    this.bottom = A4.height - m.bottom * MM;
    this.y = this.top;
  }

  get width() {
    return this.right - this.left;
  }

  lineHeight(size: number) {
    return size * this.model.layout.lineSpacing;
  }

  measure(p: Piece): number {
    const key = `${p.style}|${p.size}|${p.text}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      w = 0;
      for (const run of splitBySubset(p.text))
        w += this.doc.font(fontName(run.subset, p.style)).fontSize(p.size).widthOfString(run.text);
      this.widths.set(key, w);
    }
    return w;
  }

  /** Words (possibly spanning several styled pieces) and the spaces between them. */
  tokenize(pieces: Piece[]): Token[] {
    const tokens: Token[] = [];
    let word: Token | null = null;
    for (const p of pieces) {
      for (const part of p.text.split(/( +)/)) {
        if (!part) continue;
        const piece = { ...p, text: part };
        if (part.startsWith(" ")) {
          word = null;
          tokens.push({ space: true, pieces: [{ ...piece, text: " " }], width: this.measure({ ...piece, text: " " }) });
        } else {
          if (!word) {
            word = { space: false, pieces: [], width: 0 };
            tokens.push(word);
          }
          word.pieces.push(piece);
          word.width += this.measure(piece);
        }
      }
    }
    return tokens;
  }

  /** Greedy line breaking; a word longer than the line is cut by characters. */
  wrap(pieces: Piece[], width: number, firstIndent = 0): Line[] {
    const lines: Line[] = [];
    let line: Line = { tokens: [], width: 0 };
    let pendingSpace: Token | null = null;
    const avail = () => width - (lines.length === 0 ? firstIndent : 0);
    const push = () => {
      lines.push(line);
      line = { tokens: [], width: 0 };
      pendingSpace = null;
    };
    for (const token of this.tokenize(pieces)) {
      if (token.space) {
        if (line.tokens.length) pendingSpace = token;
        continue;
      }
      const extra = (pendingSpace?.width ?? 0) + token.width;
      if (line.tokens.length && line.width + extra > avail()) push();
      if (!line.tokens.length && token.width > avail()) {
        for (const piece of token.pieces)
          for (const ch of piece.text) {
            const t: Token = {
              space: false,
              pieces: [{ ...piece, text: ch }],
              width: this.measure({ ...piece, text: ch }),
            };
            if (line.tokens.length && line.width + t.width > avail()) push();
            line.tokens.push(t);
            line.width += t.width;
          }
        continue;
      }
      if (pendingSpace && line.tokens.length) {
        line.tokens.push(pendingSpace);
        line.width += pendingSpace.width;
      }
      pendingSpace = null;
      line.tokens.push(token);
      line.width += token.width;
    }
    if (line.tokens.length || lines.length === 0) lines.push(line);
    return lines;
  }

  drawPiece(p: Piece, x: number, y: number): number {
    let cx = x;
    for (const run of splitBySubset(p.text)) {
      this.doc.font(fontName(run.subset, p.style)).fontSize(p.size).text(run.text, cx, y, { lineBreak: false });
      cx += this.doc.widthOfString(run.text);
    }
    if (p.underline && p.text.trim()) {
      const base = y + p.size * 1.02;
      this.doc.moveTo(x, base).lineTo(cx, base).lineWidth(0.6).stroke();
    }
    return cx;
  }

  drawLine(line: Line, x: number, width: number, align: Align, indent: number, y: number, last: boolean) {
    const avail = width - indent;
    let cx = x + indent;
    let gap = 0;
    if (align === "center") cx += (avail - line.width) / 2;
    else if (align === "right") cx += avail - line.width;
    else if (align === "justify" && !last) {
      const spaces = line.tokens.filter((t) => t.space).length;
      if (spaces) gap = (avail - line.width) / spaces;
    }
    for (const t of line.tokens) {
      if (t.space) {
        cx += t.width + gap;
        continue;
      }
      for (const p of t.pieces) cx = this.drawPiece(p, cx, y);
    }
  }

  drawLines(lines: Line[], x: number, width: number, align: Align, size: number, firstIndent = 0, y = this.y): number {
    const lh = this.lineHeight(size);
    lines.forEach((line, i) => {
      this.drawLine(line, x, width, align, i === 0 ? firstIndent : 0, y, i === lines.length - 1);
      y += lh;
    });
    return y;
  }

  ensure(height: number) {
    if (this.y + height > this.bottom) {
      this.doc.addPage();
      this.y = this.top;
    }
  }

  /** A paragraph at the cursor, breaking across pages line by line. */
  paragraph(
    pieces: Piece[],
    align: Align,
    indent = 0,
    after = this.model.layout.paragraphAfterPt,
    x = this.left,
    width = this.width,
  ) {
    const size = pieces[0]?.size ?? this.model.layout.sizes.body;
    const lh = this.lineHeight(size);
    const lines = this.wrap(pieces, width, indent);
    lines.forEach((line, i) => {
      this.ensure(lh);
      this.drawLine(line, x, width, align, i === 0 ? indent : 0, this.y, i === lines.length - 1);
      this.y += lh;
    });
    this.y += after;
  }
}

function pieces(text: string, style: FontStyle, size: number, underline = false): Piece[] {
  return [{ text, style, size, underline }];
}

/** A header line fitted to its column (model.ts `fitHeaderLine`), drawn centred; returns the y below it. */
function headerLine(w: Writer, text: string, style: FontStyle, size: number, width: number, y: number): number {
  const measure = (t: string, s: number) => w.measure({ text: t, style, size: s });
  const fit = fitHeaderLine(text, size, w.model.layout.header.minSize, width, measure);
  for (const line of fit.lines)
    y = w.drawLines(w.wrap(pieces(line, style, fit.size), width), w.left, width, "center", fit.size, 0, y);
  return y;
}

function header(w: Writer) {
  const { model } = w;
  const { sizes } = model.layout;
  const leftWidth = w.width * model.layout.header.leftShare;
  const rightX = w.left + leftWidth;
  const rightWidth = w.width - leftWidth;
  const top = w.y;
  // Left: level above (caps), issuer (caps bold), "*", number.
  let y = top;
  if (model.header.superior)
    y = headerLine(w, model.header.superior.toLocaleUpperCase("vi"), "regular", sizes.superior, leftWidth, y);
  y = headerLine(w, model.header.issuer.toLocaleUpperCase("vi"), "bold", sizes.issuer, leftWidth, y);
  y = w.drawLines(
    w.wrap(pieces("*", "regular", sizes.issuer), leftWidth),
    w.left,
    leftWidth,
    "center",
    sizes.issuer,
    0,
    y,
  );
  const numberY = y;
  y = w.drawLines(
    w.wrap(pieces(model.numberLine, "regular", sizes.number), leftWidth),
    w.left,
    leftWidth,
    "center",
    sizes.number,
    0,
    y,
  );
  // Right: the party's name with a rule as long as the text, then place and date (italic), level with the number.
  const party: Piece = { text: model.layout.partyName, style: "bold", size: sizes.partyHeader };
  const partyWidth = w.measure(party);
  const px = rightX + (rightWidth - partyWidth) / 2;
  w.drawPiece(party, px, top);
  const ruleY = top + sizes.partyHeader * 1.12;
  w.doc
    .moveTo(px, ruleY)
    .lineTo(px + partyWidth, ruleY)
    .lineWidth(0.7)
    .stroke();
  const dateY = Math.max(numberY, top + w.lineHeight(sizes.partyHeader) * 1.6);
  const dateEnd = w.drawLines(
    w.wrap(pieces(model.placeDate, "italic", sizes.placeDate), rightWidth),
    rightX,
    rightWidth,
    "center",
    sizes.placeDate,
    0,
    dateY,
  );
  w.y = Math.max(y, dateEnd) + sizes.body * 0.9;
}

function titleBlock(w: Writer) {
  const { model } = w;
  const { sizes } = model.layout;
  if (model.draft) w.paragraph(pieces("DỰ THẢO", "bold", sizes.summary), "center", 0, 2);
  w.paragraph(pieces(model.typeName, "bold", sizes.type), "center", 0, 0);
  if (model.summary) w.paragraph(pieces(model.summary, "bold", sizes.summary), "center", 0, 0);
  w.paragraph(pieces(model.layout.separator, "regular", sizes.summary), "center", 0, sizes.body * 0.6);
}

function table(w: Writer, block: Extract<Block, { kind: "table" }>) {
  const size = w.model.layout.sizes.table;
  const n = block.header.length;
  const weights = block.widths && block.widths.length === n ? block.widths : block.header.map(() => 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const cols = weights.map((x) => (w.width * x) / total);
  const pad = 4;
  const lh = w.lineHeight(size);
  const row = (cells: string[], bold: boolean) => {
    const wrapped = cells.map((c, i) => w.wrap(pieces(c, bold ? "bold" : "regular", size), cols[i]! - 2 * pad));
    const h = Math.max(...wrapped.map((l) => l.length)) * lh + 2 * pad;
    w.ensure(h);
    let x = w.left;
    wrapped.forEach((lines, i) => {
      w.doc.rect(x, w.y, cols[i]!, h).lineWidth(0.5).stroke();
      w.drawLines(lines, x + pad, cols[i]! - 2 * pad, bold ? "center" : "left", size, 0, w.y + pad);
      x += cols[i]!;
    });
    w.y += h;
  };
  row(block.header, true);
  for (const r of block.rows) row(r, false);
  w.y += w.model.layout.paragraphAfterPt + 2;
}

function body(w: Writer) {
  const { layout } = w.model;
  const size = layout.sizes.body;
  const indent = layout.firstLineIndentMm * MM;
  const blocks = w.model.body;
  blocks.forEach((block, i) => {
    // The signature never stands alone on a page: the last paragraph goes with it.
    if (i === blocks.length - 1 && block.kind !== "table") {
      const text =
        block.kind === "heading"
          ? block.text
          : block.kind === "paragraph"
            ? block.spans.map((s) => s.text).join("")
            : block.items.join(" ");
      const lines =
        w.wrap(pieces(text, "regular", size), w.width, indent).length +
        (block.kind === "list" ? block.items.length - 1 : 0);
      w.ensure(lines * w.lineHeight(size) + closingHeight(w));
    }
    if (block.kind === "heading") {
      w.ensure(w.lineHeight(size) * 3);
      w.y += 2;
      w.paragraph(pieces(block.text, "bold", size), "justify", 0);
    } else if (block.kind === "paragraph") {
      const ps = block.spans.map((s) => ({ text: s.text, style: styleOf(s.bold, s.italic), size }));
      w.paragraph(ps, block.align ?? "justify", block.indent === false ? 0 : indent);
    } else if (block.kind === "list") {
      block.items.forEach((item, i) =>
        w.paragraph(pieces(`${listLabel(block, i)} ${item}`, "regular", size), "justify", indent),
      );
    } else {
      table(w, block);
    }
  });
}

function closingHeight(w: Writer): number {
  const { layout } = w.model;
  const recipLines = w.model.recipients ? w.model.recipients.length + 1 : 0;
  return (
    layout.sizes.body * 0.5 +
    Math.max(
      w.lineHeight(layout.sizes.signature) * 6,
      recipLines * w.lineHeight(layout.sizes.recipients) + w.lineHeight(layout.sizes.signature),
    )
  );
}

function signatureColumn(w: Writer, sig: Signature, x: number, width: number, y: number): number {
  const size = w.model.layout.sizes.signature;
  if (sig.authority)
    y = w.drawLines(w.wrap(pieces(sig.authority, "bold", size), width), x, width, "center", size, 0, y);
  y = w.drawLines(w.wrap(pieces(sig.title, "bold", size), width), x, width, "center", size, 0, y);
  y += w.lineHeight(size) * 3;
  return w.drawLines(w.wrap(pieces(sig.name, "bold", size), width), x, width, "center", size, 0, y);
}

function closing(w: Writer) {
  const { layout } = w.model;
  const leftWidth = w.width * 0.45;
  const rightWidth = w.width - leftWidth;
  const sigs = w.model.signatures;
  const recipients = w.model.recipients;
  w.ensure(closingHeight(w));
  w.y += layout.sizes.body * 0.5;
  const top = w.y;
  let leftEnd = top;
  let rightEnd = top;
  if (sigs.length >= 2) {
    leftEnd = signatureColumn(w, sigs[0]!, w.left, leftWidth, top);
    rightEnd = signatureColumn(w, sigs[1]!, w.left + leftWidth, rightWidth, top);
  } else if (sigs.length === 1) {
    rightEnd = signatureColumn(w, sigs[0]!, w.left + leftWidth, rightWidth, top);
  }
  if (recipients) {
    let y = top;
    const label: Piece = {
      text: layout.recipients.label,
      style: "boldItalic",
      size: layout.sizes.recipientsLabel,
      underline: true,
    };
    w.drawPiece(label, w.left, y);
    y += w.lineHeight(layout.sizes.recipientsLabel);
    for (const r of recipients)
      y = w.drawLines(
        w.wrap(pieces(r, "regular", layout.sizes.recipients), leftWidth - 6),
        w.left,
        leftWidth - 6,
        "left",
        layout.sizes.recipients,
        0,
        y,
      );
    leftEnd = Math.max(leftEnd, y);
  }
  w.y = Math.max(leftEnd, rightEnd);
}

function pageNumbers(w: Writer) {
  const range = w.doc.bufferedPageRange();
  const size = w.model.layout.sizes.body - 1;
  // 36-HD: pages are numbered from the second, at the top centre.
  for (let i = range.start + 1; i < range.start + range.count; i++) {
    w.doc.switchToPage(i);
    const label = String(i - range.start + 1);
    const width = w.measure({ text: label, style: "regular", size });
    w.drawPiece({ text: label, style: "regular", size }, w.left + (w.width - width) / 2, w.top / 2);
  }
}

/** The document as PDF bytes. `createdAt` fixes the file's creation date (the issue date). */
export async function renderPdf(model: DocumentModel, createdAt = new Date("2026-01-01T00:00:00Z")): Promise<Buffer> {
  const w = new Writer(model, createdAt);
  const chunks: Buffer[] = [];
  w.doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    w.doc.on("end", () => resolve());
    w.doc.on("error", reject);
  });
  header(w);
  titleBlock(w);
  body(w);
  closing(w);
  pageNumbers(w);
  w.doc.end();
  await done;
  return Buffer.concat(chunks);
}
