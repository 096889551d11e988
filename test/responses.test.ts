import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getResolution } from "../src/modules/resolutions/store.js";
import { createTestServer, type TestServer } from "./support/server.js";

let s: TestServer;
beforeAll(async () => {
  s = await createTestServer();
});
afterAll(() => s.close());

describe("declared responses", () => {
  it("every /api route declares its response: a schema, or a file", () => {
    // The API's own description (/api/docs, served by the OpenAPI plugin) is the one part that is not chibo's.
    const undeclared = s.app.routeTable
      .filter((r) => r.url.startsWith("/api/") && !r.url.startsWith("/api/docs") && r.response === "undeclared")
      .map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });

  it("a field missing from the schema never leaves the server (a resolution's deletedAt)", async () => {
    const cell = await s.orgId("CB-LLCS");
    const [row] = await s.database.rows<{ id: string }>(
      sql`SELECT id FROM resolutions WHERE organization_id = ${cell} ORDER BY id LIMIT 1`,
    );
    // The record the route loads has the field…
    expect(await getResolution(s.database.db, row!.id)).toHaveProperty("deletedAt");
    const res = await s.request(await s.signIn("bithu.llcs"), { method: "GET", url: `/api/resolutions/${row!.id}` });
    expect(res.statusCode).toBe(200);
    // …and the answer does not.
    expect(res.json()).toMatchObject({ id: row!.id });
    expect(res.json()).not.toHaveProperty("deletedAt");
    // (The history quotes each event's recorded data as it was, which may name the field: that part is left out.)
    const { history, ...record } = res.json();
    expect(history.length).toBeGreaterThan(0);
    expect(JSON.stringify(record)).not.toContain("deletedAt");
  });
});
