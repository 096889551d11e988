// Hostile roster files against a real server (`chibo start` as a child process, embedded store, demo data):
// a 500,000-row CSV, a 500,000-row XLSX and a 1 MB name, each previewed and then imported, while /api/health
// is asked every 10 ms (and, first, for 3 s with nothing else running). Prints one JSON line per file: answer, time to answer, the slowest health answer and
// the server's RSS before and at its peak. Run: node --import tsx bench/roster-hostile.ts [rows]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { DEMO_PASSWORD } from "../src/demo/demo-data.js";
import { machineInfo, signIn, startServer, stopServer, watchHealth } from "./harness.js";

const rows = Number(process.argv[2] ?? 500_000);
const dir = mkdtempSync(path.join(tmpdir(), "chibo-hostile-"));
const port = 3900 + Math.floor(Math.random() * 90);

async function xlsxRows(n: number): Promise<Uint8Array> {
  const file = path.join(dir, "big.xlsx");
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const ws = wb.addWorksheet("Danh sách");
  ws.addRow(["Họ và tên", "Mã chi bộ", "Ngày sinh"]).commit();
  for (let i = 0; i < n; i++) ws.addRow([`Thử Văn ${i}`, "CB-NNPL", "01/01/1970"]).commit();
  await wb.commit();
  return new Uint8Array((await import("node:fs")).readFileSync(file));
}

function csvRows(n: number): Uint8Array {
  const lines = ["Họ và tên;Mã chi bộ;Ngày sinh"];
  for (let i = 0; i < n; i++) lines.push(`Thử Văn ${i};CB-NNPL;1/1/1970`);
  return new TextEncoder().encode(lines.join("\r\n"));
}

const server = await startServer({ CHIBO_DATA_DIR: path.join(dir, "data"), CHIBO_NO_DEMO: "" }, port);
try {
  const pid = server.child.pid!;
  const office = await signIn(server.base, "vanphong", DEMO_PASSWORD);
  const { items: orgs } = (await (
    await fetch(`${server.base}/api/organizations`, { headers: { cookie: office.cookie } })
  ).json()) as { items: { id: string; code: string }[] };
  const root = orgs.find((o) => o.code === "DB-TCT")!.id;
  const files: [string, string, Uint8Array][] = [
    // exceljs is loaded on first use: this small file shows that one-time cost apart from the large ones.
    ["first XLSX (10 rows, loads exceljs)", "nho.xlsx", await xlsxRows(10)],
    [`${rows} rows CSV`, "ds.csv", csvRows(rows)],
    [`${rows} rows XLSX`, "ds.xlsx", await xlsxRows(rows)],
    [
      "1 MB name CSV",
      "ten.csv",
      new TextEncoder().encode(`Họ và tên;Mã chi bộ\r\n${"Nguyễn".repeat(180_000)};CB-NNPL\r\n`),
    ],
  ];
  // What /api/health takes with nothing else running: the floor the figures below stand on.
  const idle = watchHealth(server.base, pid);
  await new Promise((r) => setTimeout(r, 3000));
  const idleMax = (await idle.stop()).worstMs;
  console.log(JSON.stringify({ machine: machineInfo(), idleHealthMaxMs: Math.round(idleMax) }));
  for (const [label, fileName, bytes] of files) {
    for (const step of ["preview", "import"] as const) {
      await new Promise((r) => setTimeout(r, 500));
      const health = watchHealth(server.base, pid);
      const t0 = performance.now();
      const res = await fetch(`${server.base}/api/organizations/${root}/roster/${step}?fileName=${fileName}`, {
        method: "POST",
        headers: { cookie: office.cookie, "x-csrf-token": office.csrf, "content-type": "application/octet-stream" },
        body: new Blob([Buffer.from(bytes)]),
      });
      const body = (await res.json()) as {
        problems?: { code: string; message: { vi: string } }[];
        code?: string;
        detail?: string;
      };
      const answerMs = performance.now() - t0;
      const watched = await health.stop();
      console.log(
        JSON.stringify({
          file: label,
          step,
          fileMiB: Number((bytes.length / 2 ** 20).toFixed(1)),
          status: res.status,
          answer:
            body.problems
              ?.filter((p) => p.code !== "unknown_cell")
              .map((p) => p.message.vi)
              .slice(0, 1)[0] ?? body.code,
          answerMs: Math.round(answerMs),
          healthMaxMs: Math.round(watched.worstMs),
          healthRequests: watched.polls,
          rssBeforeMiB: watched.rssBeforeMiB,
          rssPeakMiB: watched.rssPeakMiB,
        }),
      );
    }
  }
} finally {
  await stopServer(server.child);
  rmSync(dir, { recursive: true, force: true });
}
