import { chmodSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT, PgTable } from "drizzle-orm/pg-core";
import { getTableColumns, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { MIGRATIONS_DIR } from "../paths.js";
import { preparePglite, preparePostgres } from "./prepared.js";
import { oneAtATime } from "./one-at-a-time.js";
import { shareReadsOf } from "./shared-reads.js";

export { preparedRows } from "./prepared.js";
export { sharingReads } from "./shared-reads.js";

// Each store's driver is loaded only when that store is used: start-up pays for one, not both.

export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either the database or an open transaction: store functions accept both. */
export type Executor = Db | Tx;
export type StoreKind = "pglite" | "postgres";

export interface Database {
  db: Db;
  store: StoreKind;
  /** Rows of a raw SQL query, the same shape on both drivers. */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  close(): Promise<void>;
  /** Only for the embedded store: the PGlite instance (backup uses dumpDataDir). */
  pglite?: PGlite;
  /**
   * A streaming-replication hot standby for heavy reads (DATABASE_READ_URL, ADR 0178): its connections, and whether it
   * has replayed the primary's WAL up to a position (a user's last write).
   */
  replica?: { db: Db; replayedUpTo(position: string): Promise<boolean> };
  /** The primary's WAL position now, once a write has committed (only with a replica). */
  walPosition?(): Promise<string>;
}

export interface OpenOptions {
  /** postgres://… — when set, a PostgreSQL server is used. */
  databaseUrl?: string;
  /** postgres://… of a hot standby of `databaseUrl`, for heavy reads (ADR 0178). */
  readUrl?: string;
  /** PGlite data directory; "memory://" for a throwaway in-memory store. */
  dataDir?: string;
  /** Open from a PGlite dump (tar.gz) instead of an existing directory. */
  loadDataDir?: Blob;
  /** false: PGlite's own file layer, without fsync (only the benchmark that measures its cost uses it). */
  durable?: boolean;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const [{ default: pg }, { drizzle: drizzlePg }] = await Promise.all([
      import("pg"),
      import("drizzle-orm/node-postgres"),
    ]);
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: Number(process.env.CHIBO_PG_POOL ?? 10) });
    // A server's connection error must not crash the process; the next query reports it.
    pool.on("error", () => {});
    oneAtATime(pool);
    shareReadsOf(pool);
    const db = drizzlePg(pool) as unknown as Db;
    preparePostgres(db, pool, pg.types);
    const database: Database = {
      db,
      store: "postgres",
      rows: <T>(query: SQL) => queryRows<T>(db, query),
      close: () => pool.end(),
    };
    if (options.readUrl) {
      const readPool = new pg.Pool({ connectionString: options.readUrl, max: Number(process.env.CHIBO_PG_POOL ?? 10) });
      readPool.on("error", () => {});
      oneAtATime(readPool);
      shareReadsOf(readPool);
      const replica = drizzlePg(readPool) as unknown as Db;
      preparePostgres(replica, readPool, pg.types);
      database.replica = {
        db: replica,
        async replayedUpTo(position) {
          // pg_last_wal_replay_lsn() is null on a server that is not a standby: then it is the primary itself.
          const [row] = await queryRows<{ done: boolean | null }>(
            replica,
            sql`SELECT coalesce(pg_last_wal_replay_lsn() >= ${position}::pg_lsn, true) AS done`,
          );
          return row?.done === true;
        },
      };
      database.walPosition = async () =>
        (await queryRows<{ lsn: string }>(db, sql`SELECT pg_current_wal_insert_lsn()::text AS lsn`))[0]!.lsn;
      database.close = async () => {
        await Promise.all([pool.end(), readPool.end()]);
      };
    }
    return database;
  }
  const dataDir = options.dataDir ?? "./data";
  const onDisk = !dataDir.startsWith("memory://");
  if (onDisk) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const [{ PGlite }, { drizzle: drizzlePglite }, { pg_trgm }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
    // The member search's trigram index (migration 0019) needs the extension in every embedded store.
    import("@electric-sql/pglite/contrib/pg_trgm"),
  ]);
  // PGlite's WebAssembly runs in V8's baseline code only (ADR 0192). Optimising its hot functions as well kept about
  // 60 MiB more of the server resident (the optimiser's memory, which the allocator keeps) and was no faster for
  // what the store does: the home and the 100,000-row import took the same time (docs/performance.md).
  // Set before PGlite compiles its module; CHIBO_PGLITE_TIER_UP=1 keeps the optimiser, to measure the difference.
  if (process.env.CHIBO_PGLITE_TIER_UP !== "1") setFlagsFromString("--liftoff-only");
  // PGlite's 128 MB of shared buffers live in the server's own memory; 32 MB keeps about 100 MiB of RSS off a
  // laptop at the size of one đảng bộ with the same query times (measured, docs/performance.md).
  // A data directory on disk is durable: commits reach the disk before they are acknowledged (ADR 0093).
  const durable = onDisk && options.durable !== false;
  const { DurableNodeFS, durableStartParams } = await import("./durable-fs.js");
  const startParams = [
    ...(durable ? durableStartParams(PGlite.defaultStartParams) : PGlite.defaultStartParams),
    "-c",
    `shared_buffers=${process.env.CHIBO_PGLITE_SHARED_BUFFERS || "32MB"}`,
  ];
  const where = durable ? { fs: new DurableNodeFS(dataDir) } : { dataDir };
  const client = await PGlite.create({
    ...where,
    startParams,
    extensions: { pg_trgm },
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  if (onDisk) restrictDataDir(dataDir);
  shareReadsOf(client);
  const db = drizzlePglite(client) as unknown as Db;
  preparePglite(db, client);
  return {
    db,
    store: "pglite",
    pglite: client,
    rows: <T>(query: SQL) => queryRows<T>(db, query),
    close: () => client.close(),
  };
}

/**
 * Makes the embedded store's data directory private to its owner: 0700 for directories, 0600 for files.
 * PGlite's file layer writes the files it unpacks at start (a new cluster, a loaded dump, pg_internal.init)
 * with modes of its own (0666, 0644) that the process umask does not narrow, so they are set after it opens;
 * the files PostgreSQL creates later, while running, it creates 0600 itself (measured, test/data-dir.test.ts).
 */
export function restrictDataDir(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) restrictDataDir(p);
    else if (entry.isFile()) chmodSync(p, 0o600);
  }
}

export async function migrateDatabase(database: Database): Promise<void> {
  if (database.store === "pglite") {
    const { migrate: migratePglite } = await import("drizzle-orm/pglite/migrator");
    await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  // Two servers starting at once must not both migrate: serialise on an advisory lock.
  const { migrate: migratePg } = await import("drizzle-orm/node-postgres/migrator");
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(4242001)`);
    await migratePg(tx as never, { migrationsFolder: MIGRATIONS_DIR });
  });
}

export { sql };

/** Rows of a raw SQL statement; both drivers answer with { rows }. */
export async function queryRows<T = Record<string, unknown>>(ex: Executor, query: SQL): Promise<T[]> {
  const result = (await ex.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Inserts many rows with one bind parameter per thousand rows: the rows travel as one JSON array that the
 * database expands (jsonb_populate_recordset against the table's own row type). A multi-row VALUES list binds
 * every value separately, which the embedded store serialises one by one — ten times slower for a large import.
 * Rows use the table's field names; a column no row names takes its default (one some rows name is NULL in the others).
 */
export async function insertMany<T extends PgTable>(
  ex: Executor,
  table: T,
  rows: Partial<T["$inferInsert"]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const named = new Set<string>();
  for (const r of rows) for (const f in r) named.add(f);
  const fields = [...named].filter((f) => columns[f]);
  const names = fields.map((f) => columns[f]!.name);
  const list = sql.join(
    names.map((n) => sql.identifier(n)),
    sql`, `,
  );
  for (let i = 0; i < rows.length; i += 1000) {
    // A plain loop: building each row with Object.fromEntries cost a 100,000-member roster about a second.
    const batch: Record<string, unknown>[] = [];
    for (const r of rows.slice(i, i + 1000) as Record<string, unknown>[]) {
      const row: Record<string, unknown> = {};
      for (let k = 0; k < fields.length; k++) row[names[k]!] = r[fields[k]!] ?? null;
      batch.push(row);
    }
    const json = JSON.stringify(batch);
    await ex.execute(
      sql`INSERT INTO ${table} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${table}, ${json}::jsonb)`,
    );
  }
}

/**
 * A list of ids as one bind parameter (`= ANY(${uuidArray(ids)})`). inArray binds each id separately: a year's
 * overview of a province passes ~100,000 meeting ids, past PostgreSQL's 65,535 parameters, and the embedded
 * store serialises every parameter one by one.
 */
export function uuidArray(ids: string[]): SQL {
  return sql`${`{${ids.join(",")}}`}::uuid[]`;
}

/** `column IN ids` for a uuid column, as one bind parameter: use it where drizzle's inArray would bind each id. */
export function inUuids(column: AnyColumn, ids: string[]): SQL {
  return sql`${column} = ANY(${uuidArray(ids)})`;
}

/**
 * A set of ids as a query names it: a list (one array parameter), or a subquery selecting them. A whole subtree is
 * better named by its subquery: with a province's 8,000 ids as constants, PostgreSQL spent longer planning a
 * dashboard's queries (estimating each constant against the column's statistics) than running them.
 */
export type IdSet = string[] | SQL;

/** `column IN set`, for either form of IdSet. */
export function inIdSet(column: AnyColumn, set: IdSet): SQL {
  return Array.isArray(set) ? inUuids(column, set) : sql`${column} IN ${set}`;
}

/** Whether the set is an empty list (a subquery may select nothing, but costs a query to say so). */
export function isEmptyIdSet(set: IdSet): boolean {
  return Array.isArray(set) && set.length === 0;
}

type CommitHook = (database: Database) => void;
/** What a transaction opened by `inTransaction` knows of itself: its store, and the work to start once it commits. */
const transactions = new WeakMap<object, { store: StoreKind; hooks: CommitHook[] }>();

/** Every write runs in one transaction: the change, its audit event, or nothing. */
export async function inTransaction<T>(database: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const hooks: CommitHook[] = [];
  const result = await database.db.transaction((tx) => {
    transactions.set(tx, { store: database.store, hooks });
    return fn(tx);
  });
  for (const hook of hooks) hook(database);
  return result;
}

/**
 * Work to start once `tx` has committed — never when it rolls back — such as rendering an issued document's files,
 * which must not hold the transaction (on the embedded store, every other request waits for it). A `tx` not opened by
 * `inTransaction` (a savepoint, a bare connection) runs no hook: the caller needs a periodic job for that case.
 */
export function afterCommit(tx: Executor, hook: CommitHook): void {
  transactions.get(tx)?.hooks.push(hook);
}

/** The store a transaction opened by `inTransaction` runs on; null for any other executor. */
export function storeOf(tx: Executor): StoreKind | null {
  return transactions.get(tx)?.store ?? null;
}

/** PostgreSQL error codes we turn into user-facing conflicts rather than 500s. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = findPgError(error);
  return !!e && e.code === "23505" && (!constraint || e.constraint === constraint);
}

function findPgError(error: unknown): { code?: string; constraint?: string } | null {
  let current: unknown = error;
  // drizzle wraps driver errors in `cause`.
  for (let i = 0; i < 4 && current && typeof current === "object"; i++) {
    const c = current as { code?: unknown; constraint?: string; cause?: unknown };
    if (typeof c.code === "string" && /^[0-9A-Z]{5}$/.test(c.code)) return c as { code: string; constraint?: string };
    current = c.cause;
  }
  return null;
}
