import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/support/database.js";
import { type Database, inTransaction, queryRows, sql } from "../db/index.js";
import { changeWithEvent, recordEvent, recordEvents } from "./index.js";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

async function stored(entityId: string) {
  const [row] = await queryRows<{ before: unknown; after: unknown }>(
    database.db,
    sql`SELECT before, after FROM audit_events WHERE entity_id = ${entityId}`,
  );
  return row!;
}

const at = new Date("2026-12-05T01:02:03.456Z");
const entry = (entityId: string, before: unknown, after: unknown) => ({
  actorUserId: null,
  organizationId: null,
  entityType: "test",
  entityId,
  action: "update",
  before,
  after,
});

describe("what an audit event keeps of a record", () => {
  it("no secret at any depth, one by one or in bulk; dates as ISO strings; the rest as it was", async () => {
    const secretive = {
      username: "bithu",
      passwordHash: "scrypt$…",
      session: { csrfToken: "t", at },
      history: [{ password: "p", on: at }, 1, null],
    };
    const plain = { fullName: "Nguyễn Thị Hương", at, tags: ["a", { b: at }], none: null };
    const kept = {
      username: "bithu",
      session: { at: at.toISOString() },
      history: [{ on: at.toISOString() }, 1, null],
    };
    const plainStored = {
      fullName: "Nguyễn Thị Hương",
      at: at.toISOString(),
      tags: ["a", { b: at.toISOString() }],
      none: null,
    };

    const one = randomUUID();
    await recordEvent(database.db, entry(one, secretive, plain));
    expect(await stored(one)).toEqual({ before: kept, after: plainStored });

    const many = [randomUUID(), randomUUID()];
    // In a transaction, as a roster import records them: on the embedded store the rows travel as jsonb's binary form.
    await inTransaction(database, (tx) =>
      recordEvents(tx, [entry(many[0]!, plain, secretive), entry(many[1]!, null, plain)]),
    );
    expect(await stored(many[0]!)).toEqual({ before: plainStored, after: kept });
    expect(await stored(many[1]!)).toEqual({ before: null, after: plainStored });
  });

  it("a change and its event in one statement: an event for each row changed, none when nothing changed", async () => {
    await database.db.execute(sql`CREATE TABLE audit_probe (id uuid PRIMARY KEY, n int NOT NULL)`);
    const id = randomUUID();
    await database.db.execute(sql`INSERT INTO audit_probe VALUES (${id}, 1)`);
    const change = (from: number) =>
      sql`UPDATE audit_probe SET n = n + 1 WHERE id = ${id} AND n = ${from} RETURNING id`;
    const event = {
      actorUserId: null,
      organizationId: null,
      entityType: "probe",
      action: "bump",
      before: null,
      after: { passwordHash: "x", at },
    };

    expect(await changeWithEvent(database.db, change(1), event)).toEqual([id]);
    expect(await changeWithEvent(database.db, change(1), event)).toEqual([]);
    const rows = await queryRows<{ before: unknown; after: unknown; n: number }>(
      database.db,
      sql`SELECT before, after, (SELECT n FROM audit_probe) AS n FROM audit_events WHERE entity_id = ${id}`,
    );
    // SQL NULL for "no record before", not JSON null; secrets stripped as recordEvent strips them.
    expect(rows).toEqual([{ before: null, after: { at: at.toISOString() }, n: 2 }]);
    const [json] = await queryRows<{ kind: string | null }>(
      database.db,
      sql`SELECT jsonb_typeof(before) AS kind FROM audit_events WHERE entity_id = ${id}`,
    );
    expect(json!.kind).toBeNull();
  });
});
