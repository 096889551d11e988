import PDFDocument from "pdfkit";
import { fontFile, fontName, type FontStyle, splitBySubset, STYLES, SUBSETS } from "../documents/public-elections.js";
import { countingWording, type InvalidReason, type RoundResult } from "./elections-model.js";
import type { ElectionPerson } from "./elections-schema.js";

/**
 * The election's papers as PDF: the ballots (phiếu bầu), each with its serial, and the counting minutes (biên bản
 * kiểm phiếu) signed by every member of the board. Drawn here rather than through the register's document model:
 * a ballot is not a numbered document, and the minutes carry one signature per board member, not the two columns
 * of an issued document. The fonts and the header follow the same official layout (36-HD/VPTW).
 */

const MM = 72 / 25.4;
const A4 = { width: 595.28, height: 841.89 };

type Align = "left" | "center" | "right";
interface TextOptions {
  style?: FontStyle;
  size?: number;
  align?: Align;
  x?: number;
  width?: number;
  indent?: number;
}

class Pen {
  readonly doc: PDFKit.PDFDocument;
  y = 0;

  constructor(
    readonly left: number,
    readonly right: number,
    info: { title: string; createdAt: Date },
  ) {
    this.doc = new PDFDocument({
      size: "A4",
      margin: 0,
      info: { Title: info.title, Creator: "chibo", Producer: "chibo", CreationDate: info.createdAt },
    });
    for (const subset of SUBSETS)
      for (const style of STYLES) this.doc.registerFont(fontName(subset, style), fontFile(subset, style));
  }

  width(text: string, style: FontStyle, size: number): number {
    let w = 0;
    for (const run of splitBySubset(text))
      w += this.doc.font(fontName(run.subset, style)).fontSize(size).widthOfString(run.text);
    return w;
  }

  private draw(text: string, x: number, y: number, style: FontStyle, size: number) {
    for (const run of splitBySubset(text)) {
      this.doc.font(fontName(run.subset, style)).fontSize(size).text(run.text, x, y, { lineBreak: false });
      x += this.doc.widthOfString(run.text);
    }
  }

  /** Text wrapped to the width, aligned; returns the y below it. */
  text(text: string, o: TextOptions = {}): number {
    const style = o.style ?? "regular";
    const size = o.size ?? 13;
    const x0 = o.x ?? this.left;
    const width = o.width ?? this.right - x0;
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const tryLine = line ? `${line} ${word}` : word;
      const avail = width - (lines.length === 0 ? (o.indent ?? 0) : 0);
      if (line && this.width(tryLine, style, size) > avail) {
        lines.push(line);
        line = word;
      } else line = tryLine;
    }
    if (line) lines.push(line);
    for (const [i, l] of lines.entries()) {
      const w = this.width(l, style, size);
      const indent = i === 0 ? (o.indent ?? 0) : 0;
      const x = o.align === "center" ? x0 + (width - w) / 2 : o.align === "right" ? x0 + width - w : x0 + indent;
      this.draw(l, x, this.y, style, size);
      this.y += size * 1.3;
    }
    return this.y;
  }

  rule(x: number, y: number, width: number) {
    this.doc
      .moveTo(x, y)
      .lineTo(x + width, y)
      .lineWidth(0.6)
      .stroke();
  }

  ensure(height: number, top: number) {
    if (this.y + height > A4.height - 20 * MM) {
      this.doc.addPage();
      this.y = top;
    }
  }

  async bytes(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    this.doc.on("data", (c: Buffer) => chunks.push(c));
    const done = new Promise<void>((resolve, reject) => {
      this.doc.on("end", () => resolve());
      this.doc.on("error", reject);
    });
    this.doc.end();
    await done;
    return Buffer.concat(chunks);
  }
}

export interface PaperHeader {
  /** The level above, as the header writes it ("ĐẢNG BỘ TRƯỜNG CHÍNH TRỊ TỈNH LÂM ĐỒNG"); null for none. */
  superior: string | null;
  /** The congress ("ĐẠI HỘI CHI BỘ KHOA LÝ LUẬN CƠ SỞ"). */
  congress: string;
  /** "Lâm Đồng, ngày 20 tháng 3 năm 2025". */
  placeDate: string;
}

/** The party header: the congress on the left over "*", the Party's name ruled on the right. */
function partyHeader(pen: Pen, h: PaperHeader, sub: string | null) {
  const top = pen.y;
  const leftWidth = (pen.right - pen.left) * 0.48;
  const rightX = pen.left + leftWidth;
  const rightWidth = pen.right - rightX;
  // Each header line on one line where it fits at down to 9.5 pt (as the register's documents set theirs).
  const line = (text: string, style: FontStyle) => {
    const upper = text.toLocaleUpperCase("vi");
    let size = 12;
    while (size > 9.5 && pen.width(upper, style, size) > leftWidth) size -= 0.5;
    pen.text(upper, { style, size, align: "center", width: leftWidth });
  };
  if (h.superior) line(h.superior, "regular");
  line(h.congress, "bold");
  if (sub) line(sub, "bold");
  pen.text("*", { size: 12, align: "center", width: leftWidth });
  const leftEnd = pen.y;
  pen.y = top;
  const party = "ĐẢNG CỘNG SẢN VIỆT NAM";
  pen.text(party, { style: "bold", size: 13, align: "center", x: rightX, width: rightWidth });
  const w = pen.width(party, "bold", 13);
  pen.rule(rightX + (rightWidth - w) / 2, pen.y - 1, w);
  pen.y += 6;
  if (h.placeDate) pen.text(h.placeDate, { style: "italic", size: 12, align: "center", x: rightX, width: rightWidth });
  pen.y = Math.max(leftEnd, pen.y) + 8;
}

const pad3 = (n: number) => String(n).padStart(3, "0");

export interface BallotPaper {
  header: PaperHeader;
  title: string;
  round: number;
  seats: number;
  /** In Vietnamese name order, as printed. */
  candidates: ElectionPerson[];
  serials: number[];
}

/** The ballots, two to an A4 page, each with its serial: printed once, handed out without recording to whom. */
export async function renderBallots(paper: BallotPaper, createdAt: Date): Promise<Buffer> {
  const margin = 15 * MM;
  const pen = new Pen(margin, A4.width - margin, { title: `Phiếu bầu — ${paper.title}`, createdAt });
  const half = A4.height / 2;
  paper.serials.forEach((serial, i) => {
    const slot = i % 2;
    if (i > 0 && slot === 0) pen.doc.addPage();
    const top = slot * half + 8 * MM;
    pen.y = top;
    // The serial first, in the corner, clear of the header below it.
    pen.text(`Số: ${pad3(serial)}`, { style: "bold", size: 12, align: "right" });
    partyHeader(pen, { ...paper.header, placeDate: "" }, null);
    pen.y += 4;
    pen.text("PHIẾU BẦU", { style: "bold", size: 16, align: "center" });
    pen.text(paper.title, { style: "bold", size: 13, align: "center" });
    pen.text(`${paper.round > 1 ? `Vòng ${paper.round} — ` : ""}Bầu ${paper.seats} đồng chí`, {
      style: "italic",
      size: 12,
      align: "center",
    });
    pen.y += 6;
    const size = paper.candidates.length > 12 ? 11 : 13;
    const columns = paper.candidates.length > 12 ? 2 : 1;
    const perColumn = Math.ceil(paper.candidates.length / columns);
    const colWidth = (pen.right - pen.left - 30) / columns;
    const listTop = pen.y;
    paper.candidates.forEach((c, k) => {
      const col = Math.floor(k / perColumn);
      if (k % perColumn === 0) pen.y = listTop;
      pen.text(`${k + 1}. Đồng chí ${c.fullName}`, { size, x: pen.left + 30 + col * colWidth, width: colWidth });
    });
    pen.y = Math.max(pen.y, listTop + perColumn * size * 1.3) + 6;
    pen.text(
      `Ghi chú: đồng ý bầu đồng chí nào thì để nguyên tên; không đồng ý thì gạch ngang cả họ và tên. ` +
        `Phiếu để lại quá ${paper.seats} tên là phiếu không hợp lệ.`,
      { style: "italic", size: 10.5 },
    );
    if (slot === 0) {
      pen.doc.save().dash(4, { space: 4 });
      pen.rule(margin, half, A4.width - 2 * margin);
      pen.doc.undash().restore();
    }
  });
  return pen.bytes();
}

export interface MinutesPaper {
  header: PaperHeader;
  /** "Đại hội Chi bộ Khoa Lý luận cơ sở nhiệm kỳ 2025–2027". */
  congressName: string;
  title: string;
  round: number;
  day: string;
  seats: number;
  candidates: ElectionPerson[];
  board: ElectionPerson[];
  ballotsIssued: number;
  ballotsReturned: number;
  invalidByReason: { reason: InvalidReason; title: string; count: number }[];
  result: RoundResult;
  /** The serials of ballots the board corrected after entering them (each correction is audited). */
  corrected: number[];
  /** What follows the round: another round (and why) or the election closed. */
  next: { seats: number; candidates: string[]; why: "tie" | "too_few" } | null;
}

const percent = (votes: number, valid: number) =>
  valid === 0 ? "0%" : `${((votes * 100) / valid).toFixed(2).replace(".", ",")}%`;

/** The counting minutes in the official layout: figures, every candidate's votes, who is elected, all signatures. */
export async function renderCountingMinutes(p: MinutesPaper, createdAt: Date): Promise<Buffer> {
  const pen = new Pen(30 * MM, A4.width - 15 * MM, { title: `Biên bản kiểm phiếu — ${p.title}`, createdAt });
  const top = 20 * MM;
  pen.y = top;
  partyHeader(pen, p.header, "Ban kiểm phiếu");
  pen.y += 6;
  pen.text("BIÊN BẢN KIỂM PHIẾU", { style: "bold", size: 15, align: "center" });
  const wording = countingWording(p.title, p.round);
  pen.text(wording.heading, { style: "bold", size: 14, align: "center" });
  pen.text("-----", { size: 13, align: "center" });
  pen.y += 4;
  const [y, m, d] = p.day.split("-");
  const body = (t: string, o: TextOptions = {}) => pen.text(t, { size: 13, indent: 28, ...o });
  body(`Hôm nay, ngày ${d} tháng ${Number(m)} năm ${y}, Ban kiểm phiếu ${p.congressName} gồm các đồng chí:`);
  p.board.forEach((b, i) =>
    body(`${i + 1}. Đồng chí ${b.fullName} — ${i === 0 ? "Trưởng ban" : "Ủy viên"};`, { indent: 28 }),
  );
  body(`Ban kiểm phiếu đã tiến hành kiểm phiếu ${wording.sentence}. Kết quả như sau:`);
  body(`1. Số lượng cần bầu: ${p.seats} đồng chí; số người trong danh sách bầu cử: ${p.candidates.length} đồng chí.`);
  body(`2. Số phiếu phát ra: ${p.ballotsIssued}; số phiếu thu vào: ${p.ballotsReturned}.`);
  body(`3. Số phiếu hợp lệ: ${p.result.valid}; số phiếu không hợp lệ: ${p.result.invalid}.`);
  for (const r of p.invalidByReason.filter((x) => x.count > 0)) body(`- ${r.title}: ${r.count} phiếu;`, { indent: 42 });
  body("4. Số phiếu bầu cho từng đồng chí (xếp theo số phiếu từ cao xuống thấp):");
  pen.y += 4;
  // The table: STT, name, votes, share of the valid ballots.
  const cols = [34, 220, 80, 0];
  cols[3] = pen.right - pen.left - cols[0]! - cols[1]! - cols[2]!;
  const heads = ["STT", "Họ và tên", "Số phiếu", "Tỷ lệ so với phiếu hợp lệ"];
  const names = new Map(p.candidates.map((c) => [c.memberId, c.fullName]));
  const rowHeight = 20;
  const row = (cells: string[], style: FontStyle) => {
    pen.ensure(rowHeight, top);
    let x = pen.left;
    const y0 = pen.y;
    cells.forEach((cell, i) => {
      pen.doc.rect(x, y0, cols[i]!, rowHeight).lineWidth(0.5).stroke();
      pen.y = y0 + 4;
      pen.text(cell, { style, size: 11.5, x: x + 3, width: cols[i]! - 6, align: i === 1 ? "left" : "center" });
      x += cols[i]!;
    });
    pen.y = y0 + rowHeight;
  };
  row(heads, "bold");
  p.result.standings.forEach((s, i) =>
    row([String(i + 1), names.get(s.memberId) ?? "", String(s.votes), percent(s.votes, p.result.valid)], "regular"),
  );
  pen.y += 8;
  const elected = p.result.elected.map((e) => names.get(e.memberId) ?? "");
  body(
    elected.length > 0
      ? `5. Căn cứ Quy chế bầu cử trong Đảng, các đồng chí sau đây được quá một nửa số phiếu bầu hợp lệ và trúng cử: ${elected.join(", ")}.`
      : "5. Không có đồng chí nào được quá một nửa số phiếu bầu hợp lệ và đủ điều kiện trúng cử ở vòng này.",
  );
  if (p.next)
    body(
      p.next.why === "tie"
        ? `Các đồng chí ${p.next.candidates.join(", ")} có số phiếu bằng nhau ở vị trí cuối cùng; ` +
            `đại hội bầu tiếp vòng ${p.round + 1} để chọn ${p.next.seats} đồng chí.`
        : `Số người trúng cử chưa đủ số lượng cần bầu; đại hội bầu tiếp vòng ${p.round + 1} ` +
            `cho ${p.next.seats} vị trí còn lại trong số các đồng chí: ${p.next.candidates.join(", ")}.`,
    );
  else if (p.result.seatsLeft > 0) body(`Còn ${p.result.seatsLeft} vị trí chưa bầu đủ theo quy chế bầu cử.`);
  if (p.corrected.length > 0)
    body(
      `Trong khi kiểm phiếu, Ban kiểm phiếu đã sửa ${p.corrected.length} phiếu nhập sai so với phiếu giấy ` +
        `(phiếu số ${p.corrected.join(", ")}); mỗi lần sửa đều được ghi lại kèm lý do.`,
    );
  body("Biên bản kiểm phiếu được lập xong và đọc trước Đại hội.");
  // Every board member signs: the head first, then each member, two to a row.
  pen.y += 10;
  // The board's heading stays with its first row of signatures; later rows may go over the page.
  pen.ensure(120, top);
  pen.text("BAN KIỂM PHIẾU", { style: "bold", size: 13, align: "center" });
  pen.y += 4;
  const half = (pen.right - pen.left) / 2;
  for (let i = 0; i < p.board.length; i += 2) {
    const rowTop = pen.y;
    let end = rowTop;
    for (const [k, b] of p.board.slice(i, i + 2).entries()) {
      pen.y = rowTop;
      const x = pen.left + k * half;
      pen.text(i + k === 0 ? "TRƯỞNG BAN" : "ỦY VIÊN", { style: "bold", size: 12, align: "center", x, width: half });
      pen.text("(ký, ghi rõ họ tên)", { style: "italic", size: 10.5, align: "center", x, width: half });
      pen.y += 40;
      pen.text(b.fullName, { style: "bold", size: 13, align: "center", x, width: half });
      end = Math.max(end, pen.y);
    }
    pen.y = end + 14;
    if (i + 2 < p.board.length) pen.ensure(80, top);
  }
  return pen.bytes();
}
