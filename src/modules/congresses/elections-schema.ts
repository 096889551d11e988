import { sql } from "drizzle-orm";
import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../organizations/schema.js";
import type { CountingMode, ElectionBody, InvalidReason, RoundResult, Tally } from "./elections-model.js";
import { congresses } from "./schema.js";

export interface ElectionPerson {
  memberId: string;
  fullName: string;
}

/** An election held at a congress: the committee, or the secretary or deputy, with its candidates and board. */
export const elections = pgTable(
  "elections",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    heldOn: date("held_on", { mode: "string" }).notNull(),
    title: text().notNull(),
    body: text().$type<ElectionBody>().notNull(),
    seats: integer().notNull(),
    /** The list of candidates in Vietnamese name order, as printed on the ballot. */
    candidates: jsonb().$type<ElectionPerson[]>().notNull(),
    /** The vote-counting board (ban kiểm phiếu), its head first: every one of them signs the minutes. */
    board: jsonb().$type<ElectionPerson[]>().notNull(),
    rulebookKey: text("rulebook_key").notNull(),
    /** "open" while rounds are held; "done" once the seats are filled or no further round is allowed. */
    status: text().$type<"open" | "done">().notNull().default("open"),
    /** Who was elected, in which round, with their votes. */
    elected: jsonb().$type<{ memberId: string; votes: number; round: number }[]>().notNull().default([]),
    /** The congress the result was recorded into. */
    congressId: uuid("congress_id").references(() => congresses.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [index("elections_org_idx").on(t.organizationId, t.heldOn)],
);

/** One round of voting: its seats and candidates, how it is counted, and its result once released. */
export const electionRounds = pgTable(
  "election_rounds",
  {
    id: uuid().primaryKey().defaultRandom(),
    electionId: uuid("election_id")
      .notNull()
      .references(() => elections.id),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    number: integer().notNull(),
    seats: integer().notNull(),
    candidateIds: jsonb("candidate_ids").$type<string[]>().notNull(),
    mode: text().$type<CountingMode>().notNull(),
    /** Ballots handed out (serials 1…n are printed). */
    ballotsIssued: integer("ballots_issued").notNull(),
    /** Ballots taken from the box, recorded at release. */
    ballotsReturned: integer("ballots_returned"),
    /** The board's own tally, when the round is counted that way. */
    tally: jsonb().$type<Tally>(),
    status: text().$type<"counting" | "released">().notNull().default("counting"),
    result: jsonb().$type<RoundResult>(),
    releasedOn: date("released_on", { mode: "string" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [uniqueIndex("election_rounds_number_key").on(t.electionId, t.number)],
);

/**
 * One ballot as counted. Secret by construction: no voter, no counter, no time — only the round, the serial
 * printed on the paper and what it says. The serial is unique in the round, so a ballot is never entered twice.
 * A ballot entered wrongly is corrected in place, keeping its serial; its version says how often.
 */
export const electionBallots = pgTable(
  "election_ballots",
  {
    id: uuid().primaryKey().defaultRandom(),
    roundId: uuid("round_id")
      .notNull()
      .references(() => electionRounds.id),
    serial: integer().notNull(),
    kept: jsonb().$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    invalidReason: text("invalid_reason").$type<InvalidReason>(),
    /** 1 as entered; each correction by the board while the round is counted moves it (audited with its reason). */
    version: integer().notNull().default(1),
  },
  (t) => [uniqueIndex("election_ballots_serial_key").on(t.roundId, t.serial)],
);
