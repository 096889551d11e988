import { inArray } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import type { Recipient } from "../../core/outbox/index.js";
import { activeAccountsOfMembers } from "../accounts/public-members.js";
import { members } from "./schema.js";

/**
 * Whom a notice to these members reaches (core/outbox asks, it does not read members): each member's enabled
 * account for the in-app notice, and an email address — the member's own, or else the account's.
 */
export async function memberRecipients(ex: Executor, memberIds: string[]): Promise<Recipient[]> {
  if (memberIds.length === 0) return [];
  const rows = await ex
    .select({ id: members.id, fullName: members.fullName, email: members.email })
    .from(members)
    .where(inArray(members.id, memberIds));
  const accounts = new Map((await activeAccountsOfMembers(ex, memberIds)).map((a) => [a.memberId, a]));
  return rows.map((m) => {
    const account = accounts.get(m.id);
    return {
      memberId: m.id,
      userId: account?.userId ?? null,
      name: m.fullName,
      email: m.email || account?.email || null,
    };
  });
}
