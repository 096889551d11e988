import { customType, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { members } from "../members/schema.js";
import { organizations } from "../organizations/schema.js";
import { planItems } from "../plans/schema.js";
import type { TaskSourceKind } from "./model.js";

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
  ],
);

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
