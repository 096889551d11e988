import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { members } from "../members/schema.js";
import { organizations } from "../organizations/schema.js";
import { tasks, taskUpdates } from "./schema.js";

export type TaskRow = typeof tasks.$inferSelect;

export async function getTask(ex: Executor, id: string): Promise<TaskRow | null> {
  const [row] = await ex.select().from(tasks).where(and(eq(tasks.id, id), isNull(tasks.deletedAt)));
  return row ?? null;
}

const taskColumns = {
  task: tasks,
  responsibleName: members.fullName,
  organizationName: organizations.name,
};

/** Tasks of some organisations (or of one member), with the responsible member's name. */
export async function listTasks(ex: Executor, where: { organizationIds?: string[]; memberId?: string }) {
  const conds = [isNull(tasks.deletedAt)];
  if (where.organizationIds) {
    if (where.organizationIds.length === 0) return [];
    conds.push(inArray(tasks.organizationId, where.organizationIds));
  }
  if (where.memberId) conds.push(sql`(${tasks.responsibleMemberId} = ${where.memberId} OR ${tasks.helperIds} @> ${JSON.stringify([where.memberId])}::jsonb)`);
  const rows = await ex
    .select(taskColumns)
    .from(tasks)
    .innerJoin(members, eq(members.id, tasks.responsibleMemberId))
    .innerJoin(organizations, eq(organizations.id, tasks.organizationId))
    .where(and(...conds))
    .orderBy(asc(tasks.dueOn), asc(tasks.createdAt));
  return rows.map((r) => ({ ...r.task, responsibleName: r.responsibleName, organizationName: r.organizationName }));
}

export async function listUpdates(ex: Executor, taskId: string) {
  return ex
    .select({
      id: taskUpdates.id,
      reportedOn: taskUpdates.reportedOn,
      percent: taskUpdates.percent,
      note: taskUpdates.note,
      memberName: members.fullName,
      evidenceName: taskUpdates.evidenceName,
      createdAt: taskUpdates.createdAt,
    })
    .from(taskUpdates)
    .leftJoin(members, eq(members.id, taskUpdates.memberId))
    .where(eq(taskUpdates.taskId, taskId))
    .orderBy(desc(taskUpdates.createdAt));
}

export async function getEvidence(ex: Executor, updateId: string) {
  const [row] = await ex
    .select({ taskId: taskUpdates.taskId, name: taskUpdates.evidenceName, type: taskUpdates.evidenceType, data: taskUpdates.evidence, organizationId: tasks.organizationId })
    .from(taskUpdates)
    .innerJoin(tasks, eq(tasks.id, taskUpdates.taskId))
    .where(eq(taskUpdates.id, updateId));
  return row ?? null;
}

export async function memberNames(ex: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ex.select({ id: members.id, fullName: members.fullName }).from(members).where(inArray(members.id, ids));
  return new Map(rows.map((r) => [r.id, r.fullName]));
}
