import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { type Actor, can, type OrgRef } from "../../core/access/index.js";
import { audit, calendarAudit, ref } from "./events.js";
import type { Executor, Tx } from "../../core/db/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import { ConflictError, ForbiddenError, NotFoundError, RuleError, StaleVersionError } from "../../core/http/errors.js";
import { formatDate, rulebookTitle } from "../../core/i18n/index.js";
import { hanoiDate, monthRange, now, todayIso } from "../../core/time.js";
import { supervisionOfMeeting } from "../inspections/public-meetings.js";
import { secretaryOn, hasCommitteeOn, usualMeeting } from "../organizations/public-meetings.js";
import type { OrganizationRow } from "../organizations/store.js";
import { visibleSubtreeIds } from "../organizations/store.js";
import {
  applicableSteps,
  approvalsThatCount,
  attendanceCounts,
  canTransition,
  decideVote,
  effectiveStatus,
  eligibleVoters,
  latePublication,
  membersToMarkPresent,
  minutesSignerRoles,
  missingThematicQuarters,
  nextMeetingProposal,
  oneSignerTwice,
  recordedAbsent,
  skipAllowed,
  tallyBallots,
  type MeetingRules,
  type StepPhase,
  type UpdateMeetingInput,
  type VoteChoice,
  type VoteRuleId,
} from "./model.js";
import { sendCancellation, sendInvitations, withdrawReminder } from "./invitations.js";
import { afterMinutesApproved, officialOf } from "./official.js";
import { countedInOverview, meetingOverview } from "./overview.js";
import { factsOf, loadMeetingRecord, meetingRules, scoreSheetFor } from "./record.js";
import {
  calendarTokens,
  meetingAmendments,
  meetingAttendance,
  meetingContributions,
  meetings,
  meetingScores,
  meetingSteps,
  meetingTasks,
  meetingVotes,
} from "./schema.js";
import {
  firstMeetingDates,
  getScore,
  listAmendments,
  listAttendance,
  listMeetings,
  listMeetingTasks,
  listSteps,
  type Meeting,
  type MeetingRow,
  overviewRows,
  rosterOn,
} from "./store.js";
import { attendanceRates } from "./summaries.js";
import { assertJudgements, scoreMeeting, type Judgement, type MeetingFacts } from "./scoring.js";

const orgOf = (m: Meeting): OrgRef => ({ id: m.organizationId, path: m.organizationPath });

/** Approved minutes are immutable through every route; a cancelled meeting takes no more records. */
export function assertEditable(m: Pick<MeetingRow, "status">): void {
  if (m.status === "approved") throw new ConflictError("minutes_approved", "errors.minutes_approved");
  if (m.status === "cancelled") throw new ConflictError("meeting_cancelled", "errors.meeting_cancelled");
}

/** Changes the meeting if it is still at the version the client read (the meeting's own version by default). */
function bump(tx: Tx, m: Meeting, set: Partial<typeof meetings.$inferInsert>, expectedVersion?: number) {
  return updateVersioned(tx, meetings, m.id, expectedVersion ?? m.version, set);
}

export async function createMeeting(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  input: { kind: MeetingRow["kind"]; date: string; startTime: string; place: string; title: string | null },
): Promise<MeetingRow> {
  if (org.closedOn) throw new RuleError("org_closed", "date", "errors.org_closed");
  if (org.kind !== "cell" && input.kind !== "committee")
    throw new RuleError("meeting_kind_org", "kind", "errors.meeting_kind_org");
  const rules = await meetingRules(tx, org.path, input.date);
  // Back-filled from paper: the meeting day has already passed when it is entered.
  const enteredLate = input.date < todayIso();
  const chair = await secretaryOn(tx, org.id, input.date);
  const [row] = await tx
    .insert(meetings)
    .values({ organizationId: org.id, ...input, rulebookKey: rules.key, enteredLate, chairMemberId: chair })
    .returning();
  await audit(tx, actor, "create", ref(row!), { before: null, after: row! });
  return row!;
}

/** One member may not sign the minutes twice: the chair and the minute-taker are two people (meeting rulebook). */
function assertTwoSigners(
  rules: MeetingRules,
  chairId: string | null,
  takerId: string | null,
  field: "chairMemberId" | "minuteTakerMemberId",
) {
  if (oneSignerTwice(rules.minutesSigners, chairId, takerId)) {
    throw new RuleError("chair_is_minute_taker", field, "errors.chair_is_minute_taker");
  }
}

async function assertInRoster(tx: Tx, m: Meeting, memberId: string | null | undefined, field: string) {
  if (!memberId) return;
  const roster = await rosterOn(tx, m);
  if (!roster.some((r) => r.id === memberId)) throw new RuleError("not_cell_member", field, "errors.not_cell_member");
}

export async function updateMeeting(tx: Tx, actor: Actor, m: Meeting, input: UpdateMeetingInput): Promise<MeetingRow> {
  assertEditable(m);
  const { version, startedAt, endedAt, thematic, reason, ...fields } = input;
  if (fields.date && fields.date !== m.date && m.status !== "planned")
    throw new RuleError("meeting_date_fixed", "date", "errors.meeting_date_fixed");
  // The start typed from a paper record is the actual start: on the meeting's day, or the meeting is rescheduled first.
  if (startedAt && hanoiDate(startedAt) !== (fields.date ?? m.date))
    throw new RuleError("meeting_other_day", "startedAt", "errors.meeting_started_other_day", {
      date: formatDate(fields.date ?? m.date),
    });
  const target = { ...m, date: fields.date ?? m.date };
  for (const f of ["chairMemberId", "minuteTakerMemberId", "preparerMemberId"] as const)
    await assertInRoster(tx, target, fields[f], f);
  const set: Partial<typeof meetings.$inferInsert> = Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined),
  );
  if (startedAt !== undefined) set.startedAt = startedAt ? new Date(startedAt) : null;
  if (endedAt !== undefined) set.endedAt = endedAt ? new Date(endedAt) : null;
  const start = set.startedAt !== undefined ? set.startedAt : m.startedAt;
  const end = set.endedAt !== undefined ? set.endedAt : m.endedAt;
  if (start && end && end < start)
    throw new RuleError("meeting_end_before_start", "endedAt", "errors.meeting_end_before_start");
  if (thematic)
    set.thematic = {
      ...m.thematic,
      ...Object.fromEntries(Object.entries(thematic).filter(([, v]) => v !== undefined)),
    };
  const rules = await meetingRules(tx, m.organizationPath, target.date);
  const chair = fields.chairMemberId !== undefined ? fields.chairMemberId : m.chairMemberId;
  const taker = fields.minuteTakerMemberId !== undefined ? fields.minuteTakerMemberId : m.minuteTakerMemberId;
  const changed = fields.minuteTakerMemberId !== undefined ? "minuteTakerMemberId" : "chairMemberId";
  assertTwoSigners(rules.data, chair, taker, changed);
  // The approvals given were for the minutes with the signers they named: a new chair or minute-taker approves again.
  if (chair !== m.chairMemberId || taker !== m.minuteTakerMemberId) {
    Object.assign(set, { chairApprovedAt: null, chairApprovedBy: null, takerApprovedAt: null, takerApprovedBy: null });
  }
  if (fields.date && fields.date !== m.date) {
    set.rulebookKey = rules.key;
    set.enteredLate = fields.date < todayIso();
  }
  const moved = rescheduled(m, fields);
  if (moved) set.sequence = m.sequence + 1;
  const row = await bump(tx, m, set, version);
  await audit(tx, actor, "update", ref(row), { before: null, after: { ...set, version: row.version } });
  if (moved) await afterReschedule(tx, actor, m, { ...m, ...row }, reason ?? null);
  return row;
}

/** Whether an edit moves a planned meeting: another date, time or place than its members were told. */
function rescheduled(m: Meeting, fields: { date?: string; startTime?: string; place?: string }): boolean {
  if (m.status !== "planned") return false;
  return (
    (fields.date !== undefined && fields.date !== m.date) ||
    (fields.startTime !== undefined && fields.startTime !== m.startTime) ||
    (fields.place !== undefined && fields.place !== m.place)
  );
}

/** Audited as a reschedule; once invited, members get the updated invitation and the old reminder is withdrawn. */
async function afterReschedule(tx: Tx, actor: Actor, before: Meeting, after: Meeting, reason: string | null) {
  const when = (x: Meeting) => ({ date: x.date, startTime: x.startTime, place: x.place, sequence: x.sequence });
  await audit(tx, actor, "reschedule", ref(after), { before: when(before), after: { ...when(after), reason } });
  if (!(await invited(tx, before))) return;
  await withdrawReminder(tx, before);
  await sendInvitations(tx, after, { reason });
}

/** Whether the members were invited: the notice step was recorded, not skipped. */
async function invited(tx: Tx, m: Meeting): Promise<boolean> {
  return (await listSteps(tx, m.id)).some((s) => s.phase === "prep" && s.stepId === "notice" && !s.skipped);
}

export async function recordStep(
  tx: Tx,
  actor: Actor,
  m: Meeting,
  phase: StepPhase,
  stepId: string,
  input: { skipped: boolean; note: string | null },
): Promise<{ step: typeof meetingSteps.$inferSelect; latePublication: boolean; invitations: number }> {
  assertEditable(m);
  const rules = (await meetingRules(tx, m.organizationPath, m.date)).data;
  const committee = await hasCommitteeOn(tx, m.organizationId, m.date);
  const list =
    phase === "prep" ? rules.preparation.steps : phase === "live" ? rules.liveSteps.steps : rules.thematic.steps;
  if (phase === "thematic" && m.kind !== "thematic" && m.kind !== "combined")
    throw new RuleError("not_thematic", "phase", "errors.meeting_not_thematic");
  // The live steps happen in the meeting (or are entered from a paper record after it).
  if (phase === "live") assertHeld(m);
  const step = list.find((s) => s.id === stepId);
  if (!step) throw new NotFoundError("step");
  if (step.committeeOnly && !committee)
    throw new RuleError("step_not_applicable", "stepId", "errors.step_not_applicable");
  if (input.skipped && !skipAllowed(phase, step, committee))
    throw new RuleError("step_required", "skipped", "errors.step_required", { step: step.key });
  if (input.skipped && !input.note) throw new RuleError("skip_reason", "note", "errors.skip_reason");
  if (phase === "thematic") {
    // The five steps run in order: a step waits for every earlier one that applies to this cell.
    const done = new Set((await listSteps(tx, m.id)).filter((s) => s.phase === "thematic").map((s) => s.stepId));
    const applicable = applicableSteps(list, committee);
    const missing = applicable
      .slice(
        0,
        applicable.findIndex((s) => s.id === stepId),
      )
      .find((s) => !done.has(s.id));
    if (missing) throw new RuleError("step_out_of_order", "stepId", "errors.step_out_of_order", { step: missing.key });
  }
  // A step is a record of when it was done (or skipped, and why): the first recording stands. The same
  // recording again (a second device, a double tap) changes nothing; a different one was made on a stale
  // view of the meeting and is refused rather than silently replacing what the other device recorded.
  const values = {
    meetingId: m.id,
    phase,
    stepId,
    skipped: input.skipped,
    note: input.note,
    doneAt: new Date(),
    doneByUserId: actor.userId,
    doneByName: actor.displayName,
  };
  const [inserted] = await tx
    .insert(meetingSteps)
    .values(values)
    .onConflictDoNothing({ target: [meetingSteps.meetingId, meetingSteps.phase, meetingSteps.stepId] })
    .returning();
  let row = inserted;
  if (!row) {
    [row] = await tx
      .select()
      .from(meetingSteps)
      .where(and(eq(meetingSteps.meetingId, m.id), eq(meetingSteps.phase, phase), eq(meetingSteps.stepId, stepId)));
    if (row!.skipped !== input.skipped || row!.note !== input.note) throw new StaleVersionError();
  }
  let invitations = 0;
  if (phase === "prep" && stepId === "notice" && !input.skipped) invitations = await sendInvitations(tx, m);
  if (inserted) await audit(tx, actor, `step.${phase}.${stepId}`, ref(m), { before: null, after: row! });
  const late =
    phase === "prep" &&
    stepId === "publish_documents" &&
    latePublication(row!.doneAt.toISOString(), m.date, rules.preparation.publishDaysBefore);
  return { step: row!, latePublication: late, invitations };
}

/** Opens, closes or cancels a meeting; a cancellation says why. */
export async function transition(
  tx: Tx,
  actor: Actor,
  m: Meeting,
  input: { to: "open" | "closed" | "cancelled"; version: number; reason?: string },
): Promise<MeetingRow> {
  const { to, version } = input;
  const reason = input.reason?.trim();
  if (to === "cancelled" && !reason) throw new RuleError("cancel_reason", "reason", "validation.required");
  if (!canTransition(m.status, to)) {
    if (m.status === "approved") throw new ConflictError("minutes_approved", "errors.minutes_approved");
    throw new ConflictError("meeting_state", "errors.meeting_state", {
      from: `meetings.status.${m.status}`,
      to: `meetings.status.${to}`,
    });
  }
  const set: Partial<typeof meetings.$inferInsert> = { status: to };
  const at = now();
  if (to === "open") {
    // A meeting is held on its day: opening it on another day would date the minutes, the score and the overview
    // differently. A meeting entered from paper records its actual start as typed, never assumed.
    if (!m.enteredLate && hanoiDate(at) !== m.date)
      throw new RuleError("meeting_other_day", "date", "errors.meeting_other_day", {
        date: formatDate(m.date),
        today: formatDate(hanoiDate(at)),
      });
    if (!m.startedAt && !m.enteredLate) set.startedAt = at;
    if (!m.chairMemberId) set.chairMemberId = await secretaryOn(tx, m.organizationId, m.date);
    const rules = (await meetingRules(tx, m.organizationPath, m.date)).data;
    assertTwoSigners(rules, set.chairMemberId ?? m.chairMemberId, m.minuteTakerMemberId, "chairMemberId");
  }
  if (to === "closed" && !m.endedAt) set.endedAt = m.enteredLate ? null : at;
  if (to === "cancelled") {
    set.cancelledAt = at;
    set.cancelReason = reason ?? null;
    set.sequence = m.sequence + 1;
  }
  const row = await bump(tx, m, set, version);
  await audit(tx, actor, to, ref(row), { before: null, after: set });
  if (to === "cancelled" && (await invited(tx, m))) {
    await withdrawReminder(tx, m);
    await sendCancellation(tx, { ...m, ...row }, reason!);
  }
  return row;
}

export async function setAttendance(
  tx: Tx,
  actor: Actor,
  m: Meeting,
  memberId: string,
  input: { status: typeof meetingAttendance.$inferInsert.status; reason: string | null },
) {
  assertEditable(m);
  if (m.status === "planned" && !m.enteredLate) throw new ConflictError("meeting_not_open", "errors.meeting_not_open");
  await assertInRoster(tx, m, memberId, "memberId");
  if (input.status === "absent_with_reason" || input.status === "absent_without_reason") {
    const spoke = await tx
      .select({ id: meetingContributions.id })
      .from(meetingContributions)
      .where(and(eq(meetingContributions.meetingId, m.id), eq(meetingContributions.memberId, memberId)))
      .limit(1);
    if (spoke.length) throw new RuleError("absent_spoke", "status", "errors.absent_spoke");
  }
  const reason = input.status === "absent_with_reason" ? input.reason : null;
  const [row] = await tx
    .insert(meetingAttendance)
    .values({ meetingId: m.id, memberId, status: input.status, reason })
    .onConflictDoUpdate({
      target: [meetingAttendance.meetingId, meetingAttendance.memberId],
      set: { status: input.status, reason, updatedAt: new Date() },
    })
    .returning();
  await audit(tx, actor, "attendance", ref(m), { before: null, after: row! });
  const counts = attendanceCounts(await rosterOn(tx, m), await listAttendance(tx, m.id));
  return { ...row!, counts };
}

/** "Tất cả có mặt": every expected member not marked yet is marked present; the exceptions are marked after. */
export async function markAllPresent(tx: Tx, actor: Actor, m: Meeting) {
  assertHeld(m);
  const roster = await rosterOn(tx, m);
  const ids = membersToMarkPresent(roster, await listAttendance(tx, m.id));
  if (ids.length) {
    const rows = await tx
      .insert(meetingAttendance)
      .values(ids.map((memberId) => ({ meetingId: m.id, memberId, status: "present" as const, reason: null })))
      .onConflictDoNothing()
      .returning();
    await audit(tx, actor, "attendance.all_present", ref(m), {
      before: null,
      after: { memberIds: rows.map((r) => r.memberId) },
    });
  }
  return { marked: ids.length, counts: attendanceCounts(roster, await listAttendance(tx, m.id)) };
}

function assertHeld(m: Meeting) {
  assertEditable(m);
  if (m.status === "planned" && !m.enteredLate) throw new ConflictError("meeting_not_open", "errors.meeting_not_open");
}

export async function addContribution(
  tx: Tx,
  actor: Actor,
  m: Meeting,
  input: { memberId?: string | null; speakerName: string | null; part: "discussion" | "criticism"; text: string },
) {
  assertHeld(m);
  let speakerName = input.speakerName;
  if (input.memberId) {
    const roster = await rosterOn(tx, m);
    const member = roster.find((r) => r.id === input.memberId);
    if (!member) throw new RuleError("not_cell_member", "memberId", "errors.not_cell_member");
    const entry = (await listAttendance(tx, m.id)).find((e) => e.memberId === member.id);
    if (recordedAbsent(member, entry))
      throw new RuleError("speaker_absent", "memberId", "errors.speaker_absent", { name: member.fullName });
    speakerName = member.fullName;
  }
  const [row] = await tx
    .insert(meetingContributions)
    .values({
      meetingId: m.id,
      memberId: input.memberId ?? null,
      speakerName: speakerName!,
      part: input.part,
      text: input.text,
    })
    .returning();
  await audit(tx, actor, "contribution.add", ref(m), { before: null, after: row! });
  return row!;
}

export async function updateContribution(
  tx: Tx,
  actor: Actor,
  m: Meeting,
  id: string,
  input: { text: string; version: number },
) {
  assertEditable(m);
  const [before] = await tx
    .select()
    .from(meetingContributions)
    .where(and(eq(meetingContributions.id, id), eq(meetingContributions.meetingId, m.id)));
  if (!before) throw new NotFoundError("contribution");
  const row = await updateVersioned(tx, meetingContributions, id, input.version, { text: input.text });
  await audit(tx, actor, "contribution.update", ref(m), { before, after: row });
  return row;
}

export async function addTask(
  tx: Tx,
  actor: Actor,
  m: Meeting,
  input: { what: string; responsibleMemberId: string; deadline: string },
) {
  assertHeld(m);
  await assertInRoster(tx, m, input.responsibleMemberId, "responsibleMemberId");
  if (input.deadline < m.date)
    throw new RuleError("deadline_before_meeting", "deadline", "errors.deadline_before_meeting");
  const [row] = await tx
    .insert(meetingTasks)
    .values({ meetingId: m.id, ...input })
    .returning();
  await audit(tx, actor, "task.add", ref(m), { before: null, after: row! });
  return row!;
}

export async function recordVote(
  tx: Tx,
  actor: Actor,
  m: Meeting,
  input: {
    subject: string;
    rule: VoteRuleId;
    mode: "counted" | "named";
    inFavour?: number;
    against?: number;
    other?: number;
    ballots?: { memberId: string; choice: VoteChoice }[];
  },
) {
  assertEditable(m);
  // A vote is taken in the open meeting; a back-filled meeting records the paper's result after the fact.
  if (m.status !== "open" && !(m.enteredLate && m.status !== "planned"))
    throw new ConflictError("vote_meeting_not_open", "errors.vote_meeting_not_open");
  const rules = (await meetingRules(tx, m.organizationPath, m.date)).data;
  const rule = rules.votes[input.rule];
  const roster = await rosterOn(tx, m);
  const eligible = eligibleVoters(rule, roster, await listAttendance(tx, m.id));
  const fullMembers = roster.filter((r) => r.status === "full").length;
  let counts: { inFavour: number; against: number; other: number };
  let ballots: { memberId: string; choice: VoteChoice }[] = [];
  if (input.mode === "named") {
    ballots = input.ballots ?? [];
    const allowed = new Set(eligible.map((e) => e.id));
    const seen = new Set<string>();
    for (const b of ballots) {
      if (!allowed.has(b.memberId)) throw new RuleError("voter_not_eligible", "ballots", "errors.voter_not_eligible");
      if (seen.has(b.memberId)) throw new RuleError("voter_twice", "ballots", "errors.voter_twice");
      seen.add(b.memberId);
    }
    counts = tallyBallots(ballots);
  } else counts = { inFavour: input.inFavour!, against: input.against!, other: input.other! };
  const decision = decideVote(rule, { eligible: eligible.length, fullMembers, ...counts });
  if (!decision.ok)
    throw new RuleError(decision.code, "inFavour", "errors.vote_totals_exceed", {
      total: decision.total,
      eligible: decision.eligible,
    });
  const [row] = await tx
    .insert(meetingVotes)
    .values({
      meetingId: m.id,
      subject: input.subject,
      rule: input.rule,
      mode: input.mode,
      eligible: eligible.length,
      fullMembers,
      ...counts,
      passed: decision.passed,
      ballots,
    })
    .returning();
  await audit(tx, actor, "vote", ref(m), { before: null, after: row! });
  return { ...row!, threshold: decision.threshold };
}

/**
 * Chair and minute-taker each approve, in their own name, and who approved is recorded with when; with both, the
 * minutes are locked for good. Two signatures mean two people: a meeting whose chair is also its minute-taker
 * (recorded so before the rule was enforced) is refused until one of the roles is given to someone else, and an
 * approval counts only while the member who gave it still holds that role.
 */
async function recordApproval(tx: Tx, actor: Actor, m: Meeting, version: number): Promise<MeetingRow> {
  if (m.status === "approved") throw new ConflictError("minutes_approved", "errors.minutes_approved");
  if (m.status !== "closed") throw new ConflictError("meeting_not_closed", "errors.meeting_not_closed");
  const { asChair, asTaker } = minutesSignerRoles(actor.memberId, m);
  if (!asChair && !asTaker) throw new ForbiddenError();
  const rules = (await meetingRules(tx, m.organizationPath, m.date)).data;
  assertTwoSigners(rules, m.chairMemberId, m.minuteTakerMemberId, "minuteTakerMemberId");
  const now = new Date();
  const given = approvalsThatCount(rules.minutesSigners, m);
  const set: Partial<typeof meetings.$inferInsert> = {};
  if (asChair && !given.chair) Object.assign(set, { chairApprovedAt: now, chairApprovedBy: actor.memberId });
  if (asTaker && !given.taker) Object.assign(set, { takerApprovedAt: now, takerApprovedBy: actor.memberId });
  if (approvalsThatCount(rules.minutesSigners, { ...m, ...set }).complete) {
    set.status = "approved";
    set.approvedAt = now;
  }
  const row = await bump(tx, m, set, version);
  await audit(tx, actor, set.status === "approved" ? "approve" : "approve.partial", ref(row), {
    before: null,
    after: { asChair, asTaker },
  });
  return row;
}

/** Whether the actor signs the minutes, as chair or as minute-taker: the one rule of who approves them. */
export function mayApproveMinutes(actor: Actor, m: Meeting): boolean {
  const { asChair, asTaker } = minutesSignerRoles(actor.memberId, m);
  return asChair || asTaker;
}

/**
 * An approval, and what the full approval sets going in the same transaction: the tasks handed out become tracked
 * tasks and the meeting's resolution is recorded (afterMinutesApproved).
 */
export async function approveMinutes(tx: Tx, actor: Actor, m: Meeting, version: number) {
  const row = await recordApproval(tx, actor, m, version);
  const handedOver = await afterMinutesApproved(tx, actor, { ...m, ...row });
  return { ...row, handedOver };
}

export async function addAmendment(tx: Tx, actor: Actor, m: Meeting, text: string) {
  if (m.status !== "approved") throw new ConflictError("minutes_not_approved", "errors.minutes_not_approved");
  const [row] = await tx
    .insert(meetingAmendments)
    .values({ meetingId: m.id, text, byUserId: actor.userId, byName: actor.displayName })
    .returning();
  await audit(tx, actor, "amend", ref(m), { before: null, after: row! });
  return row!;
}

/** Scores a held meeting by the sheet in force on its date: computed criteria from the facts, judgements from the secretary. */
export async function scoreMeetingRecord(tx: Tx, actor: Actor, m: Meeting, judgements: Judgement[]) {
  // The score is part of the minutes (their "quality" line): once approved it stands, like the rest of the record.
  assertEditable(m);
  if (m.status !== "closed") throw new ConflictError("meeting_not_closed", "errors.meeting_not_closed");
  const sheet = await scoreSheetFor(tx, m.organizationPath, m.date);
  if (!sheet) throw new RuleError("no_score_sheet", null, "errors.no_score_sheet");
  assertJudgements(sheet.data, judgements);
  const facts: MeetingFacts = await factsOf(tx, m);
  const result = scoreMeeting(sheet.data, facts, judgements);
  const before = await getScore(tx, m.id);
  const values = {
    meetingId: m.id,
    sheetKey: sheet.key,
    sheetEffectiveFrom: sheet.effectiveFrom,
    facts,
    judgements,
    total: result.total,
    max: result.max,
    rating: result.rating,
    criteria: result.criteria,
    scoredAt: new Date(),
    scoredByUserId: actor.userId,
    scoredByName: actor.displayName,
  };
  const [row] = before
    ? await tx
        .update(meetingScores)
        .set({ ...values, version: sql`${meetingScores.version} + 1` })
        .where(eq(meetingScores.meetingId, m.id))
        .returning()
    : await tx.insert(meetingScores).values(values).returning();
  await audit(tx, actor, "score", ref(m), { before, after: row! });
  return row!;
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
export { hashToken };

/** A new secret feed address for the member; any earlier one stops working. */
export async function rotateCalendarToken(
  tx: Tx,
  actor: Actor,
  memberId: string,
  organizationId: string,
): Promise<string> {
  await tx
    .update(calendarTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(calendarTokens.memberId, memberId), isNull(calendarTokens.revokedAt)));
  const token = randomBytes(24).toString("base64url");
  const [row] = await tx
    .insert(calendarTokens)
    .values({ memberId, tokenHash: hashToken(token) })
    .returning({ id: calendarTokens.id });
  await calendarAudit(tx, actor, "create", { organizationId, entityId: row!.id }, { before: null, after: null });
  return token;
}

export async function revokeCalendarToken(
  tx: Tx,
  actor: Actor,
  memberId: string,
  organizationId: string,
): Promise<number> {
  const rows = await tx
    .update(calendarTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(calendarTokens.memberId, memberId), isNull(calendarTokens.revokedAt)))
    .returning({ id: calendarTokens.id });
  for (const r of rows)
    await calendarAudit(tx, actor, "revoke", { organizationId, entityId: r.id }, { before: null, after: null });
  return rows.length;
}

// ── what the pages read ─────────────────────────────────────────────────────

/** A cell's meetings, the date the calendar proposes next, and the quarters that lacked a thematic meeting. */
export async function cellMeetings(
  ex: Executor,
  actor: Actor,
  org: OrgRef,
  query: { from?: string; to?: string; limit: number },
  today = todayIso(),
) {
  const items = await listMeetings(ex, org.id, { ...query, order: query.from && !query.to ? "asc" : "desc" });
  const rules = (await meetingRules(ex, org.path, today)).data;
  const history = await listMeetings(ex, org.id, { limit: 500 });
  const usual = await usualMeeting(ex, org.id);
  return {
    items,
    proposal: { date: nextMeetingProposal(rules, history, today), source: rules.meetingDay.source, ...usual },
    missingThematic: missingThematicQuarters(history, today, rules.thematic.perQuarter),
    thematicSource: rules.thematic.source,
    permissions: { manage: can(actor, "meeting.manage", org) },
  };
}

/** The đảng ủy's overview of the cells under `org` that the actor may see, for a year or one month of it. */
export async function cellsOverview(
  ex: Executor,
  actor: Actor,
  org: OrgRef,
  query: { year: number; month?: number; offset: number; limit: number },
  today = todayIso(),
) {
  const { year, month } = query;
  const { from, to } = monthRange(year, month);
  const visible = new Set(await visibleSubtreeIds(ex, actor, "meeting.view", org));
  const rows = (await overviewRows(ex, org.path, from, to)).filter((r) => visible.has(r.organizationId));
  // Every counted meeting's rate from its summary row (a stale one is computed now): one row per meeting, where
  // rebuilding each roster on its date took 20 s for a province's month.
  const rates = await attendanceRates(
    ex,
    rows.filter(countedInOverview).map((r) => r.meetingId),
  );
  const rules = (await meetingRules(ex, org.path, today)).data;
  const firsts = await firstMeetingDates(ex, org.path);
  const yearSheet = await scoreSheetFor(ex, org.path, year < Number(today.slice(0, 4)) ? `${year}-12-31` : today);
  return meetingOverview({ ...query, today, rules, rows, rates, firsts, yearSheet: yearSheet?.data ?? null });
}

/** Everything the meeting page shows, in one answer. */
export async function meetingPage(ex: Executor, actor: Actor, m: Meeting) {
  const record = await loadMeetingRecord(ex, m);
  const tasks = await listMeetingTasks(ex, m.id);
  const amendments = await listAmendments(ex, m.id);
  const score = await getScore(ex, m.id);
  const { rulebook, roster, attendance, steps, contributions, votes, committee } = record;
  const rules = rulebook.data;
  const byMember = new Map(attendance.map((a) => [a.memberId, a]));
  const published = steps.find((s) => s.phase === "prep" && s.stepId === "publish_documents" && !s.skipped);
  const facts = m.status === "closed" || m.status === "approved" ? await factsOf(ex, m, record) : null;
  // What the sheet in force gives today, with the judgements entered so far: the page shows it before anyone saves.
  const sheet = facts ? await scoreSheetFor(ex, m.organizationPath, m.date) : null;
  const scorePreview =
    sheet && facts
      ? {
          sheetKey: sheet.key,
          sheetTitle: rulebookTitle(sheet, actor.locale),
          ...scoreMeeting(sheet.data, facts, score?.judgements ?? []),
        }
      : null;
  const signer = minutesSignerRoles(actor.memberId, m);
  return {
    ...m,
    hasCommittee: committee,
    rulebook: { key: rulebook.key, title: rulebookTitle(rulebook, actor.locale) },
    rules: {
      preparation: applicableSteps(rules.preparation.steps, committee),
      publishDaysBefore: rules.preparation.publishDaysBefore,
      live: rules.liveSteps.steps,
      thematic: rules.thematic.steps.map((s) => ({
        ...s,
        applies: committee || !s.committeeOnly,
        skippable: Boolean(s.committeeOnly) && !committee,
      })),
      topicCriteria: rules.thematic.topicCriteria,
      minDurationMinutes: rules.minDurationMinutes[m.kind],
      attendanceMinPercent: rules.attendance.minPercent,
      votes: rules.votes,
    },
    roster: roster.map((r) => ({
      ...r,
      attendance: effectiveStatus(r, byMember.get(r.id)),
      reason: byMember.get(r.id)?.reason ?? null,
    })),
    counts: attendanceCounts(roster, attendance),
    steps,
    latePublication: published
      ? latePublication(published.doneAt.toISOString(), m.date, rules.preparation.publishDaysBefore)
      : false,
    contributions,
    tasks,
    votes,
    amendments,
    score,
    facts,
    scorePreview,
    official: await officialOf(ex, m),
    // The overseer, the đảng ủy's leaders and the UBKT record the meeting they attended as routine supervision.
    supervision: await supervisionOfMeeting(ex, actor, m, todayIso()),
    permissions: {
      manage: can(actor, "meeting.manage", orgOf(m)),
      approveAsChair: signer.asChair,
      approveAsTaker: signer.asTaker,
    },
  };
}
