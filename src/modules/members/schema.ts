import { sql } from "drizzle-orm";
import { boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../organizations/schema.js";

export const members = pgTable(
  "members",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The cell (or group) the member belongs to now; history lives in member_transfers. */
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    fullName: text("full_name").notNull(),
    /** Vietnamese order (given, middle, family) as an ASCII key compared with COLLATE "C". */
    sortKey: text("sort_key").notNull(),
    /** Lower-case, diacritics-free name, card number and email for "nguyen van an" searches. */
    searchText: text("search_text").notNull(),
    status: text().$type<"full" | "probationary">().notNull(),
    cardNumber: text("card_number"),
    dateOfBirth: date("date_of_birth", { mode: "string" }),
    gender: text().$type<"male" | "female">(),
    ethnicity: text(),
    education: text(),
    admissionDate: date("admission_date", { mode: "string" }),
    ceremonyDate: date("ceremony_date", { mode: "string" }),
    officialDate: date("official_date", { mode: "string" }),
    phone: text(),
    email: text(),
    unit: text(),
    /** Miễn sinh hoạt: excused from cell activities, left out of attendance counts. */
    exemptFromActivities: boolean("exempt_from_activities").notNull().default(false),
    leftOn: date("left_on", { mode: "string" }),
    leftReason: text("left_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [
    index("members_org_sort_idx").on(t.organizationId, sql`${t.sortKey} COLLATE "C"`),
    uniqueIndex("members_card_key").on(t.cardNumber).where(sql`${t.cardNumber} IS NOT NULL AND ${t.leftOn} IS NULL`),
  ],
);

export const memberTransfers = pgTable(
  "member_transfers",
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    fromOrganizationId: uuid("from_organization_id").references(() => organizations.id),
    toOrganizationId: uuid("to_organization_id")
      .notNull()
      .references(() => organizations.id),
    transferredOn: date("transferred_on", { mode: "string" }).notNull(),
    note: text(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("member_transfers_member_idx").on(t.memberId),
    index("member_transfers_to_org_idx").on(t.toOrganizationId),
  ],
);
