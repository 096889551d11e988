import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { members } from "../members/schema.js";
import { organizations, terms } from "../organizations/schema.js";
import type { ElectionResult, FulfilledBy } from "./model.js";

/** A congress (đại hội) that opens a term of a cell or a đảng bộ. */
export const congresses = pgTable(
  "congresses",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    termId: uuid("term_id").references(() => terms.id),
    heldOn: date("held_on", { mode: "string" }).notNull(),
    termLabel: text("term_label").notNull(),
    delegatesTotal: integer("delegates_total").notNull(),
    delegatesPresent: integer("delegates_present").notNull(),
    /** Who was elected to what, with their votes. */
    elected: jsonb().$type<ElectionResult[]>().notNull(),
    note: text(),
    /** The submission (tờ trình) asking the level above to ratify (chuẩn y) the secretary. */
    submissionNumber: text("submission_number"),
    submittedOn: date("submitted_on", { mode: "string" }),
    ratifiedOn: date("ratified_on", { mode: "string" }),
    ratificationNumber: text("ratification_number"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [index("congresses_org_idx").on(t.organizationId, t.heldOn)],
);

/** One item of the post-congress checklist, instantiated from the rulebook when the congress is recorded. */
export const checklistItems = pgTable(
  "checklist_items",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    congressId: uuid("congress_id")
      .notNull()
      .references(() => congresses.id),
    rulebookKey: text("rulebook_key").notNull(),
    itemKey: text("item_key").notNull(),
    position: integer().notNull(),
    title: text().notNull(),
    titleEn: text("title_en").notNull(),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    ownerMemberId: uuid("owner_member_id").references(() => members.id),
    /** What kind of record fulfils it ("programme", "ratification", …), from the template. */
    fulfilledBy: text("fulfilled_by").$type<FulfilledBy>(),
    /** The record that fulfilled it. */
    recordKind: text("record_kind"),
    recordId: uuid("record_id"),
    done: boolean().notNull().default(false),
    doneOn: date("done_on", { mode: "string" }),
    note: text(),
    version: integer().notNull().default(1),
  },
  (t) => [
    index("checklist_items_org_idx").on(t.organizationId),
    index("checklist_items_congress_idx").on(t.congressId, t.position),
  ],
);
