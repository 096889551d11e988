import { type Actor, can, type OrgRef } from "../../core/access/index.js";
import type { Executor } from "../../core/db/index.js";
import { tasksOfPlanItems } from "../tasks/store.js";
import { planContent } from "./model.js";
import { loadRollUp } from "./progress.js";
import { listAdjustments, listPersonalPlans, type PlanRow } from "./store.js";

// The plans as their pages read them, with progress rolled up from the tasks.

/** An organisation's plan tree: each plan with its progress and how many of its items are open. */
export async function planTree(ex: Executor, org: OrgRef) {
  const { result, plans, items } = await loadRollUp(ex, [org.id]);
  return {
    items: plans.map((p) => ({
      ...p,
      progress: result.plans[p.id] ?? null,
      itemCount: items.filter((i) => i.planId === p.id && !i.closedOn).length,
    })),
  };
}

/**
 * One plan: its progress, its sub-plans, its items with theirs and with the tasks assigned from each (today's status),
 * its adjustments, and its content as a document.
 */
export async function planDetail(ex: Executor, plan: PlanRow, today: string) {
  const { result, plans, items } = await loadRollUp(ex, [plan.organizationId]);
  const adjustments = await listAdjustments(ex, plan.id);
  const own = items.filter((i) => i.planId === plan.id);
  const tasks = await tasksOfPlanItems(
    ex,
    own.map((i) => i.id),
    today,
  );
  return {
    ...plan,
    progress: result.plans[plan.id] ?? null,
    children: plans.filter((p) => p.parentId === plan.id).map((p) => ({ ...p, progress: result.plans[p.id] ?? null })),
    items: own.map((i) => ({
      ...i,
      progress: result.items[i.id] ?? 0,
      tasks: tasks.filter((t) => t.planItemId === i.id),
    })),
    adjustments,
    content: planContent(plan, own),
  };
}

/** The year's personal plans: everyone sees who has registered; the items are for the member and the managers. */
export async function personalPlansOf(ex: Executor, actor: Actor, org: OrgRef, year: number) {
  const rows = await listPersonalPlans(ex, org.id, year);
  const manage = can(actor, "plan.manage", org);
  return { year, items: rows.map((r) => (manage || r.memberId === actor.memberId ? r : { ...r, items: [] })) };
}
