import { openAsBlob } from "node:fs";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { migrateDatabase, openDatabase, type Database } from "../../src/core/db/index.js";

/**
 * A fresh database for one test file, already migrated and holding the demo organisation.
 * Runs on PGlite by default and on the PostgreSQL server when CHIBO_TEST_STORE=postgres.
 */
export async function createTestDatabase(
  options: {
    /** PostgreSQL only: the URL of a hot standby of the new database, given its URL on the primary (ADR 0178). */
    readUrlOf?: (databaseUrl: string) => string;
  } = {},
): Promise<Database> {
  const pgTemplate = inject("postgresTemplate");
  if (pgTemplate) {
    const url = process.env.CHIBO_TEST_DATABASE_URL!;
    const name = `chibo_t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${pgTemplate}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: u.toString(), readUrl: options.readUrlOf?.(u.toString()) });
    const close = database.close;
    database.close = async () => {
      await close();
      const drop = new pg.Client({ connectionString: url });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    };
    return database;
  }
  const database = await openDatabase({
    dataDir: "memory://",
    // A blob backed by the file: copying the 48 MB dump into memory first cost about 0.3 s per database.
    loadDataDir: await openAsBlob(inject("pgliteTemplate")),
  });
  await migrateDatabase(database);
  return database;
}

/**
 * How many transactions `work` opens on the database: a periodic job run with nothing new to do must open none
 * (each one holds the embedded store).
 */
export async function countTransactions(database: Database, work: () => Promise<unknown>): Promise<number> {
  const db = database.db;
  const transaction = db.transaction;
  let opened = 0;
  db.transaction = ((...args: Parameters<typeof transaction>) => {
    opened++;
    return transaction.apply(db, args);
  }) as typeof transaction;
  try {
    await work();
  } finally {
    db.transaction = transaction;
  }
  return opened;
}
