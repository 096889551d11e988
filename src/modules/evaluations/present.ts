import { z } from "zod";
import { MEETING_STATUSES } from "../meetings/model.js";
import { FORMS, LEVELS, PERIOD_KINDS, POSTS, SECTION_IDS, SUBJECT_KINDS, VETOES } from "./model.js";
import type { CommentRow, DecisionRow, PeriodRow, ProposalRow, SelfAssessmentRow, SubjectProgress } from "./store.js";
import { hostCommentSchema } from "../transfers/present.js";

/**
 * What leaves the server, declared: each route's response schema is one of these, so no undeclared field (a score
 * to someone who may not see it) goes out. Instants are ISO strings.
 */
const level = z.enum(LEVELS);
const iso = z.string();
const when = (d: Date | string | null | undefined): string | null =>
  d == null ? null : typeof d === "string" ? d : d.toISOString();

export const deadlineSchema = z.object({
  key: z.enum(["self_assessment", "report_draft", "cell_meeting", "dossier"]),
  due: iso,
});

export const periodSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  kind: z.enum(PERIOD_KINDS),
  year: z.number().int(),
  quarter: z.number().int().nullable(),
  startsOn: iso,
  endsOn: iso,
  rulebookKey: z.string(),
  rubricKey: z.string(),
  state: z.enum(["open", "closed"]),
  publishedAt: iso.nullable(),
  version: z.number().int(),
  deadlines: z.array(deadlineSchema),
});
export function presentPeriod(p: PeriodRow, deadlines: z.infer<typeof deadlineSchema>[]): z.infer<typeof periodSchema> {
  return {
    id: p.id,
    organizationId: p.organizationId,
    kind: p.kind,
    year: p.year,
    quarter: p.quarter,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    rulebookKey: p.rulebookKey,
    rubricKey: p.rubricKey,
    state: p.state,
    publishedAt: when(p.publishedAt),
    version: p.version,
    deadlines,
  };
}

export const quotaGroupSchema = z.object({
  group: z.string(),
  subjects: z.number().int(),
  decided: z.number().int(),
  excellent: z.number().int(),
  good: z.number().int(),
  base: z.number().int(),
  allowed: z.number().int(),
  sharePercent: z.number(),
  raised: z.boolean(),
  ok: z.boolean(),
});

export const periodDetailSchema = periodSchema.extend({
  organizationName: z.string(),
  quota: z.array(quotaGroupSchema),
  counts: z.object({
    subjects: z.number().int(),
    excluded: z.number().int(),
    submitted: z.number().int(),
    proposed: z.number().int(),
    decided: z.number().int(),
  }),
});

export const subjectRowSchema = z.object({
  id: z.uuid(),
  cellId: z.uuid(),
  kind: z.enum(SUBJECT_KINDS),
  memberId: z.uuid().nullable(),
  name: z.string(),
  form: z.enum(FORMS),
  post: z.enum(POSTS),
  excluded: z.boolean(),
  exclusionReason: z.enum(["admitted_recently", "exempt", "suspended"]).nullable(),
  submittedAt: iso.nullable(),
  total: z.number().nullable(),
  selfLevel: level.nullable(),
  proposedLevel: level.nullable(),
  decidedLevel: level.nullable(),
});
export function presentProgress(p: SubjectProgress): z.infer<typeof subjectRowSchema> {
  return {
    id: p.id,
    cellId: p.cellId,
    kind: p.kind,
    memberId: p.memberId,
    name: p.name,
    form: p.form,
    post: p.post,
    excluded: p.excluded,
    exclusionReason: p.exclusionReason,
    submittedAt: p.submittedAt,
    total: p.total === null ? null : Number(p.total),
    selfLevel: p.selfLevel as z.infer<typeof level> | null,
    proposedLevel: p.proposedLevel as z.infer<typeof level> | null,
    decidedLevel: p.decidedLevel as z.infer<typeof level> | null,
  };
}

const source = z.object({ module: z.string(), ids: z.array(z.string()), readAt: iso });
export const factsSchema = z.object({
  asOf: iso,
  tasks: z.object({
    assigned: z.number().int(),
    onTime: z.number().int(),
    late: z.number().int(),
    undone: z.number().int(),
    exceeded: z.number().int(),
    items: z.array(
      z.object({
        taskId: z.uuid(),
        title: z.string(),
        dueOn: iso,
        doneOn: iso.nullable(),
        outcome: z.enum(["on_time", "late", "undone", "open"]),
        exceeded: z.boolean(),
      }),
    ),
    source,
  }),
  attendance: z.object({
    meetings: z.number().int(),
    present: z.number().int(),
    late: z.number().int(),
    absentWithReason: z.number().int(),
    absentWithoutReason: z.number().int(),
    exempt: z.number().int(),
    ratePercent: z.number().nullable(),
    source,
  }),
  personalPlan: z
    .object({
      planId: z.uuid(),
      items: z.array(z.object({ what: z.string(), dueOn: iso.nullable(), result: z.string().nullable() })),
      reviewNote: z.string().nullable(),
      reviewedOn: iso.nullable(),
      source,
    })
    .nullable(),
  shortcomings: z.object({
    fromPeriodId: z.uuid().nullable(),
    items: z.array(z.object({ text: z.string(), fixed: z.boolean().nullable() })),
    source,
  }),
  discipline: z.object({
    entries: z.array(
      z.object({
        form: z.enum(["reprimand", "warning", "dismissal", "expulsion"]),
        decidedOn: iso,
        dutyRelated: z.boolean(),
        note: z.string().nullable(),
      }),
    ),
    source,
  }),
});

export const assessmentSchema = z.object({
  id: z.uuid(),
  sections: z.partialRecord(z.enum(SECTION_IDS), z.string().nullable()),
  scores: z.record(z.string(), z.number()),
  total: z.number(),
  rubricKey: z.string(),
  proposedLevel: level,
  shortcomingItems: z.array(z.string()),
  previousFixed: z.array(z.boolean().nullable()),
  exceededTaskIds: z.array(z.uuid()),
  facts: factsSchema,
  submittedAt: iso.nullable(),
  version: z.number().int(),
});
export function presentAssessment(a: SelfAssessmentRow): z.infer<typeof assessmentSchema> {
  return {
    id: a.id,
    sections: a.sections,
    scores: a.scores,
    total: a.total,
    rubricKey: a.rubricKey,
    proposedLevel: a.proposedLevel,
    shortcomingItems: a.shortcomingItems,
    previousFixed: a.previousFixed,
    exceededTaskIds: a.exceededTaskIds,
    facts: a.facts,
    submittedAt: when(a.submittedAt),
    version: a.version,
  };
}

export const commentSchema = z.object({
  id: z.uuid(),
  kind: z.enum(["criticism", "residence"]),
  authorMemberId: z.uuid().nullable(),
  authorName: z.string().nullable(),
  text: z.string(),
  meetingId: z.uuid().nullable(),
  createdAt: iso,
});
export function presentComment(c: CommentRow): z.infer<typeof commentSchema> {
  return {
    id: c.id,
    kind: c.kind,
    authorMemberId: c.authorMemberId,
    authorName: c.authorName,
    text: c.text,
    meetingId: c.meetingId,
    createdAt: when(c.createdAt)!,
  };
}

const votes = z.object({ inFavour: z.number().int(), against: z.number().int(), other: z.number().int() });
export const proposalSchema = z.object({
  id: z.uuid(),
  level,
  meetingId: z.uuid().nullable(),
  voteId: z.uuid().nullable(),
  votes: votes.nullable(),
  note: z.string().nullable(),
  version: z.number().int(),
});
export function presentProposal(p: ProposalRow): z.infer<typeof proposalSchema> {
  return {
    id: p.id,
    level: p.level,
    meetingId: p.meetingId,
    voteId: p.voteId,
    votes: p.votes,
    note: p.note,
    version: p.version,
  };
}

export const decisionSchema = z.object({
  id: z.uuid(),
  level,
  score: z.number().nullable(),
  decidedOn: iso,
  quotaRaisedReason: z.string().nullable(),
  veto: z.object({ kind: z.enum(VETOES), reason: z.string() }).nullable(),
  reRankings: z.array(z.object({ from: level, to: level, reason: z.string(), decidedOn: iso, at: iso })),
  version: z.number().int(),
});
export function presentDecision(d: DecisionRow): z.infer<typeof decisionSchema> {
  return {
    id: d.id,
    level: d.level,
    score: d.score,
    decidedOn: d.decidedOn,
    quotaRaisedReason: d.quotaRaisedReason,
    veto: d.vetoKind ? { kind: d.vetoKind, reason: d.vetoReason ?? "" } : null,
    reRankings: d.reRankings.map(({ from, to, reason, decidedOn, at }) => ({ from, to, reason, decidedOn, at })),
    version: d.version,
  };
}

export const subjectDetailSchema = z.object({
  id: z.uuid(),
  periodId: z.uuid(),
  cellId: z.uuid(),
  cellName: z.string(),
  kind: z.enum(SUBJECT_KINDS),
  memberId: z.uuid().nullable(),
  name: z.string(),
  post: z.enum(POSTS),
  form: z.enum(FORMS),
  excluded: z.boolean(),
  exclusionReason: z.enum(["admitted_recently", "exempt", "suspended"]).nullable(),
  version: z.number().int(),
  assessment: assessmentSchema.nullable(),
  comments: z.array(commentSchema),
  /** The host cells' comments for a member in temporary activity elsewhere during the period (transfers). */
  hostComments: z.array(hostCommentSchema),
  proposal: proposalSchema.nullable(),
  /** A member reads their own decision only once results are published. */
  decision: decisionSchema.nullable(),
});

const rubricSection = z.object({
  id: z.string(),
  label: z.string(),
  criteria: z.array(z.object({ id: z.string(), label: z.string(), max: z.number() })),
});
export const formSchema = z.object({
  subject: subjectDetailSchema.omit({ comments: true, hostComments: true, proposal: true, decision: true }),
  period: periodSchema,
  rubricKey: z.string(),
  rubricProductReading: z.boolean(),
  rubric: z.array(rubricSection),
  /** Facts as chibo knows them now; what the member saves keeps a copy. */
  facts: factsSchema.nullable(),
});

export const decisionListSchema = z.object({
  periodId: z.uuid(),
  organizationId: z.uuid(),
  organizationName: z.string(),
  kind: z.enum(PERIOD_KINDS),
  year: z.number().int(),
  quarter: z.number().int().nullable(),
  rulebookKey: z.string(),
  publishedAt: iso.nullable(),
  entries: z.array(
    z.object({
      subjectId: z.uuid(),
      subjectKind: z.enum(SUBJECT_KINDS),
      memberId: z.uuid().nullable(),
      name: z.string(),
      cellId: z.uuid(),
      cellName: z.string(),
      form: z.enum(FORMS),
      score: z.number().nullable(),
      proposedLevel: level.nullable(),
      level,
      decidedOn: iso,
      quotaRaisedReason: z.string().nullable(),
      veto: z.object({ kind: z.enum(VETOES), reason: z.string() }).nullable(),
    }),
  ),
  totals: z.object({ member: z.record(level, z.number().int()), cell: z.record(level, z.number().int()) }),
});

const levelCounts = z.record(level, z.number().int());
export const cellReportSchema = z.object({
  periodId: z.uuid(),
  cellId: z.uuid(),
  cellName: z.string(),
  year: z.number().int(),
  startsOn: iso,
  endsOn: iso,
  members: z.object({
    total: z.number().int(),
    evaluated: z.number().int(),
    excluded: z.array(
      z.object({ memberId: z.uuid(), name: z.string(), reason: z.enum(["admitted_recently", "exempt", "suspended"]) }),
    ),
  }),
  meetings: z.object({
    held: z.number().int(),
    byRating: z.record(z.enum(["good", "fair", "average", "poor", "unrated"]), z.number().int()),
    source,
  }),
  tasks: z.object({
    assigned: z.number().int(),
    onTime: z.number().int(),
    late: z.number().int(),
    undone: z.number().int(),
    source,
  }),
  proposedLevels: levelCounts,
  decidedLevels: levelCounts,
  disciplined: z.number().int(),
  reviewMeetingId: z.uuid().nullable(),
  proposedLevel: level.nullable(),
  decidedLevel: level.nullable(),
});

/** The cell's review meeting (a meeting of the meetings module with the year-end review agenda). */
export const reviewMeetingSchema = z.object({ id: z.uuid(), date: iso, status: z.enum(MEETING_STATUSES) });

export const cellViewSchema = z.object({
  subjects: z.array(subjectRowSchema),
  report: cellReportSchema,
  deadlines: z.array(deadlineSchema),
  reviewMeeting: reviewMeetingSchema.nullable(),
});

/** What a meeting reviews, for its page: null for any other meeting, or for whoever may not read the review. */
export const meetingReviewSchema = z.object({
  review: z.object({ periodId: z.uuid(), cellId: z.uuid(), year: z.number().int() }).nullable(),
});

export const publishedResultsSchema = z.object({
  periodId: z.uuid(),
  year: z.number().int(),
  publishedAt: iso,
  items: z.array(z.object({ subjectId: z.uuid(), kind: z.enum(SUBJECT_KINDS), name: z.string(), level })),
});

export const decemberRowSchema = z.object({
  cellId: z.uuid(),
  cellName: z.string(),
  members: z.number().int(),
  excluded: z.number().int(),
  selfAssessed: z.number().int(),
  meetingHeld: z.boolean(),
  meetingId: z.uuid().nullable(),
  proposed: z.number().int(),
  decided: z.number().int(),
  cellProposedLevel: level.nullable(),
  cellDecidedLevel: level.nullable(),
  /** Not met by the cell-meeting deadline (31/12) while the deadline has passed or is today. */
  late: z.boolean(),
});
export const decemberViewSchema = z.object({
  period: periodSchema,
  today: iso,
  page: z.number().int(),
  pageSize: z.number().int(),
  totalCells: z.number().int(),
  totals: z.object({
    cells: z.number().int(),
    cellsMet: z.number().int(),
    cellsLate: z.number().int(),
    members: z.number().int(),
    selfAssessed: z.number().int(),
    proposed: z.number().int(),
    decided: z.number().int(),
  }),
  quota: z.array(quotaGroupSchema),
  items: z.array(decemberRowSchema),
});

export const memberHistorySchema = z.object({
  memberId: z.uuid(),
  years: z.array(
    z.object({ periodId: z.uuid(), year: z.number().int(), level, decidedOn: iso, rulebookKey: z.string() }),
  ),
  awards: z.array(
    z.object({ year: z.number().int(), kind: z.enum(["certificate", "consecutive"]), fromYear: z.number().int() }),
  ),
});

export const myEvaluationsSchema = z.object({
  items: z.array(
    z.object({
      subjectId: z.uuid(),
      period: periodSchema,
      form: z.enum(FORMS),
      excluded: z.boolean(),
      exclusionReason: z.enum(["admitted_recently", "exempt", "suspended"]).nullable(),
      submittedAt: iso.nullable(),
      /** Shown once the results are published. */
      level: level.nullable(),
    }),
  ),
});

export const listPeriodsSchema = z.object({ items: z.array(periodSchema) });
