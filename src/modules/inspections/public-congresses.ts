import { and, eq, gte, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { inspectionFindings, inspections } from "./schema.js";

/**
 * What the congresses module reads of inspections for the political report: ordinary inspections and supervisions
 * concluded each year, run by or about the organisations, and the shortcomings they named and saw closed.
 * Confidential cases live in another table and never reach a report (ADR 0126).
 */
export async function inspectionsByYear(
  ex: Executor,
  organizationIds: string[],
  from: string,
  to: string,
): Promise<Map<number, { inspections: number; findings: number; findingsClosed: number }>> {
  const out = new Map<number, { inspections: number; findings: number; findingsClosed: number }>();
  if (organizationIds.length === 0) return out;
  const concerned = or(
    inArray(inspections.organizationId, organizationIds),
    inArray(inspections.subjectOrganizationId, organizationIds),
  );
  const year = sql<number>`extract(year from ${inspections.concludedOn})::int`;
  const inPeriod = and(
    concerned,
    isNull(inspections.deletedAt),
    gte(inspections.concludedOn, from),
    lte(inspections.concludedOn, to),
  );
  for (const r of await ex
    .select({ year, n: sql<number>`count(*)::int` })
    .from(inspections)
    .where(inPeriod)
    .groupBy(year))
    out.set(Number(r.year), { inspections: Number(r.n), findings: 0, findingsClosed: 0 });
  for (const r of await ex
    .select({
      year,
      n: sql<number>`count(*)::int`,
      closed: sql<number>`count(${inspectionFindings.closedOn})::int`,
    })
    .from(inspectionFindings)
    .innerJoin(inspections, eq(inspections.id, inspectionFindings.inspectionId))
    .where(and(inPeriod, isNull(inspectionFindings.deletedAt)))
    .groupBy(year)) {
    const e = out.get(Number(r.year)) ?? { inspections: 0, findings: 0, findingsClosed: 0 };
    out.set(Number(r.year), { ...e, findings: Number(r.n), findingsClosed: Number(r.closed) });
  }
  return out;
}
