import { afterAll, beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database } from "../../core/db/index.js";
import { createTestDatabase } from "../../../test/support/database.js";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

// The search reads "any part of" the folded text; without the trigram index that is a read of every member of the
// đảng bộ (340 ms at L). A tiny test table makes the planner prefer a scan, so the scan is switched off to ask
// whether the index can answer the query at all, on whichever store runs the suite.
it("the member search's LIKE '%…%' can be answered by the trigram index", async () => {
  const plan = await database.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL enable_seqscan = off`);
    const rows = await tx.execute(sql`EXPLAIN SELECT id FROM members WHERE search_text LIKE ${"%nguyen thi lan%"}`);
    const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as Record<string, string>[];
    return list.map((r) => Object.values(r)[0]).join("\n");
  });
  expect(plan).toContain("members_search_text_trgm");
});
