import { type Actor, can, type OrgRef } from "../../core/access/index.js";
import type { Executor } from "../../core/db/index.js";
import { NotFoundError } from "../../core/http/errors.js";
import { memberNames } from "../members/store.js";
import { getOrganization } from "../organizations/store.js";
import { getPlan, getPlanItem } from "../plans/store.js";
import { byUrgency, mayDirect, type TaskRules, type TaskStatus, taskStatus } from "./model.js";
import { listExtensions, listTasks, listUpdates, type TaskRow, taskRules } from "./store.js";

// The tasks as their pages read them: each with today's status under the rules of its own organisation.

/** Who may report on a task: its responsible member, a helper, or whoever manages the organisation's plans. */
export function mayReport(actor: Actor, task: TaskRow, org: OrgRef): boolean {
  if (actor.memberId && (task.responsibleMemberId === actor.memberId || task.helperIds.includes(actor.memberId)))
    return true;
  return can(actor, "plan.manage", org);
}

/** Adds today's status to each task, under the task rules in force for its organisation. */
async function withStatus<T extends { startsOn: string; dueOn: string; progress: number; organizationId: string }>(
  ex: Executor,
  rows: T[],
  today: string,
) {
  const rulesByOrg = new Map<string, TaskRules>();
  const out = [];
  for (const r of rows) {
    let rules = rulesByOrg.get(r.organizationId);
    if (!rules) {
      const org = await getOrganization(ex, r.organizationId);
      if (!org) throw new NotFoundError("organization");
      rules = await taskRules(ex, org.path, today);
      rulesByOrg.set(r.organizationId, rules);
    }
    out.push({ ...r, status: taskStatus(r, today, rules.atRisk) });
  }
  return out;
}

/** An organisation's tasks, most urgent first; `status` filters in SQL (not a cell's five years of tasks in memory). */
export async function organizationTasks(ex: Executor, org: OrgRef, today: string, status?: TaskStatus) {
  const filter = status ? { is: status, today, rules: (await taskRules(ex, org.path, today)).atRisk } : undefined;
  return {
    items: byUrgency(await withStatus(ex, await listTasks(ex, { organizationIds: [org.id], status: filter }), today)),
  };
}

/** The tasks a member answers for or helps with, most urgent first. */
export async function myTasks(ex: Executor, actor: Actor, today: string) {
  if (!actor.memberId) return { items: [] };
  const rows = await withStatus(ex, await listTasks(ex, { memberId: actor.memberId }), today);
  return {
    items: byUrgency(rows).map((r) => ({
      ...r,
      role: r.responsibleMemberId === actor.memberId ? ("responsible" as const) : ("helper" as const),
    })),
  };
}

/** One task with its people, its reports, and what the reader may do with it. */
export async function taskDetail(ex: Executor, actor: Actor, org: OrgRef, task: TaskRow, today: string) {
  const [withToday] = await withStatus(ex, [task], today);
  const updates = await listUpdates(ex, task.id);
  const extensions = await listExtensions(ex, task.id);
  const names = await memberNames(ex, [task.responsibleMemberId, ...task.helperIds]);
  const organization = await getOrganization(ex, task.organizationId);
  const item = task.planItemId ? await getPlanItem(ex, task.planItemId) : null;
  const plan = item ? await getPlan(ex, item.planId) : null;
  const mine =
    !!actor.memberId && (task.responsibleMemberId === actor.memberId || task.helperIds.includes(actor.memberId));
  return {
    ...withToday!,
    organizationName: organization?.name ?? "",
    plan: plan ? { id: plan.id, title: plan.title } : null,
    responsibleName: names.get(task.responsibleMemberId)?.fullName ?? null,
    helpers: task.helperIds.map((id) => ({ id, fullName: names.get(id)?.fullName ?? null })),
    updates,
    extensions,
    mine,
    mayReport: mayReport(actor, task, org),
    mayManage: can(actor, "plan.manage", org),
    mayComment: mayDirect(actor, org),
  };
}
