import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "../../core/db/index.js";
import type { Actor } from "../../core/access/index.js";
import { recordEvent } from "../../core/audit/index.js";
import { ConflictError, RuleError, StaleVersionError } from "../../core/http/errors.js";
import { getMember } from "../members/store.js";
import type { OrganizationRow } from "../organizations/store.js";
import { fulfilChecklist } from "../congresses/operations.js";
import { getResolution, getResolutionTask } from "../resolutions/store.js";
import { resolutions, targets } from "../resolutions/schema.js";
import { tasks, taskUpdates } from "../tasks/schema.js";
import {
  itemProblem,
  planParentAllowed,
  type closeItemBody,
  type CreatePlanInput,
  type ItemInput,
  type personalPlanBody,
  type reviewPersonalPlanBody,
  type updateItemBody,
} from "./model.js";
import { personalPlans, planAdjustments, planItems, plans } from "./schema.js";
import { getPlan, type PlanItemRow, type PlanRow } from "./store.js";

const audit = (
  tx: Tx,
  actor: Actor,
  org: string,
  entityType: string,
  entityId: string,
  action: string,
  before: unknown,
  after: unknown,
) => recordEvent(tx, { actorUserId: actor.userId, organizationId: org, entityType, entityId, action, before, after });

/** A person answering for work must be an active member of the organisation (or of one of its cells and groups). */
export async function assertMemberIn(tx: Tx, memberId: string, orgPath: string, field: string) {
  const member = await getMember(tx, memberId);
  if (!member || member.leftOn || !member.organizationPath.startsWith(orgPath)) {
    throw new RuleError("member_outside", field, "errors.member_outside_org");
  }
  return member;
}

export async function createPlan(tx: Tx, actor: Actor, org: OrganizationRow, input: CreatePlanInput): Promise<PlanRow> {
  if (org.closedOn) throw new ConflictError("org_closed", "errors.org_closed");
  let parent: PlanRow | null = null;
  if (input.parentId) {
    parent = await getPlan(tx, input.parentId);
    if (!parent || parent.organizationId !== org.id)
      throw new RuleError("not_found", "parentId", "errors.not_found", { what: "plan" });
  }
  if (!planParentAllowed(input.kind, parent?.kind ?? null)) {
    throw new RuleError("plan_parent_kind", "parentId", "errors.plan_parent_kind", {
      child: `ui.plan.kind.${input.kind}`,
      parent: parent ? `ui.plan.kind.${parent.kind}` : "-",
    });
  }
  if (parent && input.startsOn < parent.startsOn)
    throw new RuleError("plan_outside_parent", "startsOn", "errors.plan_outside_parent");
  if (parent && input.endsOn > parent.endsOn)
    throw new RuleError("plan_outside_parent", "endsOn", "errors.plan_outside_parent");
  let resolutionId = input.resolutionId ?? parent?.resolutionId ?? null;
  if (input.resolutionId) {
    const resolution = await getResolution(tx, input.resolutionId);
    if (!resolution || resolution.organizationId !== org.id)
      throw new RuleError("not_found", "resolutionId", "errors.not_found", { what: "resolution" });
  }
  if (input.resolutionTaskId) {
    const task = await getResolutionTask(tx, input.resolutionTaskId);
    const resolution = task ? await getResolution(tx, task.resolutionId) : null;
    if (!task || !resolution || resolution.organizationId !== org.id)
      throw new RuleError("not_found", "resolutionTaskId", "errors.not_found", { what: "task" });
    resolutionId ??= task.resolutionId;
  }
  // Only a root plan is counted for its resolution; a sub-plan's items already count through its parent.
  const [row] = await tx
    .insert(plans)
    .values({ ...input, resolutionId: parent ? null : resolutionId, organizationId: org.id })
    .returning();
  await audit(tx, actor, org.id, "plan", row!.id, "create", null, row);
  return row!;
}

/** Issuing a programme ticks the checklist item it fulfils; a đảng bộ's sub-plan ticks "sub-plans". */
export async function issuePlan(tx: Tx, actor: Actor, plan: PlanRow, input: { issuedOn: string; version: number }) {
  if (plan.state === "issued") throw new ConflictError("plan_issued", "errors.plan_already_issued");
  const [row] = await tx
    .update(plans)
    .set({ state: "issued", issuedOn: input.issuedOn, updatedAt: new Date(), version: sql`${plans.version} + 1` })
    .where(and(eq(plans.id, plan.id), eq(plans.version, input.version)))
    .returning();
  if (!row) throw new StaleVersionError();
  await audit(tx, actor, plan.organizationId, "plan", plan.id, "issue", plan, row);
  if (plan.kind === "programme" || (plan.kind === "yearly" && !plan.parentId)) {
    await fulfilChecklist(tx, actor, plan.organizationId, "programme", { kind: "plan", id: plan.id }, input.issuedOn);
  }
  if (plan.kind === "sub_plan")
    await fulfilChecklist(tx, actor, plan.organizationId, "sub_plans", { kind: "plan", id: plan.id }, input.issuedOn);
  return row;
}

async function checkItem(tx: Tx, org: { id: string; path: string }, plan: PlanRow, input: ItemInput) {
  const problem = itemProblem(plan, input);
  if (problem) throw new RuleError("plan_item", problem.field, problem.key, problem.params);
  if (input.responsibleMemberId) await assertMemberIn(tx, input.responsibleMemberId, org.path, "responsibleMemberId");
  if (input.targetIds.length) {
    const found = await tx
      .select({ id: targets.id })
      .from(targets)
      .innerJoin(resolutions, eq(resolutions.id, targets.resolutionId))
      .where(
        and(
          inArray(targets.id, input.targetIds),
          eq(resolutions.organizationId, plan.organizationId),
          isNull(targets.deletedAt),
        ),
      );
    if (found.length !== new Set(input.targetIds).size)
      throw new RuleError("not_found", "targetIds", "errors.not_found", { what: "target" });
  }
}

export async function addItem(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  plan: PlanRow,
  input: ItemInput & { reason?: string | null },
) {
  await checkItem(tx, org, plan, input);
  if (plan.state === "issued" && !input.reason)
    throw new RuleError("reason_required", "reason", "errors.adjustment_reason");
  const [{ n }] = (await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(planItems)
    .where(eq(planItems.planId, plan.id))) as [{ n: number }];
  const { reason, ...fields } = input;
  const [row] = await tx
    .insert(planItems)
    .values({ ...fields, planId: plan.id, organizationId: plan.organizationId, position: n })
    .returning();
  if (plan.state === "issued")
    await tx.insert(planAdjustments).values({
      planId: plan.id,
      itemId: row!.id,
      reason: reason!,
      before: null,
      after: row,
      actorUserId: actor.userId,
    });
  await audit(tx, actor, plan.organizationId, "plan_item", row!.id, "create", null, row);
  return row!;
}

/** Edits an item. Once the plan is issued every change is an adjustment: the reason is required and the old values are kept. */
export async function updateItem(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  plan: PlanRow,
  item: PlanItemRow,
  input: z.infer<typeof updateItemBody>,
) {
  const { version, reason, ...fields } = input;
  await checkItem(tx, org, plan, fields);
  if (plan.state === "issued" && !reason) throw new RuleError("reason_required", "reason", "errors.adjustment_reason");
  const [row] = await tx
    .update(planItems)
    .set({ ...fields, version: sql`${planItems.version} + 1` })
    .where(and(eq(planItems.id, item.id), eq(planItems.version, version)))
    .returning();
  if (!row) throw new StaleVersionError();
  if (plan.state === "issued")
    await tx.insert(planAdjustments).values({
      planId: plan.id,
      itemId: item.id,
      reason: reason!,
      before: item,
      after: row,
      actorUserId: actor.userId,
    });
  await audit(tx, actor, plan.organizationId, "plan_item", item.id, "update", item, { ...row, reason });
  return row;
}

/** Closing keeps the item and its history; it leaves the roll-up. */
export async function closeItem(
  tx: Tx,
  actor: Actor,
  plan: PlanRow,
  item: PlanItemRow,
  input: z.infer<typeof closeItemBody>,
) {
  if (item.closedOn) throw new ConflictError("item_closed", "errors.item_closed");
  const [row] = await tx
    .update(planItems)
    .set({ closedOn: input.closedOn, closedReason: input.closedReason, version: sql`${planItems.version} + 1` })
    .where(and(eq(planItems.id, item.id), eq(planItems.version, input.version)))
    .returning();
  if (!row) throw new StaleVersionError();
  await tx.insert(planAdjustments).values({
    planId: plan.id,
    itemId: item.id,
    reason: input.closedReason,
    before: item,
    after: row,
    actorUserId: actor.userId,
  });
  await audit(tx, actor, plan.organizationId, "plan_item", item.id, "close", item, row);
  return row;
}

/** An item nobody has reported on may be deleted (softly, with its empty tasks); one with progress may only be closed. */
export async function deleteItem(tx: Tx, actor: Actor, plan: PlanRow, item: PlanItemRow, version: number) {
  const [progress] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(tasks)
    .where(
      and(
        eq(tasks.planItemId, item.id),
        isNull(tasks.deletedAt),
        sql`(${tasks.progress} > 0 OR EXISTS (SELECT 1 FROM ${taskUpdates} WHERE ${taskUpdates.taskId} = ${tasks.id}))`,
      ),
    );
  if ((progress?.n ?? 0) > 0) throw new ConflictError("item_has_progress", "errors.item_has_progress");
  const [row] = await tx
    .update(planItems)
    .set({ deletedAt: new Date(), version: sql`${planItems.version} + 1` })
    .where(and(eq(planItems.id, item.id), eq(planItems.version, version)))
    .returning();
  if (!row) throw new StaleVersionError();
  await tx
    .update(tasks)
    .set({ deletedAt: new Date() })
    .where(and(eq(tasks.planItemId, item.id), isNull(tasks.deletedAt)));
  if (plan.state === "issued")
    await tx
      .insert(planAdjustments)
      .values({ planId: plan.id, itemId: item.id, reason: "—", before: item, after: null, actorUserId: actor.userId });
  await audit(tx, actor, plan.organizationId, "plan_item", item.id, "delete", item, null);
}

/** A member registers (or re-registers) the year's personal work items. */
export async function registerPersonalPlan(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  memberId: string,
  input: z.infer<typeof personalPlanBody>,
  today: string,
) {
  const [existing] = await tx
    .select()
    .from(personalPlans)
    .where(and(eq(personalPlans.memberId, memberId), eq(personalPlans.year, input.year)));
  if (existing?.reviewedOn) throw new ConflictError("personal_plan_reviewed", "errors.personal_plan_reviewed");
  const [row] = existing
    ? await tx
        .update(personalPlans)
        .set({ items: input.items, registeredOn: today, version: sql`${personalPlans.version} + 1` })
        .where(eq(personalPlans.id, existing.id))
        .returning()
    : await tx
        .insert(personalPlans)
        .values({ organizationId: org.id, memberId, year: input.year, items: input.items, registeredOn: today })
        .returning();
  await audit(tx, actor, org.id, "personal_plan", row!.id, existing ? "update" : "create", existing ?? null, row);
  return row!;
}

export async function reviewPersonalPlan(
  tx: Tx,
  actor: Actor,
  plan: typeof personalPlans.$inferSelect,
  input: z.infer<typeof reviewPersonalPlanBody>,
) {
  const items = plan.items.map((item, i) => ({ ...item, result: input.results[i] ?? item.result }));
  const [row] = await tx
    .update(personalPlans)
    .set({
      items,
      reviewedOn: input.reviewedOn,
      reviewNote: input.reviewNote,
      version: sql`${personalPlans.version} + 1`,
    })
    .where(and(eq(personalPlans.id, plan.id), eq(personalPlans.version, input.version)))
    .returning();
  if (!row) throw new StaleVersionError();
  await audit(tx, actor, plan.organizationId, "personal_plan", plan.id, "review", plan, row);
  return row;
}
