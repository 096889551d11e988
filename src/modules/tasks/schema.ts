import { sql } from "drizzle-orm";
import { check, customType, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { members } from "../members/schema.js";
import { organizations } from "../organizations/schema.js";
import { planItems } from "../plans/schema.js";
import type { TaskCommentKind, TaskSourceKind } from "./model.js";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => Buffer.from(v),
});

/** A task assigned to one responsible member, with helpers: from a plan item, a meeting, or direct. */
export const tasks = pgTable(
  "tasks",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    sourceKind: text("source_kind").$type<TaskSourceKind>().notNull(),
    sourceId: uuid("source_id"),
    planItemId: uuid("plan_item_id").references(() => planItems.id),
    title: text().notNull(),
    description: text(),
    responsibleMemberId: uuid("responsible_member_id")
      .notNull()
      .references(() => members.id),
    helperIds: jsonb("helper_ids").$type<string[]>().notNull().default([]),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    progress: integer().notNull().default(0),
    /** Who assigned it (null when an account without a member record did): told of each progress report. */
    assignedByMemberId: uuid("assigned_by_member_id").references(() => members.id),
    doneOn: date("done_on", { mode: "string" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    version: integer().notNull().default(1),
  },
  (t) => [
    index("tasks_org_idx").on(t.organizationId, t.dueOn),
    index("tasks_responsible_idx").on(t.responsibleMemberId),
    index("tasks_plan_item_idx").on(t.planItemId),
    // "My tasks" asks for tasks where the member is responsible OR a helper: a GIN index answers the helper side.
    index("tasks_helpers_idx").using("gin", t.helperIds),
    // Unfinished work by deadline: the dashboards read the late tasks oldest first and count what is not yet due,
    // both from the (few) unfinished tasks instead of every task of the tree. Migration 0040 adds INCLUDE
    // (organization_id, progress, starts_on), which drizzle cannot declare: the count reads the index alone (ADR 0185).
    index("tasks_open_due_idx").on(t.dueOn, t.createdAt).where(sql`${t.progress} < 100 AND ${t.deletedAt} IS NULL`),
  ],
);

/**
 * How many tasks each organisation has, and how many are done — kept by triggers on tasks (migration 0020), so a
 * đảng bộ's dashboard does not count a million rows. Late = unfinished − unfinished not yet due (read from the
 * index above), so nothing here depends on the date.
 */
export const taskCounts = pgTable("task_counts", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id),
  total: integer().notNull().default(0),
  done: integer().notNull().default(0),
});

/** A progress report: percent, a note, and optionally a piece of evidence. */
export const taskUpdates = pgTable(
  "task_updates",
  {
    id: uuid().primaryKey().defaultRandom(),
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id),
    reportedOn: date("reported_on", { mode: "string" }).notNull(),
    percent: integer().notNull(),
    note: text(),
    memberId: uuid("member_id").references(() => members.id),
    actorUserId: uuid("actor_user_id"),
    evidenceName: text("evidence_name"),
    evidenceType: text("evidence_type"),
    evidence: bytea(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("task_updates_task_idx").on(t.taskId)],
);

/** A deadline moved: the same task keeps its history, old and new deadline, why, who and when (ADR 0114). */
export const taskExtensions = pgTable(
  "task_extensions",
  {
    id: uuid().primaryKey().defaultRandom(),
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id),
    fromDueOn: date("from_due_on", { mode: "string" }).notNull(),
    toDueOn: date("to_due_on", { mode: "string" }).notNull(),
    reason: text().notNull(),
    /** The member who granted it, when the account has one; the name as shown then in any case. */
    memberId: uuid("member_id").references(() => members.id),
    byName: text("by_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("task_extensions_task_idx").on(t.taskId)],
);

/**
 * The overseer's and the committee's comments and directions: on one task, or on a cell's month ("YYYY-MM"),
 * never both (ADR 0115). Read only by the cell's committee and its overseers.
 */
export const taskComments = pgTable(
  "task_comments",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    taskId: uuid("task_id").references(() => tasks.id),
    month: text(),
    kind: text().$type<TaskCommentKind>().notNull(),
    body: text().notNull(),
    authorMemberId: uuid("author_member_id").references(() => members.id),
    authorName: text("author_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("task_comments_task_idx").on(t.taskId),
    index("task_comments_month_idx").on(t.organizationId, t.month),
    check("task_comments_one_subject", sql`(${t.taskId} IS NULL) <> (${t.month} IS NULL)`),
  ],
);
