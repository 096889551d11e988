import { getTableName } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { type Executor, queryRows, sql, storeOf, type Tx } from "./index.js";

/**
 * Below this many rows a table keeps its indexes and foreign keys through an insert: setting them aside pays only when
 * the rebuild, which reads the whole table, costs less than maintaining them row by row.
 */
export const BULK_MIN_ROWS = 10_000;

export interface BulkTarget {
  table: PgTable;
  /** How many rows `fn` will add to it. */
  rows: number;
}

interface SetAside {
  table: string;
  indexes: { name: string; definition: string }[];
  foreignKeys: { name: string; definition: string }[];
}

/**
 * Runs `fn`, a large insert inside `tx`, with each target table's secondary indexes and foreign keys set aside, then
 * rebuilt and checked once over the whole table, as pg_restore does. On the embedded store each row's index entries
 * and foreign-key lookups cost more than the row itself: for a 100,000-member roster, building the indexes afterwards
 * took 2.3 s and checking the foreign keys 0.2 s, against about 8 s row by row (ADR 0188).
 *
 * A table is set aside only when the insert at least doubles it and adds BULK_MIN_ROWS or more (the rebuild reads
 * every row, old and new), and only on the embedded store: there a transaction already holds the whole store, so the
 * DDL's locks keep nobody out who was not already waiting. On PostgreSQL the same DDL would lock every reader of the
 * tables out for the whole import. Unique indexes and constraints' own indexes stay: the insert is checked against
 * them as it goes. A foreign key the new rows break fails when it is added back, and the transaction rolls back with
 * the indexes and constraints as they were.
 */
export async function bulkInsertion<T>(
  tx: Tx,
  targets: BulkTarget[],
  fn: () => Promise<T>,
  minRows = BULK_MIN_ROWS,
): Promise<T> {
  if (storeOf(tx) !== "pglite") return fn();
  const tables: string[] = [];
  for (const { table, rows } of targets) {
    if (rows < minRows) continue;
    const name = getTableName(table);
    const [count] = await queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM ${table}`);
    if (rows >= count!.n) tables.push(name);
  }
  const setAside: SetAside[] = [];
  for (const table of tables) setAside.push(await setAsideTable(tx, table));
  const result = await fn();
  for (const { table, indexes, foreignKeys } of setAside) {
    for (const index of indexes) await tx.execute(sql.raw(index.definition));
    for (const key of foreignKeys)
      await tx.execute(
        sql`ALTER TABLE ${sql.identifier(table)} ADD CONSTRAINT ${sql.identifier(key.name)} ${sql.raw(key.definition)}`,
      );
  }
  return result;
}

async function setAsideTable(tx: Executor, table: string): Promise<SetAside> {
  const indexes = await queryRows<{ name: string; definition: string }>(
    tx,
    sql`SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = ${table}::regclass AND NOT i.indisunique AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
        ORDER BY c.relname`,
  );
  const foreignKeys = await queryRows<{ name: string; definition: string }>(
    tx,
    sql`SELECT conname AS name, pg_get_constraintdef(oid) AS definition
        FROM pg_constraint WHERE conrelid = ${table}::regclass AND contype = 'f' ORDER BY conname`,
  );
  for (const key of foreignKeys)
    await tx.execute(sql`ALTER TABLE ${sql.identifier(table)} DROP CONSTRAINT ${sql.identifier(key.name)}`);
  for (const index of indexes) await tx.execute(sql`DROP INDEX ${sql.identifier(index.name)}`);
  return { table, indexes, foreignKeys };
}
