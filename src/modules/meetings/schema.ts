import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { organizations } from "../organizations/schema.js";
import { members } from "../members/schema.js";
import { users } from "../accounts/schema.js";
import type { AttendanceStatus, MeetingStatus, StepPhase, VoteChoice, VoteRuleId } from "./model.js";
import type { CriterionResult, Judgement, MeetingFacts, MeetingKind, Rating } from "./scoring.js";

/** A meeting of a cell or of a committee: planned, prepared, held live, minuted, approved. */
export const meetings = pgTable(
  "meetings",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    kind: text().$type<MeetingKind>().notNull(),
    /** Optional subject line ("Chuyên đề: …"); the minutes title is built from kind and month. */
    title: text(),
    date: date({ mode: "string" }).notNull(),
    /** "HH:MM", Hanoi time */
    startTime: text("start_time").notNull(),
    place: text().notNull(),
    status: text().$type<MeetingStatus>().notNull().default("planned"),
    /** The meeting rulebook in force on the meeting date, kept so old meetings keep their rules. */
    rulebookKey: text("rulebook_key").notNull(),
    /** Back-filled from paper records after the fact. */
    enteredLate: boolean("entered_late").notNull().default(false),
    chairMemberId: uuid("chair_member_id").references(() => members.id),
    minuteTakerMemberId: uuid("minute_taker_member_id").references(() => members.id),
    preparerMemberId: uuid("preparer_member_id").references(() => members.id),
    purpose: text(),
    guests: jsonb().$type<string[]>().notNull().default([]),
    agenda: jsonb().$type<string[]>().notNull().default([]),
    dues: text(),
    content: text(),
    draftResolution: text("draft_resolution"),
    criticism: text(),
    conclusion: text(),
    /** Thematic meetings: the topic criteria ticked and the draft's sections (step 1–2), the reviews (step 5). */
    thematic: jsonb().$type<ThematicData>().notNull().default({}),
    startedAt: timestamp("started_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    chairApprovedAt: timestamp("chair_approved_at", { withTimezone: true }),
    takerApprovedAt: timestamp("taker_approved_at", { withTimezone: true }),
    /** Who approved in each role, recorded when they did: an approval counts only while its giver holds the role. */
    chairApprovedBy: uuid("chair_approved_by").references(() => members.id),
    takerApprovedBy: uuid("taker_approved_by").references(() => members.id),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    cancelReason: text("cancel_reason"),
    /** The calendar's SEQUENCE: raised by each change of date, time or place and by the cancellation (RFC 5545). */
    sequence: integer().notNull().default(0),
    /** The issued minutes (BB) in the documents register, once "Ban hành biên bản" was pressed. */
    minutesDocumentId: uuid("minutes_document_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  // By date alone too: the overview of a month reads every cell's meeting in that month.
  (t) => [index("meetings_org_date_idx").on(t.organizationId, t.date), index("meetings_date_idx").on(t.date)],
);

export interface ThematicData {
  criteria?: string[];
  topic?: string;
  survey?: string;
  purpose?: string;
  solutions?: string;
  obstacles?: string;
  assignment?: string;
  interimReviewOn?: string | null;
  finalReviewOn?: string | null;
}

/** Each preparation, live and thematic step: who did it and when (or that it was skipped, and why). */
export const meetingSteps = pgTable(
  "meeting_steps",
  {
    id: uuid().primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id),
    phase: text().$type<StepPhase>().notNull(),
    stepId: text("step_id").notNull(),
    skipped: boolean().notNull().default(false),
    note: text(),
    doneAt: timestamp("done_at", { withTimezone: true }).notNull().defaultNow(),
    doneByUserId: uuid("done_by_user_id").references(() => users.id),
    doneByName: text("done_by_name").notNull(),
  },
  (t) => [uniqueIndex("meeting_steps_key").on(t.meetingId, t.phase, t.stepId)],
);

export const meetingAttendance = pgTable(
  "meeting_attendance",
  {
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    status: text().$type<AttendanceStatus>().notNull(),
    reason: text(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("meeting_attendance_key").on(t.meetingId, t.memberId),
    index("meeting_attendance_member_idx").on(t.memberId),
  ],
);

/** A speaker's contribution in the discussion, or in criticism and self-criticism. */
export const meetingContributions = pgTable(
  "meeting_contributions",
  {
    id: uuid().primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id),
    memberId: uuid("member_id").references(() => members.id),
    /** A guest speaker's name when memberId is null. */
    speakerName: text("speaker_name").notNull(),
    part: text().$type<"discussion" | "criticism">().notNull().default("discussion"),
    text: text().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [index("meeting_contributions_meeting_idx").on(t.meetingId, t.createdAt)],
);

/** Tasks handed out in a meeting; the plans module turns them into tracked tasks. */
export const meetingTasks = pgTable(
  "meeting_tasks",
  {
    id: uuid().primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id),
    what: text().notNull(),
    responsibleMemberId: uuid("responsible_member_id")
      .notNull()
      .references(() => members.id),
    deadline: date({ mode: "string" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("meeting_tasks_meeting_idx").on(t.meetingId)],
);

export const meetingVotes = pgTable(
  "meeting_votes",
  {
    id: uuid().primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id),
    subject: text().notNull(),
    rule: text().$type<VoteRuleId>().notNull(),
    mode: text().$type<"counted" | "named">().notNull(),
    /** Members who could vote: present (or late) and allowed by the rule. */
    eligible: integer().notNull(),
    /** The base of a rule counted on the cell's full members (admission-type votes). */
    fullMembers: integer("full_members").notNull(),
    inFavour: integer("in_favour").notNull(),
    against: integer().notNull(),
    other: integer().notNull(),
    passed: boolean().notNull(),
    ballots: jsonb().$type<{ memberId: string; choice: VoteChoice }[]>().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("meeting_votes_meeting_idx").on(t.meetingId)],
);

/** A correction to approved minutes: the minutes stay as approved, the amendment is added. */
export const meetingAmendments = pgTable("meeting_amendments", {
  id: uuid().primaryKey().defaultRandom(),
  meetingId: uuid("meeting_id")
    .notNull()
    .references(() => meetings.id),
  text: text().notNull(),
  byUserId: uuid("by_user_id").references(() => users.id),
  byName: text("by_name").notNull(),
  at: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** The quality score of a meeting, by the sheet in force on its date. */
export const meetingScores = pgTable("meeting_scores", {
  meetingId: uuid("meeting_id")
    .primaryKey()
    .references(() => meetings.id),
  sheetKey: text("sheet_key").notNull(),
  sheetEffectiveFrom: date("sheet_effective_from", { mode: "string" }).notNull(),
  facts: jsonb().$type<MeetingFacts>().notNull(),
  judgements: jsonb().$type<Judgement[]>().notNull().default([]),
  total: doublePrecision(),
  max: doublePrecision(),
  rating: text().$type<Rating>(),
  criteria: jsonb().$type<CriterionResult[]>().notNull().default([]),
  scoredAt: timestamp("scored_at", { withTimezone: true }).notNull().defaultNow(),
  scoredByUserId: uuid("scored_by_user_id").references(() => users.id),
  scoredByName: text("scored_by_name").notNull(),
  version: integer().notNull().default(1),
});

/**
 * Derived data, never official: each meeting's attendance figures, kept so that the overview of a đảng bộ reads one
 * row per meeting instead of rebuilding every roster on its date. Triggers (migration 0007_meeting_summaries) move
 * `mark` whenever something the figures depend on changes: the meeting, its attendance, a member's transfer or
 * status. The figures are current when `computedMark = mark`; refreshMeetingSummaries brings stale rows up to date.
 */
export const meetingSummaryMarks = pgSequence("meeting_summary_marks");
export const meetingSummaries = pgTable(
  "meeting_summaries",
  {
    meetingId: uuid("meeting_id")
      .primaryKey()
      .references(() => meetings.id, { onDelete: "cascade" }),
    mark: bigint({ mode: "number" }).notNull(),
    computedMark: bigint("computed_mark", { mode: "number" }),
    /** Members expected (the roster without the exempt), those present or late among them, and the rate. */
    expected: integer(),
    present: integer(),
    ratePercent: doublePrecision("rate_percent"),
    computedAt: timestamp("computed_at", { withTimezone: true }),
  },
  (t) => [
    index("meeting_summaries_stale_idx").on(t.meetingId).where(sql`${t.computedMark} IS DISTINCT FROM ${t.mark}`),
  ],
);

/** A member's personal calendar feed: the token is a secret, stored only as a hash. */
export const calendarTokens = pgTable(
  "calendar_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    memberId: uuid("member_id")
      .notNull()
      .references(() => members.id),
    tokenHash: text("token_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("calendar_tokens_hash_key").on(t.tokenHash),
    index("calendar_tokens_member_idx").on(t.memberId).where(sql`${t.revokedAt} IS NULL`),
  ],
);
