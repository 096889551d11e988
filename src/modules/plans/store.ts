import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { inUuids, type Executor } from "../../core/db/index.js";
import { members } from "../members/schema.js";
import { personalPlans, planAdjustments, planItems, plans } from "./schema.js";

export type PlanRow = typeof plans.$inferSelect;
export type PlanItemRow = typeof planItems.$inferSelect;

export type PersonalPlanRow = typeof personalPlans.$inferSelect;

/** A plan; `forUpdate` locks its row until the transaction ends (a write loads it so). */
export async function getPlan(ex: Executor, id: string, opts: { forUpdate?: boolean } = {}): Promise<PlanRow | null> {
  const q = ex
    .select()
    .from(plans)
    .where(and(eq(plans.id, id), isNull(plans.deletedAt)));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

export async function listPlans(ex: Executor, organizationIds: string[]): Promise<PlanRow[]> {
  if (organizationIds.length === 0) return [];
  return ex
    .select()
    .from(plans)
    .where(and(inUuids(plans.organizationId, organizationIds), isNull(plans.deletedAt)))
    .orderBy(asc(plans.startsOn), asc(plans.createdAt));
}

export async function getPlanItem(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<PlanItemRow | null> {
  const q = ex
    .select()
    .from(planItems)
    .where(and(eq(planItems.id, id), isNull(planItems.deletedAt)));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

/** Items of some plans with the responsible member's name. */
export async function listPlanItems(ex: Executor, where: { planIds?: string[]; organizationIds?: string[] }) {
  const cond = where.planIds
    ? inUuids(planItems.planId, where.planIds)
    : inUuids(planItems.organizationId, where.organizationIds ?? []);
  if ((where.planIds ?? where.organizationIds ?? []).length === 0) return [];
  const rows = await ex
    .select({ item: planItems, responsibleName: members.fullName })
    .from(planItems)
    .leftJoin(members, eq(members.id, planItems.responsibleMemberId))
    .where(and(cond, isNull(planItems.deletedAt)))
    .orderBy(asc(planItems.position), asc(planItems.createdAt));
  return rows.map((r) => ({ ...r.item, responsibleName: r.responsibleName }));
}

export async function listAdjustments(ex: Executor, planId: string) {
  return ex.select().from(planAdjustments).where(eq(planAdjustments.planId, planId)).orderBy(desc(planAdjustments.at));
}

export async function listPersonalPlans(ex: Executor, organizationId: string, year: number) {
  const rows = await ex
    .select({ plan: personalPlans, fullName: members.fullName })
    .from(personalPlans)
    .innerJoin(members, eq(members.id, personalPlans.memberId))
    .where(and(eq(personalPlans.organizationId, organizationId), eq(personalPlans.year, year)));
  return rows.map((r) => ({ ...r.plan, fullName: r.fullName }));
}

export async function getPersonalPlan(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<PersonalPlanRow | null> {
  const q = ex.select().from(personalPlans).where(eq(personalPlans.id, id));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}
