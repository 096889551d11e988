import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createHash, randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import ExcelJS from "exceljs";
import { inject } from "vitest";
import { sql } from "drizzle-orm";
import { openDatabase, type Database } from "../src/core/db/index.js";
import { writeRosterXlsx } from "../src/modules/members/roster.js";

/**
 * The `chibo` command, run as a real process against a real store: the embedded one in a temporary
 * data directory, or a fresh PostgreSQL database when the suite runs on PostgreSQL.
 */
const root = path.resolve(import.meta.dirname, "..");
const work = mkdtempSync(path.join(os.tmpdir(), "chibo-cli-"));
const onPostgres = !!inject("postgresTemplate");
let env: NodeJS.ProcessEnv;
const createdDatabases: string[] = [];

async function freshPostgres(): Promise<string> {
  const base = process.env.CHIBO_TEST_DATABASE_URL!;
  const name = `chibo_cli_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  createdDatabases.push(name);
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

function chibo(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [path.join(root, "bin/chibo.mjs"), ...args], {
    cwd: work,
    env: { ...env, ...extraEnv },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

async function withStore<T>(extraEnv: NodeJS.ProcessEnv, fn: (db: Database) => Promise<T>): Promise<T> {
  const e = { ...env, ...extraEnv };
  const database = await openDatabase({ databaseUrl: e.DATABASE_URL, dataDir: e.CHIBO_DATA_DIR });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

const TABLES = [
  "organizations",
  "terms",
  "members",
  "member_transfers",
  "positions",
  "oversights",
  "users",
  "sessions",
  "grants",
  "audit_events",
  "local_rulebooks",
];

/** Every file of a data directory with its mode and SHA-256, and whatever lies beside it under its name. */
function fingerprintDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {
    ".beside": readdirSync(path.dirname(dir))
      .filter((f) => f.startsWith(path.basename(dir)))
      .join(","),
  };
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else
        out[path.relative(dir, p)] =
          `${statSync(p).mode.toString(8)} ${createHash("sha256").update(readFileSync(p)).digest("hex")}`;
    }
  };
  walk(dir);
  return out;
}

async function snapshot(db: Database): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = await db.rows(sql.raw(`SELECT * FROM ${table} ORDER BY 1`));
  return out;
}

beforeAll(async () => {
  env = { ...process.env, LOG_LEVEL: "silent", CHIBO_DATA_DIR: path.join(work, "data"), DATABASE_URL: "" };
  if (onPostgres) env.DATABASE_URL = await freshPostgres();
});

afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  if (createdDatabases.length) {
    const admin = new pg.Client({ connectionString: process.env.CHIBO_TEST_DATABASE_URL });
    await admin.connect();
    for (const name of createdDatabases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
});

// Each test runs the real command in a child process, several of which load the demo: slow by nature, not a speed check.
describe("chibo command", { timeout: 180_000 }, () => {
  it("prints help, and refuses an unknown command", () => {
    expect(chibo(["help"]).out).toContain("import-members FILE --org ID|CODE");
    expect(chibo(["frobnicate"]).code).toBe(2);
  });

  it("resets to the demo only when confirmed", () => {
    const refused = chibo(["demo"]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("--yes");
    const done = chibo(["demo", "--yes"]);
    expect(done.code).toBe(0);
    expect(done.out).toContain("bithu.llcs");
  });

  it("creates an administrator with a printed temporary password", async () => {
    const res = chibo(["create-admin", "--username", "quantri2"]);
    expect(res.code).toBe(0);
    const password = /Mật khẩu tạm: (\S+)/.exec(res.out)![1]!;
    expect(password.length).toBeGreaterThanOrEqual(12);
    const weak = chibo(["create-admin", "--username", "q3", "--password", "123"]);
    expect(weak.code).toBe(1);
    expect(weak.out).toContain("ít nhất 10 ký tự");
    await withStore({}, async (db) => {
      const [row] = await db.rows<{ is_admin: boolean; must_change_password: boolean }>(
        sql`SELECT is_admin, must_change_password FROM users WHERE username = 'quantri2'`,
      );
      expect(row).toEqual({ is_admin: true, must_change_password: true });
    });
  });

  it("imports a roster (dry run first), refuses a file with errors, and exports the same columns", async () => {
    const file = path.join(work, "roster.xlsx");
    const member = {
      fullName: "Trương Thị Cẩm Tú",
      cardNumber: "79200001",
      status: "full" as const,
      cellCode: null,
      dateOfBirth: "1988-08-08",
      gender: "female" as const,
      ethnicity: "Kinh",
      education: "Đại học",
      admissionDate: "2012-05-19",
      ceremonyDate: "2012-05-19",
      officialDate: "2013-05-19",
      phone: null,
      email: null,
      unit: null,
    };
    writeFileSync(file, await writeRosterXlsx([member]));
    const dry = chibo(["import-members", file, "--org", "CB-NNPL", "--dry-run"]);
    expect(dry.out).toContain("Thêm mới 1");
    expect(dry.out).toContain("Chạy thử");
    const count = () =>
      withStore(
        {},
        async (db) =>
          (await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM members WHERE card_number = '79200001'`))[0]!
            .n,
      );
    expect(await count()).toBe(0);
    expect(chibo(["import-members", file, "--org", "cb-nnpl"]).code).toBe(0);
    expect(await count()).toBe(1);
    expect(chibo(["import-members", file, "--org", "CB-NNPL"]).out).toContain("không đổi 1");

    const bad = path.join(work, "bad.csv");
    writeFileSync(bad, "Họ và tên,Ngày sinh\nAi Đó,99/99/1999\n");
    const refused = chibo(["import-members", bad, "--org", "CB-NNPL"]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("Dòng 2");

    const out = path.join(work, "export.xlsx");
    expect(chibo(["export-members", "--org", "CB-NNPL", out]).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const names = wb.worksheets[0]!.getColumn(1).values.filter((v) => typeof v === "string");
    expect(names).toContain("Trương Thị Cẩm Tú");
    expect(chibo(["export-members", "--org", "KHONG-CO", out]).out).toContain("Không tìm thấy tổ chức");
  });

  it("backs up and restores the whole database with identical rows in every table", async () => {
    const before = await withStore({}, snapshot);
    const file = path.join(work, "backup.tar");
    const backup = chibo(["backup", file]);
    expect(backup.code, backup.out).toBe(0);
    expect(chibo(["verify-backup", file]).out).toContain("Bản sao lưu hợp lệ");
    const target = onPostgres
      ? { DATABASE_URL: await freshPostgres() }
      : { CHIBO_DATA_DIR: path.join(work, "restored") };
    const restored = chibo(["restore", file], target);
    expect(restored.code, restored.out).toBe(0);
    const after = await withStore(target, snapshot);
    expect(after).toEqual(before);
    // Restoring over existing data needs --force; the replaced data is kept aside and the command says where.
    expect(chibo(["restore", file], target).code).toBe(1);
    const forced = chibo(["restore", file, "--force"], target);
    expect(forced.code, forced.out).toBe(0);
    if (!onPostgres) expect(forced.out).toMatch(/Dữ liệu cũ được giữ lại tại .*restored\.before-restore-/);
  });

  it("refuses a truncated or garbage backup even with --force, before touching the data", async () => {
    const file = path.join(work, "backup.tar");
    const bytes = readFileSync(file);
    const truncated = path.join(work, "truncated.tar.gz");
    const garbage = path.join(work, "garbage.tar.gz");
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    writeFileSync(garbage, randomBytes(300_000));
    const before = onPostgres ? await withStore({}, snapshot) : fingerprintDir(env.CHIBO_DATA_DIR!);
    const cut = chibo(["restore", truncated, "--force"]);
    expect(cut.code).toBe(1);
    expect(cut.out).toContain("bị cụt hoặc hỏng");
    expect(cut.out).toContain("Chưa thay đổi dữ liệu nào");
    const junk = chibo(["restore", garbage, "--force"]);
    expect(junk.code).toBe(1);
    expect(junk.out).toContain("không phải bản sao lưu của chibo");
    expect(onPostgres ? await withStore({}, snapshot) : fingerprintDir(env.CHIBO_DATA_DIR!)).toEqual(before);
  });

  it("starts the server on the existing data, answers health, and refuses a second process on the same data directory", async () => {
    const port = 3900 + Math.floor(Math.random() * 90);
    const child = spawn(process.execPath, [path.join(root, "bin/chibo.mjs"), "start"], {
      cwd: work,
      env: { ...env, PORT: String(port) },
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    try {
      const deadline = Date.now() + 60_000;
      while (!output.includes("chibo đang chạy") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const health = await (await fetch(`http://127.0.0.1:${port}/api/health`)).json();
      expect(health).toEqual({ status: "ok", store: onPostgres ? "postgres" : "pglite" });
      // Data existed: no demo accounts are printed.
      expect(output).not.toContain("tài khoản dùng thử");
      if (!onPostgres) {
        const second = chibo(["migrate"]);
        expect(second.code).toBe(1);
        expect(second.out).toContain("in use by process");
      }
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  });
});
