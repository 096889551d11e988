import { and, gte, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { admissionCandidates } from "./schema.js";

/**
 * What the congresses module reads of admissions for the political report: members admitted (ceremony held) and
 * recognised as full members (official date) each year of the period.
 */
export async function admissionsByYear(
  ex: Executor,
  organizationIds: string[],
  from: string,
  to: string,
): Promise<Map<number, { admitted: number; recognised: number }>> {
  const out = new Map<number, { admitted: number; recognised: number }>();
  if (organizationIds.length === 0) return out;
  const count = async (column: typeof admissionCandidates.ceremonyOn | typeof admissionCandidates.officialOn) => {
    const year = sql<number>`extract(year from ${column})::int`;
    return ex
      .select({ year, n: sql<number>`count(*)::int` })
      .from(admissionCandidates)
      .where(
        and(
          inArray(admissionCandidates.organizationId, organizationIds),
          isNull(admissionCandidates.deletedAt),
          gte(column, from),
          lte(column, to),
        ),
      )
      .groupBy(year);
  };
  const entry = (y: number) => out.get(y) ?? { admitted: 0, recognised: 0 };
  for (const r of await count(admissionCandidates.ceremonyOn))
    out.set(Number(r.year), { ...entry(Number(r.year)), admitted: Number(r.n) });
  for (const r of await count(admissionCandidates.officialOn))
    out.set(Number(r.year), { ...entry(Number(r.year)), recognised: Number(r.n) });
  return out;
}
