import { z } from "zod";
import { timestamp, type Wire } from "../../core/http/present.js";
import type { MinutesData } from "./minutes.js";
import {
  ATTENDANCE_STATUSES,
  MEETING_KINDS,
  MEETING_STATUSES,
  STEP_PHASES,
  VOTE_CHOICES,
  VOTE_RULES,
} from "./model.js";
import { METRICS, RATINGS } from "./scoring.js";

// What the meetings module answers. A field not named here never leaves the server.

const nullableText = z.string().nullable();
const optionalNullableText = z.string().nullable().optional();

export const meetingSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  kind: z.enum(MEETING_KINDS),
  title: nullableText,
  date: z.string(),
  startTime: z.string(),
  place: z.string(),
  status: z.enum(MEETING_STATUSES),
  rulebookKey: z.string(),
  enteredLate: z.boolean(),
  chairMemberId: z.uuid().nullable(),
  minuteTakerMemberId: z.uuid().nullable(),
  preparerMemberId: z.uuid().nullable(),
  purpose: nullableText,
  guests: z.array(z.string()),
  agenda: z.array(z.string()),
  dues: nullableText,
  content: nullableText,
  draftResolution: nullableText,
  criticism: nullableText,
  conclusion: nullableText,
  thematic: z.object({
    criteria: z.array(z.string()).optional(),
    topic: optionalNullableText,
    survey: optionalNullableText,
    purpose: optionalNullableText,
    solutions: optionalNullableText,
    obstacles: optionalNullableText,
    assignment: optionalNullableText,
    interimReviewOn: optionalNullableText,
    finalReviewOn: optionalNullableText,
  }),
  startedAt: timestamp().nullable(),
  endedAt: timestamp().nullable(),
  chairApprovedAt: timestamp().nullable(),
  takerApprovedAt: timestamp().nullable(),
  chairApprovedBy: z.uuid().nullable(),
  takerApprovedBy: z.uuid().nullable(),
  approvedAt: timestamp().nullable(),
  cancelledAt: timestamp().nullable(),
  cancelReason: nullableText,
  sequence: z.number(),
  minutesDocumentId: z.uuid().nullable(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
  version: z.number(),
});

/** A cell's meetings, with the date the calendar proposes next and the quarters that lacked a thematic meeting. */
export const meetingListSchema = z.object({
  items: z.array(meetingSchema),
  /** The next date the calendar proposes, with the cell's usual time and place for the new-meeting form. */
  proposal: z.object({
    date: z.string(),
    source: z.string(),
    startTime: z.string().nullable(),
    place: z.string().nullable(),
  }),
  missingThematic: z.array(z.object({ year: z.number(), quarter: z.number() })),
  thematicSource: z.string(),
  permissions: z.object({ manage: z.boolean() }),
});

const ruleStepSchema = z.object({ id: z.string(), key: z.string(), committeeOnly: z.boolean().optional() });

export const attendanceCountsSchema = z.object({
  total: z.number(),
  exempt: z.number(),
  present: z.number(),
  late: z.number(),
  absentWithReason: z.number(),
  absentWithoutReason: z.number(),
  unmarked: z.number(),
  ratePercent: z.number().nullable(),
});

export const stepSchema = z.object({
  id: z.uuid(),
  meetingId: z.uuid(),
  phase: z.enum(STEP_PHASES),
  stepId: z.string(),
  skipped: z.boolean(),
  note: nullableText,
  doneAt: timestamp(),
  doneByUserId: z.uuid().nullable(),
  doneByName: z.string(),
});

export const contributionSchema = z.object({
  id: z.uuid(),
  meetingId: z.uuid(),
  memberId: z.uuid().nullable(),
  speakerName: z.string(),
  part: z.enum(["discussion", "criticism"]),
  text: z.string(),
  createdAt: timestamp(),
  version: z.number(),
});

export const meetingTaskSchema = z.object({
  id: z.uuid(),
  meetingId: z.uuid(),
  what: z.string(),
  responsibleMemberId: z.uuid(),
  deadline: z.string(),
  createdAt: timestamp(),
});

export const voteSchema = z.object({
  id: z.uuid(),
  meetingId: z.uuid(),
  subject: z.string(),
  rule: z.enum(VOTE_RULES),
  mode: z.enum(["counted", "named"]),
  eligible: z.number(),
  fullMembers: z.number(),
  inFavour: z.number(),
  against: z.number(),
  other: z.number(),
  passed: z.boolean(),
  ballots: z.array(z.object({ memberId: z.uuid(), choice: z.enum(VOTE_CHOICES) })),
  createdAt: timestamp(),
});

/** A vote as recorded, with the number of votes in favour it needed. */
export const recordedVoteSchema = voteSchema.extend({ threshold: z.number() });

export const amendmentSchema = z.object({
  id: z.uuid(),
  meetingId: z.uuid(),
  text: z.string(),
  byUserId: z.uuid().nullable(),
  byName: z.string(),
  at: timestamp(),
});

export const factsSchema = z.object({
  kind: z.enum(MEETING_KINDS),
  date: z.string(),
  members: z.number(),
  exempt: z.number(),
  present: z.number(),
  late: z.number().optional(),
  absentWithReason: z.number(),
  absentWithoutReason: z.number(),
  membersAbsentMoreThan3InARow: z.number(),
  durationMinutes: z.number().nullable(),
  startedOnTime: z.boolean().nullable(),
  speakers: z.number(),
  preparation: z.object({
    preparerAssigned: z.boolean(),
    committeeMet: z.boolean().nullable(),
    draftResolution: z.boolean(),
    noticeSent: z.boolean(),
    documentsPublishedDaysBefore: z.number().nullable(),
  }),
  stepsInOrder: z.boolean(),
  minutesComplete: z.boolean(),
  voteHeld: z.boolean(),
  previousResolutionDone: z.boolean().nullable(),
});

const reasonSchema = z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) });

const criterionResultSchema = z.object({
  id: z.string(),
  sectionId: z.string(),
  labelKey: z.string().optional(),
  label: z.string().optional(),
  points: z.number(),
  max: z.number(),
  computed: z.boolean(),
  note: z.string().optional(),
  reason: reasonSchema,
  capped: z.object({ metric: z.enum(METRICS), value: z.number(), maxPoints: z.number() }).optional(),
});

const judgementSchema = z.object({ criterionId: z.string(), points: z.number(), note: z.string() });

/** The stored score of a meeting, by the sheet in force on its date. */
export const scoreSchema = z.object({
  meetingId: z.uuid(),
  sheetKey: z.string(),
  sheetEffectiveFrom: z.string(),
  facts: factsSchema,
  judgements: z.array(judgementSchema),
  total: z.number().nullable(),
  max: z.number().nullable(),
  rating: z.enum(RATINGS).nullable(),
  criteria: z.array(criterionResultSchema),
  scoredAt: timestamp(),
  scoredByUserId: z.uuid().nullable(),
  scoredByName: z.string(),
  version: z.number(),
});

/** What the sheet in force gives a held meeting now, with the judgements entered so far. */
const scorePreviewSchema = z.object({
  sheetKey: z.string(),
  sheetTitle: z.string(),
  total: z.number(),
  max: z.number(),
  rating: z.enum(RATINGS),
  ratingBeforeCaps: z.enum(RATINGS).optional(),
  ratingCappedBy: z
    .array(z.object({ metric: z.enum(METRICS), value: z.number(), maxRating: z.enum(RATINGS) }))
    .optional(),
  criteria: z.array(criterionResultSchema),
  pendingJudgements: z.array(z.string()),
  applies: z.boolean(),
});

const voteRuleView = z.object({
  labelKey: z.string(),
  voters: z.enum(["all", "full"]),
  basis: z.enum(["present", "full_members"]),
  numerator: z.number(),
  denominator: z.number(),
  strict: z.boolean(),
});

/** Everything the meeting page shows, in one answer. */
export const meetingDetailSchema = meetingSchema.extend({
  organizationPath: z.string(),
  organizationName: z.string(),
  hasCommittee: z.boolean(),
  rulebook: z.object({ key: z.string(), title: z.string() }),
  rules: z.object({
    preparation: z.array(ruleStepSchema),
    publishDaysBefore: z.number(),
    live: z.array(ruleStepSchema),
    thematic: z.array(ruleStepSchema.extend({ applies: z.boolean(), skippable: z.boolean() })),
    topicCriteria: z.array(z.string()),
    minDurationMinutes: z.number().nullable(),
    attendanceMinPercent: z.number(),
    votes: z.record(z.enum(VOTE_RULES), voteRuleView),
  }),
  roster: z.array(
    z.object({
      id: z.uuid(),
      fullName: z.string(),
      status: z.enum(["full", "probationary"]),
      exempt: z.boolean(),
      attendance: z.enum(ATTENDANCE_STATUSES).nullable(),
      reason: nullableText,
    }),
  ),
  counts: attendanceCountsSchema,
  steps: z.array(stepSchema),
  latePublication: z.boolean(),
  contributions: z.array(contributionSchema),
  tasks: z.array(meetingTaskSchema.extend({ responsibleName: z.string() })),
  votes: z.array(voteSchema),
  amendments: z.array(amendmentSchema),
  score: scoreSchema.nullable(),
  facts: factsSchema.nullable(),
  scorePreview: scorePreviewSchema.nullable(),
  official: z.object({
    minutesDocument: z.object({ id: z.uuid(), numberText: nullableText, issuedOn: z.string().nullable() }).nullable(),
    /** The number "Ban hành biên bản" would give today, read without taking it; null when none can be issued. */
    nextMinutesNumber: nullableText,
    resolution: z
      .object({
        id: z.uuid(),
        state: z.string(),
        title: z.string(),
        number: nullableText,
        documentId: z.uuid().nullable(),
        version: z.number(),
      })
      .nullable(),
  }),
  /** Where the reader may record this meeting as routine supervision (the đảng bộ above the cell); null if not. */
  supervision: z.object({ organizationId: z.uuid() }).nullable(),
  permissions: z.object({ manage: z.boolean(), approveAsChair: z.boolean(), approveAsTaker: z.boolean() }),
});

export const recordedStepSchema = z.object({
  step: stepSchema,
  latePublication: z.boolean(),
  invitations: z.number(),
});

export const attendanceSchema = z.object({
  meetingId: z.uuid(),
  memberId: z.uuid(),
  status: z.enum(ATTENDANCE_STATUSES),
  reason: nullableText,
  updatedAt: timestamp(),
  counts: attendanceCountsSchema,
});

/** "Tất cả có mặt": how many were marked, and the counts after. */
export const allPresentSchema = z.object({ marked: z.number(), counts: attendanceCountsSchema });

/** The meeting after an approval, and what the full approval set going (tracked tasks, the resolution). */
export const approvedSchema = meetingSchema.extend({
  handedOver: z.object({ tasksCreated: z.number(), resolutionId: z.uuid().nullable() }),
});

/** The minutes (biên bản) as data: the contract with the documents module, in minutes.ts. */
export const minutesSchema: z.ZodType<MinutesData, MinutesData> = z.object({
  organizationName: z.string(),
  meetingTitle: z.string(),
  kind: z.enum(MEETING_KINDS),
  place: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationMinutes: z.number().nullable(),
  chair: z.string(),
  minuteTaker: z.string(),
  guests: z.array(z.string()),
  purpose: z.array(z.string()).optional(),
  attendance: z.object({
    total: z.number(),
    exempt: z.number(),
    present: z.number(),
    late: z.array(z.string()),
    absentWithReason: z.array(z.object({ name: z.string(), reason: z.string() })),
    absentWithoutReason: z.array(z.string()),
    exemptNames: z.array(z.string()),
  }),
  agenda: z.array(z.string()),
  dues: z.string(),
  content: z.array(z.string()),
  contributions: z.array(z.object({ speaker: z.string(), text: z.string() })),
  criticism: z.array(z.string()),
  tasks: z.array(z.object({ what: z.string(), who: z.string(), deadline: z.string() })),
  conclusion: z.array(z.string()),
  vote: z
    .object({
      subject: z.string(),
      eligible: z.number(),
      inFavour: z.number(),
      against: z.number(),
      other: z.number(),
      passed: z.boolean(),
      rule: z.string(),
    })
    .nullable(),
  quality: z.string().nullable(),
  status: z.enum(["draft", "approved"]),
  approvedAt: z.string().nullable(),
  amendments: z.array(z.object({ at: z.string(), by: z.string(), text: z.string() })),
});

/** The minutes issued as a BB document of the register. */
export const issuedMinutesSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  type: z.string(),
  templateKey: z.string(),
  status: z.string(),
  summary: z.string(),
  origin: z.string(),
  originRef: nullableText,
  signerName: nullableText,
  signerRole: nullableText,
  number: z.number().nullable(),
  numberText: nullableText,
  issuedOn: z.string().nullable(),
  docxSha256: nullableText,
  pdfSha256: nullableText,
  layoutKey: nullableText,
  replacesId: z.uuid().nullable(),
  supersededById: z.uuid().nullable(),
  issuedBy: z.uuid().nullable(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
  version: z.number(),
});

const overviewMonthSchema = z.object({
  meetingId: z.uuid(),
  heldOn: z.string(),
  status: z.string(),
  ratePercent: z.number().nullable(),
  rating: z.string().nullable(),
  total: z.number().nullable(),
});

const overviewCellSchema = z.object({
  organizationId: z.uuid(),
  organizationName: z.string(),
  /** By month number (1–12): the month's counted meeting. */
  months: z.record(z.string(), overviewMonthSchema),
  held: z.number(),
  expected: z.number(),
  notHeld: z.array(z.number()),
  ratePercent: z.number().nullable(),
  ratings: z.object({ good: z.number(), fair: z.number(), average: z.number(), poor: z.number() }),
  yearRating: z
    .object({
      rating: z.enum(RATINGS),
      reason: reasonSchema,
      counts: z.object({
        good: z.number(),
        fair: z.number(),
        average: z.number(),
        poor: z.number(),
        missing: z.number(),
      }),
    })
    .nullable(),
  needsHelp: z.array(z.string()),
});

/** The đảng ủy's view across its cells: the whole tree's chart and help list, and one page of cells. */
export const overviewSchema = z.object({
  year: z.number(),
  month: z.number().nullable(),
  attendanceMinPercent: z.number(),
  total: z.number(),
  heldByMonth: z.array(z.number()),
  needsHelp: z.object({
    total: z.number(),
    items: z.array(
      overviewCellSchema.pick({ organizationId: true, organizationName: true, needsHelp: true, notHeld: true }),
    ),
  }),
  offset: z.number(),
  cells: z.array(overviewCellSchema),
});

/** A member's attendance across the meetings of their cells, newest first. */
export const memberAttendanceSchema = z.object({
  memberId: z.uuid(),
  fullName: z.string(),
  ratePercent: z.number().nullable(),
  items: z.array(
    z.object({
      meetingId: z.uuid(),
      date: z.string(),
      kind: z.enum(MEETING_KINDS),
      organizationName: z.string(),
      status: z.enum(ATTENDANCE_STATUSES),
      reason: nullableText,
    }),
  ),
});

export const calendarFeedSchema = z.object({
  active: z.boolean(),
  createdAt: timestamp().nullable(),
  available: z.boolean(),
});
export const calendarFeedAddressSchema = z.object({ path: z.string() });
export const calendarFeedRevokedSchema = z.object({ revoked: z.number() });

export type MeetingRecord = Wire<typeof meetingSchema>;
export type MeetingList = Wire<typeof meetingListSchema>;
export type MeetingDetail = Wire<typeof meetingDetailSchema>;
export type MeetingOverview = Wire<typeof overviewSchema>;
export type MeetingOverviewCell = MeetingOverview["cells"][number];
export type MemberAttendance = Wire<typeof memberAttendanceSchema>;
export type CalendarFeed = Wire<typeof calendarFeedSchema>;
export type Minutes = Wire<typeof minutesSchema>;
export type MeetingAttendanceAnswer = Wire<typeof attendanceSchema>;
export type AllPresentAnswer = Wire<typeof allPresentSchema>;
export type ApprovedMeeting = Wire<typeof approvedSchema>;
export type RecordedStep = Wire<typeof recordedStepSchema>;
export type RecordedVote = Wire<typeof recordedVoteSchema>;
export type IssuedMinutes = Wire<typeof issuedMinutesSchema>;
export type CalendarFeedAddress = Wire<typeof calendarFeedAddressSchema>;

/** The dues step of a monthly meeting: the cell's ledger of the meeting's month (the dues module's summary). */
export const meetingDuesSchema = z.object({
  text: z.string().nullable(),
  paid: z.number(),
  owing: z.number(),
  collected: z.number(),
});
export type MeetingDues = Wire<typeof meetingDuesSchema>;
