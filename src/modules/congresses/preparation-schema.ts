import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { members } from "../members/schema.js";
import { organizations, terms } from "../organizations/schema.js";
import type { CredentialState, DelegateKind, StepOwner, StepTemplate } from "./preparation-model.js";

/** The preparation of a coming congress: its plan, drafts, delegates and the day itself (ADR 0144). */
export const congressPreparations = pgTable(
  "congress_preparations",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    /** The outgoing term whose record the drafts tell. */
    termId: uuid("term_id").references(() => terms.id),
    congressOn: date("congress_on", { mode: "string" }).notNull(),
    nextTermLabel: text("next_term_label").notNull(),
    place: text(),
    rulebookKey: text("rulebook_key").notNull(),
    /** The drafts in the documents register. */
    politicalReportId: uuid("political_report_id"),
    selfReviewId: uuid("self_review_id"),
    draftResolutionId: uuid("draft_resolution_id"),
    /** The congress's minutes, composed from the day's record into the register (ADR 0171). */
    minutesId: uuid("minutes_id"),
    presidium: jsonb().$type<string[]>().notNull().default([]),
    secretariat: jsonb().$type<string[]>().notNull().default([]),
    countingBoard: jsonb("counting_board").$type<string[]>().notNull().default([]),
    agenda: jsonb().$type<string[]>().notNull().default([]),
    /** The agenda item the hall shows, by position. */
    currentItem: integer("current_item"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [uniqueIndex("congress_preparations_org_day_key").on(t.organizationId, t.congressOn)],
);

/** One step of the preparation plan, instantiated from the rulebook when the plan is made. */
export const preparationSteps = pgTable(
  "preparation_steps",
  {
    id: uuid().primaryKey().defaultRandom(),
    preparationId: uuid("preparation_id")
      .notNull()
      .references(() => congressPreparations.id),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    stepKey: text("step_key").notNull(),
    position: integer().notNull(),
    group: text().$type<StepTemplate["group"]>().notNull(),
    owner: text().$type<StepOwner>().notNull(),
    title: text().notNull(),
    titleEn: text("title_en").notNull(),
    source: text().notNull(),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    ownerMemberId: uuid("owner_member_id").references(() => members.id),
    done: boolean().notNull().default(false),
    doneOn: date("done_on", { mode: "string" }),
    note: text(),
    version: integer().notNull().default(1),
  },
  (t) => [
    index("preparation_steps_prep_idx").on(t.preparationId, t.position),
    index("preparation_steps_open_idx").on(t.done),
  ],
);

/** How many official delegates each cell sends to a đảng bộ's congress. */
export const delegateQuotas = pgTable(
  "delegate_quotas",
  {
    id: uuid().primaryKey().defaultRandom(),
    preparationId: uuid("preparation_id")
      .notNull()
      .references(() => congressPreparations.id),
    cellId: uuid("cell_id")
      .notNull()
      .references(() => organizations.id),
    quota: integer().notNull(),
    version: integer().notNull().default(1),
  },
  (t) => [uniqueIndex("delegate_quotas_key").on(t.preparationId, t.cellId)],
);

/** A delegate to the congress (for a cell's own congress, each of its full members), checked and present or not. */
export const congressDelegates = pgTable(
  "congress_delegates",
  {
    id: uuid().primaryKey().defaultRandom(),
    preparationId: uuid("preparation_id")
      .notNull()
      .references(() => congressPreparations.id),
    cellId: uuid("cell_id")
      .notNull()
      .references(() => organizations.id),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    kind: text().$type<DelegateKind>().notNull(),
    credential: text().$type<CredentialState>().notNull().default("pending"),
    credentialNote: text("credential_note"),
    present: boolean().notNull().default(false),
    version: integer().notNull().default(1),
  },
  (t) => [
    uniqueIndex("congress_delegates_key").on(t.preparationId, t.memberId),
    index("congress_delegates_member_idx").on(t.memberId),
  ],
);
