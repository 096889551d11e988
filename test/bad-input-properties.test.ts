import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { checksum, writeRoutes } from "./support/routes.js";
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

beforeAll(async () => {
  s = await createTestServer();
  office = await s.signIn("vanphong");
  realIds.push(await s.orgId("CB-LLCS"), await s.orgId("DB-TCT"), await s.memberId("Đỗ Văn Hải"));
});
afterAll(() => s.close());

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

const idValue = () => fc.oneof(fc.constantFrom(...realIds), fc.uuid(), fc.constantFrom("not-a-uuid", "0", "%00", "x".repeat(300)));

describe("bad input on every write route", () => {
  it("never answers 5xx, always explains, and writes nothing when it refuses", { timeout: 600_000 }, async () => {
    const routes = writeRoutes(s).filter((r) => !SKIP.has(r.key));
    expect(routes.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const route of routes) {
      const fields = Object.keys(route.body?.properties ?? {});
      const body = fields.length
        ? fc.oneof(
            fc.record(Object.fromEntries(fields.map((f) => [f, badValue])), { requiredKeys: [] }),
            fc.constantFrom(null, [], "chuỗi", 42),
          )
        : fc.oneof(fc.constant(undefined), fc.dictionary(fc.string({ maxLength: 8 }), badValue, { maxKeys: 3 }));
      const params = fc.tuple(...route.params.map(() => idValue()));
      const before = await checksum(s);
      let wrote = false;
      await fc.assert(
        fc.asyncProperty(params, body, async (ids, payload) => {
          let url = route.url;
          route.params.forEach((p, i) => (url = url.replace(`:${p}`, encodeURIComponent(String(ids[i])))));
          const res = await s.request(office, { method: route.method as "POST", url, payload: payload === undefined ? undefined : JSON.stringify(payload), headers: { "content-type": "application/json" } });
          if (res.statusCode < 400) {
            wrote = true;
            return;
          }
          const where = `${route.key} ← ${url} ${JSON.stringify(payload)?.slice(0, 200)}`;
          if (res.statusCode >= 500) failures.push(`${res.statusCode} ${where}: ${res.body.slice(0, 300)}`);
          expect(res.statusCode, where).toBeLessThan(500);
          expect(res.headers["content-type"], where).toContain("application/problem+json");
          const problem = res.json();
          expect(problem.detail, where).toBeTruthy();
          for (const message of Object.values(problem.fields ?? {})) expect(message, where).toBeTruthy();
        }),
        { numRuns: 12, seed: 20261122 },
      );
      if (!wrote) expect(await checksum(s), `${route.key} changed data while refusing`).toEqual(before);
    }
    expect(failures).toEqual([]);
    console.log(`bad input: ${routes.length} write routes × 12 generated requests = ${routes.length * 12} payloads, none answered 5xx`);
  });
});
