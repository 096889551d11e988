import { eq } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { organizations } from "../organizations/schema.js";
import { members } from "./schema.js";
import type { MemberRow } from "./store.js";

// What the accounts module asks about members, answered here so that it never reads the members table itself.

/**
 * The member a sign-in is made for, with the path of their organisation (where the office's authority is checked);
 * `forUpdate` locks the member's row, so they cannot be marked as left while their account is being created.
 */
export async function getMemberForAccount(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<(MemberRow & { organizationPath: string }) | null> {
  const q = ex
    .select({ member: members, path: organizations.path })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(eq(members.id, id));
  const [row] = opts.forUpdate ? await q.for("update", { of: members }) : await q;
  return row ? { ...row.member, organizationPath: row.path } : null;
}
