import { and, asc, eq, gt, isNull, lte } from "drizzle-orm";
import type { z } from "zod";
import type { Executor } from "../../core/db/index.js";
import { organizationNames } from "../organizations/store.js";
import type { hostCommentSchema } from "./present.js";
import { temporaryStays } from "./schema.js";

// What the evaluations module asks of the transfers: the host cells' comments on a member who spent part of the
// period in temporary activity elsewhere. The official cell evaluates them with these comments (DOMAIN §3.3, §3.8).

export { hostCommentSchema } from "./present.js";
export type HostComment = z.input<typeof hostCommentSchema>;

/** The member's stays (not cancelled) that share a day with the period from `from` to `to` (inclusive), by start. */
export async function hostCommentsFor(
  ex: Executor,
  memberId: string,
  from: string,
  to: string,
): Promise<HostComment[]> {
  const stays = await ex
    .select()
    .from(temporaryStays)
    .where(
      and(
        eq(temporaryStays.memberId, memberId),
        isNull(temporaryStays.cancelledOn),
        lte(temporaryStays.startsOn, to),
        gt(temporaryStays.endsOn, from),
      ),
    )
    .orderBy(asc(temporaryStays.startsOn));
  const hosts = stays.flatMap((s) => (s.hostOrganizationId ? [s.hostOrganizationId] : []));
  const names = new Map((await organizationNames(ex, hosts)).map((o) => [o.id, o.name]));
  return stays.map((s) => ({
    stayId: s.id,
    hostName: s.hostOrganizationId ? (names.get(s.hostOrganizationId) ?? "") : (s.hostName ?? ""),
    startsOn: s.startsOn,
    endsOn: s.endsOn,
    comment: s.hostComment,
    commentedOn: s.hostCommentOn,
  }));
}
