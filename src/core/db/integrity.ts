import { closeSync, existsSync, openSync, readFileSync, readSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Is the embedded store's data directory fit to run on? (ADR 0093)
 *
 * A normal start pays one read of 20 bytes: `global/pg_control` says whether PostgreSQL last stopped cleanly.
 * Only after an unclean stop (a crash, a kill, a power cut) does the deep check run: the directory is opened
 * with amcheck, every table is read in full (which verifies each page's checksum and every tuple's transaction
 * ids against the commit log) and every B-tree index is checked. That costs about a second on one đảng bộ.
 * A directory found damaged is marked, so it is refused on every later start until it is restored.
 */

export const DAMAGE_MARKER = ".chibo-damaged";

/** PostgreSQL's DBState as written in pg_control (src/include/catalog/pg_control.h). */
const DB_SHUTDOWNED = 1;
/** system_identifier (8 bytes), pg_control_version (4), catalog_version_no (4), then state. */
const STATE_OFFSET = 16;

export type LastStop = "none" | "clean" | "unclean";

/** How PostgreSQL last stopped on this directory; "none" for a directory that holds no database yet. */
export function lastStop(dataDir: string): LastStop {
  const control = path.join(dataDir, "global", "pg_control");
  if (!existsSync(path.join(dataDir, "PG_VERSION")) && !existsSync(control)) return "none";
  try {
    const fd = openSync(control, "r");
    try {
      const head = Buffer.alloc(STATE_OFFSET + 4);
      if (readSync(fd, head, 0, head.length, 0) < head.length) return "unclean";
      return head.readUInt32LE(STATE_OFFSET) === DB_SHUTDOWNED ? "clean" : "unclean";
    } finally {
      closeSync(fd);
    }
  } catch {
    return "unclean";
  }
}

export function damageMark(dataDir: string): { at: string; reason: string } | null {
  const file = path.join(dataDir, DAMAGE_MARKER);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as { at: string; reason: string };
  } catch {
    return { at: "", reason: "?" };
  }
}

/**
 * Opens the directory with amcheck and checks it in full. Returns null when sound, else what was wrong.
 * The directory must not be in use. Opening it replays the WAL, as any start would.
 */
export async function deepCheck(dataDir: string): Promise<string | null> {
  const [{ PGlite }, { amcheck }, { pg_trgm }, { DurableNodeFS, durableStartParams }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite/contrib/amcheck"),
    import("@electric-sql/pglite/contrib/pg_trgm"),
    import("./durable-fs.js"),
  ]);
  let pg: InstanceType<typeof PGlite>;
  try {
    pg = await PGlite.create({
      fs: new DurableNodeFS(dataDir),
      startParams: durableStartParams(PGlite.defaultStartParams),
      extensions: { amcheck, pg_trgm },
    });
  } catch (error) {
    return `cannot open: ${(error as Error).message}`;
  }
  try {
    await pg.exec("CREATE EXTENSION IF NOT EXISTS amcheck");
    // verify_heapam reads every page of every table (a torn page fails its checksum) and checks each tuple's
    // transaction ids against the commit log (a page newer than the WAL holds ids the database never issued).
    const heap = await pg.query<{ rel: string; msg: string }>(
      `SELECT c.oid::regclass::text AS rel, v.msg FROM pg_class c CROSS JOIN LATERAL verify_heapam(c.oid) v
        WHERE c.relkind IN ('r', 'm', 't') AND c.relpersistence = 'p' LIMIT 5`,
    );
    if (heap.rows.length > 0) return heap.rows.map((r) => `${r.rel}: ${r.msg}`).join("; ");
    await pg.query(
      `SELECT bt_index_check(c.oid) FROM pg_class c JOIN pg_am a ON a.oid = c.relam
        WHERE a.amname = 'btree' AND c.relkind = 'i' AND c.relpersistence = 'p'`,
    );
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await pg.exec("DROP EXTENSION IF EXISTS amcheck").catch(() => {});
    await pg.close().catch(() => {});
  }
}

export type StartCheck = { ok: true; checked: boolean } | { ok: false; reason: string; at: string };

/**
 * The check a start makes: refused if marked damaged; after an unclean stop, the deep check, and a mark if it
 * fails. `checked` says whether the deep check ran.
 */
export async function checkDataDirAtStart(dataDir: string, now = new Date()): Promise<StartCheck> {
  const mark = damageMark(dataDir);
  if (mark) return { ok: false, ...mark };
  if (lastStop(dataDir) !== "unclean") return { ok: true, checked: false };
  const reason = await deepCheck(dataDir);
  if (reason === null) return { ok: true, checked: true };
  const found = { at: now.toISOString(), reason };
  writeFileSync(path.join(dataDir, DAMAGE_MARKER), JSON.stringify(found), { mode: 0o600 });
  return { ok: false, ...found };
}
