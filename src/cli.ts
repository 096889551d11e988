import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createInterface } from "node:readline/promises";
import { randomBytes } from "node:crypto";
import { readConfig, type Config } from "./core/config.js";
import { inTransaction, migrateDatabase, openDatabase, type Database } from "./core/db/index.js";
import { acquireDataDirLock } from "./core/db/lock.js";
import type { Actor } from "./core/access/index.js";
import type { DemoAccount } from "./demo/demo-data.js";
import type { OrganizationRow } from "./modules/organizations/store.js";

// Commands load what they use when they run, so `chibo start` does not pay for roster or backup code
// and the server's modules load while the embedded database compiles.

const HELP = `chibo — Sổ tay Chi bộ

Cách dùng / Usage: npx chibo <command> [options]

  start                          Chạy máy chủ (migrate; nạp dữ liệu mẫu nếu cơ sở dữ liệu trống)
  migrate                        Cập nhật cấu trúc cơ sở dữ liệu
  demo [--yes]                   Xóa toàn bộ dữ liệu và nạp lại tổ chức mẫu
  create-admin [--username U] [--password P] [--email E]
                                 Tạo tài khoản quản trị (cài đặt thật bắt đầu từ đây)
  import-members FILE --org ID|CODE [--dry-run]
                                 Nhập danh sách đảng viên từ tệp XLSX/CSV
  export-members --org ID|CODE FILE
                                 Xuất danh sách đảng viên ra tệp XLSX
  backup FILE                    Sao lưu toàn bộ cơ sở dữ liệu (kèm bảng kê và mã kiểm tra)
  verify-backup FILE             Kiểm tra một bản sao lưu (định dạng, mã kiểm tra, mở thử) mà không khôi phục
  restore FILE [--force]         Khôi phục từ bản sao lưu: kiểm tra toàn bộ trước, dữ liệu cũ được giữ lại bên cạnh
  restore --latest               Khôi phục bản sao lưu tự động tốt gần nhất (khi dữ liệu bị hỏng)

Cấu hình qua biến môi trường: DATABASE_URL, CHIBO_DATA_DIR (mặc định ./data), PORT (3000), HOST (127.0.0.1),
CHIBO_BACKUP_DIR (mặc định <CHIBO_DATA_DIR>-backups), CHIBO_BACKUP_SCHEDULE=off (tắt sao lưu tự động).`;

/** The CLI acts as the system; audit events show no user for its writes. */
const SYSTEM_ACTOR: Actor = {
  userId: "00000000-0000-0000-0000-000000000000",
  username: "chibo-cli",
  displayName: "chibo CLI",
  memberId: null,
  isAdmin: true,
  locale: "vi",
  mustChangePassword: false,
  scopes: [],
  sessionId: "",
  csrfToken: "",
};

async function open(options: { lock?: boolean } = {}): Promise<{ database: Database; release: () => void }> {
  const config = readConfig();
  const locked = !config.databaseUrl && options.lock !== false;
  if (locked) mkdirSync(config.dataDir, { recursive: true });
  const release = locked ? acquireDataDirLock(config.dataDir) : () => {};
  try {
    if (!config.databaseUrl) await refuseDamagedData(config);
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      readUrl: config.readDatabaseUrl,
      dataDir: config.dataDir,
    });
    await migrateDatabase(database);
    return { database, release };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * The embedded store is checked before anything runs on it (ADR 0093): after an unclean stop in full, otherwise only
 * its shutdown state. Damaged data is refused with the way back in plain words, Vietnamese then English.
 */
async function refuseDamagedData(config: Config): Promise<void> {
  const { checkDataDirAtStart } = await import("./core/db/integrity.js");
  const check = await checkDataDirAtStart(config.dataDir);
  if (check.ok) return;
  const [{ latestBackup }, { t }] = await Promise.all([
    import("./core/backup/schedule.js"),
    import("./core/i18n/index.js"),
  ]);
  const latest = latestBackup(config.backupDir);
  const say = (locale: "vi" | "en") =>
    [
      t(locale, "cli.damaged", { dir: config.dataDir, reason: check.reason }),
      latest
        ? t(locale, "cli.damaged.restore", { file: latest.file, when: latest.at.toISOString() })
        : t(locale, "cli.damaged.noBackup", { dir: config.backupDir }),
    ].join("\n");
  throw new Error(`${say("vi")}\n\n${say("en")}`);
}

function printAccounts(accounts: DemoAccount[], url: string) {
  console.log(
    `\nTổ chức mẫu: Đảng bộ Trường Chính trị tỉnh Lâm Đồng — tài khoản dùng thử (chỉ để thử, không dùng khi triển khai thật):`,
  );
  for (const a of accounts) console.log(`  ${a.username.padEnd(15)} ${a.password}   ${a.who}`);
  console.log(`\nMở ${url} và đăng nhập bằng một tài khoản trên.\n`);
}

async function resolveOrg(database: Database, ref: string): Promise<OrganizationRow> {
  const { findOrganizationByCode, getOrganization } = await import("./modules/organizations/store.js");
  const org = /^[0-9a-f-]{36}$/i.test(ref)
    ? await getOrganization(database.db, ref)
    : await findOrganizationByCode(database.db, ref);
  if (!org) throw new Error(`Không tìm thấy tổ chức "${ref}" (organisation not found)`);
  return org;
}

async function start() {
  const startedAt = performance.now();
  const config = readConfig();
  (await import("./core/heap.js")).keepHeapNearItsUse();
  const [{ database, release }, { buildServer }, { isEmpty, loadDemo }] = await Promise.all([
    open(),
    import("./server.js"),
    import("./demo/demo-data.js"),
  ]);
  let demo: DemoAccount[] | null = null;
  if ((await isEmpty(database)) && process.env.CHIBO_NO_DEMO !== "1") demo = await loadDemo(database);
  // The embedded store backs itself up on a schedule (ADR 0093); PostgreSQL is backed up by its owner.
  let log: (err: unknown) => void = () => {};
  const backups =
    database.store === "pglite" && config.backupSchedule
      ? (await import("./core/backup/schedule.js")).scheduledBackups({
          dir: config.backupDir,
          firstAfterMs: 120_000,
          onError: (err) => log(err),
        })
      : null;
  const app = await buildServer({ database, logger: process.env.LOG_LEVEL !== "silent", backups });
  log = (err) => app.log.error({ err }, "scheduled backup failed");
  const { startOutboxWorker } = await import("./core/outbox/index.js");
  const transport = config.smtpUrl ? (await import("nodemailer")).default.createTransport(config.smtpUrl) : null;
  // The VAPID keys exist from the first start on, so the first member to subscribe finds them (ADR 0148).
  await (await import("./core/push/index.js")).vapidKeys(database.db);
  const worker = startOutboxWorker(database, {
    transport,
    from: config.mailFrom,
    push: { subject: config.pushSubject },
    intervalMs: config.outboxIntervalMs,
    onError: (what, err) => app.log.error({ err }, `outbox: ${what}`),
  });
  const shutdown = async () => {
    await worker.stop();
    await app.close();
    await database.close();
    release();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host === "0.0.0.0" || config.host === "127.0.0.1" ? "localhost" : config.host}:${config.port}`;
  console.log(`chibo đang chạy tại ${url} (store: ${database.store}, ${Math.round(performance.now() - startedAt)} ms)`);
  if (demo) printAccounts(demo, url);
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(question);
  rl.close();
  return /^(y|yes|c|co|có)$/i.test(answer.trim());
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      yes: { type: "boolean" },
      force: { type: "boolean" },
      latest: { type: "boolean" },
      "dry-run": { type: "boolean" },
      org: { type: "string" },
      username: { type: "string" },
      password: { type: "string" },
      email: { type: "string" },
    },
  });

  switch (command) {
    case "start":
      return start();
    case "migrate": {
      const { database, release } = await open();
      await database.close();
      release();
      console.log("Đã cập nhật cấu trúc cơ sở dữ liệu.");
      return;
    }
    case "demo": {
      if (!values.yes && !(await confirm("Xóa TOÀN BỘ dữ liệu và nạp dữ liệu mẫu? (c/k) "))) {
        console.error("Chưa làm gì. Thêm --yes để xác nhận.");
        process.exitCode = 1;
        return;
      }
      const { database, release } = await open();
      const { loadDemo } = await import("./demo/demo-data.js");
      const accounts = await loadDemo(database);
      await database.close();
      release();
      printAccounts(accounts, `http://localhost:${readConfig().port}`);
      return;
    }
    case "create-admin": {
      const username = values.username ?? "admin";
      const [{ t }, { passwordProblem }, { hashPassword }, { users }] = await Promise.all([
        import("./core/i18n/index.js"),
        import("./modules/accounts/model.js"),
        import("./modules/accounts/passwords.js"),
        import("./modules/accounts/schema.js"),
      ]);
      const password = values.password ?? randomBytes(12).toString("base64url");
      const problem = passwordProblem(password, username);
      if (problem) throw new Error(t("vi", problem.key, problem.params));
      const { database, release } = await open();
      try {
        await database.db.insert(users).values({
          username,
          email: values.email ?? null,
          displayName: "Quản trị hệ thống",
          passwordHash: await hashPassword(password),
          isAdmin: true,
          mustChangePassword: !values.password,
        });
      } finally {
        await database.close();
        release();
      }
      console.log(
        `Đã tạo tài khoản quản trị "${username}".${values.password ? "" : `\nMật khẩu tạm: ${password}  (đổi ngay sau lần đăng nhập đầu)`}`,
      );
      return;
    }
    case "import-members": {
      const file = positionals[0];
      if (!file || !values.org) throw new Error("Cách dùng: chibo import-members FILE --org ID|CODE");
      const { database, release } = await open();
      const [{ parseRoster, ROSTER_MAX_ROWS_CLI }, { applyRosterImport, planRosterImport }, { todayIso }] =
        await Promise.all([
          import("./modules/members/roster.js"),
          import("./modules/members/roster-import.js"),
          import("./core/time.js"),
        ]);
      try {
        const target = await resolveOrg(database, values.org);
        // Each step's time is printed: a large roster takes a while, and the office should see where.
        const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);
        let mark = performance.now();
        const parsed = await parseRoster(new Uint8Array(readFileSync(file)), path.basename(file), {
          maxRows: ROSTER_MAX_ROWS_CLI,
        });
        const steps = [`đọc tệp ${seconds(mark)} s`];
        const result = await inTransaction(database, async (tx) => {
          mark = performance.now();
          const { plan, work } = await planRosterImport(tx, target, parsed);
          steps.push(`kiểm tra ${seconds(mark)} s`);
          for (const p of plan.problems) console.log(`${p.severity === "error" ? "LỖI" : "Lưu ý"}: ${p.message.vi}`);
          mark = performance.now();
          if (plan.ready && !values["dry-run"]) {
            await applyRosterImport(tx, SYSTEM_ACTOR, work, todayIso());
            steps.push(`ghi ${seconds(mark)} s`);
          }
          return plan;
        });
        console.log(
          `Thêm mới ${result.counts.create}, cập nhật ${result.counts.update}, không đổi ${result.counts.unchanged}, lỗi ${result.counts.error} (${steps.join(", ")}).`,
        );
        if (!result.ready) {
          console.error("Tệp còn lỗi: chưa nhập gì.");
          process.exitCode = 1;
        } else if (values["dry-run"]) console.log("Chạy thử: chưa ghi gì.");
      } finally {
        await database.close();
        release();
      }
      return;
    }
    case "export-members": {
      const file = positionals[0];
      if (!file || !values.org) throw new Error("Cách dùng: chibo export-members --org ID|CODE FILE");
      const { database, release } = await open();
      const [{ writeRosterXlsx }, { listMembers }, { organizationCodes }] = await Promise.all([
        import("./modules/members/roster.js"),
        import("./modules/members/store.js"),
        import("./modules/organizations/store.js"),
      ]);
      try {
        const org = await resolveOrg(database, values.org);
        const { items } = await listMembers(database.db, org.path, { limit: 10_000_000, offset: 0 });
        const codes = new Map((await organizationCodes(database.db, org.path)).map((o) => [o.id, o.code]));
        writeFileSync(
          file,
          await writeRosterXlsx(items.map((m) => ({ ...m, cellCode: codes.get(m.organizationId) ?? null }))),
        );
        console.log(`Đã xuất ${items.length} đảng viên ra ${file}.`);
      } finally {
        await database.close();
        release();
      }
      return;
    }
    case "backup":
      return backup(positionals[0]);
    case "verify-backup":
      return verify(positionals[0]);
    case "restore":
      return values.latest ? restoreLatest() : restore(positionals[0], !!values.force);
    case undefined:
    case "help":
    case "--help":
      console.log(HELP);
      return;
    default:
      console.error(`Lệnh không hợp lệ: ${command}\n\n${HELP}`);
      process.exitCode = 2;
  }
}

async function backup(file: string | undefined) {
  if (!file) throw new Error("Cách dùng: chibo backup FILE");
  const config = readConfig();
  const { writeBackupArchive } = await import("./core/backup/archive.js");
  // The embedded store is copied from inside the process that owns it, as a consistent snapshot; PostgreSQL by pg_dump.
  const { database, release } = await open();
  try {
    const manifest = await writeBackupArchive({ database, databaseUrl: config.databaseUrl }, file);
    const mb = (manifest.payload.bytes / 1e6).toFixed(1);
    console.log(
      `Đã sao lưu vào ${file} (${mb} MB, SHA-256 ${manifest.payload.sha256.slice(0, 12)}…, ${manifest.schema.migrations.length} bước cấu trúc).`,
    );
  } finally {
    await database.close();
    release();
  }
}

async function verify(file: string | undefined) {
  if (!file) throw new Error("Cách dùng: chibo verify-backup FILE");
  const { verifyBackupArchive } = await import("./core/backup/archive.js");
  const { manifest } = await verifyBackupArchive(file, { open: true });
  console.log(
    `Bản sao lưu hợp lệ: ${manifest.store}, tạo lúc ${manifest.createdAt}, ${manifest.schema.migrations.length} bước cấu trúc.`,
  );
}

/** One command back from damaged data: the newest verified scheduled backup replaces the data directory. */
async function restoreLatest() {
  const config = readConfig();
  const [{ latestBackup }, { t }] = await Promise.all([
    import("./core/backup/schedule.js"),
    import("./core/i18n/index.js"),
  ]);
  const latest = latestBackup(config.backupDir);
  if (!latest)
    throw new Error(
      `${t("vi", "cli.restore.noBackup", { dir: config.backupDir })}\n${t("en", "cli.restore.noBackup", { dir: config.backupDir })}`,
    );
  return restore(latest.file, true);
}

async function restore(file: string | undefined, force: boolean) {
  if (!file) throw new Error("Cách dùng: chibo restore FILE [--force]");
  const config = readConfig();
  const { restoreBackupArchive } = await import("./core/backup/archive.js");
  const result = await restoreBackupArchive(
    file,
    { databaseUrl: config.databaseUrl, dataDir: config.dataDir },
    { force },
  );
  console.log(`Đã khôi phục từ ${file} (bản sao lưu lúc ${result.manifest.createdAt}).`);
  if (result.migrated > 0) console.log(`Đã cập nhật cấu trúc dữ liệu thêm ${result.migrated} bước.`);
  if (result.movedAside)
    console.log(`Dữ liệu cũ được giữ lại tại ${result.movedAside}; xóa thư mục này khi không cần nữa.`);
}

main(process.argv.slice(2)).catch(async (error: Error) => {
  // A domain error (a refused file, a broken rule) is said in words, not by its code.
  const [{ AppError }, { t }] = await Promise.all([import("./core/http/errors.js"), import("./core/i18n/index.js")]);
  console.error(error instanceof AppError ? t("vi", error.messageKey, error.params) : error.message);
  process.exit(1);
});
