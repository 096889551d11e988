import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "../../core/db/index.js";
import type { Actor, OrgRef } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import { ConflictError, ForbiddenError, RuleError } from "../../core/http/errors.js";
import { getMember } from "../members/store.js";
import type { OrganizationRow } from "../organizations/store.js";
import { fulfilChecklist } from "../congresses/operations.js";
import { countOwnTargets } from "../resolutions/public-plans.js";
import { getResolution, getResolutionTask } from "../resolutions/store.js";
import { discardPlanItemTasks } from "../tasks/operations.js";
import { planItemHasProgress } from "../tasks/store.js";
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
import { getPlan, getPlanItem, type PersonalPlanRow, type PlanItemRow, type PlanRow } from "./store.js";

type PlanEvents = {
  create: Change<null, PlanRow>;
  issue: Change<PlanRow, PlanRow>;
  "document.issue": Change<null, { documentId: string; numberText: string | null }>;
};
type PlanItemEvents = {
  create: Change<null, PlanItemRow>;
  update: Change<PlanItemRow, PlanItemRow & { reason: string | null | undefined }>;
  close: Change<PlanItemRow, PlanItemRow>;
  delete: Change<PlanItemRow, null>;
};
type PersonalPlanEvents = {
  create: Change<null, PersonalPlanRow>;
  update: Change<PersonalPlanRow, PersonalPlanRow>;
  review: Change<PersonalPlanRow, PersonalPlanRow>;
};
const planAudit = auditTrail<PlanEvents>("plan");
const itemAudit = auditTrail<PlanItemEvents>("plan_item");
const personalPlanAudit = auditTrail<PersonalPlanEvents>("personal_plan");

/** A plan item with the plan it belongs to: what the item routes load, and authorise on. */
export interface PlanItemRecord {
  organizationId: string;
  item: PlanItemRow;
  plan: PlanRow;
}

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
  await planAudit(tx, actor, "create", { organizationId: org.id, entityId: row!.id }, { before: null, after: row! });
  return row!;
}

/** Issuing a programme ticks the checklist item it fulfils; a đảng bộ's sub-plan ticks "sub-plans". */
export async function issuePlan(tx: Tx, actor: Actor, plan: PlanRow, input: { issuedOn: string; version: number }) {
  if (plan.state === "issued") throw new ConflictError("plan_issued", "errors.plan_already_issued");
  const row = await updateVersioned(tx, plans, plan.id, input.version, { state: "issued", issuedOn: input.issuedOn });
  await planAudit(
    tx,
    actor,
    "issue",
    { organizationId: plan.organizationId, entityId: plan.id },
    { before: plan, after: row },
  );
  if (plan.kind === "programme" || (plan.kind === "yearly" && !plan.parentId)) {
    await fulfilChecklist(tx, actor, plan.organizationId, "programme", { kind: "plan", id: plan.id }, input.issuedOn);
  }
  if (plan.kind === "sub_plan")
    await fulfilChecklist(tx, actor, plan.organizationId, "sub_plans", { kind: "plan", id: plan.id }, input.issuedOn);
  return row;
}

/** Links the issued CTr/KH document of the register to its plan. */
export async function linkPlanDocument(
  tx: Tx,
  actor: Actor,
  plan: PlanRow,
  document: { id: string; numberText: string | null },
): Promise<PlanRow> {
  const [row] = await tx.update(plans).set({ documentId: document.id }).where(eq(plans.id, plan.id)).returning();
  await planAudit(
    tx,
    actor,
    "document.issue",
    { organizationId: plan.organizationId, entityId: plan.id },
    { before: null, after: { documentId: document.id, numberText: document.numberText } },
  );
  return row!;
}

async function checkItem(tx: Tx, org: OrgRef, plan: PlanRow, input: ItemInput) {
  const problem = itemProblem(plan, input);
  if (problem) throw new RuleError("plan_item", problem.field, problem.key, problem.params);
  if (input.responsibleMemberId) await assertMemberIn(tx, input.responsibleMemberId, org.path, "responsibleMemberId");
  if (input.targetIds.length) {
    const found = await countOwnTargets(tx, plan.organizationId, input.targetIds);
    if (found !== new Set(input.targetIds).size)
      throw new RuleError("not_found", "targetIds", "errors.not_found", { what: "target" });
  }
}

export async function addItem(
  tx: Tx,
  actor: Actor,
  org: OrgRef,
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
  await itemAudit(
    tx,
    actor,
    "create",
    { organizationId: plan.organizationId, entityId: row!.id },
    { before: null, after: row! },
  );
  return row!;
}

/** Edits an item. Once the plan is issued every change is an adjustment: the reason is required and the old values are kept. */
export async function updateItem(
  tx: Tx,
  actor: Actor,
  org: OrgRef,
  { plan, item }: PlanItemRecord,
  input: z.infer<typeof updateItemBody>,
) {
  const { version, reason, ...fields } = input;
  await checkItem(tx, org, plan, fields);
  if (plan.state === "issued" && !reason) throw new RuleError("reason_required", "reason", "errors.adjustment_reason");
  const row = await updateVersioned(tx, planItems, item.id, version, fields);
  if (plan.state === "issued")
    await tx.insert(planAdjustments).values({
      planId: plan.id,
      itemId: item.id,
      reason: reason!,
      before: item,
      after: row,
      actorUserId: actor.userId,
    });
  await itemAudit(
    tx,
    actor,
    "update",
    { organizationId: plan.organizationId, entityId: item.id },
    { before: item, after: { ...row, reason } },
  );
  return row;
}

/** Closing keeps the item and its history; it leaves the roll-up. */
export async function closeItem(
  tx: Tx,
  actor: Actor,
  { plan, item }: PlanItemRecord,
  input: z.infer<typeof closeItemBody>,
) {
  if (item.closedOn) throw new ConflictError("item_closed", "errors.item_closed");
  const row = await updateVersioned(tx, planItems, item.id, input.version, {
    closedOn: input.closedOn,
    closedReason: input.closedReason,
  });
  await tx.insert(planAdjustments).values({
    planId: plan.id,
    itemId: item.id,
    reason: input.closedReason,
    before: item,
    after: row,
    actorUserId: actor.userId,
  });
  await itemAudit(
    tx,
    actor,
    "close",
    { organizationId: plan.organizationId, entityId: item.id },
    { before: item, after: row },
  );
  return row;
}

/** An item nobody has reported on may be deleted (softly, with its empty tasks); one with progress may only be closed. */
export async function deleteItem(tx: Tx, actor: Actor, { plan, item }: PlanItemRecord, version: number) {
  if (await planItemHasProgress(tx, item.id)) throw new ConflictError("item_has_progress", "errors.item_has_progress");
  await updateVersioned(tx, planItems, item.id, version, { deletedAt: new Date() });
  await discardPlanItemTasks(tx, item.id);
  if (plan.state === "issued")
    await tx
      .insert(planAdjustments)
      .values({ planId: plan.id, itemId: item.id, reason: "—", before: item, after: null, actorUserId: actor.userId });
  await itemAudit(
    tx,
    actor,
    "delete",
    { organizationId: plan.organizationId, entityId: item.id },
    { before: item, after: null },
  );
}

/**
 * A member registers (or re-registers, until it is reviewed) the year's personal work items, in their own cell;
 * an item may name one of the cell's plan items it serves.
 */
export async function registerPersonalPlan(
  tx: Tx,
  actor: Actor,
  org: OrgRef,
  input: z.infer<typeof personalPlanBody>,
  today: string,
) {
  const member = actor.memberId ? await getMember(tx, actor.memberId) : null;
  if (!member || member.organizationId !== org.id) throw new ForbiddenError();
  for (const [i, item] of input.items.entries()) {
    if (item.planItemId) {
      const linked = await getPlanItem(tx, item.planItemId);
      if (!linked || linked.organizationId !== org.id)
        throw new RuleError("not_found", `items.${i}.planItemId`, "errors.not_found", { what: "plan_item" });
    }
  }
  const [existing] = await tx
    .select()
    .from(personalPlans)
    .where(and(eq(personalPlans.memberId, member.id), eq(personalPlans.year, input.year)))
    .for("update");
  if (existing?.reviewedOn) throw new ConflictError("personal_plan_reviewed", "errors.personal_plan_reviewed");
  if (existing) {
    const row = await updateVersioned(tx, personalPlans, existing.id, null, {
      items: input.items,
      registeredOn: today,
    });
    const ref = { organizationId: org.id, entityId: existing.id };
    await personalPlanAudit(tx, actor, "update", ref, { before: existing, after: row });
    return row;
  }
  const [row] = await tx
    .insert(personalPlans)
    .values({ organizationId: org.id, memberId: member.id, year: input.year, items: input.items, registeredOn: today })
    .returning();
  const ref = { organizationId: org.id, entityId: row!.id };
  await personalPlanAudit(tx, actor, "create", ref, { before: null, after: row! });
  return row!;
}

export async function reviewPersonalPlan(
  tx: Tx,
  actor: Actor,
  plan: PersonalPlanRow,
  input: z.infer<typeof reviewPersonalPlanBody>,
) {
  const items = plan.items.map((item, i) => ({ ...item, result: input.results[i] ?? item.result }));
  const row = await updateVersioned(tx, personalPlans, plan.id, input.version, {
    items,
    reviewedOn: input.reviewedOn,
    reviewNote: input.reviewNote,
  });
  await personalPlanAudit(
    tx,
    actor,
    "review",
    { organizationId: plan.organizationId, entityId: plan.id },
    { before: plan, after: row },
  );
  return row;
}
