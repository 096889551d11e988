import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServer, type TestServer } from "../../../test/support/server.js";

let s: TestServer;
beforeAll(async () => {
  s = await createTestServer();
});
afterAll(() => s.close());

/** The routes of the organisations and accounts modules and of core (health, sessions, notices, backup, export). */
const OWN = [
  /^\/api\/health$/,
  /^\/api\/auth\//,
  /^\/api\/users\//,
  /^\/api\/notices/,
  /^\/api\/backup/,
  /^\/api\/members\/:id\/account$/,
  /^\/api\/organizations(\/:id(\/(move|close|terms|positions|oversights|audit|rulebooks|office-accounts|export)(\/.*)?)?)?$/,
];

describe("declared answers", () => {
  it("every route of these modules declares its answer: a response schema, or a file", () => {
    const own = s.app.routeTable.filter((r) => OWN.some((re) => re.test(r.url)));
    expect(own.length).toBeGreaterThanOrEqual(30);
    expect(own.filter((r) => r.response === "undeclared").map((r) => `${r.method} ${r.url}`)).toEqual([]);
    const files = own.filter((r) => r.response === "file").map((r) => `${r.method} ${r.url}`);
    expect(files.sort()).toEqual(["GET /api/auth/me/data", "GET /api/backup", "GET /api/organizations/:id/export"]);
  });

  it("sends only what the schema names: no path in the scopes, no hash in an account", async () => {
    const office = await s.signIn("vanphong");
    const me = (await s.request(office, { method: "GET", url: "/api/auth/me" })).json();
    expect(me.scopes.length).toBeGreaterThan(0);
    for (const scope of me.scopes) expect(Object.keys(scope).sort()).toEqual(["organizationId", "role", "subtree"]);
    const memberId = await s.memberId("Quách Văn Long");
    const answer = await s.request(office, { method: "GET", url: `/api/members/${memberId}/account` });
    expect(answer.statusCode).toBe(200);
    expect(Object.keys(answer.json().account).sort()).toEqual([
      "email",
      "id",
      "locked",
      "mustChangePassword",
      "username",
    ]);
  });

  it("publishes the answer's shape in the API description", async () => {
    const docs = (await s.app.inject({ method: "GET", url: "/api/docs/json" })).json();
    const detail = docs.paths["/api/organizations/{id}"].get.responses["200"];
    expect(JSON.stringify(detail)).toContain("fullMembers");
  });
});
