import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDatabase } from "../../../test/support/database.js";
import { type Database, inTransaction, preparedRows, queryRows } from "./index.js";

// Statements planned once and kept (ADR 0174), on the store the suite runs on.
let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const echo = (value: string) => sql`SELECT ${value}::text AS v, length(${value}::text) AS n`;

describe("preparedRows", () => {
  it("binds its arguments as values, quotes and backslashes included", async () => {
    for (const value of ["plain", "it's", "a\\'b", "'); DROP TABLE users; --", "Nguyễn Thị Thu Hà", "\\", ""]) {
      const [row] = await preparedRows<{ v: string; n: number }>(database.db, "test_echo", echo(value));
      expect(row).toEqual({ v: value, n: [...value].length });
    }
    // The table named in one of them is still there.
    expect((await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM users`))[0]!.n).toBeGreaterThan(0);
  });

  it("gives the rows queryRows gives: dates, timestamps and intervals as the store's text, JSON parsed", async () => {
    const probe = sql`SELECT ${"2026-12-04"}::date AS d, ${"2026-12-04T01:02:03Z"}::timestamptz AS t,
      interval '1 day' AS i, ARRAY[${"2026-01-01"}::date] AS ds, json_build_object('a', 1) AS j, 12::bigint AS n`;
    const prepared = await preparedRows(database.db, "test_shapes", probe);
    expect(prepared).toEqual(await queryRows(database.db, probe));
    expect(typeof prepared[0]!.d).toBe("string");
    expect(prepared[0]!.j).toEqual({ a: 1 });
  });

  it("reads the rows as they are now, not as when it was planned", async () => {
    await database.rows(sql`CREATE TABLE prepared_probe (v text)`);
    const count = sql`SELECT count(*)::int AS n FROM prepared_probe WHERE v LIKE ${"seen%"}`;
    expect((await preparedRows<{ n: number }>(database.db, "test_count", count))[0]!.n).toBe(0);
    await database.rows(sql`INSERT INTO prepared_probe VALUES ('seen once')`);
    expect((await preparedRows<{ n: number }>(database.db, "test_count", count))[0]!.n).toBe(1);
  });

  it("is prepared once when first asked for by many requests at once", async () => {
    const rows = await Promise.all(
      Array.from({ length: 8 }, (_, i) => preparedRows<{ v: string }>(database.db, "test_concurrent", echo(`r${i}`))),
    );
    expect(rows.map((r) => r[0]!.v)).toEqual(Array.from({ length: 8 }, (_, i) => `r${i}`));
  });

  it("runs inside a transaction as a plain statement, seeing the transaction's own writes", async () => {
    await inTransaction(database, async (tx) => {
      await tx.execute(sql`INSERT INTO prepared_probe VALUES ('inside')`);
      const rows = await preparedRows<{ v: string }>(
        tx,
        "test_probe",
        sql`SELECT v FROM prepared_probe WHERE v = ${"inside"}`,
      );
      expect(rows).toEqual([{ v: "inside" }]);
      tx.rollback();
    }).catch((e: unknown) => {
      if (!(e instanceof Error && e.message.includes("Rollback"))) throw e;
    });
  });

  it("refuses a name or an argument it cannot write safely, and another text under a name in use", async () => {
    await expect(preparedRows(database.db, "bad name; DROP", echo("x"))).rejects.toThrow();
    if (database.store === "pglite") {
      await expect(preparedRows(database.db, "test_nul", echo("a\0b"))).rejects.toThrow(/argument/);
      await expect(preparedRows(database.db, "test_echo", sql`SELECT 1 AS v`)).rejects.toThrow(/another text/);
    }
  });
});
