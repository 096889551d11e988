import { z } from "zod";
import type { Actor, OrgRef, Role } from "../../core/access/index.js";
import { isoDate, optionalText, text, version } from "../../core/http/schemas.js";
// Shared with the browser: zod and pure functions only.

export const TASK_SOURCES = ["plan_item", "meeting", "direct"] as const;
export type TaskSourceKind = (typeof TASK_SOURCES)[number];

export const TASK_STATUSES = ["late", "at_risk", "on_track", "done"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** The longest an overdue reminder may wait; the reminder job looks this far back for tasks. */
export const OVERDUE_LOOKBACK_DAYS = 31;

/** Rulebook kind "task-rules": when a task counts as at risk, and when reminders go out. */
export const taskRulesSchema = z.object({
  atRisk: z.object({
    /** A task due within this many days… */
    dueSoonDays: z.number().int().min(0),
    /** …and still below this percent is at risk. */
    dueSoonBelowPercent: z.number().min(0).max(100),
    /** Also at risk when the share of time elapsed exceeds progress by this many points. */
    lagPoints: z.number().min(0).max(100),
    /** A target whose attainment (or, before any measurement, the work serving it) is below this is shown as at risk. */
    targetBelowPercent: z.number().min(0).max(100),
  }),
  reminders: z.object({
    /** Days before the deadline at which the responsible member is reminded (once each). */
    daysBefore: z.array(z.number().int().min(0)).max(10),
    /** One reminder when the task is overdue. */
    whenOverdue: z.boolean(),
    /** …sent only this many days after the deadline at the latest: a reminder months late is noise (the dashboard lists late tasks). */
    overdueWithinDays: z.number().int().min(1).max(OVERDUE_LOOKBACK_DAYS).default(7),
  }),
  source: z.string(),
});
export type TaskRules = z.infer<typeof taskRulesSchema>;

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/** done / late / at risk / on track, from the dates and the progress only. */
export function taskStatus(
  task: { startsOn: string; dueOn: string; progress: number },
  today: string,
  rules: TaskRules["atRisk"],
): TaskStatus {
  if (task.progress >= 100) return "done";
  if (today > task.dueOn) return "late";
  const daysLeft = dayNumber(task.dueOn) - dayNumber(today);
  if (daysLeft <= rules.dueSoonDays && task.progress < rules.dueSoonBelowPercent) return "at_risk";
  const span = dayNumber(task.dueOn) - dayNumber(task.startsOn);
  if (span > 0) {
    const elapsed = Math.max(0, Math.min(1, (dayNumber(today) - dayNumber(task.startsOn)) / span)) * 100;
    if (elapsed - task.progress >= rules.lagPoints) return "at_risk";
  }
  return "on_track";
}

const RANK: Record<TaskStatus, number> = { late: 0, at_risk: 1, on_track: 2, done: 3 };

/** "My tasks" order: late first (oldest deadline first), then at risk, then on track by deadline, done last. */
export function byUrgency<T extends { status: TaskStatus; dueOn: string }>(tasks: T[]): T[] {
  return [...tasks].sort(
    (a, b) => RANK[a.status] - RANK[b.status] || (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0),
  );
}

/** Which reminder, if any, is due for a task today; the key makes it go out once and only once. */
export function reminderDue(
  task: { id: string; dueOn: string; progress: number },
  today: string,
  rules: TaskRules["reminders"],
): { kind: "before" | "overdue"; key: string; days: number } | null {
  if (task.progress >= 100) return null;
  const daysLeft = dayNumber(task.dueOn) - dayNumber(today);
  if (daysLeft < 0)
    return rules.whenOverdue && -daysLeft <= rules.overdueWithinDays
      ? { kind: "overdue", key: `task:${task.id}:${task.dueOn}:overdue`, days: -daysLeft }
      : null;
  // The nearest threshold not yet passed: a task due in 2 days with thresholds [7, 3] gets the "3 days" reminder.
  const threshold = [...rules.daysBefore].sort((a, b) => a - b).find((d) => daysLeft <= d);
  if (threshold === undefined) return null;
  return { kind: "before", key: `task:${task.id}:${task.dueOn}:before:${threshold}`, days: daysLeft };
}

export const taskSource = z.object({ kind: z.enum(TASK_SOURCES), id: z.uuid().nullable() });

export const createTaskBody = z
  .object({
    title: text(500),
    description: optionalText(2000),
    responsibleMemberId: z.uuid({ message: "errors.no_responsible" }).nullable().optional(),
    helperIds: z.array(z.uuid()).max(20).default([]),
    startsOn: isoDate(),
    dueOn: isoDate(),
    source: taskSource.default({ kind: "direct", id: null }),
  })
  .refine((v) => v.dueOn >= v.startsOn, { path: ["dueOn"], message: "errors.due_before_start" });
export type CreateTaskInput = z.infer<typeof createTaskBody>;

export const updateTaskBody = z
  .object({
    title: text(500),
    description: optionalText(2000),
    responsibleMemberId: z.uuid().nullable().optional(),
    helperIds: z.array(z.uuid()).max(20).default([]),
    startsOn: isoDate(),
    dueOn: isoDate(),
    version: version(),
  })
  .refine((v) => v.dueOn >= v.startsOn, { path: ["dueOn"], message: "errors.due_before_start" });

/** Moving a deadline (gia hạn): the same task, a later date, and why. */
export const extendTaskBody = z.object({
  dueOn: isoDate(),
  reason: text(1000),
  version: version(),
});

/**
 * Why a task cannot be extended to `dueOn`, as a catalogue key, or null when it can: a finished task has nothing
 * to extend, and an extension moves the deadline later (an earlier date is a correction, made by editing the task).
 */
export function extensionProblem(
  task: { dueOn: string; progress: number },
  dueOn: string,
): "errors.task_done_no_extension" | "errors.extension_not_later" | null {
  if (task.progress >= 100) return "errors.task_done_no_extension";
  if (dueOn <= task.dueOn) return "errors.extension_not_later";
  return null;
}

/** An overseer's or committee member's word on a task or a month: an opinion, or a direction to act on. */
export const TASK_COMMENT_KINDS = ["comment", "direction"] as const;
export type TaskCommentKind = (typeof TASK_COMMENT_KINDS)[number];

export const commentBody = z.object({
  kind: z.enum(TASK_COMMENT_KINDS).default("comment"),
  body: text(2000),
});

/** A calendar month, "YYYY-MM". */
export const monthKey = () => z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "errors.month_format" });
export const monthCommentBody = commentBody.extend({ month: monthKey() });
export const monthQuery = z.object({ month: monthKey() });

/** Roles whose holders read and write the comments on a cell's work: its committee, its overseers, the office. */
const DIRECTING_ROLES: readonly Role[] = ["admin", "office", "manager", "committee", "overseer"];

/**
 * Whether the actor may read and write comments and directions on an organisation's tasks and months: the cell's
 * committee (secretary, deputy, committee members), the đảng ủy members who oversee it, the office and the đảng ủy's
 * secretary above it. Ordinary members and the UBKT do not (ADR 0115).
 */
export function mayDirect(actor: Pick<Actor, "isAdmin" | "scopes">, org: OrgRef): boolean {
  if (actor.isAdmin) return true;
  return actor.scopes.some(
    (s) => DIRECTING_ROLES.includes(s.role) && (s.subtree ? org.path.startsWith(s.path) : s.organizationId === org.id),
  );
}

export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

export const progressBody = z.object({
  percent: z.number().int().min(0, { message: "errors.percent_range" }).max(100, { message: "errors.percent_range" }),
  note: optionalText(2000),
  evidence: z
    .object({ name: text(200), type: text(100), base64: z.string().max(Math.ceil((MAX_EVIDENCE_BYTES * 4) / 3) + 4) })
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  version: version(),
});

/** One row of the bulk-progress spreadsheet, checked before anything is written. */
export interface BulkRow {
  row: number;
  taskId: string;
  percent: unknown;
  note: unknown;
}

export type BulkCheck =
  | { row: number; taskId: string; ok: true; percent: number; note: string | null; title: string }
  | { row: number; taskId: string; ok: false; error: string; params?: Record<string, string | number> };

/** Checks every row of an uploaded progress sheet against the organisation's tasks: all rows or none. */
export function checkBulkRows(rows: BulkRow[], known: Map<string, { title: string; progress: number }>): BulkCheck[] {
  const seen = new Set<string>();
  return rows.map((r) => {
    const task = known.get(r.taskId);
    if (!task) return { row: r.row, taskId: r.taskId, ok: false as const, error: "errors.bulk_unknown_task" };
    if (seen.has(r.taskId))
      return { row: r.row, taskId: r.taskId, ok: false as const, error: "errors.bulk_duplicate_task" };
    seen.add(r.taskId);
    const n =
      typeof r.percent === "number"
        ? r.percent
        : typeof r.percent === "string" && r.percent.trim() !== ""
          ? Number(r.percent.replace("%", "").trim())
          : NaN;
    if (!Number.isInteger(n) || n < 0 || n > 100)
      return { row: r.row, taskId: r.taskId, ok: false as const, error: "errors.percent_range" };
    const note = typeof r.note === "string" && r.note.trim() ? r.note.trim().normalize("NFC").slice(0, 2000) : null;
    return { row: r.row, taskId: r.taskId, ok: true as const, percent: n, note, title: task.title };
  });
}
