import type { BulkRow } from "./model.js";

// exceljs is large: loaded only when a sheet is written or read.
const loadExcel = async () => (await import("exceljs")).default;

export const SHEET_COLUMNS = [
  "Mã nhiệm vụ",
  "Nhiệm vụ",
  "Người chịu trách nhiệm",
  "Hạn hoàn thành",
  "Tiến độ hiện tại (%)",
  "Tiến độ mới (%)",
  "Ghi chú",
] as const;

/** The sheet the secretary downloads, fills in the "new progress" column, and uploads back. */
export async function writeProgressSheet(
  rows: { id: string; title: string; responsibleName: string; dueOn: string; progress: number }[],
): Promise<Buffer> {
  const Excel = await loadExcel();
  const wb = new Excel.Workbook();
  const ws = wb.addWorksheet("Tiến độ");
  ws.addRow([...SHEET_COLUMNS]);
  ws.getRow(1).font = { bold: true };
  for (const r of rows)
    ws.addRow([r.id, r.title, r.responsibleName, r.dueOn.split("-").reverse().join("/"), r.progress, r.progress, ""]);
  ws.columns.forEach((c, i) => (c.width = [38, 50, 28, 16, 18, 16, 40][i]));
  ws.getColumn(1).hidden = false;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Reads the uploaded sheet back: one row per task, by its id in the first column. Null when the file is not a readable XLSX. */
export async function readProgressSheet(data: Uint8Array): Promise<BulkRow[] | null> {
  const Excel = await loadExcel();
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return null;
  }
  const ws = wb.worksheets[0];
  if (!ws) return null;
  const rows: BulkRow[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const cell = (i: number) => {
      const v = row.getCell(i).value;
      if (v && typeof v === "object" && "result" in v) return (v as { result: unknown }).result;
      if (v && typeof v === "object" && "richText" in v)
        return (v as { richText: { text: string }[] }).richText.map((t) => t.text).join("");
      return v;
    };
    const id = String(cell(1) ?? "").trim();
    if (!id) return;
    rows.push({ row: n, taskId: id, percent: cell(6), note: cell(7) });
  });
  return rows;
}
