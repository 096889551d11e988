import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestServer, type TestServer } from "../../../test/support/server.js";
import { countAttempt, ROUTE_LIMITS } from "./index.js";

let s: TestServer;
beforeAll(async () => {
  s = await createTestServer();
});
afterAll(() => s.close());

describe("countAttempt", () => {
  it("allows exactly the limit of 50 parallel attempts, each seeing its own number", async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => countAttempt(s.database.db, "test:parallel", { limit: 10, windowMs: 60_000 })),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(Math.max(...results.map((r) => r.retryAfterSeconds))).toBeLessThanOrEqual(60);
  });

  it("starts a new window once the old one has passed", async () => {
    const limit = { limit: 1, windowMs: 60_000 };
    expect((await countAttempt(s.database.db, "test:window", limit)).allowed).toBe(true);
    expect((await countAttempt(s.database.db, "test:window", limit)).allowed).toBe(false);
    await s.database.db.execute(
      sql`UPDATE rate_limits SET reset_at = now() - interval '1 second' WHERE key = 'test:window'`,
    );
    expect(await countAttempt(s.database.db, "test:window", limit)).toMatchObject({ allowed: true, count: 1 });
  });
});

/** Routes that parse uploads, render or export files, or dump the database: each must declare its limit. */
// The backup itself, not its status (a read of one file name).
const EXPENSIVE = /upload|preview|import|\.xlsx|\/file\/|opinion-report|\/backup$|\/export$|me\/data/;

describe("per-user limits on expensive routes", () => {
  it("every upload, rendering, export and backup route declares one", () => {
    const expensive = s.app.routeTable.filter((r) => r.url.startsWith("/api/") && EXPENSIVE.test(r.url));
    expect(expensive.length).toBeGreaterThanOrEqual(12);
    expect(expensive.filter((r) => !r.rateLimit).map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it("answer 429 problem+json in Vietnamese past the limit, for that user only", { timeout: 300_000 }, async () => {
    const cell = await s.orgId("CB-LLCS");
    const url = `/api/organizations/${cell}/roster.xlsx`;
    const secretary = await s.signIn("bithu.llcs");
    const { limit } = ROUTE_LIMITS.export;
    for (let i = 0; i < limit; i++) expect((await s.request(secretary, { method: "GET", url })).statusCode).toBe(200);
    const over = await s.request(secretary, { method: "GET", url });
    expect(over.statusCode).toBe(429);
    expect(over.headers["content-type"]).toContain("application/problem+json");
    expect(over.json().code).toBe("rate_limited");
    expect(over.json().detail).toMatch(/^Bạn đã thử quá nhiều lần\. Vui lòng thử lại sau (10|9) phút\.$/);
    expect(Number(over.headers["retry-after"])).toBeGreaterThan(0);
    // Another user, and the same user on another route, are not affected.
    expect((await s.request(await s.signIn("vanphong"), { method: "GET", url })).statusCode).toBe(200);
    expect(
      (await s.request(secretary, { method: "GET", url: `/api/organizations/${cell}/tasks.xlsx` })).statusCode,
    ).toBe(200);
  });

  it("refuses an upload past the limit before reading it", async () => {
    const cell = await s.orgId("CB-LLCS");
    const office = await s.signIn("vanphong");
    const [u] = await s.database.rows<{ id: string }>(sql`SELECT id FROM users WHERE username = 'vanphong'`);
    await s.database.db.execute(sql`INSERT INTO rate_limits (key, count, reset_at)
      VALUES (${`route:POST /api/organizations/:id/roster/preview:${u!.id}`}, ${ROUTE_LIMITS.upload.limit}, now() + interval '5 minutes')`);
    const res = await s.request(office, {
      method: "POST",
      url: `/api/organizations/${cell}/roster/preview?fileName=ds.csv`,
      headers: { "content-type": "application/octet-stream" },
      payload: Buffer.from("Họ và tên\nNguyễn Văn Thử\n"),
    });
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe("rate_limited");
  });
});
