import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestServer, type TestServer } from "../../../test/support/server.js";

let s: TestServer;
beforeAll(async () => {
  s = await createTestServer();
});
afterAll(() => s.close());

describe("sign-in", () => {
  it("signs in by username or email, sets an HttpOnly SameSite cookie and rotates the session", async () => {
    await s.database.db.execute(sql`UPDATE users SET email = 'ha.nguyen@example.vn' WHERE username = 'bithu.llcs'`);
    const first = await s.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { login: "HA.NGUYEN@example.vn", password: "demo-chibo-2026" },
    });
    expect(first.statusCode).toBe(200);
    const cookie = first.cookies.find((c) => c.name === "chibo_session")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
    const second = await s.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { login: "bithu.llcs", password: "demo-chibo-2026" },
      cookies: { chibo_session: cookie.value },
    });
    const rotated = second.cookies.find((c) => c.name === "chibo_session")!;
    expect(rotated.value).not.toBe(cookie.value);
    // The cookie presented at sign-in no longer works.
    expect(
      (await s.app.inject({ method: "GET", url: "/api/auth/me", cookies: { chibo_session: cookie.value } })).statusCode,
    ).toBe(401);
    expect(
      (await s.app.inject({ method: "GET", url: "/api/auth/me", cookies: { chibo_session: rotated.value } })).json()
        .username,
    ).toBe("bithu.llcs");
  });

  it("refuses a wrong password with a Vietnamese message and, after 5 failures from one address, stops trying there", async () => {
    const wrong = () =>
      s.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { login: "chiuy.llcs", password: "sai mật khẩu" },
        remoteAddress: "10.0.0.9",
      });
    const res = await wrong();
    expect(res.statusCode).toBe(401);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().detail).toBe("Tên đăng nhập hoặc mật khẩu không đúng.");
    for (let i = 0; i < 4; i++) await wrong();
    const right = { login: "chiuy.llcs", password: "demo-chibo-2026" };
    const limited = await s.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: right,
      remoteAddress: "10.0.0.9",
    });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe("rate_limited");
    expect(limited.json().detail).toMatch(/Bạn đã thử quá nhiều lần\. Vui lòng thử lại sau 15 phút\./);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(800);
    // The owner, from their own address, is not kept out.
    expect(
      (await s.app.inject({ method: "POST", url: "/api/auth/login", payload: right, remoteAddress: "10.0.0.10" }))
        .statusCode,
    ).toBe(200);
  });

  it("rate-limits one address trying many accounts", async () => {
    let last = 0;
    for (let i = 0; i < 32; i++) {
      last = (
        await s.app.inject({
          method: "POST",
          url: "/api/auth/login",
          payload: { login: `nobody${i}`, password: "x" },
          remoteAddress: "10.0.0.77",
        })
      ).statusCode;
    }
    expect(last).toBe(429);
  });

  it("answers in English when asked", async () => {
    const res = await s.app.inject({
      method: "POST",
      url: "/api/auth/login?lang=en",
      payload: { login: "nobody", password: "x" },
    });
    expect(res.json().detail).toBe("Wrong username or password.");
  });

  it("answers a signed-in user's bad input in the account's language, whatever the browser asks for", async () => {
    const secretary = await s.signIn("bithu.llcs");
    const res = await s.request(secretary, {
      method: "POST",
      url: "/api/members",
      headers: { "accept-language": "en-US,en;q=0.9" },
      payload: { organizationId: await s.orgId("CB-LLCS"), fullName: "Lê Văn Thử", status: "full", email: "sai-email" },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().fields.email).toBe("Email không hợp lệ");
    // The language switch's cookie wins over the account setting; so does an explicit ?lang=.
    const english = await s.request(secretary, {
      method: "GET",
      url: "/api/members/not-a-uuid",
      cookies: { chibo_lang: "en" },
    });
    expect(english.json().fields.id).toBe("Invalid identifier");
    const anonymous = await s.app.inject({ method: "GET", url: "/api/nothing", cookies: { chibo_lang: "en" } });
    expect(anonymous.json().detail).toBe("No such address.");
  });

  it("refuses a sign-in posted from another site", async () => {
    const res = await s.app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { origin: "https://evil.example", host: "localhost:3000" },
      payload: { login: "bithu.llcs", password: "demo-chibo-2026" },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe("CSRF and sessions", () => {
  it("refuses a state-changing request without the session's CSRF token", async () => {
    const office = await s.signIn("vanphong");
    const orgId = await s.orgId("CB-XDD");
    const body = { organizationId: orgId, fullName: "Không Có Mã", status: "full" };
    const without = await s.request(office, {
      method: "POST",
      url: "/api/members",
      payload: body,
      headers: { "x-csrf-token": "wrong" },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe("csrf");
    const [row] = await s.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM members WHERE full_name = 'Không Có Mã'`,
    );
    expect(row!.n).toBe(0);
    expect((await s.request(office, { method: "POST", url: "/api/members", payload: body })).statusCode).toBe(201);
  });

  it("changes the password, signs other sessions out, and accepts the new password", async () => {
    const a = await s.signIn("dangvien.xdd");
    const other = (
      await s.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { login: "dangvien.xdd", password: "demo-chibo-2026" },
      })
    ).cookies[0]!.value;
    const weak = await s.request(a, {
      method: "POST",
      url: "/api/auth/password",
      payload: { currentPassword: "demo-chibo-2026", newPassword: "123" },
    });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().fields.newPassword).toBe("Mật khẩu phải có ít nhất 10 ký tự.");
    const wrongCurrent = await s.request(a, {
      method: "POST",
      url: "/api/auth/password",
      payload: { currentPassword: "nope", newPassword: "hoa sen nở giữa hồ" },
    });
    expect(wrongCurrent.json().fields.currentPassword).toBe("Mật khẩu hiện tại không đúng.");
    const ok = await s.request(a, {
      method: "POST",
      url: "/api/auth/password",
      payload: { currentPassword: "demo-chibo-2026", newPassword: "hoa sen nở giữa hồ" },
    });
    expect(ok.statusCode).toBe(200);
    expect(
      (await s.app.inject({ method: "GET", url: "/api/auth/me", cookies: { chibo_session: other } })).statusCode,
    ).toBe(401);
    expect((await s.request(a, { method: "GET", url: "/api/auth/me" })).statusCode).toBe(200);
    await s.signIn("dangvien.xdd", "hoa sen nở giữa hồ");
  });

  it("lets the office reset a member's password (forcing a change) but not a secretary of another cell", async () => {
    const [u] = await s.database.rows<{ id: string }>(sql`SELECT id FROM users WHERE username = 'phobithu.llcs'`);
    const office = await s.signIn("vanphong");
    const other = await s.signIn("bithu.xdd");
    expect(
      (
        await s.request(other, {
          method: "POST",
          url: `/api/users/${u!.id}/reset-password`,
          payload: { newPassword: "mật khẩu tạm thời 1" },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await s.request(office, {
          method: "POST",
          url: `/api/users/${u!.id}/reset-password`,
          payload: { newPassword: "mật khẩu tạm thời 1" },
        })
      ).statusCode,
    ).toBe(200);
    const login = await s.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { login: "phobithu.llcs", password: "mật khẩu tạm thời 1" },
    });
    expect(login.json()).toEqual({ ok: true, mustChangePassword: true });
  });

  it("expires idle and old sessions, and removes them at the next sign-in", async () => {
    const b = await s.signIn("bithu.danguy", undefined, { fresh: true });
    await s.database.db.execute(
      sql`UPDATE sessions SET last_seen_at = now() - interval '4 days' WHERE user_id = (SELECT id FROM users WHERE username = 'bithu.danguy')`,
    );
    expect((await s.request(b, { method: "GET", url: "/api/auth/me" })).statusCode).toBe(401);
    const c = await s.signIn("bithu.danguy", undefined, { fresh: true });
    await s.database.db.execute(
      sql`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = (SELECT id FROM users WHERE username = 'bithu.danguy')`,
    );
    expect((await s.request(c, { method: "GET", url: "/api/auth/me" })).statusCode).toBe(401);
    await s.signIn("bithu.danguy", undefined, { fresh: true });
    const [row] = await s.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'bithu.danguy')`,
    );
    expect(row!.n).toBe(1);
  });

  it("signs out everywhere", async () => {
    const a = await s.signIn("ubkt");
    expect((await s.request(a, { method: "POST", url: "/api/auth/logout-everywhere" })).statusCode).toBe(200);
    expect((await s.request(a, { method: "GET", url: "/api/auth/me" })).statusCode).toBe(401);
  });
});

describe("the server", () => {
  it("reports health with the store, publishes OpenAPI and sends security headers", async () => {
    const health = await s.app.inject({ method: "GET", url: "/api/health" });
    expect(health.json()).toEqual({ status: "ok", store: s.database.store });
    const docs = await s.app.inject({ method: "GET", url: "/api/docs/json" });
    expect(docs.json().paths["/api/organizations/{id}/members"]).toBeDefined();
    expect(health.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(health.headers["content-security-policy"]).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(health.headers["x-content-type-options"]).toBe("nosniff");
    expect(health.headers["referrer-policy"]).toBe("same-origin");
  });

  it("answers unknown API addresses with a problem, not HTML", async () => {
    const res = await s.app.inject({ method: "GET", url: "/api/nothing-here" });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe("route_not_found");
  });
});
