import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { organizations } from "../organizations/schema.js";
import { members } from "./schema.js";

/**
 * What the meetings module asks about people that presence.ts does not answer: where a member is now (their meeting
 * invitations and calendar feed). Who was in a cell on a date, with which status, is presence.ts.
 */

/** The path of the member's organisation today, for their meeting invitations; null once they have left. */
export async function memberPathNow(ex: Executor, memberId: string): Promise<string | null> {
  const [home] = await ex
    .select({ path: organizations.path })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(and(eq(members.id, memberId), isNull(members.leftOn)));
  return home?.path ?? null;
}
