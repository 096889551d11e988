import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { type Executor, type IdSet, inIdSet, inUuids, isEmptyIdSet } from "../../core/db/index.js";
import { rulebookInForce } from "../../core/rulebooks/index.js";
import { members } from "../members/schema.js";
import { organizations } from "../organizations/schema.js";
import { taskComments, taskCounts, taskExtensions, tasks, taskUpdates } from "./schema.js";
import { type TaskRules, type TaskSourceKind, type TaskStatus, taskStatus } from "./model.js";

export type TaskRow = typeof tasks.$inferSelect;

/** The task rules (at-risk thresholds, reminders) in force for an organisation on a day. */
export async function taskRules(ex: Executor, orgPath: string, today: string): Promise<TaskRules> {
  return (await rulebookInForce<TaskRules>(ex, "task-rules", orgPath, today)).data;
}

/** A task; `forUpdate` locks its row until the transaction ends (a write loads it so). */
export async function getTask(ex: Executor, id: string, opts: { forUpdate?: boolean } = {}): Promise<TaskRow | null> {
  const q = ex
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, id), isNull(tasks.deletedAt)));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

/**
 * Each plan item's mean task progress in some organisations, clamped to 0–100 as the plans' roll-up clamps it:
 * one row per item instead of every task of every cell.
 */
export async function meanProgressByPlanItem(
  ex: Executor,
  organizationIds: string[],
): Promise<{ planItemId: string | null; progress: number }[]> {
  if (organizationIds.length === 0) return [];
  return ex
    .select({
      planItemId: tasks.planItemId,
      progress: sql<number>`avg(least(100, greatest(0, ${tasks.progress})))::float8`,
    })
    .from(tasks)
    .where(and(inUuids(tasks.organizationId, organizationIds), isNull(tasks.deletedAt), isNotNull(tasks.planItemId)))
    .groupBy(tasks.planItemId);
}

/** Whether anyone has reported on the tasks of a plan item (a percent above 0, or a report at all). */
export async function planItemHasProgress(ex: Executor, planItemId: string): Promise<boolean> {
  const [row] = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(tasks)
    .where(
      and(
        eq(tasks.planItemId, planItemId),
        isNull(tasks.deletedAt),
        sql`(${tasks.progress} > 0 OR EXISTS (SELECT 1 FROM ${taskUpdates} WHERE ${taskUpdates.taskId} = ${tasks.id}))`,
      ),
    );
  return (row?.n ?? 0) > 0;
}

/**
 * Which of these sources already have a task (deleted ones included: a source is handed over once),
 * e.g. the tasks handed out in a meeting that approving its minutes has already turned into tracked tasks.
 */
export async function sourcesWithTasks(ex: Executor, kind: TaskSourceKind, sourceIds: string[]): Promise<Set<string>> {
  if (sourceIds.length === 0) return new Set();
  const rows = await ex
    .select({ sourceId: tasks.sourceId })
    .from(tasks)
    .where(and(eq(tasks.sourceKind, kind), inArray(tasks.sourceId, sourceIds)));
  return new Set(rows.flatMap((r) => (r.sourceId ? [r.sourceId] : [])));
}

const taskColumns = {
  task: tasks,
  responsibleName: members.fullName,
  organizationName: organizations.name,
};

/** Tasks of some organisations (or of one member), with the responsible member's name. */
export async function listTasks(
  ex: Executor,
  where: {
    organizationIds?: string[];
    memberId?: string;
    status?: { is: TaskStatus; today: string; rules: TaskRules["atRisk"] };
  },
) {
  const conds = [isNull(tasks.deletedAt)];
  if (where.status)
    conds.push(sql`${taskStatusSql(tasks, where.status.today, where.status.rules)} = ${where.status.is}`);
  if (where.organizationIds) {
    if (where.organizationIds.length === 0) return [];
    conds.push(inUuids(tasks.organizationId, where.organizationIds));
  }
  if (where.memberId)
    conds.push(
      sql`(${tasks.responsibleMemberId} = ${where.memberId} OR ${tasks.helperIds} @> ${JSON.stringify([where.memberId])}::jsonb)`,
    );
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
    .select({
      taskId: taskUpdates.taskId,
      name: taskUpdates.evidenceName,
      type: taskUpdates.evidenceType,
      data: taskUpdates.evidence,
      organizationId: tasks.organizationId,
    })
    .from(taskUpdates)
    .innerJoin(tasks, eq(tasks.id, taskUpdates.taskId))
    .where(eq(taskUpdates.id, updateId));
  return row ?? null;
}

/**
 * taskStatus (model.ts) as an SQL expression, for counting and picking tasks in the database.
 * The same arithmetic in double precision, so both agree to the last bit (store.test.ts checks them side by side).
 */
export function taskStatusSql(
  task: { startsOn: SQLWrapper; dueOn: SQLWrapper; progress: SQLWrapper },
  today: string,
  rules: TaskRules["atRisk"],
): SQL<TaskStatus> {
  const day = sql`${today}::date`;
  // nullif only keeps the division from failing: greatest/least skip NULLs, so the "due after start" test in the WHEN does the work.
  const elapsed = sql`greatest(0, least(1, (${day} - ${task.startsOn})::float8 / nullif(${task.dueOn} - ${task.startsOn}, 0)::float8)) * 100`;
  return sql<TaskStatus>`CASE
    WHEN ${task.progress} >= 100 THEN 'done'
    WHEN ${day} > ${task.dueOn} THEN 'late'
    WHEN ${task.dueOn} - ${day} <= ${rules.dueSoonDays} AND ${task.progress} < ${rules.dueSoonBelowPercent}::float8 THEN 'at_risk'
    WHEN ${task.dueOn} > ${task.startsOn} AND ${elapsed} - ${task.progress} >= ${rules.lagPoints}::float8 THEN 'at_risk'
    ELSE 'on_track' END`;
}

/**
 * How many tasks each organisation has, and how many of them are late, at risk or done today. Total and done are
 * kept per organisation by triggers (task_counts); of the unfinished ones only those not yet due are read (the
 * partial index tasks_open_due_idx), since only they can be at risk — every other unfinished task is late. A
 * đảng bộ of a million tasks reads a few thousand rows, not a million.
 */
export async function countTasksByStatus(
  ex: Executor,
  organizationIds: IdSet,
  today: string,
  rules: TaskRules["atRisk"],
) {
  const out = new Map<string, { total: number; late: number; atRisk: number; done: number }>();
  if (isEmptyIdSet(organizationIds)) return out;
  const status = taskStatusSql(tasks, today, rules);
  // One after the other: the executor may be a transaction's single connection.
  const kept = await ex
    .select()
    .from(taskCounts)
    .where(and(inIdSet(taskCounts.organizationId, organizationIds), sql`${taskCounts.total} > 0`));
  const notYetDue = await ex
    .select({
      organizationId: tasks.organizationId,
      open: sql<number>`count(*)::int`,
      atRisk: sql<number>`(count(*) FILTER (WHERE ${status} = 'at_risk'))::int`,
    })
    .from(tasks)
    .where(and(inIdSet(tasks.organizationId, organizationIds), openTask, gte(tasks.dueOn, today)))
    .groupBy(tasks.organizationId);
  const upcoming = new Map(notYetDue.map((r) => [r.organizationId, r]));
  for (const c of kept) {
    const u = upcoming.get(c.organizationId);
    out.set(c.organizationId, {
      total: c.total,
      done: c.done,
      late: c.total - c.done - (u?.open ?? 0),
      atRisk: u?.atRisk ?? 0,
    });
  }
  return out;
}

/** Unfinished and not deleted: the condition of the partial index tasks_open_due_idx, written the same way. */
const openTask = sql`${tasks.progress} < 100 AND ${tasks.deletedAt} IS NULL`;

/**
 * The late and at-risk tasks of some organisations, most urgent first (late before at risk, then by deadline and
 * age), at most `limit`: the late ones oldest deadline first from the partial index, then the at-risk ones among
 * those not yet due.
 */
export async function listUrgentTasks(
  ex: Executor,
  organizationIds: IdSet,
  today: string,
  rules: TaskRules["atRisk"],
  limit: number,
) {
  if (isEmptyIdSet(organizationIds)) return [];
  const status = taskStatusSql(tasks, today, rules);
  const read = (where: SQL | undefined, n: number) =>
    ex
      .select({ ...taskColumns, status })
      .from(tasks)
      .innerJoin(members, eq(members.id, tasks.responsibleMemberId))
      .innerJoin(organizations, eq(organizations.id, tasks.organizationId))
      .where(and(inIdSet(tasks.organizationId, organizationIds), openTask, where))
      .orderBy(asc(tasks.dueOn), asc(tasks.createdAt))
      .limit(n);
  const late = await read(lt(tasks.dueOn, today), limit);
  const rows =
    late.length < limit
      ? [...late, ...(await read(and(gte(tasks.dueOn, today), sql`${status} = 'at_risk'`), limit - late.length))]
      : late;
  return rows.map((r) => ({
    ...r.task,
    responsibleName: r.responsibleName,
    organizationName: r.organizationName,
    status: r.status,
  }));
}

/** A task's extensions, newest first: each deadline move with its reason, who granted it and when. */
export async function listExtensions(ex: Executor, taskId: string) {
  return ex
    .select({
      id: taskExtensions.id,
      fromDueOn: taskExtensions.fromDueOn,
      toDueOn: taskExtensions.toDueOn,
      reason: taskExtensions.reason,
      byName: taskExtensions.byName,
      createdAt: taskExtensions.createdAt,
    })
    .from(taskExtensions)
    .where(eq(taskExtensions.taskId, taskId))
    .orderBy(desc(taskExtensions.createdAt));
}

/** The comments and directions on one task, or on one organisation's month, oldest first (a conversation). */
export async function listComments(ex: Executor, on: { taskId: string } | { organizationId: string; month: string }) {
  return ex
    .select({
      id: taskComments.id,
      organizationId: taskComments.organizationId,
      taskId: taskComments.taskId,
      month: taskComments.month,
      kind: taskComments.kind,
      body: taskComments.body,
      authorName: taskComments.authorName,
      createdAt: taskComments.createdAt,
    })
    .from(taskComments)
    .where(
      "taskId" in on
        ? eq(taskComments.taskId, on.taskId)
        : and(eq(taskComments.organizationId, on.organizationId), eq(taskComments.month, on.month)),
    )
    .orderBy(asc(taskComments.createdAt), asc(taskComments.id));
}

/**
 * The tasks of some plan items, each with its responsible member's name and today's status under the task rules
 * of its own organisation: what a plan's page lists under each item.
 */
export async function tasksOfPlanItems(ex: Executor, planItemIds: string[], today: string) {
  if (planItemIds.length === 0) return [];
  const rows = await ex
    .select({ ...taskColumns, path: organizations.path })
    .from(tasks)
    .innerJoin(members, eq(members.id, tasks.responsibleMemberId))
    .innerJoin(organizations, eq(organizations.id, tasks.organizationId))
    .where(and(inArray(tasks.planItemId, planItemIds), isNull(tasks.deletedAt)))
    .orderBy(asc(tasks.dueOn), asc(tasks.createdAt));
  const rules = new Map<string, TaskRules>();
  for (const path of new Set(rows.map((r) => r.path))) rules.set(path, await taskRules(ex, path, today));
  return rows.map((r) => ({
    ...r.task,
    responsibleName: r.responsibleName,
    status: taskStatus(r.task, today, rules.get(r.path)!.atRisk),
  }));
}
