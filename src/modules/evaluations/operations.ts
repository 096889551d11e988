import { updateVersioned } from "../../core/db/versioned.js";
import { bumpTallyRevision } from "./tallies.js";
import { HOLIDAYS_KIND, type HolidayCalendar } from "../../core/working-days.js";
import { and, eq, sql } from "drizzle-orm";
import { insertMany, queryRows, type Executor, type Tx } from "../../core/db/index.js";
import type { Actor } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import { AppError, ConflictError, RuleError, StaleVersionError } from "../../core/http/errors.js";
import { notify } from "../../core/outbox/index.js";
import { loadCentralRulebooks, rulebookInForce } from "../../core/rulebooks/index.js";
import type { Rulebook } from "../../core/rulebooks/model.js";
import { hanoiDate } from "../../core/time.js";
import { compareVietnamese, t } from "../../core/i18n/index.js";
import { getMeeting, listVotes, memberAttendance, overviewRows } from "../meetings/store.js";
import { getMember, memberNames } from "../members/store.js";
import type { OrganizationRow } from "../organizations/store.js";
import { getOrganization } from "../organizations/store.js";
import { positionsUnder } from "../organizations/store.js";
import { positionActive } from "../organizations/model.js";
import { listPersonalPlans } from "../plans/store.js";
import { listTasks } from "../tasks/store.js";
import {
  checkQuota,
  deadlinesFor,
  emptyLevelCounts,
  exclusionFor,
  formFor,
  judgeLevel,
  LEVELS,
  levelRank,
  quotaGroup,
  scoreProblems,
  totalScore,
  type CellReportFacts,
  type DecisionInput,
  type DecisionList,
  type EvaluationRules,
  type FactSource,
  type Level,
  type MemberFacts,
  type OpenPeriodInput,
  type Post,
  type ProposalInput,
  type Rubric,
  type SelfAssessmentInput,
  type TaskFact,
  type Veto,
} from "./model.js";
import {
  evaluationComments,
  evaluationDecisions,
  evaluationPeriods,
  evaluationProposals,
  evaluationSubjects,
  selfAssessments,
  type ReRanking,
} from "./schema.js";
import {
  assessmentOf,
  cellsUnder,
  decisionOf,
  type getPeriod,
  membersUnder,
  previousYearPeriod,
  proposalOf,
  statusIntervalsOf,
  subjectOfMember,
  subjectProgress,
  type PeriodRow,
  type SubjectRow,
} from "./store.js";

// The audit trail of the review: every event each record may have, typed (core/audit auditTrail).
type Row<T extends { $inferSelect: unknown }> = T["$inferSelect"];
const periodAudit = auditTrail<{
  open: Change<null, Row<typeof evaluationPeriods> & { subjects: number }>;
  close: Change<Row<typeof evaluationPeriods>, Row<typeof evaluationPeriods>>;
  publish: Change<Row<typeof evaluationPeriods>, Row<typeof evaluationPeriods>>;
}>("evaluation_period");
const assessmentAudit = auditTrail<{
  save: Change<Row<typeof selfAssessments>, Row<typeof selfAssessments>>;
  submit: Change<Row<typeof selfAssessments>, Row<typeof selfAssessments>>;
}>("self_assessment");
const commentAudit = auditTrail<{ create: Change<null, Row<typeof evaluationComments>> }>("evaluation_comment");
const proposalAudit = auditTrail<{
  create: Change<Row<typeof evaluationProposals>, Row<typeof evaluationProposals>>;
  update: Change<Row<typeof evaluationProposals>, Row<typeof evaluationProposals>>;
}>("evaluation_proposal");
const decisionAudit = auditTrail<{
  decide: Change<Row<typeof evaluationDecisions>, Row<typeof evaluationDecisions>>;
  update: Change<Row<typeof evaluationDecisions>, Row<typeof evaluationDecisions>>;
  /** Mẫu 03: a decided level changed after a later finding. */
  re_rank: Change<Row<typeof evaluationDecisions>, Row<typeof evaluationDecisions>>;
}>("evaluation_decision");

type Period = NonNullable<Awaited<ReturnType<typeof getPeriod>>>;

/**
 * The rules a period was opened with: a central rulebook by the key stored on the period, so old periods keep
 * theirs after a newer one takes effect; otherwise (a local variant) the one in force on the period's last day.
 */
export async function periodRules(
  ex: Executor,
  period: Pick<PeriodRow, "endsOn" | "rulebookKey" | "rubricKey"> & { organizationPath: string },
) {
  const byKey = <T>(kind: string, key: string) =>
    (loadCentralRulebooks().find((b) => b.kind === kind && b.key === key) as Rulebook<T> | undefined) ??
    rulebookInForce<T>(ex, kind, period.organizationPath, period.endsOn);
  const [rules, rubric] = await Promise.all([
    byKey<EvaluationRules>("evaluation", period.rulebookKey),
    byKey<Rubric>("evaluation-rubric", period.rubricKey),
  ]);
  // Deadlines counted in working days skip the holidays in force where the period is held.
  const calendar = await rulebookInForce<HolidayCalendar>(ex, HOLIDAYS_KIND, period.organizationPath, period.endsOn);
  return { rules: rules.data, rubric: rubric.data, rulebook: rules, rubricBook: rubric, calendar: calendar.data };
}

/** The evaluation rulebook and rubric in force on a period's last day; a period before any of them is refused. */
async function inForceOrRefuse(ex: Executor, orgPath: string, endsOn: string) {
  const earliest = loadCentralRulebooks()
    .filter((b) => b.kind === "evaluation")
    .reduce((min, b) => (b.effectiveFrom < min ? b.effectiveFrom : min), "9999-12-31");
  if (endsOn < earliest) throw new RuleError("no_rulebook", "endsOn", "evaluations.no_rulebook", { date: earliest });
  return Promise.all([
    rulebookInForce<EvaluationRules>(ex, "evaluation", orgPath, endsOn),
    rulebookInForce<Rubric>(ex, "evaluation-rubric", orgPath, endsOn),
  ]);
}

const LEADER_ROLES = new Set(["secretary", "deputy_secretary", "committee_member"]);

/**
 * Opens a period for a đảng bộ and lists who is evaluated in each cell, applying the exclusions on the period's
 * dates; each cell is listed too, as a collective.
 */
export async function openPeriod(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  input: OpenPeriodInput,
): Promise<PeriodRow> {
  const { period, subjects } = await createPeriod(tx, org, input);
  await periodAudit(
    tx,
    actor,
    "open",
    { organizationId: org.id, entityId: period.id },
    { before: null, after: { ...period, subjects } },
  );
  return period;
}

/** The period and its subjects, without the audit event (the demo builds its years with it). */
export async function createPeriod(
  tx: Tx,
  org: Pick<OrganizationRow, "id" | "kind" | "path">,
  input: OpenPeriodInput,
): Promise<{ period: PeriodRow; subjects: number }> {
  if (org.kind !== "party_committee")
    throw new RuleError("period_org_kind", "organizationId", "evaluations.period_org_kind");
  const [rules, rubric] = await inForceOrRefuse(tx, org.path, input.endsOn);
  const [existing] = await tx
    .select({ id: evaluationPeriods.id })
    .from(evaluationPeriods)
    .where(
      and(
        eq(evaluationPeriods.organizationId, org.id),
        eq(evaluationPeriods.kind, input.kind),
        eq(evaluationPeriods.year, input.year),
        sql`coalesce(${evaluationPeriods.quarter}, 0) = ${input.quarter ?? 0}`,
        sql`${evaluationPeriods.deletedAt} IS NULL`,
      ),
    );
  if (existing) throw new ConflictError("period_exists", "evaluations.period_exists");
  const [period] = await tx
    .insert(evaluationPeriods)
    .values({
      organizationId: org.id,
      kind: input.kind,
      year: input.year,
      quarter: input.quarter,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      rulebookKey: rules.key,
      rubricKey: rubric.key,
    })
    .returning();

  const cells = await cellsUnder(tx, org.path);
  // Leaders of the đảng bộ and of its open cells (a closed cell's positions do not make a leader).
  const units = new Set([org.id, ...cells.map((c) => c.id)]);
  const leaders = new Set(
    (await positionsUnder(tx, org.path))
      .filter((p) => units.has(p.organizationId) && LEADER_ROLES.has(p.role) && positionActive(p, input.endsOn))
      .map((p) => p.memberId),
  );
  const roster = (await membersUnder(tx, org.path, cells)).filter((m) => m.leftOn === null || m.leftOn > input.endsOn);
  const rows: (typeof evaluationSubjects.$inferInsert)[] = cells.map((c) => ({
    periodId: period!.id,
    cellId: c.id,
    kind: "cell" as const,
    memberId: null,
    post: "collective" as const,
    form: formFor(rules.data.forms, input.kind, "collective"),
    excluded: false,
    exclusionReason: null,
  }));
  const statuses = await statusIntervalsOf(tx, roster);
  for (const m of roster) {
    const post: Post = input.posts[m.id] ?? (leaders.has(m.id) ? "leader" : "member");
    const reason = exclusionFor(
      rules.data.exclusions,
      { admittedOn: m.admissionDate, statuses: statuses.get(m.id) ?? [] },
      input,
    );
    rows.push({
      periodId: period!.id,
      cellId: m.cellId,
      kind: "member",
      memberId: m.id,
      post,
      form: formFor(rules.data.forms, input.kind, post),
      excluded: reason !== null,
      exclusionReason: reason,
    });
  }
  await insertMany(tx, evaluationSubjects, rows);
  return { period: period!, subjects: rows.length };
}

/** Closing ends self-assessments and proposals; decisions and re-rankings stay possible. */
export async function closePeriod(tx: Tx, actor: Actor, period: Period, version: number): Promise<PeriodRow> {
  const row = await updateVersioned(tx, evaluationPeriods, period.id, version, { state: "closed" });
  await periodAudit(
    tx,
    actor,
    "close",
    { organizationId: period.organizationId, entityId: period.id },
    { before: period, after: row },
  );
  return row;
}

// ── facts ───────────────────────────────────────────────────────────────────────────────────────

/** What chibo knows about a member's period, read from the tasks, meetings and plans modules' public functions. */
export async function memberFacts(
  ex: Executor,
  period: PeriodRow,
  subject: SubjectRow,
  options: { exceededTaskIds?: string[]; previousFixed?: (boolean | null)[]; now: Date },
): Promise<MemberFacts> {
  const memberId = subject.memberId!;
  const readAt = options.now.toISOString();
  const src = (module: FactSource["module"], ids: string[]): FactSource => ({ module, ids, readAt });
  const exceeded = new Set(options.exceededTaskIds ?? []);

  const taskRows = (await listTasks(ex, { memberId })).filter(
    (tk) =>
      tk.responsibleMemberId === memberId &&
      ((tk.dueOn >= period.startsOn && tk.dueOn <= period.endsOn) ||
        (tk.doneOn !== null && tk.doneOn >= period.startsOn && tk.doneOn <= period.endsOn)),
  );
  const items: TaskFact[] = taskRows.map((tk) => {
    const done = tk.doneOn !== null && tk.doneOn <= period.endsOn;
    const outcome = done
      ? tk.doneOn! <= tk.dueOn
        ? "on_time"
        : "late"
      : tk.dueOn <= period.endsOn
        ? "undone"
        : "open";
    return {
      taskId: tk.id,
      title: tk.title,
      dueOn: tk.dueOn,
      doneOn: done ? tk.doneOn : null,
      outcome,
      exceeded: done && exceeded.has(tk.id),
    };
  });
  const counted = items.filter((i) => i.outcome !== "open");
  const count = (o: TaskFact["outcome"]) => counted.filter((i) => i.outcome === o).length;

  const attendance = (await memberAttendance(ex, memberId, 400)).filter(
    (a) => a.date >= period.startsOn && a.date <= period.endsOn,
  );
  const by = (s: string) => attendance.filter((a) => a.status === s).length;
  const countedMeetings = attendance.length - by("exempt");

  const plans = (await listPersonalPlans(ex, subject.cellId, period.year)).filter((p) => p.memberId === memberId);
  const plan = plans[0] ?? null;

  const previous = await previousYearPeriod(ex, period);
  const prevSubject = previous ? await subjectOfMember(ex, previous.id, memberId) : null;
  const prevAssessment = prevSubject ? await assessmentOf(ex, prevSubject.id) : null;
  const fixed = options.previousFixed ?? [];

  return {
    asOf: hanoiDate(options.now),
    tasks: {
      assigned: counted.length,
      onTime: count("on_time"),
      late: count("late"),
      undone: count("undone"),
      exceeded: counted.filter((i) => i.exceeded).length,
      items,
      source: src(
        "tasks",
        items.map((i) => i.taskId),
      ),
    },
    attendance: {
      meetings: attendance.length,
      present: by("present"),
      late: by("late"),
      absentWithReason: by("absent_with_reason"),
      absentWithoutReason: by("absent_without_reason"),
      exempt: by("exempt"),
      ratePercent:
        countedMeetings > 0 ? Math.round(((by("present") + by("late")) * 10_000) / countedMeetings) / 100 : null,
      source: src(
        "meetings",
        attendance.map((a) => a.meetingId),
      ),
    },
    personalPlan: plan
      ? {
          planId: plan.id,
          items: plan.items.map((i) => ({ what: i.what, dueOn: i.dueOn, result: i.result })),
          reviewNote: plan.reviewNote,
          reviewedOn: plan.reviewedOn,
          source: src("plans", [plan.id]),
        }
      : null,
    shortcomings: {
      fromPeriodId: previous?.id ?? null,
      items: (prevAssessment?.shortcomingItems ?? []).map((text, i) => ({ text, fixed: fixed[i] ?? null })),
      source: src("evaluations", prevAssessment ? [prevAssessment.id] : []),
    },
    discipline: { entries: subject.discipline, source: src("committee", []) },
  };
}

/** A cell's year, for its Mẫu 01: meetings and their ratings, tasks, members' levels. */
export async function cellReportFacts(
  ex: Executor,
  period: PeriodRow,
  cell: { id: string; name: string; path: string },
  now: Date,
): Promise<CellReportFacts> {
  const readAt = now.toISOString();
  const meetings = (await overviewRows(ex, cell.path, period.startsOn, period.endsOn)).filter(
    (r) => r.organizationId === cell.id && r.meetingId && r.kind !== "committee" && r.status !== "planned",
  );
  const byRating = { good: 0, fair: 0, average: 0, poor: 0, unrated: 0 };
  for (const m of meetings) byRating[(m.rating as keyof typeof byRating | null) ?? "unrated"] += 1;
  const taskRows = (await listTasks(ex, { organizationIds: [cell.id] })).filter(
    (tk) => tk.dueOn >= period.startsOn && tk.dueOn <= period.endsOn,
  );
  const done = (tk: (typeof taskRows)[number]) => tk.doneOn !== null && tk.doneOn <= period.endsOn;
  const progress = await subjectProgress(ex, period.id, [cell.id]);
  const members = progress.filter((p) => p.kind === "member");
  const own = progress.find((p) => p.kind === "cell");
  const proposedLevels = emptyLevelCounts();
  const decidedLevels = emptyLevelCounts();
  for (const m of members) {
    if (m.proposedLevel) proposedLevels[m.proposedLevel as Level] += 1;
    if (m.decidedLevel) decidedLevels[m.decidedLevel as Level] += 1;
  }
  const subjects = await queryRows<{ discipline: { dutyRelated: boolean }[] }>(
    ex,
    sql`SELECT discipline FROM evaluation_subjects WHERE period_id = ${period.id} AND cell_id = ${cell.id} AND kind = 'member'`,
  );
  return {
    periodId: period.id,
    cellId: cell.id,
    cellName: cell.name,
    year: period.year,
    startsOn: period.startsOn,
    endsOn: period.endsOn,
    members: {
      total: members.length,
      evaluated: members.filter((m) => !m.excluded).length,
      excluded: members
        .filter((m) => m.excluded)
        .map((m) => ({ memberId: m.memberId!, name: m.name, reason: m.exclusionReason! })),
    },
    meetings: {
      held: meetings.length,
      byRating,
      source: { module: "meetings", ids: meetings.map((m) => m.meetingId!), readAt },
    },
    tasks: {
      assigned: taskRows.length,
      onTime: taskRows.filter((tk) => done(tk) && tk.doneOn! <= tk.dueOn).length,
      late: taskRows.filter((tk) => done(tk) && tk.doneOn! > tk.dueOn).length,
      undone: taskRows.filter((tk) => !done(tk)).length,
      source: { module: "tasks", ids: taskRows.map((tk) => tk.id), readAt },
    },
    proposedLevels,
    decidedLevels,
    disciplined: subjects.filter((s) => s.discipline.length > 0).length,
    reviewMeetingId: own?.meetingId ?? null,
    proposedLevel: (own?.proposedLevel as Level | null) ?? null,
    decidedLevel: (own?.decidedLevel as Level | null) ?? null,
  };
}

// ── the member's self-assessment ───────────────────────────────────────────────────────────────

function assertOpen(period: PeriodRow): void {
  if (period.state !== "open") throw new RuleError("period_closed", "period", "evaluations.period_closed");
}

function assertIncluded(subject: SubjectRow): void {
  if (subject.excluded)
    throw new RuleError("subject_excluded", "memberId", "evaluations.subject_excluded", {
      reason: `evaluations.exclusion.${subject.exclusionReason}`,
    });
}

function assertUndecided(decided: unknown): void {
  if (decided) throw new ConflictError("already_decided", "evaluations.already_decided");
}

/** Saves (and, with submit, hands in) the self-assessment; the facts are read again and kept with it. */
export async function saveSelfAssessment(
  tx: Tx,
  actor: Actor,
  period: Period,
  subject: SubjectRow,
  input: SelfAssessmentInput,
  now: Date,
) {
  assertOpen(period);
  assertIncluded(subject);
  assertUndecided(await decisionOf(tx, subject.id));
  const { rubric, rubricBook } = await periodRules(tx, period);
  const sections = rubric.variants[subject.post]!.sections;
  const problems = scoreProblems(sections, input.scores);
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new AppError(
      422,
      "score_invalid",
      first.key,
      first.params,
      Object.fromEntries(problems.map((p) => [p.field, { key: p.key, params: p.params }])),
    );
  }
  const facts =
    subject.kind === "member"
      ? await memberFacts(tx, period, subject, {
          exceededTaskIds: input.exceededTaskIds,
          previousFixed: input.previousFixed,
          now,
        })
      : emptyFactsOfCell(subject, now);
  // Only the member's own tasks of the period can be marked exceeded; any other id is refused, not ignored.
  const known = new Set(facts.tasks.items.map((t) => t.taskId));
  const stranger = input.exceededTaskIds.find((id) => !known.has(id));
  if (stranger) throw new RuleError("exceeded_task_unknown", "exceededTaskIds", "evaluations.exceeded_task_unknown");
  const values = {
    sections: input.sections,
    scores: input.scores,
    total: totalScore(input.scores),
    rubricKey: rubricBook.key,
    proposedLevel: input.proposedLevel,
    shortcomingItems: input.shortcomingItems,
    previousFixed: input.previousFixed,
    exceededTaskIds: input.exceededTaskIds,
    facts,
  };
  const before = await assessmentOf(tx, subject.id);
  let row;
  if (!before) {
    if (input.version !== null) throw new StaleVersionError();
    [row] = await tx
      .insert(selfAssessments)
      .values({ subjectId: subject.id, ...values, submittedAt: input.submit ? now : null })
      .returning();
  } else {
    // Changing a saved assessment needs the version the member read; none at all is as stale as an old one.
    if (input.version === null) throw new StaleVersionError();
    row = await updateVersioned(tx, selfAssessments, before.id, input.version, {
      ...values,
      submittedAt: input.submit ? (before.submittedAt ?? now) : before.submittedAt,
    });
  }
  await bumpTallyRevision(tx, period.id);
  await assessmentAudit(
    tx,
    actor,
    input.submit ? "submit" : "save",
    { organizationId: subject.cellId, entityId: row!.id },
    { before, after: row! },
  );
  return row!;
}

/** A cell's own Mẫu 01 scoring keeps no personal facts (its facts are the cell report's); also a back-filled year's. */
export function emptyFactsOfCell(subject: Pick<SubjectRow, "discipline">, now: Date): MemberFacts {
  const src: FactSource = { module: "evaluations", ids: [], readAt: now.toISOString() };
  return {
    asOf: hanoiDate(now),
    tasks: { assigned: 0, onTime: 0, late: 0, undone: 0, exceeded: 0, items: [], source: src },
    attendance: {
      meetings: 0,
      present: 0,
      late: 0,
      absentWithReason: 0,
      absentWithoutReason: 0,
      exempt: 0,
      ratePercent: null,
      source: src,
    },
    personalPlan: null,
    shortcomings: { fromPeriodId: null, items: [], source: src },
    discipline: { entries: subject.discipline, source: src },
  };
}

// ── the cell's review meeting ───────────────────────────────────────────────────────────────────

async function assertReviewMeeting(ex: Executor, subject: SubjectRow, meetingId: string, field: string) {
  const meeting = await getMeeting(ex, meetingId);
  if (!meeting || meeting.organizationId !== subject.cellId)
    throw new RuleError("meeting_not_of_cell", field, "evaluations.meeting_not_of_cell");
  if (!["open", "closed", "approved"].includes(meeting.status))
    throw new RuleError("meeting_not_held", field, "evaluations.meeting_not_held");
  return meeting;
}

export async function addComment(
  tx: Tx,
  actor: Actor,
  period: Period,
  subject: SubjectRow,
  input: {
    kind: "criticism" | "residence";
    text: string;
    authorMemberId: string | null;
    authorName: string | null;
    meetingId: string | null;
  },
) {
  assertOpen(period);
  assertIncluded(subject);
  if (input.meetingId) await assertReviewMeeting(tx, subject, input.meetingId, "meetingId");
  if (input.authorMemberId) {
    const author = await getMember(tx, input.authorMemberId);
    const cell = await getOrganization(tx, subject.cellId);
    if (!author || !cell || !author.organizationPath.startsWith(cell.path))
      throw new RuleError("author_not_of_cell", "authorMemberId", "evaluations.author_not_of_cell");
  }
  const [row] = await tx
    .insert(evaluationComments)
    .values({ subjectId: subject.id, ...input, createdBy: actor.userId })
    .returning();
  await commentAudit(
    tx,
    actor,
    "create",
    { organizationId: subject.cellId, entityId: row!.id },
    { before: null, after: row! },
  );
  return row!;
}

/** The level the cell proposes at its review meeting, with the vote (a vote recorded in the meeting, or counts). */
export async function propose(tx: Tx, actor: Actor, period: Period, subject: SubjectRow, input: ProposalInput) {
  assertOpen(period);
  assertIncluded(subject);
  assertUndecided(await decisionOf(tx, subject.id));
  await assertReviewMeeting(tx, subject, input.meetingId, "meetingId");
  let votes = input.votes;
  if (input.voteId) {
    const vote = (await listVotes(tx, input.meetingId)).find((v) => v.id === input.voteId);
    if (!vote) throw new RuleError("vote_not_of_meeting", "voteId", "evaluations.vote_not_of_meeting");
    votes = { inFavour: vote.inFavour, against: vote.against, other: vote.other };
  }
  if (input.discipline) {
    await tx
      .update(evaluationSubjects)
      .set({ discipline: input.discipline, updatedAt: new Date(), version: sql`${evaluationSubjects.version} + 1` })
      .where(eq(evaluationSubjects.id, subject.id));
  }
  const before = await proposalOf(tx, subject.id);
  const values = {
    level: input.level,
    meetingId: input.meetingId,
    voteId: input.voteId,
    votes,
    note: input.note,
    proposedBy: actor.userId,
  };
  let row;
  if (!before) {
    [row] = await tx
      .insert(evaluationProposals)
      .values({ subjectId: subject.id, ...values })
      .returning();
  } else {
    if (input.version === null) throw new StaleVersionError();
    row = await updateVersioned(tx, evaluationProposals, before.id, input.version, values);
  }
  await bumpTallyRevision(tx, period.id);
  await proposalAudit(
    tx,
    actor,
    before ? "update" : "create",
    { organizationId: subject.cellId, entityId: row!.id },
    { before, after: row! },
  );
  return row!;
}

// ── the đảng ủy's decision ──────────────────────────────────────────────────────────────────────

/** The first reason a level is capped, as a catalogue key the message names: a veto, an unmet condition, the band. */
function reasonKey(judged: ReturnType<typeof judgeLevel>): string {
  if (judged.vetoes[0]) return `evaluations.veto.${judged.vetoes[0]}`;
  if (judged.unmet[0]) return `evaluations.unmet.${judged.unmet[0]}`;
  return `evaluations.unmet.band.${judged.band}`;
}

/** The facts a level is judged on, from the self-assessment, the subject and (for a cell) its members. */
async function levelFactsOf(ex: Executor, subject: SubjectRow, score: number, recorded: Veto[]) {
  const assessment = await assessmentOf(ex, subject.id);
  const facts = assessment?.facts;
  let discipline = subject.discipline;
  if (subject.kind === "cell") {
    discipline = (
      await queryRows<{ discipline: SubjectRow["discipline"] }>(
        ex,
        sql`SELECT discipline FROM evaluation_subjects WHERE period_id = ${subject.periodId} AND cell_id = ${subject.cellId} AND kind = 'member'`,
      )
    ).flatMap((r) => r.discipline);
  }
  const previous = facts?.shortcomings.items ?? [];
  return {
    score,
    tasks: facts
      ? {
          assigned: facts.tasks.assigned,
          onTime: facts.tasks.onTime,
          late: facts.tasks.late,
          undone: facts.tasks.undone,
          exceeded: facts.tasks.exceeded,
        }
      : { assigned: 0, onTime: 0, late: 0, undone: 0, exceeded: 0 },
    shortcomingsFixed: previous.length === 0 ? null : previous.every((i) => i.fixed === true),
    discipline,
    recordedVetoes: recorded,
  };
}

/**
 * The quota of each group of comparable subjects once this subject has `level`. Xuất sắc counts those decided;
 * the base counts each subject at its decided level or, not yet decided, at the level its cell proposed (the pool
 * the đảng ủy chooses from), so xuất sắc can be decided before the rest of the group. One aggregate query, so the
 * check across a whole đảng bộ stays fast.
 */
export async function quotaStatus(
  ex: Executor,
  period: PeriodRow,
  rules: EvaluationRules,
  change?: { subject: Pick<SubjectRow, "id" | "kind" | "form">; level: Level; raisedReason: string | null },
) {
  const rows = await queryRows<{
    kind: SubjectRow["kind"];
    form: SubjectRow["form"];
    subjects: number;
    decided: number;
    excellent: number;
    good: number;
    raised: boolean;
  }>(
    ex,
    sql`SELECT s.kind, s.form, count(*)::int AS subjects, count(d.id)::int AS decided,
               count(*) FILTER (WHERE d.level = 'excellent')::int AS excellent,
               count(*) FILTER (WHERE d.level IS DISTINCT FROM 'excellent' AND COALESCE(d.level, p.level) IN ('good', 'excellent'))::int AS good,
               COALESCE(bool_or(d.quota_raised_reason IS NOT NULL), false) AS raised
          FROM evaluation_subjects s
          LEFT JOIN evaluation_decisions d ON d.subject_id = s.id AND d.deleted_at IS NULL
          LEFT JOIN evaluation_proposals p ON p.subject_id = s.id AND p.deleted_at IS NULL
         WHERE s.period_id = ${period.id} AND s.deleted_at IS NULL AND NOT s.excluded
           AND s.id <> ${change?.subject.id ?? "00000000-0000-0000-0000-000000000000"}
         GROUP BY s.kind, s.form`,
  );
  const groups = new Map<
    string,
    { excellent: number; good: number; raised: boolean; decided: number; subjects: number }
  >();
  const add = (
    key: string,
    g: { excellent: number; good: number; raised: boolean; decided: number; subjects: number },
  ) => {
    const into = groups.get(key) ?? { excellent: 0, good: 0, raised: false, decided: 0, subjects: 0 };
    groups.set(key, {
      excellent: into.excellent + g.excellent,
      good: into.good + g.good,
      raised: into.raised || g.raised,
      decided: into.decided + g.decided,
      subjects: into.subjects + g.subjects,
    });
  };
  for (const r of rows) add(quotaGroup(rules.quota, r), r);
  if (change) {
    const excellent = change.level === "excellent" ? 1 : 0;
    add(quotaGroup(rules.quota, change.subject), {
      excellent,
      good: change.level === "good" ? 1 : 0,
      raised: change.raisedReason !== null,
      decided: 1,
      subjects: 1,
    });
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([group, g]) => ({
      group,
      subjects: g.subjects,
      decided: g.decided,
      raised: g.raised,
      good: g.good,
      ...checkQuota(rules.quota, g, g.raised),
    }));
}

export async function decide(tx: Tx, actor: Actor, period: Period, subject: SubjectRow, input: DecisionInput) {
  assertIncluded(subject);
  if (period.publishedAt) throw new ConflictError("period_published", "evaluations.period_published");
  const proposal = await proposalOf(tx, subject.id);
  if (!proposal) throw new RuleError("no_proposal", "level", "evaluations.no_proposal");
  const assessment = await assessmentOf(tx, subject.id);
  const score = input.score ?? assessment?.total ?? null;
  if (score === null) throw new RuleError("score_required", "score", "evaluations.score_required");
  const { rules } = await periodRules(tx, period);
  const before = await decisionOf(tx, subject.id);
  const veto = input.veto ?? (before?.vetoKind ? { kind: before.vetoKind, reason: before.vetoReason ?? "" } : null);
  const judged = judgeLevel(rules, subject.post, await levelFactsOf(tx, subject, score, veto ? [veto.kind] : []));
  if (levelRank(input.level) < levelRank(judged.level)) {
    throw new RuleError("level_contradicts_facts", "level", "evaluations.level_contradicts_facts", {
      allowed: `evaluations.level.${judged.level}`,
      reason: reasonKey(judged),
    });
  }
  const raisedReason = input.quotaRaisedReason ?? null;
  const group = quotaGroup(rules.quota, subject);
  const quota = (await quotaStatus(tx, period, rules, { subject, level: input.level, raisedReason })).find(
    (g) => g.group === group,
  )!;
  // Only a decision that adds a xuất sắc or shrinks the pool can break the quota; others go through.
  const was = before?.level ?? proposal.level;
  const shrinks = levelRank(was) <= levelRank("good") && levelRank(input.level) > levelRank("good");
  if (!quota.ok && (input.level === "excellent" || shrinks)) {
    if (raisedReason)
      throw new RuleError("quota_exceeded_raised", "quotaRaisedReason", "evaluations.quota_exceeded_raised", {
        allowed: quota.allowed,
        share: quota.sharePercent,
      });
    const raised = checkQuota(rules.quota, quota, true);
    throw new RuleError(
      "quota_exceeded",
      "level",
      raised.ok ? "evaluations.quota_exceeded_raisable" : "evaluations.quota_exceeded",
      { allowed: quota.allowed, share: quota.sharePercent, raised: rules.quota.raisedShare },
    );
  }
  const values = {
    level: input.level,
    score,
    decidedOn: input.decidedOn,
    decidedBy: actor.userId,
    quotaRaisedReason: raisedReason,
    vetoKind: veto?.kind ?? null,
    vetoReason: veto?.reason ?? null,
  };
  let row;
  if (!before) {
    [row] = await tx
      .insert(evaluationDecisions)
      .values({ subjectId: subject.id, periodId: period.id, ...values })
      .returning();
  } else {
    if (input.version === null) throw new StaleVersionError();
    row = await updateVersioned(tx, evaluationDecisions, before.id, input.version, values);
  }
  await bumpTallyRevision(tx, period.id);
  await decisionAudit(
    tx,
    actor,
    before ? "update" : "decide",
    { organizationId: period.organizationId, entityId: row!.id },
    { before, after: row! },
  );
  return row!;
}

/** Mẫu 03: a published level changed after a later finding; the change is appended to the decision and audited. */
export async function reRank(
  tx: Tx,
  actor: Actor,
  period: Period,
  subject: SubjectRow,
  input: { level: Level; reason: string; decidedOn: string; version: number },
  now: Date,
) {
  const before = await decisionOf(tx, subject.id);
  if (!before) throw new RuleError("no_decision", "level", "evaluations.no_decision");
  if (input.version !== before.version) throw new StaleVersionError();
  const { rules } = await periodRules(tx, period);
  const judged = judgeLevel(
    rules,
    subject.post,
    await levelFactsOf(tx, subject, before.score ?? 0, before.vetoKind ? [before.vetoKind] : []),
  );
  if (levelRank(input.level) < levelRank(judged.level)) {
    throw new RuleError("level_contradicts_facts", "level", "evaluations.level_contradicts_facts", {
      allowed: `evaluations.level.${judged.level}`,
      reason: reasonKey(judged),
    });
  }
  const entry: ReRanking = {
    from: before.level,
    to: input.level,
    reason: input.reason,
    decidedOn: input.decidedOn,
    byUserId: actor.userId,
    at: now.toISOString(),
  };
  const row = await updateVersioned(tx, evaluationDecisions, before.id, input.version, {
    level: input.level,
    reRankings: [...before.reRankings, entry],
  });
  await bumpTallyRevision(tx, period.id);
  await decisionAudit(
    tx,
    actor,
    "re_rank",
    { organizationId: period.organizationId, entityId: row.id },
    { before, after: row },
  );
  if (subject.memberId) {
    await notify(tx, {
      organizationId: subject.cellId,
      memberIds: [subject.memberId],
      subject: t("vi", "evaluations.notice.reRankedSubject", { year: period.year }),
      text: t("vi", "evaluations.notice.reRankedText", {
        year: period.year,
        level: t("vi", `evaluations.level.${input.level}`),
      }),
      link: `/danh-gia/${subject.id}`,
    });
  }
  return row;
}

/** Results are made known: each member evaluated is told their level; the cells see the list. */
export async function publish(tx: Tx, actor: Actor, period: Period, version: number, now: Date) {
  if (period.publishedAt) throw new ConflictError("period_published", "evaluations.period_published");
  const progress = (await subjectProgress(tx, period.id)).filter((p) => !p.excluded);
  const undecided = progress.filter((p) => !p.decidedLevel).length;
  if (undecided > 0)
    throw new RuleError("undecided_subjects", "period", "evaluations.undecided_subjects", { count: undecided });
  const row = await updateVersioned(tx, evaluationPeriods, period.id, version, { publishedAt: now });
  await periodAudit(
    tx,
    actor,
    "publish",
    { organizationId: period.organizationId, entityId: period.id },
    { before: period, after: row },
  );
  for (const level of LEVELS) {
    const memberIds = progress.filter((p) => p.kind === "member" && p.decidedLevel === level).map((p) => p.memberId!);
    await notify(tx, {
      organizationId: period.organizationId,
      memberIds,
      subject: t("vi", "evaluations.notice.publishedSubject", { year: period.year }),
      text: t("vi", "evaluations.notice.publishedText", {
        year: period.year,
        level: t("vi", `evaluations.level.${level}`),
      }),
      // The home page shows each member their published level (there is no list page of one's own reviews).
      link: "/",
      dedupeKey: `evaluation-published:${period.id}`,
    });
  }
  return row;
}

// ── what the documents and the office read ──────────────────────────────────────────────────────

/** The decided subjects of a period: what the QĐ công nhận, Mẫu 04 and the XLSX summary list. */
export async function decisionList(ex: Executor, period: Period): Promise<DecisionList> {
  const rows = await queryRows<{
    subjectId: string;
    kind: "member" | "cell";
    memberId: string | null;
    name: string;
    cellId: string;
    cellName: string;
    form: SubjectRow["form"];
    score: number | null;
    proposedLevel: Level | null;
    level: Level;
    decidedOn: string;
    quotaRaisedReason: string | null;
    vetoKind: Veto | null;
    vetoReason: string | null;
  }>(
    ex,
    sql`SELECT s.id AS "subjectId", s.kind, s.member_id AS "memberId", o.name AS name, s.cell_id AS "cellId", o.name AS "cellName", s.form,
               d.score, p.level AS "proposedLevel", d.level, d.decided_on::text AS "decidedOn", d.quota_raised_reason AS "quotaRaisedReason",
               d.veto_kind AS "vetoKind", d.veto_reason AS "vetoReason"
          FROM evaluation_decisions d
          JOIN evaluation_subjects s ON s.id = d.subject_id
          JOIN organizations o ON o.id = s.cell_id
          LEFT JOIN evaluation_proposals p ON p.subject_id = s.id AND p.deleted_at IS NULL
         WHERE d.period_id = ${period.id} AND d.deleted_at IS NULL`,
  );
  // Members first, by cell and in Vietnamese name order (names from the members module), then the cells.
  const names = await memberNames(
    ex,
    rows.flatMap((r) => (r.memberId ? [r.memberId] : [])),
  );
  const sortKey = (r: (typeof rows)[number]) => (r.memberId ? (names.get(r.memberId)?.sortKey ?? "") : "");
  for (const r of rows) if (r.memberId) r.name = names.get(r.memberId)?.fullName ?? r.name;
  rows.sort(
    (a, b) =>
      (a.kind === b.kind ? 0 : a.kind === "member" ? -1 : 1) ||
      compareVietnamese(a.cellName, b.cellName) ||
      (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0) ||
      (a.subjectId < b.subjectId ? -1 : 1),
  );
  const totals = { member: emptyLevelCounts(), cell: emptyLevelCounts() };
  for (const r of rows) totals[r.kind][r.level] += 1;
  return {
    periodId: period.id,
    organizationId: period.organizationId,
    organizationName: period.organizationName,
    kind: period.kind,
    year: period.year,
    quarter: period.quarter,
    rulebookKey: period.rulebookKey,
    publishedAt: period.publishedAt?.toISOString() ?? null,
    entries: rows.map(({ kind, vetoKind, vetoReason, ...r }) => ({
      ...r,
      subjectKind: kind,
      veto: vetoKind ? { kind: vetoKind, reason: vetoReason ?? "" } : null,
    })),
    totals,
  };
}

/** A period's deadlines under the books periodRules loaded for it. */
export function periodDeadlines(
  books: { rules: EvaluationRules; calendar: HolidayCalendar },
  period: Pick<PeriodRow, "kind" | "year" | "endsOn">,
) {
  return deadlinesFor(books.rules.timeline, books.calendar, period);
}
