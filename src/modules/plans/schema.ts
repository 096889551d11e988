import { date, index, integer, jsonb, pgTable, text, timestamp, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { members } from "../members/schema.js";
import { organizations } from "../organizations/schema.js";
import { resolutions, resolutionTasks } from "../resolutions/schema.js";
import type { PlanKind, PlanState } from "./model.js";

/** A programme or plan; plans form a tree (programme → yearly → quarterly → monthly; sub-plans under a breakthrough task). */
export const plans = pgTable(
  "plans",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    parentId: uuid("parent_id").references((): AnyPgColumn => plans.id),
    kind: text().$type<PlanKind>().notNull(),
    title: text().notNull(),
    resolutionId: uuid("resolution_id").references(() => resolutions.id),
    /** For a sub-plan ("kế hoạch con"): the breakthrough task it carries out. */
    resolutionTaskId: uuid("resolution_task_id").references(() => resolutionTasks.id),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    state: text().$type<PlanState>().notNull().default("draft"),
    issuedOn: date("issued_on", { mode: "string" }),
    /** The issued CTr/KH document in the documents register. */
    documentId: uuid("document_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    version: integer().notNull().default(1),
  },
  (t) => [index("plans_org_idx").on(t.organizationId), index("plans_parent_idx").on(t.parentId)],
);

/** One line of a plan: what, how, by when, who, who coordinates, how it is checked, which targets it serves. */
export const planItems = pgTable(
  "plan_items",
  {
    id: uuid().primaryKey().defaultRandom(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => plans.id),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    position: integer().notNull().default(0),
    what: text().notNull(),
    how: text(),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    responsibleMemberId: uuid("responsible_member_id").references(() => members.id),
    /** A party group, department or committee that is responsible, when not one member. */
    responsibleUnit: text("responsible_unit"),
    coordinating: text(),
    checking: text(),
    targetIds: jsonb("target_ids").$type<string[]>().notNull().default([]),
    weight: integer().notNull().default(1),
    closedOn: date("closed_on", { mode: "string" }),
    closedReason: text("closed_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    version: integer().notNull().default(1),
  },
  (t) => [index("plan_items_plan_idx").on(t.planId, t.position), index("plan_items_org_idx").on(t.organizationId)],
);

/** What changed in a plan after it was issued, and why (after a review, new tasks from above…). */
export const planAdjustments = pgTable(
  "plan_adjustments",
  {
    id: uuid().primaryKey().defaultRandom(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => plans.id),
    itemId: uuid("item_id").references(() => planItems.id),
    reason: text().notNull(),
    before: jsonb(),
    after: jsonb(),
    actorUserId: uuid("actor_user_id"),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("plan_adjustments_plan_idx").on(t.planId)],
);

/** A member's yearly personal work plan (đăng ký nội dung công việc). */
export const personalPlans = pgTable(
  "personal_plans",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    year: integer().notNull(),
    items: jsonb()
      .$type<{ what: string; dueOn: string | null; planItemId: string | null; result: string | null }[]>()
      .notNull(),
    registeredOn: date("registered_on", { mode: "string" }).notNull(),
    reviewedOn: date("reviewed_on", { mode: "string" }),
    reviewNote: text("review_note"),
    version: integer().notNull().default(1),
  },
  (t) => [index("personal_plans_org_idx").on(t.organizationId, t.year)],
);
