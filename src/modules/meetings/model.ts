import { z } from "zod";
import { isoDate, optionalDate, optionalText, text, version } from "../../core/http/schemas.js";
import { hanoiAt, hanoiDate, hanoiIsoString } from "../../core/time.js";
import type { MeetingFacts, MeetingKind } from "./scoring.js";
import type { MinutesData } from "./minutes.js";
// Shared with the browser: zod and pure functions only, no database code.

export const MEETING_KINDS = ["monthly", "thematic", "combined", "committee"] as const satisfies readonly MeetingKind[];
export const MEETING_STATUSES = ["planned", "open", "closed", "approved", "cancelled"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const ATTENDANCE_STATUSES = [
  "present",
  "late",
  "absent_with_reason",
  "absent_without_reason",
  "exempt",
] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const STEP_PHASES = ["prep", "live", "thematic"] as const;
export type StepPhase = (typeof STEP_PHASES)[number];
export const VOTE_RULES = ["ordinary", "admission", "full_membership", "election"] as const;
export type VoteRuleId = (typeof VOTE_RULES)[number];
export const VOTE_CHOICES = ["for", "against", "other"] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];
export const TOPIC_CRITERIA = ["important_task", "pressing_problem", "systemic_weakness", "new_practice"] as const;

/** The meeting's states and where each may go: declared as data, enforced on the server. */
export const MEETING_TRANSITIONS: Record<MeetingStatus, readonly MeetingStatus[]> = {
  planned: ["open", "cancelled"],
  open: ["closed"],
  closed: ["approved"],
  approved: [],
  cancelled: [],
};

export function canTransition(from: MeetingStatus, to: MeetingStatus): boolean {
  return MEETING_TRANSITIONS[from].includes(to);
}

// ── the "meeting" rulebook ──────────────────────────────────────────────────

const stepSchema = z.object({ id: z.string().min(1), key: z.string().min(1), committeeOnly: z.boolean().optional() });
const voteRuleSchema = z.object({
  /** "present": counted on the eligible members present; "full_members": on all the cell's full members */
  basis: z.enum(["present", "full_members"]),
  numerator: z.number().int().min(1),
  denominator: z.number().int().min(1),
  /** true: more than the fraction; false: at least the fraction */
  strict: z.boolean(),
  /** who may vote: every member present, or full members only */
  voters: z.enum(["all", "full"]),
  labelKey: z.string(),
  source: z.string(),
  unconfirmed: z.boolean().optional(),
});
export type VoteRule = z.infer<typeof voteRuleSchema>;

export const meetingRulesSchema = z.object({
  meetingDay: z.object({ day: z.number().int().min(1).max(28).nullable(), source: z.string() }),
  minDurationMinutes: z.object({
    monthly: z.number().int().min(1),
    thematic: z.number().int().min(1),
    combined: z.number().int().min(1),
    committee: z.number().int().min(1).nullable(),
    source: z.string(),
    unconfirmed: z.array(z.string()).optional(),
  }),
  preparation: z.object({
    steps: z.array(stepSchema).min(1),
    publishDaysBefore: z.number().int().min(0),
    source: z.string(),
  }),
  liveSteps: z.object({ steps: z.array(stepSchema).min(1), source: z.string() }),
  thematic: z.object({
    steps: z.array(stepSchema).length(5),
    perQuarter: z.number().int().min(0),
    topicCriteria: z.array(z.string()),
    source: z.string(),
  }),
  attendance: z.object({
    minPercent: z.number().min(0).max(100),
    maxAbsentInARow: z.number().int().min(1),
    source: z.string(),
  }),
  /** The minutes carry two signatures, the chair's and the minute-taker's: whether they must be two people. */
  minutesSigners: z.object({ distinctPeople: z.boolean(), source: z.string() }),
  votes: z.object({
    ordinary: voteRuleSchema,
    admission: voteRuleSchema,
    full_membership: voteRuleSchema,
    election: voteRuleSchema,
  }),
});
export type MeetingRules = z.infer<typeof meetingRulesSchema>;

/**
 * True when one member would sign the minutes twice, as chair and as minute-taker, and the rulebook wants two
 * people. A role not yet filled conflicts with nothing.
 */
export function oneSignerTwice(
  rule: MeetingRules["minutesSigners"],
  chairId: string | null,
  takerId: string | null,
): boolean {
  return rule.distinctPeople && chairId !== null && chairId === takerId;
}

/**
 * Whose approval of the minutes counts: an approval stands only while the member who gave it still holds the role
 * it was given in. The minutes are approved when both count and, as the rulebook wants, come from two members.
 */
export function approvalsThatCount(
  rule: MeetingRules["minutesSigners"],
  m: {
    chairMemberId: string | null;
    minuteTakerMemberId: string | null;
    chairApprovedBy: string | null;
    takerApprovedBy: string | null;
  },
): { chair: boolean; taker: boolean; complete: boolean } {
  const chair = m.chairApprovedBy !== null && m.chairApprovedBy === m.chairMemberId;
  const taker = m.takerApprovedBy !== null && m.takerApprovedBy === m.minuteTakerMemberId;
  return { chair, taker, complete: chair && taker && !oneSignerTwice(rule, m.chairApprovedBy, m.takerApprovedBy) };
}

/**
 * In which roles a member may approve the minutes: their chair's and their minute-taker's, and nobody else's,
 * whatever their role in the organisation.
 */
export function minutesSignerRoles(
  memberId: string | null,
  m: { chairMemberId: string | null; minuteTakerMemberId: string | null },
): { asChair: boolean; asTaker: boolean } {
  return {
    asChair: memberId !== null && memberId === m.chairMemberId,
    asTaker: memberId !== null && memberId === m.minuteTakerMemberId,
  };
}

// ── request bodies ──────────────────────────────────────────────────────────

const hhmm = () => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "validation.invalid_value" });
const lines = (maxItems: number, max = 300) => z.array(text(max)).max(maxItems);

export const createMeetingBody = z.object({
  kind: z.enum(MEETING_KINDS),
  date: isoDate(),
  startTime: hhmm(),
  place: text(200),
  title: optionalText(300),
});

export const listMeetingsQuery = z.object({
  from: isoDate().optional(),
  to: isoDate().optional(),
  /** Only the meetings in this state ("planned": still to be held, for the home's next meeting). */
  status: z.enum(MEETING_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * Partial edit of a draft: only the fields sent change (absent keys stay undefined, so a save of one
 * field never blanks another); the version guards against a silent overwrite.
 */
export const updateMeetingBody = z
  .object({
    version: version(),
    date: isoDate().optional(),
    startTime: hhmm().optional(),
    place: text(200).optional(),
    title: optionalText(300).optional(),
    chairMemberId: z.uuid().nullable().optional(),
    minuteTakerMemberId: z.uuid().nullable().optional(),
    preparerMemberId: z.uuid().nullable().optional(),
    purpose: optionalText(5000).optional(),
    guests: lines(30, 200).optional(),
    agenda: lines(30, 500).optional(),
    dues: optionalText(2000).optional(),
    content: optionalText(50_000).optional(),
    draftResolution: optionalText(50_000).optional(),
    criticism: optionalText(20_000).optional(),
    conclusion: optionalText(20_000).optional(),
    startedAt: z.iso.datetime({ offset: true }).nullable().optional(),
    /** Why the date, time or place changed: said in the updated invitation. */
    reason: optionalText(500).optional(),
    endedAt: z.iso.datetime({ offset: true }).nullable().optional(),
    thematic: z
      .object({
        criteria: z.array(z.enum(TOPIC_CRITERIA)).max(4).optional(),
        topic: optionalText(500).optional(),
        survey: optionalText(20_000).optional(),
        purpose: optionalText(20_000).optional(),
        solutions: optionalText(20_000).optional(),
        obstacles: optionalText(20_000).optional(),
        assignment: optionalText(20_000).optional(),
        interimReviewOn: optionalDate().optional(),
        finalReviewOn: optionalDate().optional(),
      })
      .optional(),
  })
  .strict();
export type UpdateMeetingInput = z.infer<typeof updateMeetingBody>;

export const stepParams = z.object({
  id: z.uuid(),
  phase: z.enum(STEP_PHASES),
  stepId: z.string().regex(/^[a-z_]{2,40}$/),
});
export const stepBody = z.object({ skipped: z.boolean().default(false), note: optionalText(2000) });

export const attendanceParams = z.object({ id: z.uuid(), memberId: z.uuid() });
// An absence with reason is saved at the tap and its reason may follow (ADR 0110): the minutes are complete
// only once every such reason is written.
export const attendanceBody = z.object({ status: z.enum(ATTENDANCE_STATUSES), reason: optionalText(500) });

export const contributionBody = z
  .object({
    memberId: z.uuid().nullable().optional(),
    speakerName: optionalText(120),
    part: z.enum(["discussion", "criticism"]).default("discussion"),
    text: text(10_000),
  })
  .refine((v) => v.memberId || v.speakerName, { path: ["memberId"], message: "validation.required" });
export const updateContributionBody = z.object({ text: text(10_000), version: version() });
export const itemParams = z.object({ id: z.uuid(), itemId: z.uuid() });

export const taskBody = z.object({ what: text(1000), responsibleMemberId: z.uuid(), deadline: isoDate() });

export const voteBody = z
  .object({
    subject: text(500),
    rule: z.enum(VOTE_RULES),
    mode: z.enum(["counted", "named"]),
    inFavour: z.number().int().min(0).max(100_000).optional(),
    against: z.number().int().min(0).max(100_000).optional(),
    other: z.number().int().min(0).max(100_000).optional(),
    ballots: z
      .array(z.object({ memberId: z.uuid(), choice: z.enum(VOTE_CHOICES) }))
      .max(2000)
      .optional(),
  })
  .refine(
    (v) =>
      v.mode === "named"
        ? Array.isArray(v.ballots)
        : v.inFavour !== undefined && v.against !== undefined && v.other !== undefined,
    {
      path: ["inFavour"],
      message: "validation.required",
    },
  );

export const transitionBody = z.object({ version: version() });
export const amendmentBody = z.object({ text: text(5000) });
export const scoreBody = z.object({
  judgements: z
    .array(z.object({ criterionId: z.string().min(1).max(80), points: z.number().min(0).max(100), note: text(2000) }))
    .max(50),
});
export const overviewQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  month: z.coerce.number().int().min(1).max(12).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

// ── pure rules ──────────────────────────────────────────────────────────────

/**
 * The meeting date the calendar proposes for a month: the rulebook's day (the 3rd under 50-CT/TW),
 * else the day the cell used last time, else the 1st.
 */
export function proposeMeetingDate(
  rules: Pick<MeetingRules, "meetingDay">,
  year: number,
  month: number,
  lastUsedDay: number | null = null,
): string {
  const day = rules.meetingDay.day ?? lastUsedDay ?? 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(Math.min(day, last)).padStart(2, "0")}`;
}

/**
 * The next meeting date the calendar proposes: this month's date by the rulebook (see proposeMeetingDate, with the
 * day of the last monthly meeting), or next month's when this month's is past or the cell already has its meeting.
 * `history` is the cell's meetings, newest first.
 */
export function nextMeetingProposal(
  rules: Pick<MeetingRules, "meetingDay">,
  history: { date: string; kind: MeetingKind; status: MeetingStatus }[],
  today: string,
): string {
  const [y, mo] = today.split("-").map(Number) as [number, number];
  const lastMonthly = history.find((m) => m.kind === "monthly" || m.kind === "combined");
  const lastDay = lastMonthly ? Number(lastMonthly.date.slice(8, 10)) : null;
  const proposal = proposeMeetingDate(rules, y, mo, lastDay);
  const taken = history.some(
    (m) => m.date.slice(0, 7) === proposal.slice(0, 7) && m.kind !== "committee" && m.status !== "cancelled",
  );
  if (proposal >= today && !taken) return proposal;
  return proposeMeetingDate(rules, mo === 12 ? y + 1 : y, mo === 12 ? 1 : mo + 1, lastDay);
}

/** The steps of a phase that apply to this cell: committee-only steps drop out when it has no chi ủy. */
export function applicableSteps<S extends { id: string; committeeOnly?: boolean }>(
  steps: S[],
  hasCommittee: boolean,
): S[] {
  return steps.filter((s) => hasCommittee || !s.committeeOnly);
}

/**
 * Whether a step may be marked as skipped: a committee step is required (never skippable) when the cell
 * has a chi ủy; without one it does not apply at all. Other preparation steps may be skipped with a reason.
 */
export function skipAllowed(phase: StepPhase, step: { committeeOnly?: boolean }, hasCommittee: boolean): boolean {
  if (step.committeeOnly) return !hasCommittee;
  return phase !== "thematic";
}

/** True when the recorded steps were done in the rulebook's order (skipped steps do not count). */
export function stepsInOrder(order: string[], done: { stepId: string; doneAt: string; skipped?: boolean }[]): boolean {
  const seq = done
    .filter((d) => !d.skipped && order.includes(d.stepId))
    .sort((a, b) =>
      a.doneAt < b.doneAt ? -1 : a.doneAt > b.doneAt ? 1 : order.indexOf(a.stepId) - order.indexOf(b.stepId),
    )
    .map((d) => order.indexOf(d.stepId));
  return seq.every((v, i) => i === 0 || v > seq[i - 1]!);
}

export interface RosterMember {
  id: string;
  fullName: string;
  status: "full" | "probationary";
  exempt: boolean;
}

export interface AttendanceEntry {
  memberId: string;
  status: AttendanceStatus;
  reason: string | null;
}

export interface AttendanceCounts {
  /** members of the cell on the date, exempt included */
  total: number;
  exempt: number;
  /** present, late included */
  present: number;
  late: number;
  absentWithReason: number;
  absentWithoutReason: number;
  /** not marked yet */
  unmarked: number;
  /** present ÷ (total − exempt), as a percentage with one decimal; null when nobody is expected */
  ratePercent: number | null;
}

/** The effective status of each roster member: exempt members count as exempt whatever was typed. */
export function effectiveStatus(member: RosterMember, entry: AttendanceEntry | undefined): AttendanceStatus | null {
  if (member.exempt) return entry && (entry.status === "present" || entry.status === "late") ? entry.status : "exempt";
  return entry?.status ?? null;
}

export function attendanceCounts(roster: RosterMember[], entries: AttendanceEntry[]): AttendanceCounts {
  const byMember = new Map(entries.map((e) => [e.memberId, e]));
  const c: AttendanceCounts = {
    total: roster.length,
    exempt: 0,
    present: 0,
    late: 0,
    absentWithReason: 0,
    absentWithoutReason: 0,
    unmarked: 0,
    ratePercent: null,
  };
  let exemptPresent = 0;
  for (const m of roster) {
    const s = effectiveStatus(m, byMember.get(m.id));
    if (m.exempt) {
      c.exempt++;
      // An exempt member who comes anyway is welcome, but is left out of the rate on both sides.
      if (s === "present" || s === "late") exemptPresent++;
      continue;
    }
    if (s === "present") c.present++;
    else if (s === "late") {
      c.present++;
      c.late++;
    } else if (s === "absent_with_reason") c.absentWithReason++;
    else if (s === "absent_without_reason") c.absentWithoutReason++;
    else c.unmarked++;
  }
  const expected = c.total - c.exempt;
  c.ratePercent = expected > 0 ? Math.round((c.present / expected) * 1000) / 10 : null;
  c.present += exemptPresent;
  return c;
}

/** Members marked "absent with reason" whose reason is not written yet. */
export function reasonsMissing(roster: RosterMember[], entries: AttendanceEntry[]): RosterMember[] {
  const byMember = new Map(entries.map((e) => [e.memberId, e]));
  return roster.filter((m) => {
    const e = byMember.get(m.id);
    return effectiveStatus(m, e) === "absent_with_reason" && !e?.reason?.trim();
  });
}

/** "Tất cả có mặt" marks whoever is expected and not marked yet; exempt members and marks already made stay. */
export function membersToMarkPresent(roster: RosterMember[], entries: AttendanceEntry[]): string[] {
  const marked = new Set(entries.map((e) => e.memberId));
  return roster.filter((m) => !m.exempt && !marked.has(m.id)).map((m) => m.id);
}

/** A member recorded absent (with or without reason) was not there to speak. */
export function recordedAbsent(member: RosterMember, entry: AttendanceEntry | undefined): boolean {
  const s = effectiveStatus(member, entry);
  return s === "absent_with_reason" || s === "absent_without_reason";
}

/** The vote's subject as the draft resolution names it: its first line, cut to what a subject may hold. */
export function voteSubjectFromDraft(draft: string | null, max = 500): string {
  const first = (draft ?? "").split("\n").find((line) => line.trim() !== "") ?? "";
  return first.trim().slice(0, max);
}

/** Members who may vote under a rule: present (or late) and, when the rule says so, full members only. */
export function eligibleVoters(
  rule: Pick<VoteRule, "voters">,
  roster: RosterMember[],
  entries: AttendanceEntry[],
): RosterMember[] {
  const byMember = new Map(entries.map((e) => [e.memberId, e]));
  return roster.filter((m) => {
    const s = effectiveStatus(m, byMember.get(m.id));
    return (s === "present" || s === "late") && (rule.voters === "all" || m.status === "full");
  });
}

export type VoteDecision =
  | { ok: true; passed: boolean; threshold: number; base: number }
  | { ok: false; code: "vote_totals_exceed"; total: number; eligible: number };

/**
 * The result of a vote, decided by the rule: a fraction of the eligible members present, or of all the
 * cell's full members. Totals above the eligible count are refused rather than trimmed.
 */
export function decideVote(
  rule: VoteRule,
  input: { eligible: number; fullMembers: number; inFavour: number; against: number; other: number },
): VoteDecision {
  const total = input.inFavour + input.against + input.other;
  if (total > input.eligible) return { ok: false, code: "vote_totals_exceed", total, eligible: input.eligible };
  const base = rule.basis === "present" ? input.eligible : input.fullMembers;
  // inFavour / base compared with numerator / denominator, in integers.
  const lhs = input.inFavour * rule.denominator;
  const rhs = rule.numerator * base;
  const passed = base > 0 && (rule.strict ? lhs > rhs : lhs >= rhs);
  const threshold = rule.strict
    ? Math.floor((rule.numerator * base) / rule.denominator) + 1
    : Math.ceil((rule.numerator * base) / rule.denominator);
  return { ok: true, passed, threshold, base };
}

/** Counts from named ballots. */
export function tallyBallots(ballots: { choice: VoteChoice }[]): { inFavour: number; against: number; other: number } {
  return {
    inFavour: ballots.filter((b) => b.choice === "for").length,
    against: ballots.filter((b) => b.choice === "against").length,
    other: ballots.filter((b) => b.choice === "other").length,
  };
}

function dayDiff(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}

/** Whole days between publishing the documents and the meeting (Hanoi dates); null when never published. */
export function publishedDaysBefore(publishedAt: string | null, meetingDate: string): number | null {
  return publishedAt ? dayDiff(hanoiDate(publishedAt), meetingDate) : null;
}

/** Documents must reach members at least N days ahead (42-HD: 1); later publication is flagged. */
export function latePublication(publishedAt: string | null, meetingDate: string, daysBefore: number): boolean {
  const days = publishedDaysBefore(publishedAt, meetingDate);
  return days !== null && days < daysBefore;
}

export function quarterOf(isoDate: string): { year: number; quarter: number } {
  return { year: Number(isoDate.slice(0, 4)), quarter: Math.floor((Number(isoDate.slice(5, 7)) - 1) / 3) + 1 };
}

/**
 * Quarters that ended without the thematic meetings the rulebook asks for, from the quarter of the cell's
 * first recorded meeting up to the last completed quarter before today. A combined meeting counts.
 */
export function missingThematicQuarters(
  held: { date: string; kind: MeetingKind; status: MeetingStatus }[],
  today: string,
  perQuarter: number,
): { year: number; quarter: number }[] {
  if (perQuarter <= 0 || held.length === 0) return [];
  const counted = held.filter((m) => m.status !== "cancelled" && m.status !== "planned");
  const first = held.map((m) => m.date).sort()[0]!;
  const start = quarterOf(first);
  const now = quarterOf(today);
  const missing: { year: number; quarter: number }[] = [];
  let { year, quarter } = start;
  while (year < now.year || (year === now.year && quarter < now.quarter)) {
    const n = counted.filter(
      (m) =>
        (m.kind === "thematic" || m.kind === "combined") &&
        quarterOf(m.date).year === year &&
        quarterOf(m.date).quarter === quarter,
    ).length;
    if (n < perQuarter) missing.push({ year, quarter });
    quarter++;
    if (quarter > 4) {
      quarter = 1;
      year++;
    }
  }
  return missing;
}

/**
 * Members whose absences (with or without reason) run to more than `limit` meetings in a row within the
 * year, counting the meeting being judged. `history` is the year's meetings in date order, each with the
 * absent member ids; exempt members are never in those lists.
 */
export function membersAbsentInARow(history: { absent: string[] }[], limit: number): string[] {
  const run = new Map<string, number>();
  const over = new Set<string>();
  for (const meeting of history) {
    const absent = new Set(meeting.absent);
    for (const id of [...run.keys()]) if (!absent.has(id)) run.delete(id);
    for (const id of absent) {
      const n = (run.get(id) ?? 0) + 1;
      run.set(id, n);
      if (n > limit) over.add(id);
    }
  }
  return [...over];
}

export function durationMinutes(startedAt: string | null, endedAt: string | null): number | null {
  if (!startedAt || !endedAt) return null;
  const ms = Date.parse(endedAt) - Date.parse(startedAt);
  return ms >= 0 ? Math.round(ms / 60_000) : null;
}

/** Scheduled start as an ISO instant (Hanoi is UTC+7 all year). */
export function scheduledStart(date: string, startTime: string): string {
  return hanoiIsoString(hanoiAt(date, startTime));
}

/**
 * Whether the actual start kept to the time the notice gave: within 15 minutes of it either way (the allowance is a
 * reading of "đúng giờ"). Starting earlier is not on time either: members who come at the noticed time miss the
 * start. Unknown (null) until the actual start is recorded; it is never assumed.
 */
export function startedOnTime(
  date: string,
  startTime: string,
  startedAt: string | null,
  graceMinutes = 15,
): boolean | null {
  if (!startedAt) return null;
  return Math.abs(Date.parse(startedAt) - Date.parse(scheduledStart(date, startTime))) <= graceMinutes * 60_000;
}

export interface RecordedMeeting {
  kind: MeetingKind;
  date: string;
  startTime: string;
  startedAt: string | null;
  endedAt: string | null;
  chairMemberId: string | null;
  minuteTakerMemberId: string | null;
  preparerMemberId: string | null;
  content: string | null;
  draftResolution: string | null;
  conclusion: string | null;
  agenda: string[];
  dues: string | null;
}

export interface StepRecord {
  phase: StepPhase;
  stepId: string;
  doneAt: string;
  skipped: boolean;
}

/** Computes what a score sheet judges from the recorded meeting; nothing here is typed in. */
export function meetingFacts(input: {
  meeting: RecordedMeeting;
  rules: MeetingRules;
  hasCommittee: boolean;
  roster: RosterMember[];
  attendance: AttendanceEntry[];
  /** the earlier meetings of the same year (same cell, monthly or combined), oldest first, with absent member ids */
  earlierAbsences: { absent: string[] }[];
  steps: StepRecord[];
  speakerIds: string[];
  votes: number;
  previousResolutionDone: boolean | null;
}): MeetingFacts {
  const { meeting: m, rules } = input;
  const counts = attendanceCounts(input.roster, input.attendance);
  const byMember = new Map(input.attendance.map((e) => [e.memberId, e]));
  const absentNow = input.roster
    .filter((r) => {
      const s = effectiveStatus(r, byMember.get(r.id));
      return s === "absent_with_reason" || s === "absent_without_reason";
    })
    .map((r) => r.id);
  const over = membersAbsentInARow([...input.earlierAbsences, { absent: absentNow }], rules.attendance.maxAbsentInARow);
  const prep = (id: string) => input.steps.find((s) => s.phase === "prep" && s.stepId === id && !s.skipped);
  const published = prep("publish_documents");
  const liveOrder = rules.liveSteps.steps.map((s) => s.id);
  const minutesComplete = Boolean(
    m.chairMemberId &&
      m.minuteTakerMemberId &&
      m.startedAt &&
      m.endedAt &&
      m.content &&
      m.conclusion &&
      counts.unmarked === 0 &&
      reasonsMissing(input.roster, input.attendance).length === 0 &&
      m.agenda.length > 0,
  );
  return {
    kind: m.kind,
    date: m.date,
    members: counts.total,
    exempt: counts.exempt,
    present: counts.present,
    absentWithReason: counts.absentWithReason,
    absentWithoutReason: counts.absentWithoutReason,
    membersAbsentMoreThan3InARow: over.length,
    durationMinutes: durationMinutes(m.startedAt, m.endedAt),
    startedOnTime: startedOnTime(m.date, m.startTime, m.startedAt),
    speakers: new Set(input.speakerIds).size,
    preparation: {
      preparerAssigned: Boolean(m.preparerMemberId) || Boolean(prep("assign_preparer")),
      committeeMet: input.hasCommittee ? Boolean(prep("committee_meeting")) : null,
      draftResolution: Boolean(m.draftResolution) || Boolean(prep("content_draft")),
      noticeSent: Boolean(prep("notice")),
      documentsPublishedDaysBefore: published ? publishedDaysBefore(published.doneAt, m.date) : null,
    },
    stepsInOrder: stepsInOrder(
      liveOrder,
      input.steps.filter((s) => s.phase === "live"),
    ),
    minutesComplete,
    voteHeld: input.votes > 0,
    previousResolutionDone: input.previousResolutionDone,
  };
}

const KIND_TITLE: Record<MeetingKind, string> = {
  monthly: "sinh hoạt chi bộ thường kỳ",
  thematic: "sinh hoạt chuyên đề",
  combined: "sinh hoạt chi bộ thường kỳ kết hợp chuyên đề",
  committee: "họp chi ủy",
};

export function meetingTitle(kind: MeetingKind, date: string, title: string | null): string {
  const base = `${KIND_TITLE[kind]} tháng ${Number(date.slice(5, 7))} năm ${date.slice(0, 4)}`;
  return title ? `${base}: ${title}` : base;
}

function paragraphs(value: string | null): string[] {
  return (value ?? "")
    .split(/\n\s*\n|\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function dmy(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

/** An instant as "2026-11-03T14:00:00+07:00" (Hanoi offset), the minutes' time format. */
export function hanoiInstant(instant: string | Date | null): string | null {
  return instant ? hanoiIsoString(instant) : null;
}

const RATING_VI = { good: "Tốt", fair: "Khá", average: "Trung bình", poor: "Kém" } as const;

/** The minutes as data, built from what the live meeting recorded; the renderer adds no facts of its own. */
export function buildMinutes(input: {
  organizationName: string;
  meeting: RecordedMeeting & {
    title: string | null;
    place: string;
    status: MeetingStatus;
    guests: string[];
    purpose: string | null;
    criticism: string | null;
    approvedAt: string | null;
  };
  names: Record<string, string>;
  roster: RosterMember[];
  attendance: AttendanceEntry[];
  contributions: { memberId: string | null; speakerName: string; part: "discussion" | "criticism"; text: string }[];
  tasks: { what: string; responsibleMemberId: string; deadline: string }[];
  vote: {
    subject: string;
    eligible: number;
    inFavour: number;
    against: number;
    other: number;
    passed: boolean;
    ruleLabel: string;
  } | null;
  score: { total: number | null; rating: keyof typeof RATING_VI | null } | null;
  amendments: { at: string; byName: string; text: string }[];
}): MinutesData {
  const m = input.meeting;
  const byMember = new Map(input.attendance.map((e) => [e.memberId, e]));
  const counts = attendanceCounts(input.roster, input.attendance);
  const name = (id: string | null) => (id ? (input.names[id] ?? "") : "");
  const withStatus = (s: AttendanceStatus) => input.roster.filter((r) => effectiveStatus(r, byMember.get(r.id)) === s);
  const criticism = [
    ...paragraphs(m.criticism),
    ...input.contributions.filter((c) => c.part === "criticism").map((c) => `Đồng chí ${c.speakerName}: ${c.text}`),
  ];
  const quality = input.score?.rating
    ? `${RATING_VI[input.score.rating]}${input.score.total !== null ? ` (${input.score.total} điểm)` : ""}`
    : null;
  return {
    organizationName: input.organizationName,
    meetingTitle: meetingTitle(m.kind, m.date, m.title),
    kind: m.kind,
    place: m.place,
    startedAt: hanoiInstant(m.startedAt) ?? scheduledStart(m.date, m.startTime),
    endedAt: hanoiInstant(m.endedAt),
    durationMinutes: durationMinutes(m.startedAt, m.endedAt),
    chair: name(m.chairMemberId),
    minuteTaker: name(m.minuteTakerMemberId),
    guests: m.guests,
    purpose: paragraphs(m.purpose),
    attendance: {
      total: counts.total,
      exempt: counts.exempt,
      present: counts.present,
      late: withStatus("late").map((r) => r.fullName),
      absentWithReason: withStatus("absent_with_reason").map((r) => ({
        name: r.fullName,
        reason: byMember.get(r.id)?.reason ?? "",
      })),
      absentWithoutReason: withStatus("absent_without_reason").map((r) => r.fullName),
      exemptNames: input.roster.filter((r) => r.exempt).map((r) => r.fullName),
    },
    agenda: m.agenda,
    dues: m.dues ?? "",
    content: paragraphs(m.content),
    contributions: input.contributions
      .filter((c) => c.part === "discussion")
      .map((c) => ({ speaker: c.speakerName, text: c.text })),
    criticism,
    tasks: input.tasks.map((t) => ({ what: t.what, who: name(t.responsibleMemberId), deadline: dmy(t.deadline) })),
    conclusion: paragraphs(m.conclusion),
    vote: input.vote
      ? {
          subject: input.vote.subject,
          eligible: input.vote.eligible,
          inFavour: input.vote.inFavour,
          against: input.vote.against,
          other: input.vote.other,
          passed: input.vote.passed,
          rule: input.vote.ruleLabel,
        }
      : null,
    quality,
    status: m.status === "approved" ? "approved" : "draft",
    approvedAt: hanoiInstant(m.approvedAt),
    amendments: input.amendments.map((a) => ({ at: hanoiInstant(a.at)!, by: a.byName, text: a.text })),
  };
}

/** A member's attendance rate over a set of meetings (exempt meetings left out). */
export function personalRate(records: { status: AttendanceStatus }[]): number | null {
  const counted = records.filter((r) => r.status !== "exempt");
  if (counted.length === 0) return null;
  return (
    Math.round((counted.filter((r) => r.status === "present" || r.status === "late").length / counted.length) * 1000) /
    10
  );
}

/** A cell needs help when it skipped a month, fell below the attendance threshold, or was rated below Khá. */
export function needsHelp(
  cell: { held: number; expected: number; ratePercent: number | null; poorRatings: number },
  minPercent: number,
): string[] {
  const reasons: string[] = [];
  if (cell.held < cell.expected) reasons.push("not_held");
  if (cell.ratePercent !== null && cell.ratePercent < minPercent) reasons.push("low_attendance");
  if (cell.poorRatings > 0) reasons.push("low_rating");
  return reasons;
}
