import { and, desc, eq, gte, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { resolutions } from "./schema.js";
import { listTargets } from "./store.js";

/** What the congresses module reads of resolutions for the political report of a term (ADR 0145). */

/**
 * The targets of the term's congress resolution (the latest congress resolution of the organisation adopted during
 * the term), each with its latest measurement up to the term's end.
 */
export async function termResolutionTargets(
  ex: Executor,
  organizationId: string,
  from: string,
  to: string,
): Promise<{ name: string; unit: string; baseline: number; goal: number; latest: number | null }[]> {
  const adopted = sql<string>`coalesce(${resolutions.adoptedOn}, ${resolutions.issuedOn})`;
  const [resolution] = await ex
    .select({ id: resolutions.id })
    .from(resolutions)
    .where(
      and(
        eq(resolutions.organizationId, organizationId),
        eq(resolutions.kind, "congress"),
        isNull(resolutions.deletedAt),
        gte(adopted, from),
        lte(adopted, to),
      ),
    )
    .orderBy(desc(adopted))
    .limit(1);
  if (!resolution) return [];
  return (await listTargets(ex, [resolution.id])).map((t) => {
    const last = t.measurements.filter((m) => m.measuredOn <= to).at(-1);
    return { name: t.name, unit: t.measureUnit, baseline: t.baseline, goal: t.goal, latest: last?.value ?? null };
  });
}

/** How many resolutions the organisations adopted each year of the period. */
export async function resolutionsByYear(
  ex: Executor,
  organizationIds: string[],
  from: string,
  to: string,
): Promise<Map<number, number>> {
  if (organizationIds.length === 0) return new Map();
  const year = sql<number>`extract(year from ${resolutions.adoptedOn})::int`;
  const rows = await ex
    .select({ year, n: sql<number>`count(*)::int` })
    .from(resolutions)
    .where(
      and(
        inArray(resolutions.organizationId, organizationIds),
        isNull(resolutions.deletedAt),
        gte(resolutions.adoptedOn, from),
        lte(resolutions.adoptedOn, to),
      ),
    )
    .groupBy(year);
  return new Map(rows.map((r) => [Number(r.year), Number(r.n)]));
}
