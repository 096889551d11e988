import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestServer, type TestServer } from "./support/server.js";
import { checksum, sampleBody, writeRoutes } from "./support/routes.js";

/**
 * Sessions and passwords, the parts src/modules/accounts/routes.test.ts does not already prove:
 * CSRF on every state-changing route (generated from the route table), a cross-site form post on every one,
 * sign-out everywhere ending every session, and a lockout that is temporary.
 */
let s: TestServer;
beforeAll(async () => {
  s = await createTestServer();
});
afterAll(() => s.close());

describe("CSRF on every state-changing route", () => {
  it("refuses every write route without the session's token, with a wrong one, and as a cross-site form post — and writes nothing", {
    timeout: 300_000,
  }, async () => {
    const office = await s.signIn("vanphong");
    const orgId = await s.orgId("CB-LLCS");
    // Login is the one write without a session; it is protected by the Origin check (accounts tests).
    const routes = writeRoutes(s).filter((r) => r.key !== "POST /api/auth/login");
    expect(routes.length).toBeGreaterThan(60);
    const before = await checksum(s);
    const problems: string[] = [];
    for (const route of routes) {
      const url = route.url.replace(/:\w+/g, orgId);
      const body = sampleBody(route);
      const attempts = [
        { name: "no token", headers: { "content-type": "application/json" }, payload: JSON.stringify(body ?? {}) },
        {
          name: "wrong token",
          headers: { "content-type": "application/json", "x-csrf-token": "x".repeat(32) },
          payload: JSON.stringify(body ?? {}),
        },
        {
          name: "form from another site",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            origin: "https://evil.example",
            "x-csrf-token": "",
          },
          payload: `fullName=x&organizationId=${orgId}`,
        },
      ];
      for (const a of attempts) {
        const res = await s.app.inject({
          method: route.method as "POST",
          url,
          headers: a.headers,
          payload: a.payload,
          cookies: { chibo_session: office.cookie },
        });
        if (res.statusCode !== 403)
          problems.push(`${route.key} (${a.name}): ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await checksum(s)).toEqual(before);
    // The same session with its token still works (the refusals were about the token alone).
    expect(
      (await s.request(office, { method: "PUT", url: "/api/auth/locale", payload: { locale: "vi" } })).statusCode,
    ).toBe(200);
  });
});

describe("sessions", () => {
  it("sign-out everywhere ends every session of the account, not just the one used", async () => {
    const a = await s.signIn("chiuy.llcs", undefined, { fresh: true });
    const b = await s.signIn("chiuy.llcs", undefined, { fresh: true });
    const other = await s.signIn("bithu.llcs", undefined, { fresh: true });
    expect((await s.request(a, { method: "POST", url: "/api/auth/logout-everywhere" })).statusCode).toBe(200);
    expect((await s.request(a, { method: "GET", url: "/api/auth/me" })).statusCode).toBe(401);
    expect((await s.request(b, { method: "GET", url: "/api/auth/me" })).statusCode).toBe(401);
    // Someone else's session is untouched.
    expect((await s.request(other, { method: "GET", url: "/api/auth/me" })).statusCode).toBe(200);
    const [row] = await s.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'chiuy.llcs')`,
    );
    expect(row!.n).toBe(0);
  });

  it("a signed-out session cannot write either", async () => {
    const a = await s.signIn("phobithu.llcs", undefined, { fresh: true });
    expect((await s.request(a, { method: "POST", url: "/api/auth/logout" })).statusCode).toBe(200);
    const res = await s.request(a, { method: "PUT", url: "/api/auth/locale", payload: { locale: "en" } });
    expect(res.statusCode).toBe(401);
  });
});

describe("sign-in limits", () => {
  it("are temporary: once the window has passed, the right password works again from that address and the count restarts", async () => {
    const from = (password: string) =>
      s.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { login: "dangvien.xdd", password },
        remoteAddress: "10.0.0.31",
      });
    for (let i = 0; i < 5; i++) expect((await from("sai mật khẩu")).statusCode).toBe(401);
    const limited = await from("demo-chibo-2026");
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe("rate_limited");
    await s.database.db.execute(
      sql`UPDATE rate_limits SET reset_at = now() - interval '1 second' WHERE key LIKE 'signin:%'`,
    );
    expect((await from("demo-chibo-2026")).statusCode).toBe(200);
    // The success cleared the name-and-address counter: five fresh tries before the next pause.
    const [row] = await s.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM rate_limits WHERE key LIKE 'signin:pair:%@10.0.0.31'`,
    );
    expect(row!.n).toBe(0);
  });
});

describe("the personal calendar feed ends with the sessions (ADR 0091)", () => {
  async function feed(session: Awaited<ReturnType<TestServer["signIn"]>>) {
    const made = await s.request(session, { method: "POST", url: "/api/calendar-feed" });
    expect(made.statusCode).toBe(200);
    const path = made.json().path as string;
    expect((await s.app.inject({ method: "GET", url: path })).statusCode).toBe(200);
    return path;
  }

  it("stops after sign-out everywhere", async () => {
    const a = await s.signIn("dangvien.llcs", undefined, { fresh: true });
    const path = await feed(a);
    expect((await s.request(a, { method: "POST", url: "/api/auth/logout-everywhere" })).statusCode).toBe(200);
    expect((await s.app.inject({ method: "GET", url: path })).statusCode).toBe(404);
    const b = await s.signIn("dangvien.llcs", undefined, { fresh: true });
    expect((await s.request(b, { method: "GET", url: "/api/calendar-feed" })).json().active).toBe(false);
  });

  it("stops after a password change and after a reset by the office", async () => {
    const a = await s.signIn("chiuy.llcs", undefined, { fresh: true });
    const first = await feed(a);
    const changed = await s.request(a, {
      method: "POST",
      url: "/api/auth/password",
      payload: { currentPassword: "demo-chibo-2026", newPassword: "hoa sen nở giữa hồ" },
    });
    expect(changed.statusCode).toBe(200);
    expect((await s.app.inject({ method: "GET", url: first })).statusCode).toBe(404);
    const second = await feed(a);
    const [u] = await s.database.rows<{ id: string }>(sql`SELECT id FROM users WHERE username = 'chiuy.llcs'`);
    const office = await s.signIn("vanphong");
    expect(
      (
        await s.request(office, {
          method: "POST",
          url: `/api/users/${u!.id}/reset-password`,
          payload: { newPassword: "mật khẩu tạm thời 2" },
        })
      ).statusCode,
    ).toBe(200);
    expect((await s.app.inject({ method: "GET", url: second })).statusCode).toBe(404);
  });
});
