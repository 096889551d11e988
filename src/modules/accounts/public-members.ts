import { and, inArray, isNull } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { users } from "./schema.js";

/** The enabled sign-in of each of these members that has one (at most one per member): for their notices. */
export async function activeAccountsOfMembers(
  ex: Executor,
  memberIds: string[],
): Promise<{ memberId: string; userId: string; email: string | null }[]> {
  if (memberIds.length === 0) return [];
  const rows = await ex
    .select({ memberId: users.memberId, userId: users.id, email: users.email })
    .from(users)
    .where(and(inArray(users.memberId, memberIds), isNull(users.disabledAt)));
  return rows.flatMap((r) => (r.memberId ? [{ memberId: r.memberId, userId: r.userId, email: r.email }] : []));
}
