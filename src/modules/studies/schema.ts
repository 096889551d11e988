import { date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../organizations/schema.js";
import { members } from "../members/schema.js";
import type { ReflectionVia } from "./model.js";

/**
 * A study session of a cell on a resolution or directive of the level above (the resolutions module's "higher"
 * kind), or a make-up session for those absent from one (`makeupOfId`).
 */
export const studySessions = pgTable(
  "study_sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    resolutionId: uuid("resolution_id").notNull(),
    makeupOfId: uuid("makeup_of_id"),
    heldOn: date("held_on", { mode: "string" }).notNull(),
    place: text().notNull(),
    presenter: text(),
    note: text(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    version: integer().notNull().default(1),
  },
  (t) => [index("study_sessions_org_idx").on(t.organizationId, t.resolutionId)],
);

/** Who attended a study session (a row per member present; absent members have none). */
export const studyAttendance = pgTable(
  "study_attendance",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => studySessions.id),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.memberId] })],
);

/** A member's written reflection (bài thu hoạch) on a resolution: typed in the app, or received on paper. */
export const studyReflections = pgTable(
  "study_reflections",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    resolutionId: uuid("resolution_id").notNull(),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    via: text().$type<ReflectionVia>().notNull(),
    /** The text when typed in the app; a paper reflection stays on paper. */
    content: text(),
    receivedOn: date("received_on", { mode: "string" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("study_reflections_key").on(t.resolutionId, t.memberId)],
);

/** The cell's report upward on a resolution, issued as a numbered BC of the register, with the counts it stated. */
export const studyReports = pgTable(
  "study_reports",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    resolutionId: uuid("resolution_id").notNull(),
    documentId: uuid("document_id").notNull(),
    issuedOn: date("issued_on", { mode: "string" }).notNull(),
    total: integer().notNull(),
    studied: integer().notNull(),
    reflected: integer().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("study_reports_org_idx").on(t.organizationId, t.resolutionId)],
);
