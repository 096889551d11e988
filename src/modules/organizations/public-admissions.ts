import { and, eq } from "drizzle-orm";
import { inUuids, type Executor } from "../../core/db/index.js";
import { positionHeldOn, positions } from "./schema.js";

// What the admissions module asks about an organisation's posts: whom to warn of a deadline.

/** The member ids of the secretaries of these organisations on the date (vacant posts left out). */
export async function secretariesOn(ex: Executor, organizationIds: string[], date: string): Promise<string[]> {
  const byOrganization = await secretariesByOrganization(ex, organizationIds, date);
  return organizationIds.flatMap((id) => byOrganization.get(id) ?? []);
}

/** The secretary on the date of each of these organisations that had one, in one read: organisation id → member id. */
export async function secretariesByOrganization(
  ex: Executor,
  organizationIds: string[],
  date: string,
): Promise<Map<string, string>> {
  if (organizationIds.length === 0) return new Map();
  const rows = await ex
    .select({ organizationId: positions.organizationId, memberId: positions.memberId })
    .from(positions)
    .where(
      and(inUuids(positions.organizationId, organizationIds), eq(positions.role, "secretary"), positionHeldOn(date)),
    );
  // A post has one holder at a time; were two terms to overlap, the first row read is kept, as secretaryOn keeps it.
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(r.organizationId)) out.set(r.organizationId, r.memberId);
  return out;
}
