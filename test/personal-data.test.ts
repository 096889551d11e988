import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestServer, type TestServer } from "./support/server.js";

let s: TestServer;
let duc: string; // Phạm Văn Đức, dangvien.llcs
let hai: string; // Đỗ Văn Hải, another member of CB-LLCS
let cell: string;

beforeAll(async () => {
  s = await createTestServer();
  duc = await s.memberId("Phạm Văn Đức");
  hai = await s.memberId("Đỗ Văn Hải");
  cell = await s.orgId("CB-LLCS");
  await s.database.db.execute(sql`UPDATE members SET card_number = '01.012345' WHERE id = ${hai}`);
  await s.database.db.execute(sql`UPDATE members SET card_number = '01.099887' WHERE id = ${duc}`);
});
afterAll(() => s.close());

describe("a member's own data", () => {
  it("downloads as one JSON file with the account, the record, positions and notices — and nobody else's record", async () => {
    await s.database.db.execute(
      sql`INSERT INTO notices (user_id, subject, text) SELECT id, 'Giấy mời họp', '…' FROM users WHERE username = 'dangvien.llcs'`,
    );
    const res = await s.request(await s.signIn("dangvien.llcs"), { method: "GET", url: "/api/auth/me/data" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toBe(
      "attachment; filename=\"du-lieu-ca-nhan-dangvien.llcs.json\"; filename*=UTF-8''du-lieu-ca-nhan-dangvien.llcs.json",
    );
    expect(res.headers["cache-control"]).toBe("no-store");
    const data = res.json();
    expect(data.account.username).toBe("dangvien.llcs");
    expect(data.account).not.toHaveProperty("passwordHash");
    expect(data.member.record).toMatchObject({ id: duc, fullName: "Phạm Văn Đức", cardNumber: "01.099887" });
    expect(data.notices.map((n: { subject: string }) => n.subject)).toContain("Giấy mời họp");
    expect(res.body).not.toContain("Đỗ Văn Hải");
    expect(res.body).not.toContain("01.012345");
  });

  it("works for an account without a member record", async () => {
    const data = (await s.request(await s.signIn("vanphong"), { method: "GET", url: "/api/auth/me/data" })).json();
    expect(data.account.username).toBe("vanphong");
    expect(data.member).toBeNull();
  });
});

describe("card numbers", () => {
  const cardOf = async (username: string, memberId: string) =>
    (await s.request(await s.signIn(username), { method: "GET", url: `/api/members/${memberId}` })).json().cardNumber;

  it("are whole for the member and for those who manage members, masked for the overseer and the UBKT", async () => {
    expect(await cardOf("bithu.llcs", hai)).toBe("01.012345");
    expect(await cardOf("vanphong", hai)).toBe("01.012345");
    expect(await cardOf("dangvien.llcs", duc)).toBe("01.099887");
    expect(await cardOf("danguyvien", hai)).toBe("••••••345");
    expect(await cardOf("ubkt", hai)).toBe("••••••345");
  });

  it("are masked in the member list for readers who do not manage members", async () => {
    const list = async (username: string) =>
      (
        await s.request(await s.signIn(username), {
          method: "GET",
          url: `/api/organizations/${cell}/members?limit=100`,
        })
      )
        .json()
        .items.find((m: { id: string }) => m.id === hai).cardNumber;
    expect(await list("bithu.llcs")).toBe("01.012345");
    expect(await list("danguyvien")).toBe("••••••345");
  });
});

describe("cross-site requests", () => {
  it("refuses a form posted from another site with the victim's cookie", async () => {
    const secretary = await s.signIn("bithu.llcs");
    const before = (await s.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM members`))[0]!.n;
    const res = await s.app.inject({
      method: "POST",
      url: "/api/members",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      cookies: { chibo_session: secretary.cookie },
      payload: `organizationId=${cell}&fullName=Ke+Gia+Mao&status=full`,
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect((await s.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM members`))[0]!.n).toBe(before);
  });
});
