import { createHash, randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sql } from "drizzle-orm";
import { migrateDatabase, openDatabase, type Database } from "../src/core/db/index.js";
import { MIGRATIONS_DIR } from "../src/core/paths.js";
import {
  appliedMigrations,
  BackupArchiveError,
  codeMigrations,
  restoreBackupArchive,
  verifyBackupArchive,
  writeBackupArchive,
  type StoreTarget,
} from "../src/core/backup/archive.js";

/**
 * The backup archive on the store of this pass: what it writes restores whole, and every damaged, altered, foreign
 * or too-new archive is refused before the target is touched (the data directory byte for byte, or every row of
 * the PostgreSQL database).
 */
const onPostgres = !!inject("postgresTemplate");
const work = mkdtempSync(path.join(os.tmpdir(), "chibo-archive-"));
const databases: string[] = [];
const admin = onPostgres ? new pg.Client({ connectionString: process.env.CHIBO_TEST_DATABASE_URL }) : null;

/** An empty store: a new data directory, or a new PostgreSQL database (from the demo template when asked). */
async function store(name: string, fromTemplate = false): Promise<StoreTarget> {
  if (!onPostgres) return { dataDir: path.join(work, name) };
  const db = `chibo_arch_${name.replace(/\W/g, "_")}_${randomBytes(4).toString("hex")}`;
  await admin!.query(`CREATE DATABASE ${db}${fromTemplate ? ` TEMPLATE ${inject("postgresTemplate")}` : ""}`);
  databases.push(db);
  const u = new URL(process.env.CHIBO_TEST_DATABASE_URL!);
  u.pathname = `/${db}`;
  return { databaseUrl: u.toString() };
}

async function withDb<T>(target: StoreTarget, fn: (db: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(target);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

const backup = (target: StoreTarget, file: string) =>
  withDb(target, (database) => writeBackupArchive({ database, databaseUrl: target.databaseUrl }, file));
const topNames = (target: StoreTarget) =>
  withDb(target, async (db) => {
    const rows = await db.rows<{ name: string }>(sql`SELECT name FROM organizations WHERE parent_id IS NULL`);
    return rows.map((r) => r.name);
  });
const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const template = () => new Blob([readFileSync(inject("pgliteTemplate"))]);

/** Every file under a directory with its mode and SHA-256, and what lies beside it under its name (no leftovers). */
function fingerprintDir(dir: string): Record<string, string> {
  const beside = readdirSync(path.dirname(dir)).filter((f) => f.startsWith(path.basename(dir)));
  const out: Record<string, string> = { ".beside": beside.sort().join(",") };
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = `${statSync(p).mode.toString(8)} ${sha256(p)}`;
    }
  };
  walk(dir);
  return out;
}

/** Every row of every table of the database, and its migrations. */
async function fingerprintDb(target: StoreTarget): Promise<Record<string, unknown>> {
  return withDb(target, async (db) => {
    const tables = await db.rows<{ name: string }>(sql`
      SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name
      FROM information_schema.tables WHERE table_schema IN ('public', 'drizzle') ORDER BY 1`);
    const out: Record<string, unknown> = {};
    // Ordered by the whole row: a table whose first column repeats (a session's attendance) has no other order.
    for (const { name } of tables) out[name] = await db.rows(sql.raw(`SELECT * FROM ${name} AS t ORDER BY t::text`));
    return out;
  });
}

const fingerprint = (target: StoreTarget) =>
  target.dataDir ? Promise.resolve(fingerprintDir(target.dataDir)) : fingerprintDb(target);

let source: StoreTarget;
let good: string;

beforeAll(async () => {
  await admin?.connect();
  source = await store("source", true);
  if (!onPostgres) {
    // The demo template, unpacked into a real data directory.
    const database = await openDatabase({ dataDir: source.dataDir, loadDataDir: template() });
    await migrateDatabase(database);
    await database.close();
  }
  good = path.join(work, "good.tar");
  await backup(source, good);
});

afterAll(async () => {
  for (const db of databases) await admin!.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await admin?.end();
  rmSync(work, { recursive: true, force: true });
});

describe("backup archive", { timeout: 120_000 }, () => {
  it("is a tar of a manifest and the payload, and restores into an empty store with every row the same", async () => {
    const verified = await verifyBackupArchive(good, { open: true });
    expect(verified.manifest.store).toBe(onPostgres ? "postgres" : "pglite");
    expect(verified.manifest.schema.migrations).toEqual(codeMigrations());
    expect(verified.pendingMigrations).toBe(0);
    expect(statSync(good).mode & 0o777).toBe(0o600);

    const target = await store("restored");
    const result = await restoreBackupArchive(good, target);
    expect(result).toMatchObject({ movedAside: null, migrated: 0 });
    const [restored, original] = [await fingerprintDb(target), await fingerprintDb(source)];
    expect(Object.keys(restored).length).toBeGreaterThan(20);
    expect(restored).toEqual(original);
  });

  it("refuses a truncated, garbage, altered, old-style or newer archive; the target stays as it was", async () => {
    const bytes = readFileSync(good);
    const damaged: [string, Buffer, string][] = [
      ["truncated", bytes.subarray(0, Math.floor(bytes.length / 2)), "truncated"],
      ["cut-before-end", bytes.subarray(0, bytes.length - 1024), "truncated"],
      ["garbage", randomBytes(200_000), "not_archive"],
      ["empty", Buffer.alloc(0), "not_archive"],
      ["gzip-dump", Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), randomBytes(5000)]), "legacy_dump"],
    ];
    // One flipped byte inside the payload: the tar stays well formed, only the checksum can tell.
    const altered = Buffer.from(bytes);
    altered[Math.floor(altered.length / 2)]! ^= 0xff;
    damaged.push(["altered", altered, "checksum"]);
    // A manifest that no longer parses (its tar header checksum still matches: only the JSON is wrong).
    const badManifest = Buffer.from(bytes);
    badManifest.write('"formatVersion": 9', badManifest.indexOf('"formatVersion": 1'));
    damaged.push(["bad-manifest", badManifest, "bad_manifest"]);

    // A backup taken by a newer chibo: its database has applied a migration this code does not know.
    const newerStore = await store("newer");
    await restoreBackupArchive(good, newerStore);
    await withDb(newerStore, (db) =>
      db.rows(sql`INSERT INTO drizzle.__drizzle_migrations (hash, created_at)
        VALUES ('from-the-future', 4102444800000)`),
    );
    const newer = path.join(work, "newer.tar");
    await backup(newerStore, newer);

    const before = await fingerprint(source);
    const refusals: Record<string, string> = {};
    for (const [name, content, expected] of damaged) {
      const file = path.join(work, `${name}.tar`);
      writeFileSync(file, content);
      refusals[name] = await restoreBackupArchive(file, source, { force: true }).then(
        () => "restored",
        (e) => (e instanceof BackupArchiveError ? e.problem : String(e)),
      );
      expect(refusals[name], name).toBe(expected);
    }
    const newerRefusal = await restoreBackupArchive(newer, source, { force: true }).catch((e: BackupArchiveError) => e);
    expect(newerRefusal).toBeInstanceOf(BackupArchiveError);
    expect((newerRefusal as BackupArchiveError).problem).toBe("newer_schema");
    expect((newerRefusal as Error).message).toContain("phiên bản chibo mới hơn");
    expect(await fingerprint(source)).toEqual(before);
  });

  it("restores an older backup and brings it up to this code's schema", async () => {
    // A database made by an older chibo: every migration but the last.
    const oldMigrations = path.join(work, "old-migrations");
    cpSync(MIGRATIONS_DIR, oldMigrations, { recursive: true });
    const journalFile = path.join(oldMigrations, "meta/_journal.json");
    const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: unknown[] };
    journal.entries.pop();
    writeFileSync(journalFile, JSON.stringify(journal));
    const old = await store("old");
    const oldFile = path.join(work, "old.tar");
    const database = await openDatabase(onPostgres ? old : { dataDir: "memory://" });
    try {
      if (onPostgres) {
        const { migrate } = await import("drizzle-orm/node-postgres/migrator");
        await migrate(database.db as never, { migrationsFolder: oldMigrations });
      } else {
        const { migrate } = await import("drizzle-orm/pglite/migrator");
        await migrate(database.db as never, { migrationsFolder: oldMigrations });
      }
      await writeBackupArchive({ database, databaseUrl: old.databaseUrl }, oldFile);
    } finally {
      await database.close();
    }
    const verified = await verifyBackupArchive(oldFile);
    expect(verified.pendingMigrations).toBe(1);

    const target = await store("upgraded");
    const result = await restoreBackupArchive(oldFile, target);
    expect(result.migrated).toBe(1);
    expect(await withDb(target, appliedMigrations)).toEqual(codeMigrations());
  });

  it("refuses a target that holds data unless forced, and then keeps the replaced data", async () => {
    const target = await store("occupied", true);
    if (!onPostgres) await restoreBackupArchive(good, target);
    await withDb(target, (db) =>
      db.rows(sql`UPDATE organizations SET name = 'Tên sẽ bị thay' WHERE parent_id IS NULL`),
    );
    const refused = await restoreBackupArchive(good, target).catch((e: BackupArchiveError) => e.problem);
    expect(refused).toBe("target_not_empty");
    const result = await restoreBackupArchive(good, target, { force: true });
    expect(await topNames(target)).not.toContain("Tên sẽ bị thay");
    if (!onPostgres) {
      // The replaced directory lies beside the restored one, whole: it still opens with the change in it.
      expect(result.movedAside).toMatch(/occupied\.before-restore-\d{8}T\d{6}Z$/);
      expect(await topNames({ dataDir: result.movedAside! })).toContain("Tên sẽ bị thay");
    }
  });
});
