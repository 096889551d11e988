import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { buildServer } from "../src/server.js";
import { DEMO_PASSWORD } from "../src/demo/demo-data.js";
import { SIGNIN_LIMITS } from "../src/modules/accounts/model.js";
import { createTestServer, type TestServer } from "./support/server.js";

/**
 * Sign-in limits as an attacker meets them (ADR 0090): parallel guesses, two app servers, guessing which names
 * exist, and locking someone else out. Runs on both stores; on PostgreSQL the parallel attempts really are
 * parallel (a pool of connections).
 */
let s: TestServer;
let second: FastifyInstance;
beforeAll(async () => {
  s = await createTestServer();
  // A second app server on the same database, as behind a load balancer.
  second = await buildServer({ database: s.database, webDir: null });
  await second.ready();
});
afterAll(async () => {
  await second.close();
  await s.close();
});

const PAIR = SIGNIN_LIMITS.nameAtAddress.limit;
const signIn = (
  app: FastifyInstance,
  login: string,
  password: string,
  address: string,
  headers: Record<string, string> = {},
) =>
  app.inject({ method: "POST", url: "/api/auth/login", payload: { login, password }, remoteAddress: address, headers });

describe("parallel sign-ins", () => {
  it("try at most the limit of passwords, however many arrive at once — the right one among them included", {
    timeout: 120_000,
  }, async () => {
    const attempts = Array.from({ length: 40 }, (_, i) => (i === 20 ? DEMO_PASSWORD : `sai mật khẩu ${i}`));
    const answers = await Promise.all(attempts.map((p) => signIn(s.app, "dangvien.llcs", p, "10.6.0.1")));
    const statuses = answers.map((a) => a.statusCode);
    const tried = statuses.filter((c) => c === 401 || c === 200).length;
    console.log(
      `parallel sign-ins: 40 sent at once, ${tried} passwords checked, ${40 - tried} refused before the check`,
    );
    expect(tried).toBeLessThanOrEqual(PAIR);
    expect(statuses.filter((c) => c === 429).length).toBeGreaterThanOrEqual(40 - PAIR);
    expect(statuses.every((c) => [200, 401, 429].includes(c))).toBe(true);
  });

  it("are counted in the database, so two app servers share the count", { timeout: 180_000 }, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < PAIR + 2; i++)
      statuses.push((await signIn(i % 2 ? second : s.app, "bithu.xdd", "sai mật khẩu", "10.6.0.2")).statusCode);
    expect(statuses).toEqual([...Array(PAIR).fill(401), 429, 429]);
    // Per address too: one address trying many names is stopped, whichever server it reaches.
    let last = 0;
    for (let i = 0; i < SIGNIN_LIMITS.address.limit + 1; i++) {
      last = (await signIn(i % 2 ? second : s.app, `khong-co-${i}`, "x", "10.6.0.3")).statusCode;
    }
    expect(last).toBe(429);
    // The database is the only place the count lives: nothing in this process's memory keeps the address out.
    const [row] = await s.database.rows<{ n: number }>(
      sql`SELECT count AS n FROM rate_limits WHERE key = 'signin:address:10.6.0.3'`,
    );
    expect(row!.n).toBe(SIGNIN_LIMITS.address.limit + 1);
    await s.database.db.execute(sql`DELETE FROM rate_limits WHERE key LIKE '%10.6.0.3%'`);
    expect((await signIn(second, "khong-co-nua", "x", "10.6.0.3")).statusCode).toBe(401);
  });
});

describe("names that exist and names that do not", () => {
  it("get exactly the same answers, limits included", { timeout: 120_000 }, async () => {
    const run = async (login: string, address: string) => {
      const out: string[] = [];
      for (let i = 0; i < PAIR + 2; i++) {
        const res = await signIn(s.app, login, "sai mật khẩu", address);
        const { status, code, detail, title } = res.json();
        out.push(
          JSON.stringify({ http: res.statusCode, status, code, detail, title, type: res.headers["content-type"] }),
        );
      }
      return out;
    };
    const known = await run("phobithu.llcs", "10.6.1.1");
    const unknown = await run("khong.ton.tai", "10.6.1.2");
    expect(unknown).toEqual(known);
    expect(known.filter((k) => k.includes('"http":429'))).toHaveLength(2);
  });

  it("a disabled account answers like an unknown name", async () => {
    await s.database.db.execute(sql`UPDATE users SET disabled_at = now() WHERE username = 'dangvien.xdd'`);
    const res = await signIn(s.app, "dangvien.xdd", DEMO_PASSWORD, "10.6.1.3");
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe("login_failed");
    await s.database.db.execute(sql`UPDATE users SET disabled_at = NULL WHERE username = 'dangvien.xdd'`);
  });
});

describe("an attacker cannot lock someone else out", () => {
  it("many wrong passwords from one address keep only that address out; the owner signs in from theirs", {
    timeout: 120_000,
  }, async () => {
    for (let i = 0; i < 40; i++) await signIn(s.app, "bithu.llcs", `đoán ${i}`, "10.6.2.66");
    // The attacker's address is refused even with the right password…
    expect((await signIn(s.app, "bithu.llcs", DEMO_PASSWORD, "10.6.2.66")).statusCode).toBe(429);
    // …while the secretary, at the office, signs in as usual.
    expect((await signIn(s.app, "bithu.llcs", DEMO_PASSWORD, "10.6.2.10")).statusCode).toBe(200);
  });

  it("a guess from everywhere pauses the account; the office's reset lets its owner back in at once", async () => {
    const [u] = await s.database.rows<{ id: string }>(sql`SELECT id FROM users WHERE username = 'dangvien.llcs'`);
    // As if a hundred guesses had come from many addresses within the hour.
    await s.database.db.execute(sql`INSERT INTO rate_limits (key, count, reset_at)
      VALUES (${`signin:account:user:${u!.id}`}, ${SIGNIN_LIMITS.account.limit}, now() + interval '1 hour')
      ON CONFLICT (key) DO UPDATE SET count = EXCLUDED.count, reset_at = EXCLUDED.reset_at`);
    expect((await signIn(s.app, "dangvien.llcs", DEMO_PASSWORD, "10.6.3.1")).statusCode).toBe(429);
    const office = await s.signIn("vanphong");
    const member = await s.memberId("Phạm Văn Đức");
    expect(
      (await s.request(office, { method: "GET", url: `/api/members/${member}/account` })).json().account.locked,
    ).toBe(true);
    expect(
      (
        await s.request(office, {
          method: "POST",
          url: `/api/users/${u!.id}/reset-password`,
          payload: { newPassword: "mật khẩu tạm thời 3" },
        })
      ).statusCode,
    ).toBe(200);
    expect((await signIn(s.app, "dangvien.llcs", "mật khẩu tạm thời 3", "10.6.3.1")).statusCode).toBe(200);
  });
});

describe("the Origin of a sign-in", () => {
  it("refuses `null` and unparsable origins with 403 problem+json, and accepts this site's own", async () => {
    for (const origin of ["null", "http://[", "::::", "https://evil.example"]) {
      const res = await signIn(s.app, "ubkt", DEMO_PASSWORD, "10.6.4.1", { origin, host: "localhost:3000" });
      expect(res.statusCode, origin).toBe(403);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json().code).toBe("csrf");
    }
    const ok = await signIn(s.app, "ubkt", DEMO_PASSWORD, "10.6.4.1", {
      origin: "http://localhost:3000",
      host: "localhost:3000",
    });
    expect(ok.statusCode).toBe(200);
  });
});
