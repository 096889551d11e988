import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import type { Response as InjectResponse } from "light-my-request";
import {
  apiRoutes,
  checksum,
  sampleBody,
  WRITE_METHODS,
  writeRoutes,
  type JsonSchema,
  type RouteInfo,
} from "./support/routes.js";
import {
  buildUrl,
  EXTRA_QUERIES,
  goodQueryValue,
  headerVariants,
  pathValues,
  queryValues,
} from "./support/bad-values.js";
import { createTestServer, type Session, type TestServer } from "./support/server.js";

/**
 * Generated bad input against every route the server registers: in write routes' bodies, and in every route's path
 * parameters, query string and the headers the server reads — wrong types, huge strings, unicode edge cases (NUL,
 * half a UTF-16 pair), impossible dates and months, ids of the wrong kind. The answer is always a 4xx problem with a
 * message (and the field named when a field is at fault), never a 5xx; a read changes nothing and a refused write
 * leaves every table as it was. Routes and parameters added later are covered without touching this file: all of
 * it comes from the route table and the published OpenAPI schemas.
 */
let s: TestServer;
let office: Session;
const realIds: string[] = [];

// Routes that end the session the test runs under, or that only succeed by design with any body.
const SKIP = new Set(["POST /api/auth/logout", "POST /api/auth/logout-everywhere"]);

beforeAll(async () => {
  s = await createTestServer();
  office = await s.signIn("vanphong");
  realIds.push(await s.orgId("CB-LLCS"), await s.orgId("DB-TCT"), await s.memberId("Đỗ Văn Hải"));
});
afterAll(() => s.close());

const unicodeEdges = [
  "Nguye\u0302\u0303n", // combining diacritics instead of precomposed letters
  "A\u0000B", // NUL
  "\u200Fمرحبا\u200E", // RTL and LTR marks
  "\uD800", // a lone surrogate
  "😀".repeat(50),
  "Đ\u0301\u0323\u0309",
  "\u202Eevil",
  "  ",
  "",
];
const badDates = [
  "2026-02-30",
  "2026-13-01",
  "9999-12-31",
  "0001-01-01",
  "2026-1-1",
  "03/12/2026",
  "2026-11-22T25:00:00Z",
  "",
];
const badValue = fc.oneof(
  fc.constantFrom(...unicodeEdges),
  fc.constantFrom(...badDates),
  fc.constant("x".repeat(100_001)),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  fc.uuid(),
  fc.constantFrom(...["not-a-uuid", "-1", "1e309"]),
);

const idValue = () =>
  fc.oneof(fc.constantFrom(...realIds), fc.uuid(), fc.constantFrom("not-a-uuid", "0", "%00", "x".repeat(300)));

describe("bad input on every write route", () => {
  it("never answers 5xx, always explains, and writes nothing when it refuses", { timeout: 600_000 }, async () => {
    const routes = writeRoutes(s).filter((r) => !SKIP.has(r.key));
    expect(routes.length).toBeGreaterThan(20);
    const failures: string[] = [];
    // One checksum per route: a route that refused everything changed nothing, so what it leaves is the next
    // route's "before"; after a route that wrote, the next one starts from what it left.
    let before = await checksum(s);
    for (const route of routes) {
      const fields = Object.keys(route.body?.properties ?? {});
      const body = fields.length
        ? fc.oneof(
            fc.record(Object.fromEntries(fields.map((f) => [f, badValue])), { requiredKeys: [] }),
            fc.constantFrom(null, [], "chuỗi", 42),
          )
        : fc.oneof(fc.constant(undefined), fc.dictionary(fc.string({ maxLength: 8 }), badValue, { maxKeys: 3 }));
      const params = fc.tuple(...route.params.map(() => idValue()));
      let wrote = false;
      await fc.assert(
        fc.asyncProperty(params, body, async (ids, payload) => {
          let url = route.url;
          route.params.forEach((p, i) => (url = url.replace(`:${p}`, encodeURIComponent(String(ids[i])))));
          const res = await s.request(office, {
            method: route.method as "POST",
            url,
            payload: payload === undefined ? undefined : JSON.stringify(payload),
            headers: { "content-type": "application/json" },
          });
          if (res.statusCode < 400) {
            wrote = true;
            return;
          }
          const where = `${route.key} ← ${url} ${JSON.stringify(payload)?.slice(0, 200)}`;
          if (res.statusCode >= 500) failures.push(`${res.statusCode} ${where}: ${res.body.slice(0, 300)}`);
          expect(res.statusCode, where).toBeLessThan(500);
          expect(res.headers["content-type"], where).toContain("application/problem+json");
          const problem = res.json();
          expect(problem.detail, where).toBeTruthy();
          for (const message of Object.values(problem.fields ?? {})) expect(message, where).toBeTruthy();
        }),
        { numRuns: 12, seed: 20261122 },
      );
      const after = await checksum(s);
      if (!wrote) expect(after, `${route.key} changed data while refusing`).toEqual(before);
      before = after;
    }
    expect(failures).toEqual([]);
    console.log(
      `bad input: ${routes.length} write routes × 12 generated requests = ${routes.length * 12} payloads, none answered 5xx`,
    );
  });
});

/** Every free-text field of a body schema, as a path into a sample body: "content", "agenda[]", "items[].what". */
function textFields(schema: JsonSchema | null, at = ""): string[] {
  if (!schema) return [];
  if (schema.anyOf) return [...new Set(schema.anyOf.flatMap((x) => textFields(x, at)))];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (type === "string") return schema.enum || schema.format || schema.pattern ? [] : [at];
  if (type === "array") return textFields(schema.items ?? null, `${at}[]`);
  return Object.entries(schema.properties ?? {}).flatMap(([k, v]) => textFields(v, at ? `${at}.${k}` : k));
}

/** A copy of a sample body with one field (first element of each array on the way) set to a value. */
function withField(body: unknown, path: string, value: string): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const steps = path.split(".").flatMap((p) => {
    const name = p.replace(/(\[\])+$/, "");
    return [name, ...Array<number>((p.length - name.length) / 2).fill(0)];
  });
  let node: Record<string | number, unknown> = copy;
  steps.forEach((step, i) => {
    const last = i === steps.length - 1;
    if (last) node[step] = value;
    else {
      node[step] ??= typeof steps[i + 1] === "number" ? [] : {};
      node = node[step] as Record<string | number, unknown>;
    }
  });
  return copy;
}

describe("text that cannot be stored, in every text field of every write route", () => {
  it("a NUL or half a UTF-16 pair is refused naming the field, whoever may write there, and nothing is stored", {
    timeout: 300_000,
  }, async () => {
    const chair = await s.signIn("bithu.llcs");
    const cell = await s.orgId("CB-LLCS");
    // A draft meeting, so its text fields reach the point where they are stored.
    const draft = await s.request(chair, {
      method: "POST",
      url: `/api/organizations/${cell}/meetings`,
      payload: { kind: "monthly", date: "2099-10-03", startTime: "14:00", place: "Phòng họp" },
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const rows = await realRows();
    const special: Record<string, string[]> = {
      organizations: [cell],
      meetings: [draft.json().id],
      members: [await s.memberId("Phạm Văn Đức")],
    };
    const idOf = (table: string | undefined) => (table ? (special[table]?.[0] ?? rows.get(table)?.[0]) : undefined);
    const tables = [...rows.keys()];
    // A body id goes to the table its name says: responsibleMemberId → members, planItemId → plan_items.
    const tableOfField = (field: string) => {
      const name = field.split(".").pop()!.replace(/\[\]$/, "").replace(/Ids?$/, "");
      if (/member/i.test(name)) return "members";
      if (/organization|parent/i.test(name)) return "organizations";
      const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      return tables.find((t) => t === `${snake}s`) ?? tables.find((t) => t.endsWith(`_${snake}s`));
    };
    const routes = writeRoutes(s).filter((r) => !SKIP.has(r.key) && textFields(r.body).length);
    const before = await checksum(s);
    const failures: string[] = [];
    let requests = 0;
    for (const route of routes) {
      const url = route.url.replace(/:(\w+)/g, (_, p: string) =>
        route.paramSchemas[p]?.format === "uuid"
          ? (idOf(tableOf(route, p, tables)) ?? p)
          : String(route.paramSchemas[p]?.enum?.[0] ?? p),
      );
      const base = sampleBody(route, (field, schema) =>
        schema.format === "uuid" ? idOf(tableOfField(field)) : undefined,
      );
      for (const field of textFields(route.body)) {
        for (const [value, key] of [
          ["a\u0000b", "nul"],
          ["a\uD800b", "ill_formed"],
        ] as const) {
          const payload = JSON.stringify(withField(base, field, value));
          let res = await s.request(office, {
            method: route.method as "POST",
            url,
            payload,
            headers: { "content-type": "application/json" },
          });
          if (res.statusCode === 403 || res.statusCode === 404)
            res = await s.request(chair, {
              method: route.method as "POST",
              url,
              payload,
              headers: { "content-type": "application/json" },
            });
          requests++;
          const named = field.replace(/\[\]/g, ".0");
          // 422, or 400 when the path is at fault too (the answer then names both).
          const refused = res.statusCode === 422 || res.statusCode === 400;
          const fields = refused ? (res.json().fields ?? {}) : {};
          const where = `${route.key} ${field}=${key}: ${res.statusCode} ${res.body.slice(0, 240)}`;
          if (!refused || !fields[named]) failures.push(where);
        }
      }
    }
    const after = await checksum(s);
    const changed = Object.keys(before).filter((t) => before[t] !== after[t]);
    if (changed.length) failures.push(`stored in ${changed.join(", ")}`);
    console.log(
      `unstorable text: ${routes.length} write routes, ${requests} requests, ${failures.length} not refused by field`,
    );
    expect(failures).toEqual([]);
  });
});

/** The ids of real rows of every table with a uuid id, so a parameter gets ids of its own kind and of others. */
async function realRows(): Promise<Map<string, string[]>> {
  const tables = await s.database.rows<{ name: string }>(
    sql`SELECT table_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'id' AND data_type = 'uuid' ORDER BY 1`,
  );
  const out = new Map<string, string[]>();
  for (const { name } of tables) {
    const rows = await s.database.rows<{ id: string }>(
      sql.raw(`SELECT id::text AS id FROM "${name}" ORDER BY id LIMIT 2`),
    );
    if (rows.length)
      out.set(
        name,
        rows.map((r) => r.id),
      );
  }
  return out;
}

/** The table a path parameter points into, from the segment before it: /api/plan-items/:id → plan_items. */
function tableOf(route: RouteInfo, param: string, tables: string[]): string | undefined {
  if (/member/i.test(param)) return "members";
  const segments = route.url.split("/");
  const segment = segments[segments.indexOf(`:${param}`) - 1]?.replace(/-/g, "_") ?? "";
  return tables.find((t) => t === segment) ?? tables.find((t) => t.endsWith(`_${segment}`));
}

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

interface Credentials {
  cookie: string;
  csrf: string;
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
    const rows = await realRows();
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
