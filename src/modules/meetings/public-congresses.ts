import { and, gte, inArray, lte, sql } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import type { Rating } from "./scoring.js";
import { meetingScores, meetings } from "./schema.js";

/**
 * What the congresses module reads of meetings for the political report: the meetings held each year (closed or
 * approved) and how many were rated at each level.
 */
export async function meetingsByYear(
  ex: Executor,
  organizationIds: string[],
  from: string,
  to: string,
): Promise<Map<number, { held: number; ratings: Record<Rating, number> }>> {
  const out = new Map<number, { held: number; ratings: Record<Rating, number> }>();
  if (organizationIds.length === 0) return out;
  const year = sql<number>`extract(year from ${meetings.date})::int`;
  const rows = await ex
    .select({ year, rating: meetingScores.rating, n: sql<number>`count(*)::int` })
    .from(meetings)
    .leftJoin(meetingScores, sql`${meetingScores.meetingId} = ${meetings.id}`)
    .where(
      and(
        inArray(meetings.organizationId, organizationIds),
        inArray(meetings.status, ["closed", "approved"]),
        gte(meetings.date, from),
        lte(meetings.date, to),
      ),
    )
    .groupBy(year, meetingScores.rating);
  for (const r of rows) {
    const y = Number(r.year);
    const entry = out.get(y) ?? { held: 0, ratings: { good: 0, fair: 0, average: 0, poor: 0 } };
    entry.held += Number(r.n);
    if (r.rating) entry.ratings[r.rating] += Number(r.n);
    out.set(y, entry);
  }
  return out;
}
