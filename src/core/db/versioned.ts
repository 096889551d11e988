import { and, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable, PgUpdateSetSource } from "drizzle-orm/pg-core";
import { StaleVersionError } from "../http/errors.js";
import type { Executor } from "./index.js";

/** A table whose rows carry an id and a version number for optimistic locking. */
export type VersionedTable = PgTable & { id: PgColumn; version: PgColumn };

/**
 * The one optimistic-lock update: changes the row only if it still has the version the client read, bumps the
 * version (and `updatedAt` when the table has one), and returns the new row. Another writer in between means
 * StaleVersionError (409), never a silent overwrite. `expected: null` skips the check, for the server's own
 * follow-up changes within a transaction that already locked the row.
 */
export async function updateVersioned<T extends VersionedTable>(
  ex: Executor,
  table: T,
  id: string,
  expected: number | null,
  changes: PgUpdateSetSource<T>,
  extraCondition?: SQL,
): Promise<T["$inferSelect"]> {
  const set: Record<string, unknown> = { ...changes, version: sql`${table.version} + 1` };
  if ("updatedAt" in getTableColumns(table) && !("updatedAt" in changes)) set.updatedAt = new Date();
  const rows = (await ex
    .update(table)
    .set(set as PgUpdateSetSource<T>)
    .where(and(eq(table.id, id), expected === null ? undefined : eq(table.version, expected), extraCondition))
    .returning()) as T["$inferSelect"][];
  if (!rows[0]) throw new StaleVersionError();
  return rows[0];
}
