import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { checksum, realRows, sampleBody, tableOf, writeRoutes, type JsonSchema } from "./support/routes.js";
import { createTestServer, type Session, type TestServer } from "./support/server.js";

/**
 * Generated bad input in the body of every write route the server registers — wrong types, huge strings, unicode
 * edge cases (NUL, half a UTF-16 pair), impossible dates, ids of the wrong kind. The answer is always a 4xx problem
 * with a message (and the field named when a field is at fault), never a 5xx, and a refused write leaves every table
 * as it was. Routes added later are covered without touching this file: all of it comes from the route table and the
 * published OpenAPI schemas. Paths, query strings and headers are bad-input-paths.test.ts's.
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
    const rows = await realRows(s);
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
