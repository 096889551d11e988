import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { inUuids, type Executor } from "../db/index.js";
import { localRulebooks } from "./schema.js";
import { rulebookEnvelopeSchema, selectRulebook, type Rulebook } from "./model.js";
import { RULEBOOKS_DIR } from "../paths.js";

const dataSchemas = new Map<string, z.ZodType>();

/** A module declares the shape of its rule data; files and local variants are checked against it. */
export function registerRulebookKind<T>(kind: string, schema: z.ZodType<T>): void {
  if (dataSchemas.get(kind) === schema) return;
  dataSchemas.set(kind, schema);
  // Files read before this kind was known were not parsed by its schema (no defaults, no transforms): read again.
  centralCache = null;
}

let centralCache: Rulebook[] | null = null;

/** Every central rulebook under rulebooks/, validated. A malformed file stops the server at start. */
export function loadCentralRulebooks(dir = RULEBOOKS_DIR): Rulebook[] {
  if (centralCache && dir === RULEBOOKS_DIR) return centralCache;
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".json")) files.push(full);
    }
  };
  walk(dir);
  const books = files.map((file) => {
    const envelope = rulebookEnvelopeSchema.parse(JSON.parse(readFileSync(file, "utf8")));
    const schema = dataSchemas.get(envelope.kind);
    const data = schema ? schema.parse(envelope.data) : envelope.data;
    return { ...envelope, data } as Rulebook;
  });
  const keys = new Set<string>();
  for (const b of books) {
    if (keys.has(b.key)) throw new Error(`Duplicate rulebook key ${b.key}`);
    keys.add(b.key);
  }
  if (dir === RULEBOOKS_DIR) centralCache = books;
  return books;
}

export function validateRulebookData(kind: string, data: unknown): unknown {
  const schema = dataSchemas.get(kind);
  return schema ? schema.parse(data) : data;
}

/**
 * The rulebook of `kind` in force for the organisation at `path` on `onDate` (ISO).
 * Local variants adopted by any ancestor (including the organisation itself) are considered.
 */
export async function rulebookInForce<T>(
  ex: Executor,
  kind: string,
  orgPath: string,
  onDate: string,
): Promise<Rulebook<T>> {
  return (await rulebooksInForce<T>(ex, kind, [orgPath], onDate)).get(orgPath)!;
}

/**
 * The rulebook of `kind` in force for each of these organisations (by path) on `onDate`, with one read of the local
 * variants for all of them: a periodic job over a đảng bộ's cells asks for a hundred paths at once.
 */
export async function rulebooksInForce<T>(
  ex: Executor,
  kind: string,
  orgPaths: string[],
  onDate: string,
): Promise<Map<string, Rulebook<T>>> {
  const ancestorsOf = new Map(orgPaths.map((p) => [p, p.split("/").filter(Boolean)]));
  const allIds = [...new Set([...ancestorsOf.values()].flat())];
  const rows = allIds.length
    ? await ex
        .select()
        .from(localRulebooks)
        .where(and(eq(localRulebooks.kind, kind), inUuids(localRulebooks.organizationId, allIds)))
    : [];
  const central = loadCentralRulebooks().filter((b) => b.kind === kind) as Rulebook<T>[];
  const out = new Map<string, Rulebook<T>>();
  for (const [orgPath, ancestorIds] of ancestorsOf) {
    const local: Rulebook<T>[] = rows
      .filter((r) => ancestorIds.includes(r.organizationId))
      .map((r) => ({
        kind: r.kind,
        key: r.key,
        title: r.title,
        effectiveFrom: r.effectiveFrom,
        sources: [{ ref: r.source, tag: "L" as const }],
        data: r.data as T,
        adoptedBy: { organizationId: r.organizationId, depth: ancestorIds.indexOf(r.organizationId) },
      }));
    const chosen = selectRulebook(central, local, onDate);
    if (!chosen) throw new NoRulebookError(kind, onDate);
    out.set(orgPath, chosen);
  }
  return out;
}

/** No rulebook of a kind is in force on a date: callers that can answer without one catch it by class and kind. */
export class NoRulebookError extends Error {
  constructor(
    readonly kind: string,
    readonly onDate: string,
  ) {
    super(`No ${kind} rulebook in force on ${onDate}`);
    this.name = "NoRulebookError";
  }
}

export { RULEBOOKS_DIR };
