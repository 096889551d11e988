import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { createTestServer, type TestServer } from "./support/server.js";

/**
 * Generated garbage sent to write routes: the answer is always a 4xx problem naming a field,
 * never a 5xx, and nothing is stored.
 */
let s: TestServer;
beforeAll(async () => {
  s = await createTestServer();
});
afterAll(() => s.close());

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 50 }),
  fc.constantFrom("", " ", "\u0000", "Nguye\u0302\u0303n", "\u202Eabc", "a".repeat(5000), "31/02/2020", "2020-02-30", "0000-01-01", "9999-12-31", "null", "<script>", "'; DROP TABLE members;--"),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.uuid(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);

const tables = ["members", "organizations", "terms", "positions", "audit_events"];
async function checksum(): Promise<string> {
  const parts = [];
  for (const table of tables) {
    const [row] = await s.database.rows<{ h: string }>(sql.raw(`SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS h FROM ${table} t`));
    parts.push(row!.h);
  }
  return parts.join(":");
}

describe("bad input", () => {
  it("POST /api/members and POST /api/organizations never answer 5xx and store nothing on refusal", async () => {
    const office = await s.signIn("vanphong");
    const cell = await s.orgId("CB-LLCS");
    const before = await checksum();
    await fc.assert(
      fc.asyncProperty(
        fc.record({ fullName: nasty, status: nasty, cardNumber: nasty, dateOfBirth: nasty, email: nasty, gender: nasty, phone: nasty }, { requiredKeys: [] }),
        fc.record({ parentId: nasty, kind: nasty, name: nasty, code: nasty, abbreviation: nasty }, { requiredKeys: [] }),
        async (member, org) => {
          // An invalid status guarantees refusal, so the database must stay unchanged.
          const m = await s.request(office, { method: "POST", url: "/api/members", payload: { organizationId: cell, ...member, status: `x${JSON.stringify(member.status)}` } });
          expect(m.statusCode, m.body).toBeGreaterThanOrEqual(400);
          expect(m.statusCode, m.body).toBeLessThan(500);
          expect(m.headers["content-type"]).toContain("application/problem+json");
          expect(Object.keys(m.json().fields ?? {}).length).toBeGreaterThan(0);
          const o = await s.request(office, { method: "POST", url: "/api/organizations", payload: { ...org, kind: 42 } });
          expect(o.statusCode, o.body).toBe(422);
          expect(o.json().fields.kind).toBeDefined();
        },
      ),
      { numRuns: 150 },
    );
    expect(await checksum()).toBe(before);
  });

  it("malformed JSON and wrong content types are 4xx problems", async () => {
    const office = await s.signIn("vanphong");
    const broken = await s.request(office, { method: "POST", url: "/api/members", payload: "{not json", headers: { "content-type": "application/json" } });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBeDefined();
    const wrongType = await s.request(office, { method: "POST", url: "/api/members", payload: "a=b", headers: { "content-type": "text/plain" } });
    expect(wrongType.statusCode).toBe(422);
    expect(wrongType.headers["content-type"]).toContain("application/problem+json");
    const xml = await s.request(office, { method: "POST", url: "/api/members", payload: "<a/>", headers: { "content-type": "application/xml" } });
    expect(xml.statusCode).toBe(415);
    const badId = await s.request(office, { method: "GET", url: "/api/members/not-a-uuid" });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().fields.id).toBe("Mã định danh không hợp lệ");
  });
});
