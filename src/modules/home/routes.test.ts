import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildServer } from "../../server.js";
import type { FastifyReply, FastifyRequest } from "fastify";
import { answerRead } from "../../core/http/route.js";
import { todayIso } from "../../core/time.js";
import { firstScreenHome, wholeHome } from "./model.js";
import { actorFromToken } from "../accounts/store.js";
import { createTestServer, type TestServer } from "../../../test/support/server.js";

// The home's batched read answers, part for part, what the separate routes answer the same person (ADR 0163).
let s: TestServer;
beforeAll(async () => {
  s = await createTestServer();
});
afterAll(() => s.close());

async function get(username: string, url: string) {
  const res = await s.request(await s.signIn(username), { method: "GET", url });
  expect(res.statusCode, `${url} as ${username}: ${res.body}`).toBe(200);
  return res.json();
}

function unmask(masked: string): string {
  const both = Buffer.from(masked, "base64url");
  const half = both.length / 2;
  return Buffer.from(both.subarray(half).map((b, i) => b ^ both[i]!)).toString("utf8");
}

describe("GET /api/home", () => {
  for (const [who, username] of [
    ["a secretary", "bithu.llcs"],
    ["a member", "dangvien.llcs"],
    ["the office", "vanphong"],
    ["an overseer", "danguyvien"],
  ] as const)
    it(`equals the separate calls for ${who}`, async () => {
      const home = await get(username, "/api/home");
      // The CSRF token is masked afresh in every answer (ADR 0169): the two answers carry the same token, differently masked.
      const { csrfToken: homeToken, ...homeMe } = home.me;
      const { csrfToken: meToken, ...me } = await get(username, "/api/auth/me");
      expect(homeMe).toEqual(me);
      expect(homeToken).not.toBe(meToken);
      expect(unmask(homeToken)).toBe(unmask(meToken));
      expect(home.organizations).toEqual(await get(username, "/api/organizations"));
      expect(home.notices).toEqual(await get(username, "/api/notices"));
      expect(home.myTasks).toEqual(await get(username, "/api/me/tasks"));
      for (const { organizationId, dashboard } of home.dashboards)
        expect(dashboard).toEqual(await get(username, `/api/organizations/${organizationId}/dashboard`));
      // The cards' own reads (ADR 0186): each as its route answers it.
      expect(home.myEvaluations).toEqual(await get(username, "/api/me/evaluations"));
      // The backup card's status (ADR 0191): for whoever runs the installation, as its route answers; nobody else's.
      if (username === "vanphong") expect(home.backupStatus).toEqual(await get(username, "/api/backup/status"));
      else {
        expect(home.backupStatus).toBeNull();
        const refused = await s.request(await s.signIn(username), { method: "GET", url: "/api/backup/status" });
        expect(refused.statusCode).toBe(403);
      }
      if (me.member) {
        const cell = me.member.organizationId;
        expect(home.nextMeeting).toEqual({
          organizationId: cell,
          meetings: await get(
            username,
            `/api/organizations/${cell}/meetings?from=${todayIso()}&status=planned&limit=1`,
          ),
        });
      } else expect(home.nextMeeting).toBeNull();
      for (const part of home.managed) {
        const at = `/api/organizations/${part.organizationId}`;
        expect(part.detail).toEqual(await get(username, at));
        const party = part.detail.kind === "party_committee";
        const probation = part.detail.permissions["member.view"];
        // A đảng bộ's members on probation are a whole-tree read, asked by the page on its own.
        if (probation && !party)
          expect(part.probationers).toEqual(await get(username, `${at}/members?status=probationary&limit=500`));
        else expect(part.probationers).toBeNull();
        if (probation) expect(part.membershipRulebook).toEqual(await get(username, `${at}/rulebooks/membership`));
        else expect(part.membershipRulebook).toBeNull();
        if (part.detail.kind === "party_committee")
          expect(part.evaluationPeriods).toEqual(await get(username, `${at}/evaluation-periods`));
        else expect(part.evaluationPeriods).toBeNull();
      }
    });

  it("answers the cards of the organisations each person runs, and only those", async () => {
    const ids = async (username: string) =>
      (await get(username, "/api/home")).managed.map((m: { organizationId: string }) => m.organizationId);
    expect(await ids("bithu.llcs")).toEqual([await s.orgId("CB-LLCS")]);
    expect(await ids("vanphong")).toEqual([await s.orgId("DB-TCT")]);
    expect(await ids("dangvien.llcs")).toEqual([]);
    const office = (await get("vanphong", "/api/home")).managed[0];
    // A đảng bộ's office sees its review periods and the rulebook of its probation warnings in the same answer; the
    // whole tree's members on probation, like its dashboard, in a call of their own.
    expect(office.evaluationPeriods.items.length).toBeGreaterThan(0);
    expect(office.membershipRulebook).not.toBeNull();
    expect(office.probationers).toBeNull();
    // A cell's secretary gets the cell's in the answer.
    expect((await get("bithu.llcs", "/api/home")).managed[0].probationers.items).toBeDefined();
  });

  it("carries the dashboards of the cells the person runs or oversees, and no đảng bộ's", async () => {
    const cell = await s.orgId("CB-LLCS");
    const secretary = await get("bithu.llcs", "/api/home");
    expect(secretary.dashboards.map((d: { organizationId: string }) => d.organizationId)).toEqual([cell]);
    // A member runs nothing: their tasks, no dashboard.
    expect((await get("dangvien.llcs", "/api/home")).dashboards).toEqual([]);
    // The office runs the đảng bộ, whose whole-tree dashboard stays a call of its own.
    expect((await get("vanphong", "/api/home")).dashboards).toEqual([]);
    const overseer = await get("danguyvien", "/api/home");
    const shown = overseer.dashboards.map((d: { organizationId: string }) => d.organizationId);
    expect(overseer.me.oversees.length).toBeGreaterThan(0);
    for (const o of overseer.me.oversees) expect(shown).toContain(o.organizationId);
  });

  it("leaves out a part its route refuses, for the reason the route gives", async () => {
    const session = await s.signIn("dangvien.llcs");
    const actor = (await actorFromToken(s.database.db, session.cookie))!;
    const request = { actor, cookies: {}, log: { error: () => {} } } as unknown as FastifyRequest;
    const other = await s.orgId("CB-XDD");
    const refused = [
      // another cell's members: refused as if it did not exist (the route answers 404 to what one may not see)
      ["/api/organizations/:id/members", { id: other }, { status: "probationary", limit: "500" }, 404],
      // an organisation that does not exist (404)
      ["/api/organizations/:id", { id: "00000000-0000-4000-8000-000000000000" }, undefined, 404],
      // a parameter the route's schema refuses (400)
      ["/api/organizations/:id/meetings", { id: other }, { limit: "0" }, 400],
    ] as const;
    for (const [url, params, query, status] of refused) {
      const path = url.replace(":id", params.id) + (query ? `?${new URLSearchParams(query)}` : "");
      expect((await s.request(session, { method: "GET", url: path })).statusCode).toBe(status);
      expect(await answerRead(s.app, request, {} as FastifyReply, url, { params, query })).toBeNull();
    }
    // The same chain answers what the route allows.
    const own = await s.orgId("CB-LLCS");
    expect(
      await answerRead(s.app, request, {} as FastifyReply, "/api/organizations/:id", { params: { id: own } }),
    ).toMatchObject({
      id: own,
    });
  });

  it("is refused without a session", async () => {
    for (const url of ["/api/home", "/api/home/first", "/api/home/rest"])
      expect((await s.request(null, { method: "GET", url })).statusCode).toBe(401);
  });

  // The server draws the first screen from its half and sends it while it reads the rest (ADR 0192).
  for (const username of ["bithu.llcs", "dangvien.llcs", "vanphong", "danguyvien"])
    it(`is its two halves put together, for ${username}`, async () => {
      const [home, first, rest] = await Promise.all(
        ["/api/home", "/api/home/first", "/api/home/rest"].map((url) => get(username, url)),
      );
      const token = (answer: { me: { csrfToken: string } }) => unmask(answer.me.csrfToken);
      expect(token(first)).toBe(token(home));
      const whole = wholeHome(first, rest);
      expect({ ...whole, me: { ...whole.me, csrfToken: null } }).toEqual({
        ...home,
        me: { ...home.me, csrfToken: null },
      });
      // What the server draws from: the first half, each run organisation with the review periods its card shows.
      const drawn = firstScreenHome(first);
      expect(drawn.dashboards).toEqual([]);
      expect(drawn.managed.map((m) => [m.organizationId, m.evaluationPeriods])).toEqual(
        home.managed.map((m: { organizationId: string; evaluationPeriods: unknown }) => [
          m.organizationId,
          m.evaluationPeriods,
        ]),
      );
      // The first screen's half reads nothing of what only the rest shows.
      expect(Object.keys(first)).not.toContain("dashboards");
      expect(Object.keys(rest).sort()).toEqual(["dashboards", "managed"]);
    });

  it("has no halves before a temporary password is changed", async () => {
    const who = sql`(SELECT id FROM users WHERE username = 'chiuy.llcs')`;
    await s.database.rows(sql`UPDATE users SET must_change_password = true WHERE id = ${who}`);
    try {
      const session = await s.signIn("chiuy.llcs", undefined, { fresh: true });
      // The page only asks for a new password: the whole home answers the person alone, the halves nothing.
      const home = await s.request(session, { method: "GET", url: "/api/home" });
      expect(home.statusCode).toBe(200);
      expect(home.json().organizations.items).toEqual([]);
      for (const url of ["/api/home/first", "/api/home/rest"])
        expect((await s.request(session, { method: "GET", url })).statusCode).toBe(403);
    } finally {
      await s.database.rows(sql`UPDATE users SET must_change_password = false WHERE id = ${who}`);
    }
  });
});

describe("the page names the home's call as a preload", () => {
  it("for a signed-in visit to the home only", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "chibo-web-"));
    writeFileSync(
      path.join(dir, "index.html"),
      "<!doctype html><html><head><title>t</title></head><body></body></html>",
    );
    const app = await buildServer({ database: s.database, webDir: dir });
    try {
      const session = await s.signIn("bithu.llcs");
      const page = (url: string, cookie?: string) =>
        app.inject({ method: "GET", url, cookies: cookie ? { chibo_session: cookie } : undefined });
      const preload = '<link rel="preload" as="fetch" crossorigin="anonymous" href="/api/home">';
      const home = await page("/", session.cookie);
      expect(home.statusCode).toBe(200);
      expect(home.headers["content-type"]).toMatch(/^text\/html/);
      expect(home.body).toContain(`<head>\n    ${preload}`);
      expect((await page("/?from=push", session.cookie)).body).toContain(preload);
      // Signed out, the page goes to sign-in: nothing to preload. Another page reads its own data.
      expect((await page("/")).body).not.toContain("preload");
      expect((await page("/to-chuc/x", session.cookie)).body).not.toContain("preload");
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
