import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openDatabase } from "../src/core/db/index.js";
import { createTestServer, type TestServer } from "./support/server.js";

/** The office takes a backup from the running server while members keep being added. */
let s: TestServer;
beforeAll(async () => {
  s = await createTestServer();
});
afterAll(() => s.close());

describe("online backup", () => {
  it("is refused to anyone but the office of the top-level đảng bộ", async () => {
    for (const username of ["bithu.llcs", "danguyvien", "ubkt"]) {
      expect((await s.request(await s.signIn(username), { method: "GET", url: "/api/backup" })).statusCode).toBe(403);
    }
  });

  it("holds every write acknowledged before it and no half of any transaction, while writes continue", { timeout: 120_000 }, async () => {
    const office = await s.signIn("vanphong");
    if (s.database.store === "postgres") {
      const res = await s.request(office, { method: "GET", url: "/api/backup" });
      expect(res.statusCode).toBe(409);
      expect(res.json().detail).toContain("pg_dump");
      return;
    }
    const secretary = await s.signIn("bithu.llcs");
    const cell = await s.orgId("CB-LLCS");
    const acknowledged: string[] = [];
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        const res = await s.request(secretary, { method: "POST", url: "/api/members", payload: { organizationId: cell, fullName: `Sao Lưu ${i}`, status: "full" } });
        expect(res.statusCode).toBe(201);
        acknowledged.push(res.json().id);
      }
    })();
    while (acknowledged.length < 10) await new Promise((r) => setTimeout(r, 5));
    const before = [...acknowledged];
    const res = await s.request(office, { method: "GET", url: "/api/backup" });
    stop = true;
    await writer;
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="chibo-\d{4}-\d{2}-\d{2}\.tar\.gz"$/);

    const restored = await openDatabase({ dataDir: "memory://", loadDataDir: new Blob([new Uint8Array(res.rawPayload)]) });
    try {
      const rows = await restored.rows<{ id: string }>(sql`SELECT id FROM members WHERE full_name LIKE 'Sao Lưu %'`);
      const ids = new Set(rows.map((r) => r.id));
      expect(before.filter((id) => !ids.has(id))).toEqual([]);
      // Each member was created with its audit event in one transaction: both or neither.
      const orphans = await restored.rows<{ n: number }>(sql`
        SELECT count(*)::int AS n FROM members m
         WHERE m.full_name LIKE 'Sao Lưu %'
           AND NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.entity_type = 'member' AND e.entity_id = m.id::text)`);
      expect(orphans[0]!.n).toBe(0);
      const events = await restored.rows<{ n: number }>(sql`
        SELECT count(*)::int AS n FROM audit_events e
         WHERE e.entity_type = 'member' AND e.action = 'create'
           AND NOT EXISTS (SELECT 1 FROM members m WHERE m.id::text = e.entity_id)`);
      expect(events[0]!.n).toBe(0);
    } finally {
      await restored.close();
    }
  });
});
