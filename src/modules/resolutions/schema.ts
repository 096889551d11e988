import { boolean, date, index, integer, numeric, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../organizations/schema.js";
import { congresses } from "../congresses/schema.js";
import type { ResolutionKind, ResolutionState } from "./model.js";

/** A resolution (nghị quyết): of a congress, a monthly or thematic meeting, the committee, or one from above to implement. */
export const resolutions = pgTable(
  "resolutions",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    kind: text().$type<ResolutionKind>().notNull(),
    /** Its number, e.g. "05-NQ/CB" or, for a higher-level one, "NQ TW 5". */
    number: text(),
    title: text().notNull(),
    summary: text(),
    congressId: uuid("congress_id").references(() => congresses.id),
    /** The meeting that adopted it (set by the meetings module at merge). */
    meetingId: uuid("meeting_id"),
    state: text().$type<ResolutionState>().notNull(),
    adoptedOn: date("adopted_on", { mode: "string" }),
    issuedOn: date("issued_on", { mode: "string" }),
    /** The issued NQ document in the documents register. */
    documentId: uuid("document_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    version: integer().notNull().default(1),
  },
  (t) => [index("resolutions_org_idx").on(t.organizationId)],
);

/** A measurable target (chỉ tiêu) of a resolution. */
export const targets = pgTable(
  "resolution_targets",
  {
    id: uuid().primaryKey().defaultRandom(),
    resolutionId: uuid("resolution_id")
      .notNull()
      .references(() => resolutions.id),
    position: integer().notNull().default(0),
    name: text().notNull(),
    measureUnit: text("unit").notNull(),
    baseline: numeric({ mode: "number" }).notNull(),
    goal: numeric({ mode: "number" }).notNull(),
    dueOn: date("due_on", { mode: "string" }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    version: integer().notNull().default(1),
  },
  (t) => [index("resolution_targets_res_idx").on(t.resolutionId)],
);

/** A dated measurement of a target. */
export const measurements = pgTable(
  "target_measurements",
  {
    id: uuid().primaryKey().defaultRandom(),
    targetId: uuid("target_id")
      .notNull()
      .references(() => targets.id),
    measuredOn: date("measured_on", { mode: "string" }).notNull(),
    value: numeric({ mode: "number" }).notNull(),
    note: text(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("target_measurements_target_idx").on(t.targetId, t.measuredOn)],
);

/** A focal (trọng tâm) or breakthrough (đột phá) task of a resolution. */
export const resolutionTasks = pgTable(
  "resolution_tasks",
  {
    id: uuid().primaryKey().defaultRandom(),
    resolutionId: uuid("resolution_id")
      .notNull()
      .references(() => resolutions.id),
    position: integer().notNull().default(0),
    title: text().notNull(),
    focal: boolean().notNull().default(false),
    breakthrough: boolean().notNull().default(false),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [index("resolution_tasks_res_idx").on(t.resolutionId)],
);
