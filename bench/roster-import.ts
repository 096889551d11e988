// Importing a 100,000-row roster XLSX with the CLI (`chibo import-members FILE --org BENCH`) into a fresh embedded
// store holding 100 empty cells. Prints one JSON line. Run: node --import tsx bench/roster-import.ts [rows]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { migrateDatabase, openDatabase } from "../src/core/db/index.js";
import { generate, prng } from "./generate.js";

const rows = Number(process.argv[2] ?? 100_000);
const cells = 100;
const dir = mkdtempSync(path.join(tmpdir(), "chibo-roster-"));
const dataDir = path.join(dir, "data");
const file = path.join(dir, "roster.xlsx");
try {
  const database = await openDatabase({ dataDir });
  await migrateDatabase(database);
  await generate(database, {
    size: { cells, membersPerCell: 1, cellsPerCommittee: cells, years: 1, tasksPerMember: 0, draftDocuments: 0 },
    seed: 7,
  });
  await database.close();

  const r = prng(100_000);
  const family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Ngô", "Đỗ"];
  const middle = ["Văn", "Thị", "Quốc", "Thị Thu", "Minh", "Ngọc"];
  const given = ["An", "Bảo", "Hà", "Lan", "Hùng", "Mai", "Phúc", "Oanh", "Long", "Hương"];
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
  const ws = wb.addWorksheet("Danh sách");
  ws.addRow(["Họ và tên", "Số thẻ đảng viên", "Loại đảng viên", "Mã chi bộ", "Ngày sinh"]).commit();
  for (let i = 0; i < rows; i++) {
    const dob = `${String(1 + r.int(28)).padStart(2, "0")}/${String(1 + r.int(12)).padStart(2, "0")}/${1960 + r.int(40)}`;
    ws.addRow([
      `${r.pick(family)} ${r.pick(middle)} ${r.pick(given)}`,
      String(90_000_000 + i),
      "Chính thức",
      `BENCH-CB${1 + (i % cells)}`,
      dob,
    ]).commit();
  }
  await wb.commit();

  const started = performance.now();
  const run = spawnSync(process.execPath, ["bin/chibo.mjs", "import-members", file, "--org", "BENCH"], {
    env: { ...process.env, CHIBO_DATA_DIR: dataDir },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (run.status !== 0)
    throw new Error(`import failed (${run.status}): ${run.stderr.slice(-2000)} ${run.stdout.slice(-2000)}`);
  const check = await openDatabase({ dataDir });
  const [row] = await check.rows<{ n: number }>(
    (await import("drizzle-orm")).sql`SELECT count(*)::int AS n FROM members`,
  );
  await check.close();
  console.log(
    JSON.stringify({
      rows,
      fileBytes: statSync(file).size,
      importMs: Math.round(ms),
      membersAfter: row!.n,
      tail: run.stdout.trim().split("\n").slice(-2),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
