import { and, eq, isNull } from "drizzle-orm";
import type { z } from "zod";
import type { Executor, Tx } from "../../core/db/index.js";
import type { Actor } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import { ConflictError, NotFoundError, RuleError } from "../../core/http/errors.js";
import { formatDate } from "../../core/i18n/index.js";
import { inspectFile, UploadRejectedError } from "../../core/uploads/index.js";
import { getOrganization } from "../organizations/store.js";
import { assertMemberIn } from "../plans/operations.js";
import { getPlanItem } from "../plans/store.js";
import { getMeeting, meetingOfTask } from "../meetings/store.js";
import {
  checkBulkRows,
  extensionProblem,
  MAX_EVIDENCE_BYTES,
  type BulkCheck,
  type commentBody,
  type CreateTaskInput,
  type extendTaskBody,
  type progressBody,
  type TaskCommentKind,
  type updateTaskBody,
} from "./model.js";
import { noticeAssigned, noticeComment, noticeExtended, noticeProgress } from "./notices.js";
import { taskComments, taskExtensions, tasks, taskUpdates } from "./schema.js";
import { readProgressSheet } from "./spreadsheet.js";
import { getTask, listTasks, type TaskRow } from "./store.js";

type TaskEvents = {
  create: Change<null, TaskRow>;
  update: Change<TaskRow, TaskRow>;
  progress: Change<
    { progress: number },
    { progress: number; note: string | null; updateId: string; evidence: string | null }
  >;
  extend: Change<{ dueOn: string }, { dueOn: string; reason: string; extensionId: string }>;
  comment: Change<null, { commentId: string; kind: TaskCommentKind; body: string }>;
};
const audit = auditTrail<TaskEvents>("task");

// A comment on a cell's month is its own record: the trail names the comment, the organisation is the cell.
type MonthCommentEvents = { create: Change<null, { month: string; kind: TaskCommentKind; body: string }> };
const auditMonthComment = auditTrail<MonthCommentEvents>("month_comment");

/** The demo writes a story that already happened: nobody is told of it (nor emailed) when it is loaded. */
type Quiet = { quiet?: boolean };

/** Who acts, as the notices and the records name them. */
const author = (actor: Actor) => ({ memberId: actor.memberId, name: actor.displayName });

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
  options: Quiet = {},
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
      assignedByMemberId: actor.memberId,
    })
    .returning();
  await audit(tx, actor, "create", { organizationId: org.id, entityId: row!.id }, { before: null, after: row! });
  if (!options.quiet) await noticeAssigned(tx, row!, author(actor));
  return row!;
}

export async function updateTask(tx: Tx, actor: Actor, task: TaskRow, input: z.infer<typeof updateTaskBody>) {
  // A later deadline is an extension: through "Gia hạn" it keeps the reason in the task's history, and lateness
  // cannot be erased by editing the date. An earlier one is a plain correction.
  if (input.dueOn > task.dueOn)
    throw new RuleError("deadline_via_extension", "dueOn", "errors.deadline_via_extension", {
      date: formatDate(task.dueOn),
    });
  const org = (await getOrganization(tx, task.organizationId))!;
  await checkPeople(tx, org.path, input.responsibleMemberId, input.helperIds);
  const { version, ...fields } = input;
  const row = await updateVersioned(tx, tasks, task.id, version, {
    ...fields,
    responsibleMemberId: input.responsibleMemberId!,
  });
  await audit(
    tx,
    actor,
    "update",
    { organizationId: task.organizationId, entityId: task.id },
    { before: task, after: row },
  );
  // A task handed to another member is news to them (the key holds the member: each hears of it once).
  if (row.responsibleMemberId !== task.responsibleMemberId) await noticeAssigned(tx, row, author(actor));
  return row;
}

/**
 * "Gia hạn": the same task gets a later deadline; the extension (old and new deadline, reason, who, when) is kept
 * in its history and the member carrying it is told. Its status follows the new deadline everywhere at once.
 */
export async function extendTask(tx: Tx, actor: Actor, task: TaskRow, input: z.infer<typeof extendTaskBody>) {
  const problem = extensionProblem(task, input.dueOn);
  if (problem)
    throw new RuleError(
      problem === "errors.task_done_no_extension" ? "task_done" : "extension_not_later",
      "dueOn",
      problem,
      { date: formatDate(task.dueOn) },
    );
  const row = await updateVersioned(tx, tasks, task.id, input.version, { dueOn: input.dueOn });
  const [extension] = await tx
    .insert(taskExtensions)
    .values({
      taskId: task.id,
      fromDueOn: task.dueOn,
      toDueOn: input.dueOn,
      reason: input.reason,
      memberId: actor.memberId,
      byName: actor.displayName,
    })
    .returning();
  await audit(
    tx,
    actor,
    "extend",
    { organizationId: task.organizationId, entityId: task.id },
    { before: { dueOn: task.dueOn }, after: { dueOn: input.dueOn, reason: input.reason, extensionId: extension!.id } },
  );
  await noticeExtended(tx, row, extension!, author(actor));
  return row;
}

/** A comment or direction on a task, audited and sent to the organisation's committee and overseers. */
export async function commentOnTask(
  tx: Tx,
  actor: Actor,
  task: TaskRow,
  input: z.infer<typeof commentBody>,
  today: string,
) {
  const [comment] = await tx
    .insert(taskComments)
    .values({
      organizationId: task.organizationId,
      taskId: task.id,
      kind: input.kind,
      body: input.body,
      authorMemberId: actor.memberId,
      authorName: actor.displayName,
    })
    .returning();
  await audit(
    tx,
    actor,
    "comment",
    { organizationId: task.organizationId, entityId: task.id },
    { before: null, after: { commentId: comment!.id, kind: input.kind, body: input.body } },
  );
  await noticeComment(tx, comment!, { task }, author(actor), today);
  return comment!;
}

/** A comment or direction on an organisation's month (its home card "this month"), audited and sent like a task's. */
export async function commentOnMonth(
  tx: Tx,
  actor: Actor,
  organizationId: string,
  input: z.infer<typeof commentBody> & { month: string },
  today: string,
) {
  const [comment] = await tx
    .insert(taskComments)
    .values({
      organizationId,
      month: input.month,
      kind: input.kind,
      body: input.body,
      authorMemberId: actor.memberId,
      authorName: actor.displayName,
    })
    .returning();
  await auditMonthComment(
    tx,
    actor,
    "create",
    { organizationId, entityId: comment!.id },
    { before: null, after: { month: input.month, kind: input.kind, body: input.body } },
  );
  await noticeComment(tx, comment!, { month: input.month }, author(actor), today);
  return comment!;
}

/** A progress report: the task's percent moves, the report (with its evidence) is kept. */
export async function reportProgress(
  tx: Tx,
  actor: Actor,
  task: TaskRow,
  input: z.infer<typeof progressBody>,
  today: string,
  options: Quiet = {},
) {
  let evidence: Buffer | null = null;
  if (input.evidence) {
    evidence = Buffer.from(input.evidence.base64, "base64");
    if (evidence.length === 0 || evidence.length > MAX_EVIDENCE_BYTES)
      throw new RuleError("evidence_size", "evidence", "errors.evidence_size", {
        mb: MAX_EVIDENCE_BYTES / 1024 / 1024,
      });
  }
  const row = await updateVersioned(tx, tasks, task.id, input.version, {
    progress: input.percent,
    doneOn: input.percent >= 100 ? (task.doneOn ?? today) : null,
  });
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
  if (!options.quiet)
    await noticeProgress(tx, task, { id: update!.id, percent: input.percent, note: input.note }, author(actor), today);
  await audit(
    tx,
    actor,
    "progress",
    { organizationId: task.organizationId, entityId: task.id },
    {
      before: { progress: task.progress },
      after: {
        progress: input.percent,
        note: input.note,
        updateId: update!.id,
        evidence: input.evidence?.name ?? null,
      },
    },
  );
  return row;
}

/** Checks an uploaded progress sheet against the organisation's tasks, row by row. */
async function checkSheet(ex: Executor, organizationId: string, file: Buffer) {
  const rows = await readProgressSheet(new Uint8Array(file));
  if (!rows) throw new RuleError("bulk_unreadable", "file", "errors.bulk_unreadable");
  const known = new Map(
    (await listTasks(ex, { organizationIds: [organizationId] })).map((t) => [
      t.id,
      { title: t.title, progress: t.progress },
    ]),
  );
  const checked = checkBulkRows(rows, known);
  const errors = checked.filter((r) => !r.ok).length;
  const preview = {
    rows: checked.map((r) => ({ ...r, currentProgress: known.get(r.taskId)?.progress ?? null })),
    errors,
    ready: errors === 0 && checked.length > 0,
  };
  return { preview, checked };
}

/**
 * What a progress sheet would change, row by row, and why a row cannot be taken; nothing is written.
 * The file has already passed the upload checks (inspectProgressSheet) before the transaction opened.
 */
export async function previewProgressSheet(ex: Executor, organizationId: string, file: Buffer) {
  return (await checkSheet(ex, organizationId, file)).preview;
}

/** The upload checks of a progress sheet (within the limits, in a worker, before exceljs inflates anything). */
export async function inspectProgressSheet(file: Buffer): Promise<void> {
  await inspectFile(file, { accept: { kinds: ["xlsx"], expected: "errors.upload_expect_xlsx" } }).catch(
    (err: unknown) => {
      const code = err instanceof UploadRejectedError ? err.rejection.code : null;
      if (code === "damaged" || code === "wrong_kind")
        throw new RuleError("bulk_unreadable", "file", "errors.bulk_unreadable");
      throw err;
    },
  );
}

/** Applies a progress sheet: every row right, or nothing written. Answers what the preview answers. */
export async function importProgressSheet(tx: Tx, actor: Actor, organizationId: string, file: Buffer, today: string) {
  const { preview, checked } = await checkSheet(tx, organizationId, file);
  if (!preview.ready)
    throw new RuleError("bulk_has_errors", "file", "errors.bulk_has_errors", { count: preview.errors });
  await applyBulkProgress(
    tx,
    actor,
    checked.filter((r) => r.ok),
    today,
  );
  return preview;
}

/** The tasks of a plan item go with it when it is deleted (softly; the caller has checked nobody reported on them). */
export async function discardPlanItemTasks(tx: Tx, planItemId: string): Promise<void> {
  await tx
    .update(tasks)
    .set({ deletedAt: new Date() })
    .where(and(eq(tasks.planItemId, planItemId), isNull(tasks.deletedAt)));
}

/** Applies a checked bulk-progress sheet; the caller has verified every row is valid. */
async function applyBulkProgress(tx: Tx, actor: Actor, rows: Extract<BulkCheck, { ok: true }>[], today: string) {
  for (const r of rows) {
    const before = await getTask(tx, r.taskId, { forUpdate: true });
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
