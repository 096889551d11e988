import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildServer } from "../../server.js";
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

  it("is refused without a session", async () => {
    expect((await s.request(null, { method: "GET", url: "/api/home" })).statusCode).toBe(401);
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
