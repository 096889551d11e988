import { and, eq, isNull, like, sql } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { organizations } from "../organizations/schema.js";
import { members } from "./schema.js";

// What the organisations module asks about members (the committee's composition, closing a cell, the names of
// position holders), answered here so that it never reads the members table itself.

/** Members who have not left, in the organisation at `path` and under it; only full members with `full`. */
export async function countCurrentMembers(ex: Executor, path: string, options: { full?: boolean } = {}) {
  const [row] = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(
      and(
        like(organizations.path, `${path}%`),
        options.full ? eq(members.status, "full") : undefined,
        isNull(members.leftOn),
      ),
    );
  return row?.n ?? 0;
}
