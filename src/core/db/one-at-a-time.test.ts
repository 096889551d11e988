import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDatabase } from "../../../test/support/database.js";
import { type Database, inTransaction, queryRows } from "./index.js";

// A transaction's parts read side by side on its one connection (on the store the suite runs on): each statement
// in turn, every answer its own, and nothing that node-postgres deprecates (pg 9 drops its own queue).
let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe("a transaction's statements asked side by side", () => {
  it("run one after the other on its connection, each with its own answer", async () => {
    const warnings: string[] = [];
    const listen = (warning: Error) => void warnings.push(warning.message);
    process.on("warning", listen);
    try {
      const answers = await inTransaction(database, (tx) =>
        Promise.all(
          [1, 2, 3, 4, 5].map(async (n) => (await queryRows<{ n: number }>(tx, sql`SELECT ${n}::int AS n`))[0]!.n),
        ),
      );
      expect(answers).toEqual([1, 2, 3, 4, 5]);
      // A failing statement among them fails alone, and the transaction's rollback still answers.
      await expect(
        inTransaction(database, (tx) =>
          Promise.all([queryRows(tx, sql`SELECT 1/0 AS broken`), queryRows(tx, sql`SELECT 1 AS fine`)]),
        ),
      ).rejects.toThrow();
      expect((await queryRows<{ n: number }>(database.db, sql`SELECT 7 AS n`))[0]!.n).toBe(7);
      await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      process.off("warning", listen);
    }
    expect(warnings.filter((w) => w.includes("already executing"))).toEqual([]);
  });
});
