import { and, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { tasks } from "../tasks/schema.js";
import { rollUp } from "./model.js";
import { listPlanItems, listPlans } from "./store.js";

/** Loads the plans, items and tasks of some organisations and rolls progress up (see rollUp in model.ts). */
export async function loadRollUp(ex: Executor, organizationIds: string[]) {
  const [planRows, itemRows, taskRows] = await Promise.all([
    listPlans(ex, organizationIds),
    listPlanItems(ex, { organizationIds }),
    // Only each item's mean task progress matters to rollUp, so the database averages (clamped as rollUp clamps)
    // and one row per item comes back instead of every task of every cell.
    organizationIds.length
      ? ex
          .select({
            planItemId: tasks.planItemId,
            progress: sql<number>`avg(least(100, greatest(0, ${tasks.progress})))::float8`,
          })
          .from(tasks)
          .where(
            and(inArray(tasks.organizationId, organizationIds), isNull(tasks.deletedAt), isNotNull(tasks.planItemId)),
          )
          .groupBy(tasks.planItemId)
      : Promise.resolve([]),
  ]);
  const result = rollUp({
    plans: planRows.map((p) => ({ id: p.id, parentId: p.parentId, resolutionId: p.resolutionId })),
    items: itemRows.map((i) => ({
      id: i.id,
      planId: i.planId,
      weight: i.weight,
      targetIds: i.targetIds,
      closed: !!i.closedOn,
    })),
    tasks: taskRows,
  });
  return { result, plans: planRows, items: itemRows };
}
