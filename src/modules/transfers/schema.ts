import { date, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { members } from "../members/schema.js";
import { organizations } from "../organizations/schema.js";
import type { StayPurpose, TransferDirection } from "./model.js";

/**
 * An official transfer of party activity across the đảng bộ's edge (294-QĐ/TW §6.3): a member leaving with the
 * giấy giới thiệu the đảng ủy issues ("out"), or a member arriving with the letter of another đảng bộ ("in"). Moves
 * between cells of one đảng bộ stay in the members module's own transfers.
 */
export const partyTransfers = pgTable(
  "party_transfers",
  {
    id: uuid().primaryKey().defaultRandom(),
    direction: text().$type<TransferDirection>().notNull(),
    /** The đảng bộ that issues (out) or receives (in); its đảng ủy answers for the transfer. */
    partyCommitteeId: uuid("party_committee_id")
      .notNull()
      .references(() => organizations.id),
    /** The cell the member leaves (out) or joins (in). */
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    /** The party organisation at the other end, as the letter names it. */
    counterpart: text().notNull(),
    /** Out: the decision that moved the member's job or residence, from which the 60 working days run. */
    decisionRef: text("decision_ref"),
    decisionOn: date("decision_on", { mode: "string" }),
    reason: text(),
    /** The letter's number: the register's (out) or as printed on the letter received (in). */
    letterNumber: text("letter_number"),
    letterIssuedOn: date("letter_issued_on", { mode: "string" }).notNull(),
    /** Out: the giấy giới thiệu in the document register. */
    documentId: uuid("document_id"),
    /** The day the member leaves (out) or joins (in) the roster. */
    effectiveOn: date("effective_on", { mode: "string" }).notNull(),
    /** Why a deadline was missed, when it was (the 60 working days out, the 30 to present the letter in). */
    lateReason: text("late_reason"),
    /**
     * A transfer recorded by mistake or withdrawn while its letter was still valid: kept, never deleted. The issued
     * giấy giới thiệu stays in the register; this records its cancellation and why.
     */
    cancelledOn: date("cancelled_on", { mode: "string" }),
    cancelReason: text("cancel_reason"),
    cancelledBy: uuid("cancelled_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [
    index("party_transfers_committee_idx").on(t.partyCommitteeId, t.letterIssuedOn),
    index("party_transfers_member_idx").on(t.memberId),
  ],
);

/**
 * A temporary transfer (chuyển sinh hoạt tạm thời): a stay of 3 months to under a year (study: up to 2 years) at a
 * host cell. The member stays on the roll of their official cell, which evaluates them with the host's comments;
 * the host lists them apart and does not count them. Either end may lie outside the đảng bộ: one of our members
 * staying elsewhere (memberId, hostName), or a member of another đảng bộ staying with one of our cells (fullName,
 * homeName, hostOrganizationId).
 */
export const temporaryStays = pgTable(
  "temporary_stays",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The đảng bộ that records the stay. */
    partyCommitteeId: uuid("party_committee_id")
      .notNull()
      .references(() => organizations.id),
    /** One of our members; null for a member of another đảng bộ. */
    memberId: uuid("member_id").references(() => members.id),
    /** A member of another đảng bộ: their name and birth date as their letter gives them. */
    fullName: text("full_name"),
    dateOfBirth: date("date_of_birth", { mode: "string" }),
    /** The official cell: ours (homeOrganizationId) or named (homeName). */
    homeOrganizationId: uuid("home_organization_id").references(() => organizations.id),
    homeName: text("home_name"),
    /** The host cell: ours (hostOrganizationId) or named (hostName). */
    hostOrganizationId: uuid("host_organization_id").references(() => organizations.id),
    hostName: text("host_name"),
    purpose: text().$type<StayPurpose>().notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    /** The day the stay ends (the member returns); the duration is counted from startsOn to it. */
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    letterNumber: text("letter_number"),
    /** The host cell's comment on the member, for the official cell's yearly review. */
    hostComment: text("host_comment"),
    hostCommentOn: date("host_comment_on", { mode: "string" }),
    /** A stay cancelled before it began or withdrawn while under way: kept, left out of the lists and reminders. */
    cancelledOn: date("cancelled_on", { mode: "string" }),
    cancelReason: text("cancel_reason"),
    cancelledBy: uuid("cancelled_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [
    index("temporary_stays_host_idx").on(t.hostOrganizationId, t.startsOn),
    index("temporary_stays_home_idx").on(t.homeOrganizationId, t.startsOn),
    index("temporary_stays_committee_idx").on(t.partyCommitteeId),
  ],
);
