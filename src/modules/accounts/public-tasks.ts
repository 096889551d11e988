import { and, inArray, isNull } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { users } from "./schema.js";

// What the tasks module asks of the accounts: who can be reached in the app, for its reminders.

/** The active accounts of some members: the account that receives in-app notices, and its address. */
export async function activeAccountsOf(
  ex: Executor,
  memberIds: string[],
): Promise<{ memberId: string; userId: string; email: string | null }[]> {
  if (memberIds.length === 0) return [];
  const rows = await ex
    .select({ memberId: users.memberId, userId: users.id, email: users.email })
    .from(users)
    .where(and(inArray(users.memberId, [...new Set(memberIds)]), isNull(users.disabledAt)));
  return rows.flatMap((r) => (r.memberId ? [{ memberId: r.memberId, userId: r.userId, email: r.email }] : []));
}
