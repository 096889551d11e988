import type { JsonSchema, RouteInfo } from "./routes.js";

/**
 * The hostile values the bad-input sweep puts into path parameters, query strings and headers, each chosen from the
 * parameter's published schema. Values are raw URL text (already percent-encoded where needed), so a sweep can send
 * bytes a browser never would: a NUL (%00), half a UTF-16 pair in CESU-8 (%ED%A0%80), a byte that is not UTF-8 (%FF).
 */

const enc = encodeURIComponent;

/** What any parameter may receive, whatever its schema says. */
const ANY = [
  "",
  "%00",
  "%ED%A0%80",
  "%FF",
  "%E0%A4%A",
  enc("😀".repeat(20)),
  enc("Nguye\u0302\u0303n"),
  enc("'; DROP TABLE members;--"),
  enc("%_\\"),
  "x".repeat(300),
];

/** A path parameter: malformed ids, ids that cannot exist, an overlong one; real ids are added by the sweep. */
export function pathValues(schema: JsonSchema | undefined): string[] {
  const own = (schema?.enum ?? []).map((v) => enc(String(v)));
  return [
    ...own,
    "not-a-uuid",
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-4fff-bfff-ffffffffffff",
    "..%2F..%2Fetc%2Fpasswd",
    "x".repeat(10_000),
    ...ANY,
  ];
}

const DATES = [
  "2026-02-30",
  "2026-02-29",
  "2028-02-29",
  "2026-04-31",
  "2026-11-31",
  "2026-13-01",
  "2026-00-10",
  "0000-01-01",
  "99999-01-01",
  "1899-12-31",
  "2101-01-01",
  "2026-1-1",
  "03%2F12%2F2026",
  "2026-11-22T25%3A00%3A00Z",
];

/** A query-string parameter: values of its type at and past its edges, values of other types, repeats. */
export function queryValues(schema: JsonSchema): string[][] {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  const one: string[] = [];
  if (schema.enum) one.push(...schema.enum.map((v) => enc(String(v))), "bogus");
  if (type === "integer" || type === "number") {
    const min = schema.minimum ?? 0;
    const max = schema.maximum ?? min + 100;
    // Small ranges (a month, a day) are tried whole: the short months were the ones that failed.
    const every = max - min <= 31 ? Array.from({ length: max - min + 1 }, (_, i) => min + i) : [min, max];
    one.push(
      ...[...every, min - 1, max + 1, 0, 99999, 2 ** 53].map(String),
      "1e309",
      "1.5",
      "abc",
      "NaN",
      "9".repeat(400),
      "%207",
    );
  }
  if (schema.format === "date") one.push(...DATES);
  if (type === "string" && schema.maxLength) one.push("x".repeat(schema.maxLength + 1));
  return [...[...one, ...ANY].map((v) => [v]), ["1", "2"], [ANY[1]!, ANY[3]!]];
}

/** A well-formed value for a query parameter, so one bad parameter at a time reaches the route's own code. */
export function goodQueryValue(schema: JsonSchema): string | undefined {
  if (schema.enum) return enc(String(schema.enum[0]));
  if (schema.format === "date") return "2026-11-20";
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (type === "integer" || type === "number") {
    const min = schema.minimum ?? 0;
    const max = schema.maximum ?? Number.MAX_SAFE_INTEGER;
    return String(min <= 2026 && 2026 <= max ? 2026 : min === 0 ? 1 : min);
  }
  return undefined;
}

/** Query parameters every route meets whether it publishes them or not: the language switch, strangers. */
export const EXTRA_QUERIES: [string, string[]][] = [
  ["lang", ["en"]],
  ["lang", ["xx"]],
  ["lang", ["en", "vi"]],
  ["lang", ["%00"]],
  ["lang", ["%ED%A0%80"]],
  ["zzz", ["1"]],
  ["__proto__", ["x"]],
  ["constructor", ["x"]],
];

export interface Credentials {
  cookie: string;
  csrf: string;
}

/**
 * The headers the server reads (grep request.headers / request.cookies): Origin and Host (sign-in compares them),
 * Accept-Language, the session and language cookies, the CSRF header, the body's content type. Values are what Node
 * hands the server: strings of bytes read as Latin-1, so UTF-8 arrives as "Ä\u0091" and never as "đ".
 */
export function headerVariants(me: Credentials, write: boolean): Record<string, string>[] {
  const session = `chibo_session=${me.cookie}`;
  const variants: Record<string, string>[] = [
    { origin: "null" },
    { origin: "" },
    { origin: "http://[::1" },
    { origin: "http://evil.example" },
    { origin: `http://${"a".repeat(4000)}.vn` },
    { origin: "http://\u00c4\u0091\u00e1\u00ba\u00b7c.vn" },
    { host: "" },
    { host: "evil.example" },
    { "accept-language": "en-US,en;q=0.9" },
    { "accept-language": ",;q=,;;\u00e1\u00ba\u00bf" },
    { "accept-language": "x".repeat(8000) },
    { cookie: "" },
    { cookie: "chibo_session=%E0%A4%A" },
    { cookie: `chibo_session=${"a".repeat(4000)}` },
    { cookie: "=;=;;chibo_session" },
    { cookie: `${session}; chibo_lang=%FF` },
    { cookie: `${session}; chibo_lang=en` },
    { cookie: `chibo_session=nobody; ${session}` },
  ];
  if (write) {
    variants.push(
      { "x-csrf-token": "" },
      { "x-csrf-token": `${me.csrf} ` },
      { "x-csrf-token": "x".repeat(8000) },
      { "content-type": "text/plain" },
      { "content-type": "application/json; charset=latin1" },
    );
  }
  return variants;
}

/** Builds the URL of a route from raw (already encoded) path values and query pairs. */
export function buildUrl(route: RouteInfo, params: Record<string, string>, query: [string, string][]): string {
  const path = route.url.replace(/:(\w+)/g, (_, name: string) => params[name] ?? "x");
  return query.length ? `${path}?${query.map(([k, v]) => `${k}=${v}`).join("&")}` : path;
}
