import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "../../core/db/index.js";
import type { Actor } from "../../core/access/index.js";
import { recordEvent } from "../../core/audit/index.js";
import { ConflictError, NotFoundError, RuleError, StaleVersionError } from "../../core/http/errors.js";
import { getOrganization } from "../organizations/store.js";
import { assertMemberIn } from "../plans/operations.js";
import { getPlanItem } from "../plans/store.js";
import { getMeeting, meetingOfTask } from "../meetings/store.js";
import {
  MAX_EVIDENCE_BYTES,
  type BulkCheck,
  type CreateTaskInput,
  type progressBody,
  type updateTaskBody,
} from "./model.js";
import { tasks, taskUpdates } from "./schema.js";
import type { TaskRow } from "./store.js";

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

async function checkPeople(
  tx: Tx,
  orgPath: string,
  responsibleMemberId: string | null | undefined,
  helperIds: string[],
) {
  if (!responsibleMemberId) throw new RuleError("no_responsible", "responsibleMemberId", "errors.no_responsible");
  await assertMemberIn(tx, responsibleMemberId, orgPath, "responsibleMemberId");
  for (const id of helperIds) await assertMemberIn(tx, id, orgPath, "helperIds");
}

/**
 * Creates a task: from a plan item, from a meeting (the meetings module passes its id), or directly.
 * One responsible member of the organisation, optional helpers; audited.
 */
export async function createTask(
  tx: Tx,
  actor: Actor,
  input: CreateTaskInput & { organizationId: string },
): Promise<TaskRow> {
  const org = await getOrganization(tx, input.organizationId);
  if (!org) throw new NotFoundError("organization");
  if (org.closedOn) throw new ConflictError("org_closed", "errors.org_closed");
  if (input.dueOn < input.startsOn) throw new RuleError("due_before_start", "dueOn", "errors.due_before_start");
  let planItemId: string | null = null;
  if (input.source.kind === "plan_item") {
    const item = input.source.id ? await getPlanItem(tx, input.source.id) : null;
    if (!item || item.organizationId !== org.id)
      throw new RuleError("not_found", "source", "errors.not_found", { what: "plan_item" });
    if (item.closedOn) throw new ConflictError("item_closed", "errors.item_closed");
    planItemId = item.id;
  }
  // A meeting source names the meeting, or the task handed out in it (what approving the minutes
  // records, so each handed-out task becomes a task once); either way it must be this organisation's.
  if (input.source.kind === "meeting") {
    const meetingId = input.source.id ? ((await meetingOfTask(tx, input.source.id)) ?? input.source.id) : null;
    const meeting = meetingId ? await getMeeting(tx, meetingId) : null;
    if (!meeting || meeting.organizationId !== org.id)
      throw new RuleError("not_found", "source", "errors.not_found", { what: "meeting" });
  }
  if (input.source.kind === "direct" && input.source.id)
    throw new RuleError("not_found", "source", "errors.not_found", { what: "task" });
  await checkPeople(tx, org.path, input.responsibleMemberId, input.helperIds);
  const [row] = await tx
    .insert(tasks)
    .values({
      organizationId: org.id,
      sourceKind: input.source.kind,
      sourceId: input.source.id,
      planItemId,
      title: input.title,
      description: input.description,
      responsibleMemberId: input.responsibleMemberId!,
      helperIds: [...new Set(input.helperIds.filter((h) => h !== input.responsibleMemberId))],
      startsOn: input.startsOn,
      dueOn: input.dueOn,
    })
    .returning();
  await audit(tx, actor, org.id, "task", row!.id, "create", null, row);
  return row!;
}

export async function updateTask(tx: Tx, actor: Actor, task: TaskRow, input: z.infer<typeof updateTaskBody>) {
  const org = (await getOrganization(tx, task.organizationId))!;
  await checkPeople(tx, org.path, input.responsibleMemberId, input.helperIds);
  const { version, ...fields } = input;
  const [row] = await tx
    .update(tasks)
    .set({
      ...fields,
      responsibleMemberId: input.responsibleMemberId!,
      updatedAt: new Date(),
      version: sql`${tasks.version} + 1`,
    })
    .where(and(eq(tasks.id, task.id), eq(tasks.version, version)))
    .returning();
  if (!row) throw new StaleVersionError();
  await audit(tx, actor, task.organizationId, "task", task.id, "update", task, row);
  return row;
}

/** A progress report: the task's percent moves, the report (with its evidence) is kept. */
export async function reportProgress(
  tx: Tx,
  actor: Actor,
  task: TaskRow,
  input: z.infer<typeof progressBody>,
  today: string,
) {
  let evidence: Buffer | null = null;
  if (input.evidence) {
    evidence = Buffer.from(input.evidence.base64, "base64");
    if (evidence.length === 0 || evidence.length > MAX_EVIDENCE_BYTES)
      throw new RuleError("evidence_size", "evidence", "errors.evidence_size", {
        mb: MAX_EVIDENCE_BYTES / 1024 / 1024,
      });
  }
  const [row] = await tx
    .update(tasks)
    .set({
      progress: input.percent,
      doneOn: input.percent >= 100 ? (task.doneOn ?? today) : null,
      updatedAt: new Date(),
      version: sql`${tasks.version} + 1`,
    })
    .where(and(eq(tasks.id, task.id), eq(tasks.version, input.version)))
    .returning();
  if (!row) throw new StaleVersionError();
  const [update] = await tx
    .insert(taskUpdates)
    .values({
      taskId: task.id,
      reportedOn: today,
      percent: input.percent,
      note: input.note,
      memberId: actor.memberId,
      actorUserId: actor.userId,
      evidenceName: input.evidence?.name ?? null,
      evidenceType: input.evidence?.type ?? null,
      evidence,
    })
    .returning({ id: taskUpdates.id });
  await audit(
    tx,
    actor,
    task.organizationId,
    "task",
    task.id,
    "progress",
    { progress: task.progress },
    { progress: input.percent, note: input.note, updateId: update!.id, evidence: input.evidence?.name ?? null },
  );
  return row;
}

/** Applies a checked bulk-progress sheet; the caller has verified every row is valid. */
export async function applyBulkProgress(tx: Tx, actor: Actor, rows: Extract<BulkCheck, { ok: true }>[], today: string) {
  for (const r of rows) {
    const [before] = await tx.select().from(tasks).where(eq(tasks.id, r.taskId)).for("update");
    if (!before || before.progress === r.percent) continue;
    await reportProgress(
      tx,
      actor,
      before,
      { percent: r.percent, note: r.note, evidence: null, version: before.version },
      today,
    );
  }
}
