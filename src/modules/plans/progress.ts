import { and, inArray, isNull } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { tasks } from "../tasks/schema.js";
import { rollUp } from "./model.js";
import { listPlanItems, listPlans } from "./store.js";

/** Loads the plans, items and tasks of some organisations and rolls progress up (see rollUp in model.ts). */
export async function loadRollUp(ex: Executor, organizationIds: string[]) {
  const [planRows, itemRows, taskRows] = await Promise.all([
    listPlans(ex, organizationIds),
    listPlanItems(ex, { organizationIds }),
    organizationIds.length
      ? ex
          .select({ id: tasks.id, planItemId: tasks.planItemId, progress: tasks.progress })
          .from(tasks)
          .where(and(inArray(tasks.organizationId, organizationIds), isNull(tasks.deletedAt)))
      : Promise.resolve([]),
  ]);
  const result = rollUp({
    plans: planRows.map((p) => ({ id: p.id, parentId: p.parentId, resolutionId: p.resolutionId })),
    items: itemRows.map((i) => ({ id: i.id, planId: i.planId, weight: i.weight, targetIds: i.targetIds, closed: !!i.closedOn })),
    tasks: taskRows,
  });
  return { result, plans: planRows, items: itemRows };
}
