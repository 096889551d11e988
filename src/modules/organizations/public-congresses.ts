import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { organizations } from "./schema.js";

/** What the congresses module asks the tree: the open cells directly under a đảng bộ, for its "5/5 chi bộ" view. */
export async function openChildCells(
  ex: Executor,
  parentId: string,
): Promise<{ id: string; name: string; code: string }[]> {
  return ex
    .select({ id: organizations.id, name: organizations.name, code: organizations.code })
    .from(organizations)
    .where(and(eq(organizations.parentId, parentId), eq(organizations.kind, "cell"), isNull(organizations.closedOn)));
}
