import { sql } from "drizzle-orm";
import type { TestServer } from "./server.js";

/**
 * Helpers for tests generated from the server's own route table: the routes, a well-formed body built from
 * each route's published request schema, and fingerprints of rows and tables to prove nothing changed.
 */
export interface RouteInfo {
  method: string;
  url: string;
  key: string;
  params: string[];
  /** The JSON schema of the body, when the route takes JSON. */
  body: JsonSchema | null;
  /** True when the route reads a raw upload (spreadsheet, DOCX). */
  raw: boolean;
  /** The published schema of each query-string parameter and of each path parameter. */
  query: Record<string, JsonSchema>;
  paramSchemas: Record<string, JsonSchema>;
}

export interface JsonSchema {
  type?: string | string[];
  maximum?: number;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  minItems?: number;
  minimum?: number;
  maxLength?: number;
  minLength?: number;
  nullable?: boolean;
  default?: unknown;
}

export const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function apiRoutes(s: TestServer): RouteInfo[] {
  type Operation = {
    requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
    parameters?: { in: string; name: string; schema: JsonSchema }[];
  };
  const spec = s.app.swagger() as { paths: Record<string, Record<string, Operation>> };
  return s.app.routeTable
    .filter((r) => r.url.startsWith("/api/") && !r.url.startsWith("/api/docs") && r.method !== "HEAD")
    .map((r) => {
      const op = spec.paths[r.url.replace(/:(\w+)/g, "{$1}")]?.[r.method.toLowerCase()];
      const content = op?.requestBody?.content ?? {};
      const json = content["application/json"]?.schema ?? null;
      const parameters = (where: string) =>
        Object.fromEntries((op?.parameters ?? []).filter((p) => p.in === where).map((p) => [p.name, p.schema]));
      return {
        method: r.method,
        url: r.url,
        key: `${r.method} ${r.url}`,
        params: (r.url.match(/:\w+/g) ?? []).map((p) => p.slice(1)),
        body: json,
        raw: !json && WRITE_METHODS.has(r.method) && /upload|import|preview/.test(r.url),
        query: parameters("query"),
        paramSchemas: parameters("path"),
      };
    });
}

export function writeRoutes(s: TestServer): RouteInfo[] {
  return apiRoutes(s).filter((r) => WRITE_METHODS.has(r.method));
}

/** Every path into a body schema that holds an identifier (`memberId`, `targetIds[]`, `ballots[].memberId`). */
export function idFields(schema: JsonSchema | null): string[] {
  const out: string[] = [];
  const walk = (o: JsonSchema | undefined, at: string) => {
    if (!o) return;
    if (o.format === "uuid") return void out.push(at);
    o.anyOf?.forEach((x) => walk(x, at));
    if (o.items) walk(o.items, `${at}[]`);
    for (const [k, v] of Object.entries(o.properties ?? {})) walk(v, at ? `${at}.${k}` : k);
  };
  walk(schema ?? undefined, "");
  return out;
}

/** A value to put at a field: undefined leaves the generator's own choice. */
export type Pick = (field: string, schema: JsonSchema) => unknown;

/** A well-formed value for a schema: the first enum value, a valid date, a short Vietnamese text, etc. */
export function sampleValue(schema: JsonSchema, field: string, pick: Pick): unknown {
  const chosen = pick(field, schema);
  if (chosen !== undefined) return chosen;
  if (schema.anyOf) {
    const first = schema.anyOf.find((x) => !(x.enum && x.enum.length === 1 && x.enum[0] === "")) ?? schema.anyOf[0]!;
    return sampleValue(first, field, pick);
  }
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (schema.format === "uuid") return undefined;
  if (schema.format === "date") return "2026-11-20";
  if (schema.format === "email") return "thu@example.vn";
  if (schema.pattern === "^([01]\\d|2[0-3]):[0-5]\\d$") return "14:00";
  switch (type) {
    case "string":
      return "Nội dung thử".slice(0, schema.maxLength ?? 100);
    case "integer":
    case "number":
      return Math.max(schema.minimum ?? 1, 1);
    case "boolean":
      return false;
    case "array": {
      if (!schema.items) return [];
      const one = sampleValue(schema.items, `${field}[]`, pick);
      return one === undefined ? [] : [one];
    }
    default: {
      if (!schema.properties) return {};
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(schema.properties)) {
        const value = sampleValue(v, field ? `${field}.${k}` : k, pick);
        if (value !== undefined) out[k] = value;
      }
      return out;
    }
  }
}

export function sampleBody(route: RouteInfo, pick: Pick = () => undefined): unknown {
  if (!route.body) return undefined;
  return sampleValue(route.body, "", pick);
}

/** The enum fields at the top of a body with all their values, for trying every transition a route offers. */
export function enumVariants(route: RouteInfo): { field: string; values: unknown[] }[] {
  return Object.entries(route.body?.properties ?? {})
    .filter(([, v]) => v.enum && v.enum.length > 1)
    .map(([field, v]) => ({ field, values: v.enum! }));
}

/**
 * A fingerprint of every table but sessions and rate limits (which move with each request by design) and stored
 * renderings (a cache a download fills).
 */
export async function checksum(s: TestServer, except: string[] = []): Promise<Record<string, string>> {
  const tables = await s.database.rows<{ name: string }>(
    sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('sessions', 'rate_limits', 'rendered_files', '__drizzle_migrations') ORDER BY 1`,
  );
  // One statement for all tables: the sweeps take a fingerprint around every route, and a round trip per table was
  // most of its cost.
  const parts = tables
    .filter(({ name }) => !except.includes(name))
    .map(
      ({ name }) =>
        `SELECT '${name}' AS name, (SELECT count(*)::int || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') FROM "${name}" t) AS v`,
    );
  const rows = await s.database.rows<{ name: string; v: string }>(sql.raw(parts.join(" UNION ALL ")));
  return Object.fromEntries(rows.map((r) => [r.name, r.v]));
}

/** The exact text of chosen rows (every column, binary files included), for proving they did not change. */
export async function rowsText(s: TestServer, table: string, where: string): Promise<string[]> {
  const rows = await s.database.rows<{ r: string }>(
    sql.raw(`SELECT t::text AS r FROM "${table}" t WHERE ${where} ORDER BY t::text`),
  );
  return rows.map((r) => r.r);
}

/** The ids of real rows of every table with a uuid id, so a parameter gets ids of its own kind and of others. */
export async function realRows(s: TestServer): Promise<Map<string, string[]>> {
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
export function tableOf(route: RouteInfo, param: string, tables: string[]): string | undefined {
  if (/member/i.test(param)) return "members";
  const segments = route.url.split("/");
  const segment = segments[segments.indexOf(`:${param}`) - 1]?.replace(/-/g, "_") ?? "";
  return tables.find((t) => t === segment) ?? tables.find((t) => t.endsWith(`_${segment}`));
}
