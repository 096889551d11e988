import type { PGlite } from "@electric-sql/pglite";
import { PgDialect } from "drizzle-orm/pg-core";
import type { SQL } from "drizzle-orm";
import type { Pool, types as pgTypes } from "pg";
import { type Db, type Executor, queryRows } from "./index.js";

// Statements a store plans once and keeps (ADR 0174): preparedRows, and how each store keeps them.

const dialect = new PgDialect();

/**
 * Types drizzle's drivers leave as the text the store sent (dates, timestamps, intervals, and arrays of them):
 * preparedRows answers them the same way, so its rows are queryRows' rows.
 */
const AS_TEXT_OIDS = [1082, 1114, 1184, 1186, 1182, 1115, 1185, 1187, 1231];

/** How each open database runs a named statement, by its drizzle handle (a transaction has none: see preparedRows). */
const preparers = new WeakMap<object, (name: string, query: SQL) => Promise<unknown[]>>();

/**
 * Rows of a statement the store plans once and keeps, for the few run on every request (the session's actor). Planning
 * is most of such a query's cost: on the embedded store the actor's query took 2.0 ms, 0.4 ms prepared (ADR 0174).
 * A name stands for one statement text; its arguments are data, never SQL. Its rows are those queryRows gives. In a
 * transaction, or on a handle opened elsewhere, the statement is simply run.
 */
export async function preparedRows<T = Record<string, unknown>>(ex: Executor, name: string, query: SQL): Promise<T[]> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a statement name: ${name}`);
  const run = preparers.get(ex);
  return run ? ((await run(name, query)) as T[]) : queryRows<T>(ex, query);
}

/**
 * PGlite's query API plans every statement anew (an unnamed statement); its one connection keeps SQL-level prepared
 * statements instead. EXECUTE takes no bind parameters, so its arguments are written as quoted literals: only
 * strings, numbers, booleans and null are accepted, which is all these statements take.
 */
/** The embedded store's named statements, for this drizzle handle of `client`. */
export function preparePglite(db: Db, client: PGlite): void {
  const asText = Object.fromEntries(AS_TEXT_OIDS.map((oid) => [oid, (v: string) => v]));
  const prepared = new Map<string, { text: string; ready: Promise<unknown> }>();
  preparers.set(db, async (name: string, query: SQL) => {
    const { sql: text, params } = dialect.sqlToQuery(query);
    let entry = prepared.get(name);
    if (entry && entry.text !== text) throw new Error(`statement ${name} was prepared with another text`);
    if (!entry) {
      entry = { text, ready: client.exec(`PREPARE ${name} AS ${text}`) };
      prepared.set(name, entry);
      entry.ready.catch(() => prepared.delete(name));
    }
    await entry.ready;
    const args = params.map(literal).join(", ");
    return (await client.query(`EXECUTE ${name}${params.length ? `(${args})` : ""}`, undefined, { parsers: asText }))
      .rows;
  });
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  // An escape string reads backslashes the same whatever standard_conforming_strings says.
  if (typeof value === "string" && !value.includes("\0")) {
    return `E'${value.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
  }
  throw new Error("a prepared statement's argument must be a string, number, boolean or null");
}

/** PostgreSQL's named statements: node-postgres keeps each on the pooled connection it was first run on. */
export function preparePostgres(db: Db, pool: Pool, types: typeof pgTypes): void {
  const typeParsers = {
    getTypeParser: ((oid: number, format?: "text" | "binary") =>
      AS_TEXT_OIDS.includes(oid) ? (v: string) => v : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
  };
  preparers.set(db, async (name, query) => {
    const { sql: text, params } = dialect.sqlToQuery(query);
    return (await pool.query({ name, text, values: params, types: typeParsers })).rows;
  });
}
