import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createTestDatabase } from "../../../test/support/database.js";
import { bulkInsertion } from "./bulk.js";
import { type Database, inTransaction, queryRows, sql, type Tx } from "./index.js";

// Two tables of their own, shaped like members and their transfers: a unique index, a trigram and a plain index, and
// a foreign key to the parent.
const parents = pgTable("bulk_parents", { id: uuid("id").primaryKey(), name: text("name").notNull() });
const children = pgTable("bulk_children", {
  id: integer("id").primaryKey(),
  parentId: uuid("parent_id").notNull(),
  card: text("card"),
});

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.execute(sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
  for (const statement of [
    sql`CREATE TABLE bulk_parents (id uuid PRIMARY KEY, name text NOT NULL)`,
    sql`CREATE INDEX bulk_parents_name_trgm ON bulk_parents USING gin (name gin_trgm_ops)`,
    sql`CREATE TABLE bulk_children (id int PRIMARY KEY, parent_id uuid NOT NULL REFERENCES bulk_parents (id), card text)`,
    sql`CREATE INDEX bulk_children_parent_idx ON bulk_children (parent_id)`,
    sql`CREATE UNIQUE INDEX bulk_children_card_key ON bulk_children (card) WHERE card IS NOT NULL`,
  ])
    await database.db.execute(statement);
});
afterAll(() => database?.close());

/** Every index and constraint of the two tables, by name and definition. */
async function shape(tx: Tx | Database["db"]): Promise<string[]> {
  const rows = await queryRows<{ line: string }>(
    tx,
    sql`SELECT 'index ' || indexname || ': ' || indexdef AS line FROM pg_indexes
          WHERE tablename IN ('bulk_parents', 'bulk_children')
        UNION ALL
        SELECT 'constraint ' || conname || ': ' || pg_get_constraintdef(oid) FROM pg_constraint
          WHERE conrelid IN ('bulk_parents'::regclass, 'bulk_children'::regclass)
        ORDER BY 1`,
  );
  return rows.map((r) => r.line);
}

const ids = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(from + i).padStart(12, "0")}`);

async function load(tx: Tx, from: number, n: number, parentOf: (id: string) => string = (id) => id) {
  const list = ids(n, from);
  await tx.insert(parents).values(list.map((id, i) => ({ id, name: `Nguyễn Văn ${from + i}` })));
  await tx
    .insert(children)
    .values(list.map((id, i) => ({ id: from + i, parentId: parentOf(id), card: `C${from + i}` })));
}

describe("bulkInsertion", () => {
  it("sets aside a doubled table's plain indexes and foreign keys for the insert, on the embedded store only, and puts them back as they were", async () => {
    const before = await shape(database.db);
    expect(before.filter((l) => l.startsWith("index")).length).toBe(5);
    let during: string[] = [];
    await inTransaction(database, (tx) =>
      bulkInsertion(
        tx,
        [
          { table: parents, rows: 20 },
          { table: children, rows: 20 },
        ],
        async () => {
          during = await shape(tx);
          await load(tx, 0, 20);
        },
        10,
      ),
    );
    if (database.store === "pglite") {
      // The primary keys and the unique index stay: the insert is checked against them as it goes.
      expect(during).toEqual(
        before.filter(
          (l) =>
            !l.startsWith("index bulk_parents_name_trgm") &&
            !l.startsWith("index bulk_children_parent_idx") &&
            !l.startsWith("constraint bulk_children_parent_id_fkey"),
        ),
      );
      expect(during.length).toBe(before.length - 3);
    } else {
      expect(during).toEqual(before);
    }
    expect(await shape(database.db)).toEqual(before);
    // The rebuilt indexes hold the new rows.
    await database.db.execute(sql`SET enable_seqscan = off`);
    const found = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM bulk_parents WHERE name LIKE '%Văn 1%'`,
    );
    await database.db.execute(sql`RESET enable_seqscan`);
    expect(found[0]!.n).toBe(11);
  });

  it("leaves a table the insert does not double, or below the threshold, as it is", async () => {
    const before = await shape(database.db);
    let during: string[] = [];
    await inTransaction(database, (tx) =>
      bulkInsertion(
        tx,
        [
          { table: parents, rows: 5 }, // 20 rows there already
          { table: children, rows: 5 },
        ],
        async () => {
          during = await shape(tx);
          await load(tx, 100, 5);
        },
        1,
      ),
    );
    expect(during).toEqual(before);
    let small: string[] = [];
    await inTransaction(database, (tx) =>
      bulkInsertion(tx, [{ table: parents, rows: 100 }], async () => {
        small = await shape(tx);
      }),
    );
    expect(small).toEqual(before);
  });

  it("a row the kept unique index refuses fails at once, a row the foreign key refuses fails when it is put back, and either way nothing stays", async () => {
    const before = await shape(database.db);
    const count = async () =>
      (await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM bulk_children`))[0]!.n;
    const rows = await count();
    const targets = [
      { table: parents, rows: 300 },
      { table: children, rows: 300 },
    ];
    const failure = (fn: (tx: Tx) => Promise<void>) =>
      inTransaction(database, (tx) => bulkInsertion(tx, targets, () => fn(tx), 10)).then(
        () => "committed",
        (error) => pgCode(error),
      );

    expect(
      await failure(async (tx) => {
        await load(tx, 3000, 300);
        await tx.insert(children).values({ id: 9999, parentId: ids(1, 3000)[0]!, card: "C3000" });
      }),
    ).toBe("23505");
    expect(await shape(database.db)).toEqual(before);

    const nobody = "00000000-0000-4000-8000-999999999999";
    expect(await failure((tx) => load(tx, 5000, 300, () => nobody))).toBe("23503");
    expect(await shape(database.db)).toEqual(before);
    expect(await count()).toBe(rows);
  });
});

function pgCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let i = 0; i < 4 && current && typeof current === "object"; i++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
