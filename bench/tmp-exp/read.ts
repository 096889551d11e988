import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import { prng } from "../generate.js";
import { readRosterSheet } from "../../src/modules/members/roster-read.js";
const file = "/tmp/exp/roster.xlsx";
if (!existsSync(file)) {
  const r = prng(100_000);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
  const ws = wb.addWorksheet("Danh sách");
  ws.addRow(["Họ và tên", "Số thẻ đảng viên", "Loại đảng viên", "Mã chi bộ", "Ngày sinh"]).commit();
  for (let i = 0; i < 100000; i++) ws.addRow([`Nguyễn Văn ${r.int(99)}`, String(90_000_000 + i), "Chính thức", `BENCH-CB${1 + (i % 100)}`, "01/02/1970"]).commit();
  await wb.commit();
}
const bytes = await readFile(file);
const t = performance.now();
const sheet = await readRosterSheet(bytes, "roster.xlsx", { maxRows: 200000 });
console.log("read", Math.round(performance.now() - t), "ms", sheet.rows.length, sheet.problems.length, JSON.stringify(sheet.problems).slice(0,300));
