import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Response as InjectResponse } from "light-my-request";
import { apiRoutes, checksum, realRows, sampleBody, tableOf, WRITE_METHODS, type RouteInfo } from "./support/routes.js";
import {
  buildUrl,
  EXTRA_QUERIES,
  goodQueryValue,
  headerVariants,
  pathValues,
  queryValues,
  type Credentials,
} from "./support/bad-values.js";
import { createTestServer, type Session, type TestServer } from "./support/server.js";

/**
 * Generated bad input in every route's path parameters, query string and the headers the server reads: ids of the
 * wrong kind, huge strings, unicode edge cases, impossible dates and months, hostile headers. The answer is always a
 * 4xx problem with a message (and the field named when a field is at fault), never a 5xx; a read changes nothing and
 * a refused write leaves every table as it was. Bodies are bad-input-properties.test.ts's.
 *
 * It runs on the embedded store only (scripts/test.mjs): its values are refused by the routes' schemas and the
 * session hook before any query, and the queries that well-formed ids do reach are the same SQL on both stores,
 * which each module's route tests run on both. The body sweep, where the stores refuse differently, runs on both.
 */
let s: TestServer;
let office: Session;

// Routes that end the session the test runs under.
const SKIP = new Set(["POST /api/auth/logout", "POST /api/auth/logout-everywhere"]);

beforeAll(async () => {
  s = await createTestServer();
  office = await s.signIn("vanphong");
});
afterAll(() => s.close());

/** One route's requests, each changing one thing from a well-formed request: a path value, a query value, a header. */
function requestsFor(
  route: RouteInfo,
  rows: Map<string, string[]>,
  special: Record<string, string[]>,
  me: Credentials,
) {
  const write = WRITE_METHODS.has(route.method);
  const tables = [...rows.keys()];
  const own = (param: string): string[] => {
    if (route.paramSchemas[param]?.format !== "uuid")
      return (route.paramSchemas[param]?.enum ?? []).map(String).slice(0, 1);
    const table = tableOf(route, param, tables);
    return [...(table ? (special[table] ?? rows.get(table)?.slice(0, 1) ?? []) : [])];
  };
  // Writes keep real ids out of the well-formed base, so a header variant never changes a record; reads use them.
  const base = Object.fromEntries(
    route.params.map((p) => [
      p,
      write && route.paramSchemas[p]?.format === "uuid" ? "00000000-0000-4000-8000-000000000000" : (own(p)[0] ?? "x"),
    ]),
  );
  const goodQuery = Object.entries(route.query).flatMap(([k, v]) =>
    goodQueryValue(v) !== undefined ? [[k, goodQueryValue(v)!] as [string, string]] : [],
  );
  const out: { url: string; headers: Record<string, string>; body?: string }[] = [];
  const headers = (extra: Record<string, string> = {}) => ({
    cookie: `chibo_session=${me.cookie}`,
    ...(write ? { "x-csrf-token": me.csrf, "content-type": "application/json" } : {}),
    ...extra,
  });
  const body = write && route.body ? JSON.stringify(sampleBody(route)) : undefined;
  // Path parameters: real ids of the right kind and of other kinds, and hostile values.
  for (const p of route.params) {
    const others = ["organizations", "members", "meetings", "documents"]
      .filter((t) => t !== tableOf(route, p, tables))
      .slice(0, 2)
      .map((t) => rows.get(t)![0]!);
    const values = [...(write ? [] : own(p)), ...others, ...pathValues(route.paramSchemas[p])];
    for (const v of values)
      out.push({ url: buildUrl(route, { ...base, [p]: v }, goodQuery), headers: headers(), body });
  }
  // Query strings: every published parameter through its edges, with the others well-formed; and strangers.
  for (const [name, schema] of Object.entries(route.query)) {
    for (const values of queryValues(schema)) {
      const query = [...goodQuery.filter(([k]) => k !== name), ...values.map((v) => [name, v] as [string, string])];
      out.push({ url: buildUrl(route, base, query), headers: headers(), body });
    }
  }
  for (const [name, values] of EXTRA_QUERIES)
    out.push({
      url: buildUrl(route, base, [...goodQuery, ...values.map((v) => [name, v] as [string, string])]),
      headers: headers(),
      body,
    });
  // Headers: each hostile value of each header the server reads, on an otherwise well-formed request.
  for (const extra of headerVariants(me, write))
    out.push({ url: buildUrl(route, base, goodQuery), headers: headers(extra), body });
  return out;
}

/** The answer's contract: never a 5xx; a refusal is a problem with a message, naming the fields at fault. */
function misbehaviour(res: InjectResponse): string | null {
  if (res.statusCode >= 500) return `${res.statusCode}: ${res.body.slice(0, 300)}`;
  if (res.statusCode < 400) return null;
  if (!String(res.headers["content-type"]).includes("application/problem+json"))
    return `${res.statusCode} not problem+json: ${res.body.slice(0, 200)}`;
  const problem = res.json();
  if (!problem.detail) return `${res.statusCode} without a message`;
  if (problem.code === "validation_failed" && !Object.keys(problem.fields ?? {}).length)
    return `${res.statusCode} names no field`;
  if (Object.values(problem.fields ?? {}).some((m) => !m)) return `${res.statusCode} a field without a message`;
  return null;
}

describe("bad input in every route's path, query string and headers", () => {
  it("never answers 5xx, always explains, reads change nothing and refused writes store nothing", {
    timeout: 600_000,
  }, async () => {
    // A cell whose code and name are outside Latin-1: file names built from them go into response headers.
    const root = await s.orgId("DB-TCT");
    const created = await s.request(office, {
      method: "POST",
      url: "/api/organizations",
      payload: { parentId: root, kind: "cell", name: "Chi bộ Đặc Biệt", code: "CB-ĐẶCBIỆT", abbreviation: "ĐB" },
    });
    expect(created.statusCode, created.body).toBe(201);
    const special = { organizations: [await s.orgId("CB-LLCS"), created.json().id as string] };
    const rows = await realRows(s);
    expect(rows.size).toBeGreaterThan(15);
    // Reads first, all of them between one pair of fingerprints; then each write between its own.
    const routes = apiRoutes(s)
      .filter((r) => !SKIP.has(r.key))
      .sort((a, b) => Number(a.method !== "GET") - Number(b.method !== "GET"));
    expect(routes.filter((r) => r.method === "GET").length).toBeGreaterThan(30);
    const failures: string[] = [];
    const cost = new Map<string, number>();
    let requests = 0;
    const started = Date.now();
    // A read may add to the audit log (a backup download is recorded); it changes nothing else.
    let before = await checksum(s, ["audit_events"]);
    for (const [i, route] of routes.entries()) {
      const read = route.method === "GET";
      if (!read) before = await checksum(s);
      const t0 = Date.now();
      let wrote = false;
      for (const req of requestsFor(route, rows, special, office)) {
        const res = await s.app.inject({
          method: route.method as "GET",
          url: req.url,
          headers: req.headers,
          payload: req.body,
        });
        requests++;
        if (res.statusCode < 400 && !read) wrote = true;
        const wrong = misbehaviour(res);
        if (wrong)
          failures.push(
            `${route.key} ← ${req.url.slice(0, 160)} ${JSON.stringify(req.headers).slice(0, 160)}: ${wrong}`,
          );
      }
      cost.set(route.key, Date.now() - t0);
      const lastRead = read && routes[i + 1]?.method !== "GET";
      if (lastRead || (!read && !wrote)) {
        const after = await checksum(s, read ? ["audit_events"] : []);
        const changed = Object.keys(before).filter((t) => before[t] !== after[t]);
        if (changed.length)
          failures.push(
            `${read ? "reads" : route.key} changed ${changed.join(", ")} while ${read ? "reading" : "refusing"}`,
          );
      }
    }
    const slowest = [...cost.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`);
    console.log(
      `bad input (${s.database.store}): ${routes.length} routes, ${requests} requests to paths, query strings and headers in ${Math.round((Date.now() - started) / 1000)} s (slowest: ${slowest.join(", ")}); ${failures.length} misbehaved`,
    );
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(3000);
  });
});
