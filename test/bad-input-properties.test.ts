import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { createTestServer, type Session, type TestServer } from "./support/server.js";

/**
 * Generated bad input against every write route the server registers: wrong types, huge strings,
 * unicode edge cases, impossible dates, ids of the wrong kind. The answer is always a 4xx problem
 * with a message (and the field named when a field is at fault), never a 5xx, and a refused write
 * leaves every table as it was. Routes added later are covered without touching this file.
 */
let s: TestServer;
let office: Session;
const realIds: string[] = [];

// Routes that end the session the test runs under, or that only succeed by design with any body.
const SKIP = new Set(["POST /api/auth/logout", "POST /api/auth/logout-everywhere"]);
const WRITE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

beforeAll(async () => {
  s = await createTestServer();
  office = await s.signIn("vanphong");
  realIds.push(await s.orgId("CB-LLCS"), await s.orgId("DB-TCT"), await s.memberId("Đỗ Văn Hải"));
});
afterAll(() => s.close());

/** A fingerprint of every table but sessions (whose last-seen time moves with each request). */
async function checksum(): Promise<string> {
  const tables = await s.database.rows<{ name: string }>(
    sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('sessions', '__drizzle_migrations') ORDER BY 1`,
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    const [row] = await s.database.rows<{ h: string | null }>(sql.raw(`SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM "${name}" t`));
    parts.push(`${name}:${row?.h ?? "-"}`);
  }
  return parts.join(",");
}

const unicodeEdges = [
  "Nguye\u0302\u0303n", // combining diacritics instead of precomposed letters
  "A\u0000B", // NUL
  "\u200Fمرحبا\u200E", // RTL and LTR marks
  "\uD800", // a lone surrogate
  "😀".repeat(50),
  "Đ\u0301\u0323\u0309",
  "\u202Eevil",
  "  ",
  "",
];
const badDates = ["2026-02-30", "2026-13-01", "9999-12-31", "0001-01-01", "2026-1-1", "03/12/2026", "2026-11-22T25:00:00Z", ""];
const badValue = fc.oneof(
  fc.constantFrom(...unicodeEdges),
  fc.constantFrom(...badDates),
  fc.constant("x".repeat(100_001)),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  fc.uuid(),
  fc.constantFrom(...["not-a-uuid", "-1", "1e309"]),
);

function pathIds(url: string) {
  return url.match(/:\w+/g) ?? [];
}
const idValue = () => fc.oneof(fc.constantFrom(...realIds), fc.uuid(), fc.constantFrom("not-a-uuid", "0", "%00", "x".repeat(300)));

describe("bad input on every write route", () => {
  it("never answers 5xx, always explains, and writes nothing when it refuses", { timeout: 600_000 }, async () => {
    const spec = s.app.swagger() as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }>> };
    const routes = s.app.routeTable.filter((r) => r.url.startsWith("/api/") && WRITE.has(r.method) && !SKIP.has(`${r.method} ${r.url}`));
    expect(routes.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const route of routes) {
      const openApiPath = route.url.replace(/:(\w+)/g, "{$1}");
      const content = spec.paths[openApiPath]?.[route.method.toLowerCase()]?.requestBody?.content ?? {};
      const fields = Object.keys(Object.values(content)[0]?.schema?.properties ?? {});
      const body = fields.length
        ? fc.oneof(
            fc.record(Object.fromEntries(fields.map((f) => [f, badValue])), { requiredKeys: [] }),
            fc.constantFrom(null, [], "chuỗi", 42),
          )
        : fc.oneof(fc.constant(undefined), fc.dictionary(fc.string({ maxLength: 8 }), badValue, { maxKeys: 3 }));
      const params = fc.tuple(...pathIds(route.url).map(() => idValue()));
      const before = await checksum();
      let wrote = false;
      await fc.assert(
        fc.asyncProperty(params, body, async (ids, payload) => {
          let url = route.url;
          pathIds(route.url).forEach((p, i) => (url = url.replace(p, encodeURIComponent(String(ids[i])))));
          const res = await s.request(office, { method: route.method as "POST", url, payload: payload === undefined ? undefined : JSON.stringify(payload), headers: { "content-type": "application/json" } });
          if (res.statusCode < 400) {
            wrote = true;
            return;
          }
          const where = `${route.method} ${route.url} ← ${url} ${JSON.stringify(payload)?.slice(0, 200)}`;
          if (res.statusCode >= 500) failures.push(`${res.statusCode} ${where}: ${res.body.slice(0, 300)}`);
          expect(res.statusCode, where).toBeLessThan(500);
          expect(res.headers["content-type"], where).toContain("application/problem+json");
          const problem = res.json();
          expect(problem.detail, where).toBeTruthy();
          for (const message of Object.values(problem.fields ?? {})) expect(message, where).toBeTruthy();
        }),
        { numRuns: 12, seed: 20261122 },
      );
      if (!wrote) expect(await checksum(), `${route.method} ${route.url} changed data while refusing`).toBe(before);
    }
    expect(failures).toEqual([]);
  });
});
