import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { InjectOptions } from "fastify";
import { createTestServer, type Session, type TestServer } from "./support/server.js";
import { apiRoutes, checksum } from "./support/routes.js";
import { DEMO_PASSWORD } from "../src/demo/demo-data.js";

/**
 * Acting on an account (create, reset, list, grant) needs authority over everything the account reaches, not
 * just the organisation where its member record sits. The attack: the office of the đảng bộ gives a cell an
 * office account; that account reset the password of the đảng ủy secretary (whose member record sits in the
 * cell), signed in as them and read every cell. Every account route is tried here, generated from the route
 * table: the cell's office against accounts wider than the cell → refused, nothing changed; the same routes on
 * accounts inside the cell → accepted.
 */
let s: TestServer;
let root: string;
let qldt: string;
let cellOffice: Session;
const NEW_PASSWORD = "mật khẩu mới của văn phòng";

const userId = async (username: string) =>
  (await s.database.rows<{ id: string }>(sql`SELECT id FROM users WHERE username = ${username}`))[0]!.id;

/** The account's password still opens it: the refused requests left it alone. */
async function stillSignsIn(username: string, password = DEMO_PASSWORD) {
  const res = await s.app.inject({ method: "POST", url: "/api/auth/login", payload: { login: username, password } });
  expect(res.statusCode, username).toBe(200);
}

beforeAll(async () => {
  s = await createTestServer();
  root = await s.orgId("DB-TCT");
  qldt = await s.orgId("CB-QLDT");
  // The office of the đảng bộ creates an office account on one cell (CB-QLDT, where the đảng ủy secretary sits).
  const office = await s.signIn("vanphong");
  const created = await s.request(office, {
    method: "POST",
    url: `/api/organizations/${qldt}/office-accounts`,
    payload: { username: "vanphong.qldt", displayName: "Văn phòng chi bộ QLĐT", password: "tạm thời cho chi bộ 1" },
  });
  expect(created.statusCode).toBe(201);
  const temp = await s.signIn("vanphong.qldt", "tạm thời cho chi bộ 1", { fresh: true });
  const changed = await s.request(temp, {
    method: "POST",
    url: "/api/auth/password",
    payload: { currentPassword: "tạm thời cho chi bộ 1", newPassword: NEW_PASSWORD },
  });
  expect(changed.statusCode).toBe(200);
  cellOffice = await s.signIn("vanphong.qldt", NEW_PASSWORD, { fresh: true });
  // A member of the cell who sits on the đảng ủy but has no account yet, and one who is a plain member.
  await s.database.db.execute(sql`INSERT INTO positions (organization_id, member_id, role, starts_on)
    VALUES (${root}, ${await s.memberId("Ung Thị Xuân")}, 'committee_member', '2020-06-20')`);
});
afterAll(() => s.close());

/** Each account route, called on a given target. A route without a builder here fails the guard test. */
type Target = { userId?: string; memberId?: string; orgId?: string };
const BUILDERS: Record<string, (t: Target) => InjectOptions | null> = {
  "POST /api/users/:id/reset-password": ({ userId }) =>
    userId
      ? { method: "POST", url: `/api/users/${userId}/reset-password`, payload: { newPassword: "bị chiếm đoạt 2026" } }
      : null,
  "GET /api/members/:id/account": ({ memberId }) =>
    memberId ? { method: "GET", url: `/api/members/${memberId}/account` } : null,
  "POST /api/members/:id/account": ({ memberId }) =>
    memberId
      ? {
          method: "POST",
          url: `/api/members/${memberId}/account`,
          payload: { username: `tk-${memberId.slice(0, 8)}`, password: "tạm thời cho đảng viên 1" },
        }
      : null,
  "GET /api/organizations/:id/office-accounts": ({ orgId }) =>
    orgId ? { method: "GET", url: `/api/organizations/${orgId}/office-accounts` } : null,
  "POST /api/organizations/:id/office-accounts": ({ orgId }) =>
    orgId
      ? {
          method: "POST",
          url: `/api/organizations/${orgId}/office-accounts`,
          payload: {
            username: `vp-${orgId.slice(0, 8)}`,
            displayName: "Văn phòng giả",
            password: "tạm thời cho văn phòng 9",
          },
        }
      : null,
};
/** One account route, as someone, on a target. */
const call = (as: Session, key: string, target: Target) => s.request(as, BUILDERS[key]!(target)!);
const RESET = "POST /api/users/:id/reset-password";
const CREATE = "POST /api/members/:id/account";

const isAccountRoute = (url: string) => /\/api\/users\/|\/account(s)?\b|office-accounts/.test(url);

describe("account routes need authority over everything the account reaches", () => {
  it("every account route of the route table has a case here", () => {
    const routes = apiRoutes(s).filter((r) => isAccountRoute(r.url) && !r.url.startsWith("/api/auth/"));
    expect(routes.length).toBeGreaterThanOrEqual(5);
    expect(routes.map((r) => r.key).filter((k) => !BUILDERS[k])).toEqual([]);
  });

  it("the office of one cell cannot act on the đảng ủy secretary, an overseer, the đảng bộ's office or the administrator", async () => {
    const wider: [string, Target][] = [
      // Member record in CB-QLDT, but secretary of the whole đảng ủy.
      ["đảng ủy secretary", { userId: await userId("bithu.danguy"), memberId: await s.memberId("Quách Văn Long") }],
      // A member of CB-NNPL who follows CB-QLDT for the đảng ủy: visible to the cell's office, but wider.
      [
        "đảng ủy member who follows CB-QLDT",
        { userId: await userId("danguyvien"), memberId: await s.memberId("Lâm Văn Thành") },
      ],
      ["office of the đảng bộ", { userId: await userId("vanphong") }],
      ["administrator", { userId: await userId("quantri") }],
      // A member of the cell who also sits on the đảng ủy, before any account exists.
      ["member of the cell on the đảng ủy, no account yet", { memberId: await s.memberId("Ung Thị Xuân") }],
      // Office accounts over the đảng bộ, and its list.
      ["the đảng bộ's office accounts", { orgId: root }],
    ];
    const before = await checksum(s);
    const problems: string[] = [];
    let tried = 0;
    for (const [name, target] of wider) {
      for (const [key, build] of Object.entries(BUILDERS)) {
        const options = build(target);
        if (!options) continue;
        tried++;
        const res = await s.request(cellOffice, options);
        if (![403, 404].includes(res.statusCode))
          problems.push(`${key} on ${name}: ${res.statusCode} ${res.body.slice(0, 100)}`);
        else expect(res.headers["content-type"]).toContain("application/problem+json");
      }
    }
    expect(problems).toEqual([]);
    expect(tried).toBeGreaterThanOrEqual(10);
    expect(await checksum(s)).toEqual(before);
    for (const username of ["bithu.danguy", "danguyvien", "vanphong", "quantri"]) await stillSignsIn(username);
  });

  it("an office account holding more than this cell is not listed to the cell's office", async () => {
    const wide = await userId("vanphong");
    await s.database.db.execute(
      sql`INSERT INTO grants (user_id, organization_id, role) VALUES (${wide}, ${qldt}, 'office')`,
    );
    try {
      const list = await s.request(cellOffice, { method: "GET", url: `/api/organizations/${qldt}/office-accounts` });
      expect(list.statusCode).toBe(200);
      const names = (list.json().items as { username: string }[]).map((i) => i.username);
      expect(names).toContain("vanphong.qldt");
      expect(names).not.toContain("vanphong");
      // The đảng bộ's office sees both.
      const all = await s.request(await s.signIn("vanphong"), {
        method: "GET",
        url: `/api/organizations/${qldt}/office-accounts`,
      });
      expect((all.json().items as { username: string }[]).map((i) => i.username).sort()).toEqual([
        "vanphong",
        "vanphong.qldt",
      ]);
    } finally {
      await s.database.db.execute(sql`DELETE FROM grants WHERE user_id = ${wide} AND organization_id = ${qldt}`);
    }
  });

  it("still lets each office act on accounts inside its reach, and the administrator on any", async () => {
    // The cell's office: a plain member of the cell gets an account, reads it, and has its password reset.
    const nam = await s.memberId("Tôn Thất Nam");
    const create = await call(cellOffice, CREATE, { memberId: nam });
    expect(create.statusCode).toBe(201);
    const read = await call(cellOffice, "GET /api/members/:id/account", { memberId: nam });
    expect(read.json().account.id).toBe(create.json().id);
    expect((await call(cellOffice, RESET, { userId: create.json().id })).statusCode).toBe(200);
    expect((await call(cellOffice, "GET /api/organizations/:id/office-accounts", { orgId: qldt })).statusCode).toBe(
      200,
    );
    // The đảng bộ's office: the cell's office account, and a member of a cell it covers.
    const office = await s.signIn("vanphong");
    expect((await call(office, RESET, { userId: await userId("vanphong.qldt") })).statusCode).toBe(200);
    expect((await call(office, RESET, { userId: await userId("danguyvien") })).statusCode).toBe(200);
    expect((await call(office, CREATE, { memberId: await s.memberId("Ung Thị Xuân") })).statusCode).toBe(201);
    // The administrator: the đảng ủy secretary and the đảng bộ's own office.
    const admin = await s.signIn("quantri");
    expect((await call(admin, RESET, { userId: await userId("bithu.danguy") })).statusCode).toBe(200);
    expect((await call(admin, RESET, { userId: await userId("vanphong") })).statusCode).toBe(200);
    expect((await call(admin, "POST /api/organizations/:id/office-accounts", { orgId: root })).statusCode).toBe(201);
  });
});
