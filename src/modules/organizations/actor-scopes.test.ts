import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { grants } from "../../core/access/schema.js";
import type { Scope } from "../../core/access/index.js";
import { organizations } from "./schema.js";
import { actorScopes, positionScopes } from "./store.js";
import { createTestServer, type TestServer } from "../../../test/support/server.js";

// The one-query actorScopes must give exactly what the four sequential queries gave (grants + positionScopes).
let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server.close());

const key = (s: Scope) => `${s.role}|${s.organizationId}|${s.path}|${s.subtree}`;

describe("actorScopes (one query per request)", () => {
  it("equals grants followed by positionScopes for every demo account, today and on past and future dates", async () => {
    const db = server.database.db;
    const users = (await db.execute(sql`SELECT id, username, member_id FROM users ORDER BY username`)) as unknown as {
      rows: { id: string; username: string; member_id: string | null }[];
    };
    expect(users.rows.length).toBeGreaterThan(10);
    let compared = 0;
    for (const day of ["2019-01-01", "2021-06-01", new Date().toISOString().slice(0, 10), "2031-01-01"]) {
      for (const u of users.rows) {
        const granted = await db
          .select({ role: grants.role, organizationId: grants.organizationId, path: organizations.path })
          .from(grants)
          .innerJoin(organizations, eq(organizations.id, grants.organizationId))
          .where(eq(grants.userId, u.id));
        const expected: Scope[] = granted.map((g) => ({ ...g, subtree: true }));
        if (u.member_id) expected.push(...(await positionScopes(db, u.member_id, day)));
        const actual = await actorScopes(db, u.id, u.member_id, day);
        expect(actual.map(key).sort(), `${u.username} on ${day}`).toEqual(expected.map(key).sort());
        compared += actual.length;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it("gives the đảng ủy member who follows two cells their overseer scopes and the office its grant", async () => {
    const db = server.database.db;
    const [dv] = (
      (await db.execute(sql`SELECT id, member_id FROM users WHERE username = 'danguyvien'`)) as unknown as {
        rows: { id: string; member_id: string }[];
      }
    ).rows;
    const scopes = await actorScopes(db, dv!.id, dv!.member_id, new Date().toISOString().slice(0, 10));
    expect(
      scopes
        .filter((s) => s.role === "overseer")
        .map((s) => s.organizationId)
        .sort(),
    ).toEqual([await server.orgId("CB-LLCS"), await server.orgId("CB-QLDT")].sort());
    const [office] = (
      (await db.execute(sql`SELECT id FROM users WHERE username = 'vanphong'`)) as unknown as { rows: { id: string }[] }
    ).rows;
    expect(await actorScopes(db, office!.id, null, "2026-01-01")).toEqual([
      { role: "office", organizationId: await server.orgId("DB-TCT"), path: expect.any(String), subtree: true },
    ]);
  });
});
