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
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "Nguye\u0302\u0303n",
    "\u202Eabc",
    "a".repeat(5000),
    "31/02/2020",
    "2020-02-30",
    "0000-01-01",
    "9999-12-31",
    "null",
    "<script>",
    "'; DROP TABLE members;--",
  ),
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
    const [row] = await s.database.rows<{ h: string }>(
      sql.raw(`SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS h FROM ${table} t`),
    );
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
        fc.record(
          {
            fullName: nasty,
            status: nasty,
            cardNumber: nasty,
            dateOfBirth: nasty,
            email: nasty,
            gender: nasty,
            phone: nasty,
          },
          { requiredKeys: [] },
        ),
        fc.record(
          { parentId: nasty, kind: nasty, name: nasty, code: nasty, abbreviation: nasty },
          { requiredKeys: [] },
        ),
        async (member, org) => {
          // An invalid status guarantees refusal, so the database must stay unchanged.
          const m = await s.request(office, {
            method: "POST",
            url: "/api/members",
            payload: { organizationId: cell, ...member, status: `x${JSON.stringify(member.status)}` },
          });
          expect(m.statusCode, m.body).toBeGreaterThanOrEqual(400);
          expect(m.statusCode, m.body).toBeLessThan(500);
          expect(m.headers["content-type"]).toContain("application/problem+json");
          expect(Object.keys(m.json().fields ?? {}).length).toBeGreaterThan(0);
          const o = await s.request(office, {
            method: "POST",
            url: "/api/organizations",
            payload: { ...org, kind: 42 },
          });
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
    const broken = await s.request(office, {
      method: "POST",
      url: "/api/members",
      payload: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBeDefined();
    const wrongType = await s.request(office, {
      method: "POST",
      url: "/api/members",
      payload: "a=b",
      headers: { "content-type": "text/plain" },
    });
    expect(wrongType.statusCode).toBe(422);
    expect(wrongType.headers["content-type"]).toContain("application/problem+json");
    const xml = await s.request(office, {
      method: "POST",
      url: "/api/members",
      payload: "<a/>",
      headers: { "content-type": "application/xml" },
    });
    expect(xml.statusCode).toBe(415);
    const badId = await s.request(office, { method: "GET", url: "/api/members/not-a-uuid" });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().fields.id).toBe("Mã định danh không hợp lệ");
  });

  it("the meeting overview opens for every month, the short ones included, and refuses months and years that do not exist", async () => {
    const office = await s.signIn("vanphong");
    const root = await s.orgId("DB-TCT");
    for (let month = 1; month <= 12; month++) {
      const res = await s.request(office, {
        method: "GET",
        url: `/api/organizations/${root}/meeting-overview?year=2026&month=${month}`,
      });
      expect(res.statusCode, `month ${month}: ${res.body.slice(0, 200)}`).toBe(200);
      expect(res.json().month).toBe(month);
    }
    for (const query of [
      "year=2026&month=0",
      "year=2026&month=13",
      "year=0&month=1",
      "year=99999",
      "year=2026&month=abc",
    ]) {
      const res = await s.request(office, {
        method: "GET",
        url: `/api/organizations/${root}/meeting-overview?${query}`,
      });
      expect(res.statusCode, query).toBe(400);
      expect(Object.keys(res.json().fields ?? {}).length, query).toBeGreaterThan(0);
    }
  });

  it("a NUL or half a UTF-16 pair in a search word or a path is a problem naming the field, in the user's language", async () => {
    const office = await s.signIn("vanphong");
    const cell = await s.orgId("CB-LLCS");
    const nul = await s.request(office, { method: "GET", url: `/api/organizations/${cell}/documents?q=a%00b` });
    expect(nul.statusCode, nul.body).toBe(400);
    expect(nul.json().fields.q).toBe("Chứa ký tự NUL (mã 0), không lưu được; hãy xoá ký tự này");
    const english = await s.request(office, {
      method: "GET",
      url: `/api/organizations/${cell}/rulebooks/a%00?lang=en`,
    });
    expect(english.statusCode).toBe(400);
    expect(english.json().fields.kind).toContain("NUL character");
    const half = await s.request(office, {
      method: "PUT",
      url: "/api/auth/locale",
      payload: '{"locale":"vi","x":"\\ud800"}',
      headers: { "content-type": "application/json" },
    });
    expect(half.statusCode, half.body).toBe(422);
    expect(half.json().fields.x).toContain("UTF-16");
    const badPath = await s.request(office, { method: "GET", url: "/api/members/%FF" });
    expect(badPath.statusCode).toBe(400);
    expect(badPath.headers["content-type"]).toContain("application/problem+json");
    expect(badPath.json().detail).toContain("Địa chỉ yêu cầu không hợp lệ");
  });
});
