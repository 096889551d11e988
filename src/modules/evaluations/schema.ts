import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { members } from "../members/schema.js";
import { organizations } from "../organizations/schema.js";
import type {
  DisciplineFact,
  ExclusionReason,
  Form,
  Level,
  MemberFacts,
  PeriodKind,
  PeriodState,
  Post,
  SectionId,
  SubjectKind,
  Veto,
} from "./model.js";

const audited = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  /** Official records are never deleted: a withdrawn row keeps its history. */
  deletedAt: timestamp("deleted_at", { withTimezone: true }),
  version: integer().notNull().default(1),
};

/** A review period of a đảng bộ (a year, a quarter or a term), judged by the rulebooks in force on its last day. */
export const evaluationPeriods = pgTable(
  "evaluation_periods",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    kind: text().$type<PeriodKind>().notNull(),
    year: integer().notNull(),
    quarter: integer(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    rulebookKey: text("rulebook_key").notNull(),
    rubricKey: text("rubric_key").notNull(),
    state: text().$type<PeriodState>().notNull().default("open"),
    /** Results made known to members and cells. */
    publishedAt: timestamp("published_at", { withTimezone: true }),
    /**
     * Bumped by every write that moves the period's counts (a self-assessment, a proposal, a decision): the
     * đảng bộ-wide tallies are kept per server under this number, so a view recounts only after a change (ADR 0166).
     */
    tallyRevision: integer("tally_revision").notNull().default(0),
    ...audited,
  },
  (t) => [
    uniqueIndex("evaluation_periods_key")
      .on(t.organizationId, t.kind, t.year, sql`coalesce(${t.quarter}, 0)`)
      .where(sql`${t.deletedAt} IS NULL`),
  ],
);

/** Who is evaluated in a period: each member of each cell, and each cell as a collective; exclusions kept with why. */
export const evaluationSubjects = pgTable(
  "evaluation_subjects",
  {
    id: uuid().primaryKey().defaultRandom(),
    periodId: uuid("period_id")
      .notNull()
      .references(() => evaluationPeriods.id),
    cellId: uuid("cell_id")
      .notNull()
      .references(() => organizations.id),
    kind: text().$type<SubjectKind>().notNull(),
    /** null for the cell itself. */
    memberId: uuid("member_id").references(() => members.id),
    post: text().$type<Post>().notNull(),
    form: text().$type<Form>().notNull(),
    excluded: boolean().notNull().default(false),
    exclusionReason: text("exclusion_reason").$type<ExclusionReason>(),
    /** Discipline in the period, entered by the cell's committee until an inspection module records it. */
    discipline: jsonb().$type<DisciplineFact[]>().notNull().default([]),
    ...audited,
  },
  (t) => [
    index("evaluation_subjects_period_cell_idx").on(t.periodId, t.cellId),
    index("evaluation_subjects_member_idx").on(t.memberId),
    uniqueIndex("evaluation_subjects_key").on(
      t.periodId,
      t.cellId,
      sql`coalesce(${t.memberId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
  ],
);

/** A member's bản kiểm điểm (2A/2B/2C/05) or the cell's Mẫu 01 self-scoring, with the facts it was pre-filled from. */
export const selfAssessments = pgTable(
  "self_assessments",
  {
    id: uuid().primaryKey().defaultRandom(),
    subjectId: uuid("subject_id")
      .notNull()
      .references(() => evaluationSubjects.id),
    sections: jsonb().$type<Partial<Record<SectionId, string | null>>>().notNull(),
    /** criterion id → points, on the rubric named below */
    scores: jsonb().$type<Record<string, number>>().notNull(),
    total: doublePrecision().notNull(),
    rubricKey: text("rubric_key").notNull(),
    proposedLevel: text("proposed_level").$type<Level>().notNull(),
    shortcomingItems: jsonb("shortcoming_items").$type<string[]>().notNull().default([]),
    previousFixed: jsonb("previous_fixed").$type<(boolean | null)[]>().notNull().default([]),
    exceededTaskIds: jsonb("exceeded_task_ids").$type<string[]>().notNull().default([]),
    /** The facts as read when the member last saved, each with its source. */
    facts: jsonb().$type<MemberFacts>().notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    ...audited,
  },
  (t) => [uniqueIndex("self_assessments_subject_key").on(t.subjectId).where(sql`${t.deletedAt} IS NULL`)],
);

/** Phê bình: what a member said about another at the review meeting, or the residence cell's written comment. */
export const evaluationComments = pgTable(
  "evaluation_comments",
  {
    id: uuid().primaryKey().defaultRandom(),
    subjectId: uuid("subject_id")
      .notNull()
      .references(() => evaluationSubjects.id),
    kind: text().$type<"criticism" | "residence">().notNull(),
    authorMemberId: uuid("author_member_id").references(() => members.id),
    authorName: text("author_name"),
    text: text().notNull(),
    meetingId: uuid("meeting_id"),
    createdBy: uuid("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [index("evaluation_comments_subject_idx").on(t.subjectId)],
);

/** The level the cell proposes at its review meeting (a meeting of the meetings module), with its vote. */
export const evaluationProposals = pgTable(
  "evaluation_proposals",
  {
    id: uuid().primaryKey().defaultRandom(),
    subjectId: uuid("subject_id")
      .notNull()
      .references(() => evaluationSubjects.id),
    level: text().$type<Level>().notNull(),
    /** The cell's review meeting; null only for a back-filled year whose meeting is not in chibo. */
    meetingId: uuid("meeting_id"),
    /** A vote recorded in the meeting itself, when the cell voted there; its counts are copied below. */
    voteId: uuid("vote_id"),
    votes: jsonb().$type<{ inFavour: number; against: number; other: number } | null>(),
    note: text(),
    proposedBy: uuid("proposed_by").notNull(),
    ...audited,
  },
  (t) => [uniqueIndex("evaluation_proposals_subject_key").on(t.subjectId).where(sql`${t.deletedAt} IS NULL`)],
);

export interface ReRanking {
  from: Level;
  to: Level;
  reason: string;
  decidedOn: string;
  byUserId: string;
  at: string;
}

/** The đảng ủy's decision on a member or a cell; a later re-ranking (Mẫu 03) is appended, never overwritten silently. */
export const evaluationDecisions = pgTable(
  "evaluation_decisions",
  {
    id: uuid().primaryKey().defaultRandom(),
    subjectId: uuid("subject_id")
      .notNull()
      .references(() => evaluationSubjects.id),
    periodId: uuid("period_id")
      .notNull()
      .references(() => evaluationPeriods.id),
    level: text().$type<Level>().notNull(),
    score: doublePrecision(),
    decidedOn: date("decided_on", { mode: "string" }).notNull(),
    decidedBy: uuid("decided_by").notNull(),
    quotaRaisedReason: text("quota_raised_reason"),
    vetoKind: text("veto_kind").$type<Veto>(),
    vetoReason: text("veto_reason"),
    reRankings: jsonb("re_rankings").$type<ReRanking[]>().notNull().default([]),
    ...audited,
  },
  (t) => [
    uniqueIndex("evaluation_decisions_subject_key").on(t.subjectId).where(sql`${t.deletedAt} IS NULL`),
    index("evaluation_decisions_period_idx").on(t.periodId),
  ],
);

/**
 * The meeting at which a cell holds its review of a period (a meeting of the meetings module, created with the
 * year-end review agenda); one per cell and period while it stands.
 */
export const evaluationReviewMeetings = pgTable(
  "evaluation_review_meetings",
  {
    id: uuid().primaryKey().defaultRandom(),
    periodId: uuid("period_id")
      .notNull()
      .references(() => evaluationPeriods.id),
    cellId: uuid("cell_id")
      .notNull()
      .references(() => organizations.id),
    meetingId: uuid("meeting_id").notNull(),
    createdBy: uuid("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("evaluation_review_meetings_key").on(t.periodId, t.cellId).where(sql`${t.deletedAt} IS NULL`),
    index("evaluation_review_meetings_meeting_idx").on(t.meetingId),
  ],
);
