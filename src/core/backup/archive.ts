import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { t, type Params } from "../i18n/index.js";
import { MIGRATIONS_DIR } from "../paths.js";
import { migrateDatabase, openDatabase, sql, type Database, type StoreKind } from "../db/index.js";
import { acquireDataDirLock } from "../db/lock.js";

/**
 * The one backup format of chibo, for both stores, written by `chibo backup`, the administrator's online backup and
 * scheduled backups alike. A plain POSIX tar (inspectable with `tar tvf`) of exactly two entries:
 *
 *   manifest.json   what the backup is: store, time, the schema's migrations, and the payload's size and SHA-256
 *   pglite.tar.gz   the embedded store's data directory (PGlite dumpDataDir), or
 *   postgres.dump   a pg_dump custom-format dump
 *
 * The payload is already compressed, so the tar is not. Restore reads the whole archive and checks everything it
 * can before it touches the target: a damaged, truncated, altered or foreign file, or one from a newer chibo, is
 * refused with the data left exactly as it was.
 */

export const BACKUP_FORMAT = "chibo-backup";
export const BACKUP_FORMAT_VERSION = 1;
const MANIFEST_NAME = "manifest.json";
const PAYLOAD_NAME: Record<StoreKind, string> = { pglite: "pglite.tar.gz", postgres: "postgres.dump" };
const BLOCK = 512;
const MAX_MANIFEST_BYTES = 1 << 20;

const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  store: z.enum(["pglite", "postgres"]),
  createdAt: z.string().datetime(),
  /** The migrations applied to the copied database, as drizzle records them (the journal's `when`), ascending. */
  schema: z.object({ migrations: z.array(z.number().int().nonnegative()) }),
  payload: z.object({
    name: z.string(),
    bytes: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

export type BackupProblem =
  | "not_archive"
  | "legacy_dump"
  | "truncated"
  | "bad_manifest"
  | "checksum"
  | "newer_schema"
  | "wrong_store"
  | "unreadable"
  | "target_not_empty"
  | "target_newer"
  | "tool_missing"
  | "tool_failed";

/** Why a backup was refused; the message is the user's, Vietnamese first with the English after it. */
export class BackupArchiveError extends Error {
  readonly messageKey: string;
  constructor(
    readonly problem: BackupProblem,
    readonly params: Params,
  ) {
    const key = `errors.backup_${problem}`;
    super(`${t("vi", key, params)} (${t("en", key, params)})`);
    this.messageKey = key;
  }
}

/** Where a backup comes from or goes to: a PostgreSQL URL when set, else the embedded store's data directory. */
export interface StoreTarget {
  databaseUrl?: string;
  dataDir?: string;
}

/** The migrations this code knows, as drizzle records them when it applies them. */
export function codeMigrations(): number[] {
  const text = readFileSync(path.join(MIGRATIONS_DIR, "meta/_journal.json"), "utf8");
  const journal = JSON.parse(text) as { entries: { when: number }[] };
  return journal.entries.map((e) => e.when).sort((a, b) => a - b);
}

/** The migrations applied to a database (empty for a database never migrated). */
export async function appliedMigrations(database: Database): Promise<number[]> {
  const [exists] = await database.rows<{ ok: boolean }>(
    sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS ok`,
  );
  if (!exists?.ok) return [];
  const rows = await database.rows<{ created_at: string | number }>(
    sql`SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at`,
  );
  return rows.map((r) => Number(r.created_at));
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

/**
 * Takes a consistent copy of the open database and writes it as a backup archive to `file`. The file appears only
 * when complete (written beside it, flushed to disk, then renamed), readable by its owner alone. On PostgreSQL the
 * copy is made by pg_dump (one snapshot transaction) and needs `databaseUrl`; the embedded store is copied from
 * inside the process that owns it.
 */
export async function writeBackupArchive(
  source: { database: Database; databaseUrl?: string },
  file: string,
): Promise<BackupManifest> {
  const { database } = source;
  const migrations = await appliedMigrations(database);
  const partial = `${file}.partial-${process.pid}`;
  let dumpFile: string | null = null;
  try {
    let payload: { bytes: number; sha256: string; write: (fd: number) => void };
    if (database.store === "pglite") {
      const data = new Uint8Array(await (await database.pglite!.dumpDataDir("gzip")).arrayBuffer());
      payload = { bytes: data.length, sha256: sha256(data), write: (fd) => writeAll(fd, data) };
    } else {
      if (!source.databaseUrl) throw new Error("writeBackupArchive: a PostgreSQL backup needs the database URL");
      dumpFile = `${file}.dump-${process.pid}`;
      pgTool("pg_dump", ["--format=custom", "--no-owner", "--file", dumpFile, source.databaseUrl]);
      const dump = dumpFile;
      const bytes = statSync(dump).size;
      payload = { bytes, sha256: hashFile(dump, 0, bytes), write: (fd) => copyInto(fd, dump) };
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      store: database.store,
      createdAt: new Date().toISOString(),
      schema: { migrations },
      payload: { name: PAYLOAD_NAME[database.store], bytes: payload.bytes, sha256: payload.sha256 },
    };
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, "utf8");
    const fd = openSync(partial, "w", 0o600);
    try {
      const mtime = Math.floor(Date.now() / 1000);
      writeAll(fd, tarHeader(MANIFEST_NAME, manifestBytes.length, mtime));
      writeAll(fd, manifestBytes);
      writeAll(fd, padding(manifestBytes.length));
      writeAll(fd, tarHeader(manifest.payload.name, payload.bytes, mtime));
      payload.write(fd);
      writeAll(fd, padding(payload.bytes));
      writeAll(fd, Buffer.alloc(BLOCK * 2));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, file);
    syncDir(path.dirname(path.resolve(file)));
    return manifest;
  } finally {
    rmSync(partial, { force: true });
    if (dumpFile) rmSync(dumpFile, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Verifying

export interface VerifiedBackup {
  manifest: BackupManifest;
  /** Where the payload's bytes start in the file. */
  payloadOffset: number;
  /** Migrations this code has that the backup lacks: they run after the restore. */
  pendingMigrations: number;
}

/**
 * Checks a backup archive end to end without touching any database: the tar structure and each header's checksum,
 * a manifest of the right format, the payload's exact size and SHA-256, the end-of-archive marker, and that the
 * backup's schema is not newer than this code (every migration it has applied is one this code knows).
 * With `open`, it also proves the payload opens: the embedded store is loaded into memory and its migrations read
 * back; a PostgreSQL dump's table of contents is read by `pg_restore --list`.
 * Throws BackupArchiveError; returns what restore needs.
 */
export async function verifyBackupArchive(file: string, options: { open?: boolean } = {}): Promise<VerifiedBackup> {
  const fd = openOrRefuse(file);
  let verified: VerifiedBackup;
  try {
    verified = verifyOpenFile(fd, file);
  } finally {
    closeSync(fd);
  }
  if (options.open) {
    if (verified.manifest.store === "pglite") {
      const database = await openPayload(file, verified, "memory://");
      await database.close();
    } else {
      const work = mkdtempSync(path.join(os.tmpdir(), "chibo-verify-"));
      try {
        pgTool("pg_restore", ["--list", extractPayload(file, verified, work)], "unreadable", file);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    }
  }
  return verified;
}

function openOrRefuse(file: string): number {
  try {
    const fd = openSync(file, "r");
    if (!fstatSync(fd).isFile()) {
      closeSync(fd);
      throw new BackupArchiveError("not_archive", { file });
    }
    return fd;
  } catch (error) {
    if (error instanceof BackupArchiveError) throw error;
    throw new BackupArchiveError("not_archive", { file });
  }
}

function verifyOpenFile(fd: number, file: string): VerifiedBackup {
  const size = fstatSync(fd).size;
  const head = readAt(fd, 0, BLOCK);
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) throw new BackupArchiveError("legacy_dump", { file });
  const first = parseTarHeader(head);
  if (!first || first.name !== MANIFEST_NAME) throw new BackupArchiveError("not_archive", { file });
  if (first.size > MAX_MANIFEST_BYTES) {
    throw new BackupArchiveError("bad_manifest", { file, detail: "manifest.json > 1 MB" });
  }
  if (BLOCK + first.size > size) throw new BackupArchiveError("truncated", { file, detail: MANIFEST_NAME });

  let manifest: BackupManifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(readAt(fd, BLOCK, first.size).toString("utf8")));
  } catch (error) {
    const detail =
      error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") : "JSON";
    throw new BackupArchiveError("bad_manifest", { file, detail });
  }
  if (manifest.payload.name !== PAYLOAD_NAME[manifest.store]) {
    throw new BackupArchiveError("bad_manifest", { file, detail: `payload ${manifest.payload.name}` });
  }

  const second = BLOCK + roundUp(first.size);
  if (second + BLOCK > size) throw new BackupArchiveError("truncated", { file, detail: manifest.payload.name });
  const payloadHeader = parseTarHeader(readAt(fd, second, BLOCK));
  if (!payloadHeader || payloadHeader.name !== manifest.payload.name) {
    throw new BackupArchiveError("not_archive", { file });
  }
  if (payloadHeader.size !== manifest.payload.bytes) {
    const detail = `${payloadHeader.size} ≠ ${manifest.payload.bytes} bytes`;
    throw new BackupArchiveError("bad_manifest", { file, detail });
  }
  const payloadOffset = second + BLOCK;
  const end = payloadOffset + roundUp(payloadHeader.size);
  if (end + BLOCK * 2 > size) {
    throw new BackupArchiveError("truncated", { file, detail: `${size} / ${end + BLOCK * 2} bytes` });
  }
  if (hashFileFd(fd, payloadOffset, payloadHeader.size) !== manifest.payload.sha256) {
    throw new BackupArchiveError("checksum", { file });
  }
  if (readAt(fd, end, BLOCK * 2).some((b) => b !== 0)) throw new BackupArchiveError("not_archive", { file });

  const known = new Set(codeMigrations());
  const unknown = manifest.schema.migrations.filter((m) => !known.has(m));
  if (unknown.length > 0) throw new BackupArchiveError("newer_schema", { file, migrations: unknown.length });
  const had = new Set(manifest.schema.migrations);
  return { manifest, payloadOffset, pendingMigrations: [...known].filter((m) => !had.has(m)).length };
}

// ---------------------------------------------------------------------------------------------------------------
// Restoring

export interface RestoreResult {
  manifest: BackupManifest;
  /** Embedded store: where the data that was replaced now lies (null when the directory was empty). */
  movedAside: string | null;
  /** Migrations run after the restore because the backup was older than this code. */
  migrated: number;
}

/**
 * Restores a backup archive, verifying it first; nothing is touched unless the whole archive checks out.
 *
 * Embedded store: the copy is unpacked into a new directory beside the data directory, opened, migrated and
 * checked there; only then is the old directory renamed to `<dir>.before-restore-<time>` and the new one put in
 * its place. A failure at any step leaves the old directory as it was.
 *
 * PostgreSQL: the dump's table of contents is read (`pg_restore --list`) before the target is touched, and
 * pg_restore runs as one transaction, so on any error PostgreSQL rolls the target back to what it was.
 *
 * A target that already holds data is replaced only with `force`. The data directory must not be in use.
 */
export async function restoreBackupArchive(
  file: string,
  target: StoreTarget,
  options: { force?: boolean } = {},
): Promise<RestoreResult> {
  const verified = await verifyBackupArchive(file);
  const store: StoreKind = target.databaseUrl ? "postgres" : "pglite";
  if (verified.manifest.store !== store) {
    throw new BackupArchiveError("wrong_store", { file, archive: verified.manifest.store, target: store });
  }
  const force = !!options.force;
  return store === "pglite"
    ? restorePglite(file, verified, target.dataDir ?? "./data", force)
    : restorePostgres(file, verified, target.databaseUrl!, force);
}

async function restorePglite(
  file: string,
  verified: VerifiedBackup,
  dataDir: string,
  force: boolean,
): Promise<RestoreResult> {
  const dir = path.resolve(dataDir);
  const hasData = existsSync(dir) && readdirSync(dir).some((f) => f !== ".chibo.lock");
  if (hasData && !force) throw new BackupArchiveError("target_not_empty", { target: dir });
  // Hold the data directory for the whole restore: no server may start on it, and none may be running.
  const releaseOld = existsSync(dir) ? acquireDataDirLock(dir) : () => {};
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const fresh = `${dir}.restoring-${stamp}`;
  let releaseFresh = () => {};
  try {
    rmSync(fresh, { recursive: true, force: true });
    mkdirSync(fresh, { recursive: true, mode: 0o700 });
    const database = await openPayload(file, verified, fresh);
    const before = (await appliedMigrations(database)).length;
    try {
      await migrateDatabase(database);
      // Proof that the restored copy answers queries on its own tables.
      await database.rows(sql`SELECT count(*) FROM organizations`);
    } finally {
      await database.close();
    }
    const migrated = codeMigrations().length - before;
    syncTree(fresh);
    releaseFresh = acquireDataDirLock(fresh);
    let movedAside: string | null = null;
    if (existsSync(dir)) {
      if (hasData) {
        movedAside = `${dir}.before-restore-${stamp}`;
        renameSync(dir, movedAside);
        rmSync(path.join(movedAside, ".chibo.lock"), { force: true });
      } else {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    try {
      renameSync(fresh, dir);
    } catch (error) {
      // The old directory goes back where it was rather than leave no data directory at all.
      if (movedAside) renameSync(movedAside, dir);
      throw error;
    }
    syncDir(path.dirname(dir));
    return { manifest: verified.manifest, movedAside, migrated };
  } catch (error) {
    rmSync(fresh, { recursive: true, force: true });
    throw error;
  } finally {
    releaseFresh();
    releaseOld();
  }
}

/** Loads the embedded store's payload into `dataDir` (or memory) and checks it holds the manifest's schema. */
async function openPayload(file: string, verified: VerifiedBackup, dataDir: string): Promise<Database> {
  const fd = openSync(file, "r");
  let blob: Blob;
  try {
    blob = new Blob([new Uint8Array(readAt(fd, verified.payloadOffset, verified.manifest.payload.bytes))]);
  } finally {
    closeSync(fd);
  }
  let database: Database;
  try {
    database = await openDatabase({ dataDir, loadDataDir: blob });
  } catch (error) {
    throw new BackupArchiveError("unreadable", { file, detail: (error as Error).message });
  }
  const migrations = await appliedMigrations(database).catch(() => null);
  if (!migrations || migrations.join(",") !== verified.manifest.schema.migrations.join(",")) {
    await database.close();
    throw new BackupArchiveError("unreadable", { file, detail: "schema ≠ manifest" });
  }
  return database;
}

async function restorePostgres(
  file: string,
  verified: VerifiedBackup,
  databaseUrl: string,
  force: boolean,
): Promise<RestoreResult> {
  const work = mkdtempSync(path.join(os.tmpdir(), "chibo-restore-"));
  try {
    const dump = extractPayload(file, verified, work);
    pgTool("pg_restore", ["--list", dump], "unreadable", file);
    const target = await openDatabase({ databaseUrl });
    try {
      const [{ n } = { n: 0 }] = await target.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM information_schema.tables
            WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`,
      );
      const where = new URL(databaseUrl).pathname.slice(1);
      if (n > 0 && !force) throw new BackupArchiveError("target_not_empty", { target: where });
      // pg_restore --clean drops only what the dump holds: tables of a newer schema would survive it and
      // break the migrations that follow, so such a database is refused before anything is changed.
      const had = new Set(verified.manifest.schema.migrations);
      if ((await appliedMigrations(target)).some((m) => !had.has(m))) {
        throw new BackupArchiveError("target_newer", { target: where });
      }
    } finally {
      await target.close();
    }
    const restoreArgs = ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error"];
    pgTool("pg_restore", [...restoreArgs, "--dbname", databaseUrl, dump]);
    const database = await openDatabase({ databaseUrl });
    try {
      const before = (await appliedMigrations(database)).length;
      await migrateDatabase(database);
      return { manifest: verified.manifest, movedAside: null, migrated: codeMigrations().length - before };
    } finally {
      await database.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function extractPayload(file: string, verified: VerifiedBackup, dir: string): string {
  const out = path.join(dir, verified.manifest.payload.name);
  const src = openSync(file, "r");
  const dst = openSync(out, "w", 0o600);
  try {
    const chunk = Buffer.alloc(1 << 20);
    let left = verified.manifest.payload.bytes;
    let at = verified.payloadOffset;
    while (left > 0) {
      const n = readSync(src, chunk, 0, Math.min(chunk.length, left), at);
      if (n <= 0) throw new BackupArchiveError("truncated", { file, detail: verified.manifest.payload.name });
      writeAll(dst, chunk.subarray(0, n));
      left -= n;
      at += n;
    }
  } finally {
    closeSync(src);
    closeSync(dst);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Tar (POSIX ustar), only as much as this format needs

function tarHeader(name: string, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, "utf8");
  h.write("0000600\0", 100);
  h.write("0000000\0", 108);
  h.write("0000000\0", 116);
  h.write(`${size.toString(8).padStart(11, "0")}\0`, 124);
  h.write(`${mtime.toString(8).padStart(11, "0")}\0`, 136);
  h.write("        ", 148);
  h.write("0", 156);
  h.write("ustar\0", 257);
  h.write("00", 263);
  h.write(`${checksum(h).toString(8).padStart(6, "0")}\0 `, 148);
  return h;
}

function parseTarHeader(h: Buffer): { name: string; size: number } | null {
  if (h.length !== BLOCK || h.toString("latin1", 257, 262) !== "ustar") return null;
  const field = (at: number, len: number) =>
    h
      .toString("latin1", at, at + len)
      .replace(/[\0 ]+$/, "")
      .replace(/\0.*$/, "");
  const stored = Number.parseInt(field(148, 8), 8);
  if (!Number.isFinite(stored) || stored !== checksum(h)) return null;
  const sizeText = field(124, 12);
  if (!/^[0-7]+$/.test(sizeText) || h.toString("latin1", 156, 157) !== "0") return null;
  return { name: h.toString("utf8", 0, 100).replace(/\0.*$/s, ""), size: Number.parseInt(sizeText, 8) };
}

/** The ustar header checksum: the sum of its bytes with the checksum field read as spaces. */
function checksum(h: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  return sum;
}

const roundUp = (n: number) => Math.ceil(n / BLOCK) * BLOCK;
const padding = (n: number) => Buffer.alloc(roundUp(n) - n);

// ---------------------------------------------------------------------------------------------------------------
// Files

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n <= 0) break;
    done += n;
  }
  return buf.subarray(0, done);
}

function writeAll(fd: number, data: Uint8Array) {
  let done = 0;
  while (done < data.length) done += writeSync(fd, data, done, data.length - done);
}

function copyInto(fd: number, from: string) {
  const src = openSync(from, "r");
  try {
    const chunk = Buffer.alloc(1 << 20);
    for (let n; (n = readSync(src, chunk, 0, chunk.length, null)) > 0; ) writeAll(fd, chunk.subarray(0, n));
  } finally {
    closeSync(src);
  }
}

function sha256(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

function hashFile(file: string, position: number, length: number): string {
  const fd = openSync(file, "r");
  try {
    return hashFileFd(fd, position, length);
  } finally {
    closeSync(fd);
  }
}

function hashFileFd(fd: number, position: number, length: number): string {
  const hash = createHash("sha256");
  const chunk = Buffer.alloc(1 << 20);
  let left = length;
  let at = position;
  while (left > 0) {
    const n = readSync(fd, chunk, 0, Math.min(chunk.length, left), at);
    if (n <= 0) break;
    hash.update(chunk.subarray(0, n));
    left -= n;
    at += n;
  }
  return left === 0 ? hash.digest("hex") : "";
}

function syncDir(dir: string) {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms cannot open or fsync a directory; the rename itself has still happened.
  }
}

/** Flushes every file of a directory tree to disk, so the restored copy is on disk before it replaces the old one. */
function syncTree(dir: string) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) syncTree(p);
    else if (entry.isFile()) {
      const fd = openSync(p, "r");
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  }
  syncDir(dir);
}

function pgTool(
  tool: "pg_dump" | "pg_restore",
  args: string[],
  problem: "tool_failed" | "unreadable" = "tool_failed",
  file = "",
) {
  const result = spawnSync(tool, args, { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  if (result.error && (result.error as NodeJS.ErrnoException).code === "ENOENT") {
    throw new BackupArchiveError("tool_missing", { tool });
  }
  if (result.status !== 0) {
    const detail = (result.stderr || String(result.error ?? "")).trim().split("\n").slice(-3).join(" ");
    throw new BackupArchiveError(problem, { tool, file, detail });
  }
}
