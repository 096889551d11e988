import { and, lte, sql } from "drizzle-orm";
import {
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { members } from "../members/schema.js";
import type { OrgKind, PositionRole } from "./model.js";

export const organizations = pgTable(
  "organizations",
  {
    id: uuid().primaryKey().defaultRandom(),
    parentId: uuid("parent_id").references((): AnyPgColumn => organizations.id),
    /** "/<root id>/…/<own id>/": ancestors and self, so a subtree is one prefix match. */
    path: text().notNull(),
    kind: text().$type<OrgKind>().notNull(),
    name: text().notNull(),
    /** Short human code, unique: used by the roster file and the CLI. */
    code: text().notNull(),
    /** Issuer abbreviation on documents ("CB", "ĐU"). */
    abbreviation: text().notNull(),
    /** Name of the level above as written in a document header, when it is outside chibo. */
    superiorName: text("superior_name"),
    /** Place name written before the date on documents ("Lâm Đồng"). */
    place: text(),
    /** Where and when ("HH:MM") the cell usually meets: the new-meeting form starts from them. */
    usualMeetingPlace: text("usual_meeting_place"),
    usualMeetingTime: text("usual_meeting_time"),
    closedOn: date("closed_on", { mode: "string" }),
    closedReason: text("closed_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [
    uniqueIndex("organizations_code_key").on(sql`lower(${t.code})`),
    index("organizations_path_idx").on(sql`${t.path} text_pattern_ops`),
    index("organizations_parent_idx").on(t.parentId),
  ],
);

export const terms = pgTable(
  "terms",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    label: text().notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [index("terms_org_idx").on(t.organizationId, t.startsOn)],
);

export const positions = pgTable(
  "positions",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    termId: uuid("term_id").references(() => terms.id),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    role: text().$type<PositionRole>().notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("positions_org_idx").on(t.organizationId), index("positions_member_idx").on(t.memberId)],
);

/** A position held on the date: started on or before it and not ended before it (every reader of posts asks this). */
export const positionHeldOn = (date: string) =>
  and(lte(positions.startsOn, date), sql`(${positions.endsOn} IS NULL OR ${positions.endsOn} >= ${date})`);

/** A đảng ủy member follows ("phụ trách") the cells assigned to them. */
export const oversights = pgTable(
  "oversights",
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("oversights_member_idx").on(t.memberId), index("oversights_org_idx").on(t.organizationId)],
);
