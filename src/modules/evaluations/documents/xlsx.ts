import { byName, label, levelLabel, templateOf } from "./format.js";
import { summaryTotals } from "./summary.js";
import { LEVELS, type Books, type Level, type MemberResult, type SummaryDoc } from "./types.js";

// exceljs is large: loaded only when a workbook is written.
const loadExcel = async () => (await import("exceljs")).default;

/**
 * The XLSX summary for the level above: one sheet per level of aggregation (the đảng bộ, its cells, its
 * members), Vietnamese headers from the template rulebook, dates as real dates shown dd/mm/yyyy and
 * shares as real numbers shown as percentages, so the level above can add its own formulas.
 */

const DATE = "dd/mm/yyyy";
const PERCENT = "0.0%";

/** An ISO day as the spreadsheet date of that calendar day (UTC midnight: no time zone shifts the day). */
const excelDate = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00Z`);

const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

/** Counts and shares of the four levels, as cells: HTXS, % HTXS, HTT, % HTT … */
const levelCells = (levels: Record<Level, number>, evaluated: number) =>
  LEVELS.flatMap((l) => [levels[l], share(levels[l], evaluated)]);

export async function writeSummaryWorkbook(books: Books, doc: SummaryDoc, members: MemberResult[]): Promise<Buffer> {
  const t = templateOf(books, "DG-04");
  const Excel = await loadExcel();
  const wb = new Excel.Workbook();
  wb.creator = "chibo";
  const totals = summaryTotals(doc.cells);
  const level = (l: Level | null) => (l ? levelLabel(t, l) : "");

  const sheet = (nameKey: string, headerKey: string, widths: number[]) => {
    const ws = wb.addWorksheet(label(t, nameKey), { views: [{ state: "frozen", ySplit: 1 }] });
    ws.addRow(label(t, headerKey).split("|"));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).alignment = { wrapText: true, vertical: "middle", horizontal: "center" };
    ws.columns.forEach((c, i) => (c.width = widths[i] ?? 14));
    return ws;
  };
  /** Each level's share sits right of its count (columns 6, 8, 10 and 12 on both count sheets). */
  const formatShares = (ws: import("exceljs").Worksheet, columns: number[]) => {
    for (const c of columns) ws.getColumn(c).numFmt = PERCENT;
  };

  const overview = sheet("sheet.overview", "xlsx.overviewHeader", [28, 10, 14, 14, 8, 12, 8, 12, 8, 12, 8, 12]);
  const cellsEvaluated = totals.cells.evaluated;
  overview.addRow([
    label(t, "xlsx.rowCells"),
    totals.cells.total,
    cellsEvaluated,
    totals.cells.total - cellsEvaluated,
    ...levelCells(totals.cells.levels, cellsEvaluated),
  ]);
  const m = totals.members;
  overview.addRow([
    label(t, "xlsx.rowMembers"),
    m.total,
    m.evaluated,
    m.excluded,
    ...levelCells(m.levels, m.evaluated),
  ]);
  formatShares(overview, [6, 8, 10, 12]);

  const cells = sheet("sheet.cells", "xlsx.cellsHeader", [6, 36, 12, 12, 8, 12, 8, 12, 8, 12, 8, 12, 26, 26]);
  doc.cells.forEach((c, i) =>
    cells.addRow([
      i + 1,
      c.name,
      c.members,
      c.evaluated,
      ...levelCells(c.levels, c.evaluated),
      level(c.proposedLevel),
      level(c.decidedLevel),
    ]),
  );
  formatShares(cells, [6, 8, 10, 12]);

  const people = sheet("sheet.members", "xlsx.membersHeader", [6, 28, 12, 30, 24, 7, 12, 26, 26, 26, 14]);
  // Cell by cell in the summary's order, members by given name within a cell.
  const cellOrder = new Map(doc.cells.map((c, i) => [c.name, i]));
  const sorted = [...members].sort(
    (a, b) =>
      (cellOrder.get(a.cellName) ?? 1e9) - (cellOrder.get(b.cellName) ?? 1e9) ||
      byName<MemberResult>((x) => x.name)(a, b),
  );
  sorted.forEach((r, i) =>
    people.addRow([
      i + 1,
      r.name,
      r.birthDate ? excelDate(r.birthDate) : null,
      r.cellName,
      r.post ?? "",
      r.form ?? "",
      r.score,
      level(r.selfLevel ?? null),
      level(r.proposedLevel),
      level(r.level),
      r.decidedOn ? excelDate(r.decidedOn) : null,
    ]),
  );
  people.getColumn(3).numFmt = DATE;
  people.getColumn(11).numFmt = DATE;
  people.getColumn(7).numFmt = "0.##";
  return Buffer.from(await wb.xlsx.writeBuffer());
}
