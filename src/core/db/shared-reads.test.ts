import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDatabase } from "../../../test/support/database.js";
import { users } from "../../modules/accounts/schema.js";
import { type Database, inTransaction, queryRows, sharingReads } from "./index.js";

// Identical reads of one batched answer run once (ADR 0192), on the store the suite runs on. clock_timestamp()
// changes with every statement run, so two equal values mean one statement answered both askings.
let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const clock = (label: string) => sql`SELECT clock_timestamp()::text AS at, ${label}::text AS label`;
const at = async (query: ReturnType<typeof clock>, ex: Parameters<typeof queryRows>[0] = database.db) =>
  (await queryRows<{ at: string }>(ex, query))[0]!.at;
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("sharingReads", () => {
  it("answers a second asking of the same statement and arguments with the first's rows", async () => {
    const [first, second, other] = await sharingReads(async () => {
      const first = await at(clock("a"));
      await tick();
      return [first, await at(clock("a")), await at(clock("b"))];
    });
    expect(second).toBe(first);
    // Another argument is another statement.
    expect(other).not.toBe(first);
  });

  it("shares an asking still under way, and never outside its scope", async () => {
    const inside = await sharingReads(() => Promise.all([at(clock("c")), at(clock("c"))]));
    expect(inside[1]).toBe(inside[0]);
    const first = await at(clock("c"));
    await tick();
    expect(await at(clock("c"))).not.toBe(first);
    // Each scope is its own: a scope started later reads afresh.
    expect(await sharingReads(() => at(clock("c")))).not.toBe(inside[0]);
  });

  it("shares the query builder's reads too, each asker with rows of its own", async () => {
    const [built, again, first, second] = await sharingReads(async () => {
      const read = () =>
        database.db.select({ id: users.id, at: sql<string>`clock_timestamp()::text` }).from(users).limit(1);
      const built = await read();
      await tick();
      const first = await queryRows<{ at: string; label: string }>(database.db, clock("e"));
      // A part changing what it read does not change what another part reads.
      first[0]!.label = "changed";
      return [built, await read(), first, await queryRows<{ at: string; label: string }>(database.db, clock("e"))];
    });
    expect(again[0]!.at).toBe(built[0]!.at);
    expect(second[0]!.at).toBe(first[0]!.at);
    expect(second[0]!.label).toBe("e");
  });

  it("runs a transaction's statements and a locking read as asked", async () => {
    await sharingReads(async () => {
      await inTransaction(database, async (tx) => {
        const first = await at(clock("d"), tx);
        await tick();
        expect(await at(clock("d"), tx)).not.toBe(first);
      });
      const [user] = await database.db.select({ id: users.id }).from(users).limit(1);
      const locking = () =>
        queryRows<{ at: string }>(
          database.db,
          sql`SELECT clock_timestamp()::text AS at FROM users WHERE id = ${user!.id} FOR UPDATE`,
        );
      const first = (await locking())[0]!.at;
      await tick();
      expect((await locking())[0]!.at).not.toBe(first);
    });
  });

  it("asks again after a failed statement", async () => {
    await sharingReads(async () => {
      const count = sql`SELECT count(*)::int AS n FROM shared_reads_probe`;
      await expect(queryRows(database.db, count)).rejects.toThrow();
      await database.rows(sql`CREATE TABLE shared_reads_probe (v text)`);
      expect(await queryRows(database.db, count)).toEqual([{ n: 0 }]);
    });
  });
});
