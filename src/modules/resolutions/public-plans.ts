import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { resolutions, targets } from "./schema.js";

// What the plans module asks of the resolutions: which targets a plan item may serve.

/** How many of these targets belong to (live) resolutions of the organisation. */
export async function countOwnTargets(ex: Executor, organizationId: string, targetIds: string[]): Promise<number> {
  if (targetIds.length === 0) return 0;
  const rows = await ex
    .select({ id: targets.id })
    .from(targets)
    .innerJoin(resolutions, eq(resolutions.id, targets.resolutionId))
    .where(
      and(inArray(targets.id, targetIds), eq(resolutions.organizationId, organizationId), isNull(targets.deletedAt)),
    );
  return rows.length;
}
