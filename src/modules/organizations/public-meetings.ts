import { and, eq, isNull, lte, sql } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { organizations, oversights, positionHeldOn, positions } from "./schema.js";

// What the meetings module asks about an organisation's posts: who held them, and who followed it, on a date.

/** Positions of one role in an organisation held on a date (starts on or before it, not ended before it). */
function heldOn(organizationId: string, role: "secretary" | "committee_member", date: string) {
  return and(eq(positions.organizationId, organizationId), eq(positions.role, role), positionHeldOn(date));
}

/** Whether the cell had a chi ủy on the date: at least one committee member (beyond secretary and deputy). */
export async function hasCommitteeOn(ex: Executor, organizationId: string, date: string): Promise<boolean> {
  const [row] = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(positions)
    .where(heldOn(organizationId, "committee_member", date));
  return (row?.n ?? 0) > 0;
}

/** The member id of the organisation's secretary on the date, or null when the post was vacant. */
export async function secretaryOn(ex: Executor, organizationId: string, date: string): Promise<string | null> {
  const [row] = await ex
    .select({ memberId: positions.memberId })
    .from(positions)
    .where(heldOn(organizationId, "secretary", date))
    .limit(1);
  return row?.memberId ?? null;
}

/** Member ids of the đảng ủy members who followed the organisation on the date (oversight in force then). */
export async function overseersOn(ex: Executor, organizationId: string, date: string): Promise<string[]> {
  const rows = await ex
    .select({ memberId: oversights.memberId })
    .from(oversights)
    .where(
      and(
        eq(oversights.organizationId, organizationId),
        lte(oversights.startsOn, date),
        sql`(${oversights.endsOn} IS NULL OR ${oversights.endsOn} >= ${date})`,
      ),
    );
  return rows.map((r) => r.memberId);
}

/** The organisations a member follows now (oversights not ended), for their meeting invitations. */
export async function followedNow(ex: Executor, memberId: string): Promise<string[]> {
  const rows = await ex
    .select({ organizationId: oversights.organizationId })
    .from(oversights)
    .where(and(eq(oversights.memberId, memberId), isNull(oversights.endsOn)));
  return rows.map((r) => r.organizationId);
}

/** Where and when the cell usually meets (null where it has not said): the new-meeting form starts from them. */
export async function usualMeeting(
  ex: Executor,
  organizationId: string,
): Promise<{ startTime: string | null; place: string | null }> {
  const [row] = await ex
    .select({ startTime: organizations.usualMeetingTime, place: organizations.usualMeetingPlace })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return { startTime: row?.startTime ?? null, place: row?.place ?? null };
}
