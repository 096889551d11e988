import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../organizations/schema.js";
import { members } from "../members/schema.js";
import type { Cadence, ProvidedForm } from "./model.js";

/**
 * A mass organisation (đoàn thể) led by a cell or by the đảng bộ: its kind (rulebook `mass-organization`), its
 * leader and size, and the committee member assigned to it, who works with it monthly or quarterly.
 */
export const massOrganizations = pgTable(
  "mass_organizations",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The cell or đảng bộ that leads it. */
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    kind: text().notNull(),
    name: text().notNull(),
    /** Its leader (often not a party member): a name and a title, as the committee knows them. */
    leaderName: text("leader_name"),
    leaderTitle: text("leader_title"),
    memberCount: integer("member_count"),
    /** The committee member assigned to it (phân công chi ủy viên phụ trách). */
    assignedMemberId: uuid("assigned_member_id").references(() => members.id),
    cadence: text().$type<Cadence>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    version: integer().notNull().default(1),
  },
  (t) => [index("mass_organizations_org_idx").on(t.organizationId)],
);

/** A work session of the assigned member with the organisation's leaders: its notes and the tasks handed out. */
export const massOrganizationSessions = pgTable(
  "mass_organization_sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    massOrganizationId: uuid("mass_organization_id")
      .notNull()
      .references(() => massOrganizations.id),
    heldOn: date("held_on", { mode: "string" }).notNull(),
    notes: text().notNull(),
    /** Tasks of the tasks module handed out at the session. */
    taskIds: jsonb("task_ids").$type<string[]>().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("mass_organization_sessions_org_idx").on(t.massOrganizationId, t.heldOn)],
);

/**
 * An introduction of a candidate for admission (4-KNĐ) or a comment on one (5-KNĐ) by the organisation, linked to
 * the candidate of the admissions module, whose dossier shows the form as provided by the organisation.
 */
export const massOrganizationIntroductions = pgTable(
  "mass_organization_introductions",
  {
    id: uuid().primaryKey().defaultRandom(),
    massOrganizationId: uuid("mass_organization_id")
      .notNull()
      .references(() => massOrganizations.id),
    candidateId: uuid("candidate_id").notNull(),
    form: text().$type<ProvidedForm>().notNull(),
    receivedOn: date("received_on", { mode: "string" }).notNull(),
    content: text(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("mass_organization_introductions_key").on(t.candidateId, t.form)],
);
