import type { Executor } from "../../core/db/index.js";
import { meanProgressByPlanItem } from "../tasks/store.js";
import { rollUp } from "./model.js";
import { listPlanItems, listPlans } from "./store.js";

/**
 * Loads the plans, items and tasks of some organisations and rolls progress up (see rollUp in model.ts).
 * One query after another: the executor may be a transaction, whose one connection runs one query at a time.
 */
export async function loadRollUp(ex: Executor, organizationIds: string[]) {
  const planRows = await listPlans(ex, organizationIds);
  const itemRows = await listPlanItems(ex, { organizationIds });
  // Only each item's mean task progress matters to rollUp: one row per item, not every task of every cell.
  const taskRows = await meanProgressByPlanItem(ex, organizationIds);
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
