import { z } from "zod";
import { isoDate, optionalText, text, version } from "../../core/http/schemas.js";
import { addDays, addMonths } from "../../core/time.js";
import { addWorkingDays, type HolidayCalendar } from "../../core/working-days.js";
// Shared with the browser and the documents: zod, types and pure functions only.

// ── vocabulary ──────────────────────────────────────────────────────────────────────────────────

/** Hoàn thành xuất sắc / Hoàn thành tốt / Hoàn thành / Không hoàn thành nhiệm vụ, best first. */
export const LEVELS = ["excellent", "good", "completed", "not_completed"] as const;
export type Level = (typeof LEVELS)[number];

export const PERIOD_KINDS = ["year", "quarter", "term"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export type PeriodState = "open" | "closed";

/** A member is evaluated in person; a cell (chi bộ) as a collective. */
export const SUBJECT_KINDS = ["member", "cell"] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/**
 * Which rubric variant and form fit the subject: a leader or manager (2A), a member without a post (2B),
 * a member working outside the political system (2C), a collective (Mẫu 01).
 */
export const POSTS = ["leader", "member", "outside", "collective"] as const;
export type Post = (typeof POSTS)[number];

export const FORMS = ["2A", "2B", "2C", "05", "01"] as const;
export type Form = (typeof FORMS)[number];

/** Reasons a level is capped at Không hoàn thành whatever the score (366-QĐ/TW, 43-HD/BTCTW). */
export const VETOES = [
  "discipline", // disciplined (khiển trách or above) in the period for a duty-related breach
  "degradation", // concluded to show signs of suy thoái, "tự diễn biến", "tự chuyển hóa"
  "prohibited_conduct", // breach of what members must not do
  "tasks_undone", // more than half of the period's tasks not done
  "unit_plan_unmet", // leaders: the unit they lead completed under 70% of its plan
  "low_confidence", // leaders: more than half low-confidence votes
  "member_disciplined", // collectives: a sub-unit or leading member disciplined
  "other", // a veto the committee knows and the app cannot, with a reason
] as const;
export type Veto = (typeof VETOES)[number];

/** Dated membership status, as the members module's history gives it. */
export const MEMBER_STATUSES = ["full", "probationary", "exempt", "suspended"] as const;
export type MemberStatusKind = (typeof MEMBER_STATUSES)[number];
export interface StatusInterval {
  status: MemberStatusKind;
  from: string;
  /** Last day in this status (inclusive); null while it lasts. */
  to: string | null;
}

export type ExclusionReason = "admitted_recently" | "exempt" | "suspended";

// ── rulebook kind "evaluation" ──────────────────────────────────────────────────────────────────

const percent = z.number().min(0).max(100);
const monthDay = z.string().regex(/^\d{2}-\d{2}$/);

export const evaluationRulesSchema = z.object({
  /** Lowest score of each level's band, on the 100-point scale. Không hoàn thành is everything below `completed`. */
  bands: z.object({ excellent: percent, good: percent, completed: percent, source: z.string() }),
  /** What must also hold for a level, beyond its band. Shares are percent of the tasks assigned in the period. */
  conditions: z.object({
    excellent: z.object({ allOnTime: z.boolean(), minExceededShare: percent, shortcomingsFixed: z.boolean() }),
    good: z.object({ allOnTime: z.boolean() }),
    completed: z.object({ allDone: z.boolean(), maxLateShare: percent }),
    source: z.string(),
  }),
  vetoes: z.object({
    /** More than this share (percent) of the period's tasks undone is a veto. */
    undoneShareAbove: percent,
    /** Discipline forms that veto when the breach is duty-related. */
    disciplineForms: z.array(z.enum(["reprimand", "warning", "dismissal", "expulsion"])).min(1),
    /** Vetoes that apply to each post. */
    byPost: z.record(z.enum(POSTS), z.array(z.enum(VETOES))),
    source: z.string(),
  }),
  quota: z.object({
    /** At most this share (percent) of the base may be rated Hoàn thành xuất sắc… */
    share: percent,
    /** …or this share, when the deciding level records why the results were outstanding. */
    raisedShare: percent,
    /** The base: those rated Hoàn thành tốt, counting (good_or_better) or not (good_only) those chosen as xuất sắc. */
    base: z.enum(["good_or_better", "good_only"]),
    /** floor: a quota may never be exceeded, so a fraction of a person is not a person (ADR 0100). */
    rounding: z.enum(["floor", "round", "ceil"]),
    /** Who is compared with whom: per subject kind, or per kind and form (leaders with leaders). */
    groupBy: z.enum(["kind", "kind_and_form"]),
    source: z.string(),
  }),
  exclusions: z.object({
    /** Members admitted less than this many whole months before the period's end are not evaluated. */
    admittedWithinMonths: z.number().int().min(0).max(24),
    exempt: z.boolean(),
    suspended: z.boolean(),
    source: z.string(),
  }),
  forms: z.object({
    leader: z.enum(FORMS),
    member: z.enum(FORMS),
    outside: z.enum(FORMS),
    collective: z.enum(FORMS),
    quarter: z.enum(FORMS),
    source: z.string(),
  }),
  timeline: z.object({
    /** Self-assessments are due this many days before the cell meeting deadline. */
    selfAssessmentDaysBefore: z.number().int().min(0),
    /** The cell's review meeting is held by this day of the period's year (MM-DD). */
    cellMeetingBy: monthDay,
    /** The draft Mẫu 01 reaches participants at least this many working days before the meeting. */
    reportDraftWorkingDaysBefore: z.number().int().min(0),
    /** The dossier (Mẫu 04) goes up by this day of the following year (MM-DD). */
    dossierBy: monthDay,
    source: z.string(),
  }),
  awards: z.object({
    /** The đảng ủy cơ sở gives a giấy khen to members rated at this level in the year. */
    certificateFor: z.enum(LEVELS),
    /** This many consecutive years at that level: proposed to the level above. */
    consecutiveYears: z.number().int().min(2),
    source: z.string(),
  }),
});
export type EvaluationRules = z.infer<typeof evaluationRulesSchema>;

// ── rulebook kind "evaluation-rubric" ───────────────────────────────────────────────────────────

const criterionSchema = z.object({
  id: z.string().regex(/^[a-z0-9_]{1,40}$/),
  label: z.string().min(1).max(500),
  max: z.number().positive(),
});
const rubricSectionSchema = z.object({
  id: z.string().regex(/^[a-z0-9_]{1,40}$/),
  label: z.string().min(1).max(300),
  criteria: z.array(criterionSchema).min(1),
});

export const rubricSchema = z
  .object({
    /** "local-example": chibo's reading, in force until a đảng ủy adopts its own; "local": a đảng ủy's rubric. */
    origin: z.enum(["local", "local-example"]),
    productReading: z.boolean().default(false),
    note: z.string().max(2000).optional(),
    variants: z.record(z.enum(POSTS), z.object({ sections: z.array(rubricSectionSchema).min(1) })),
  })
  .refine((r) => POSTS.every((p) => r.variants[p]), { message: "every post needs a variant", path: ["variants"] })
  .refine((r) => Object.values(r.variants).every((v) => Math.abs(rubricMax(v.sections) - 100) < 1e-9), {
    message: "each variant totals 100 points",
    path: ["variants"],
  });
export type Rubric = z.infer<typeof rubricSchema>;
export type RubricSection = z.infer<typeof rubricSectionSchema>;

export function rubricMax(sections: RubricSection[]): number {
  return sections.reduce((n, s) => n + s.criteria.reduce((m, c) => m + c.max, 0), 0);
}

// ── shapes shared with the documents (forms 2A/2B/2C/05, Mẫu 01, QĐ, Mẫu 04, XLSX) ─────────────────

/** Where a pre-filled fact comes from, so the form can say so and a reader can check it. */
export interface FactSource {
  module: "tasks" | "meetings" | "plans" | "evaluations" | "committee" | "self";
  /** Ids of the records read (tasks, meetings, the personal plan, the previous self-assessment). */
  ids: string[];
  /** When the facts were read (ISO instant). */
  readAt: string;
}

export type TaskOutcome = "on_time" | "late" | "undone" | "open";
export interface TaskFact {
  taskId: string;
  title: string;
  dueOn: string;
  doneOn: string | null;
  outcome: TaskOutcome;
  /** Marked by the member as exceeding what was asked (vượt mức). */
  exceeded: boolean;
}

export interface TaskFacts {
  /** Tasks whose deadline falls in the period, or done in it. */
  assigned: number;
  onTime: number;
  late: number;
  /** Due in the period and not done by its end. */
  undone: number;
  exceeded: number;
  items: TaskFact[];
  source: FactSource;
}

export interface AttendanceFacts {
  meetings: number;
  present: number;
  late: number;
  absentWithReason: number;
  absentWithoutReason: number;
  exempt: number;
  /** present (late included) × 100 / (meetings − exempt); null without a meeting. */
  ratePercent: number | null;
  source: FactSource;
}

export interface PersonalPlanFacts {
  planId: string;
  items: { what: string; dueOn: string | null; result: string | null }[];
  /** The cell's year-end note on the plan (Đánh giá cuối năm). */
  reviewNote: string | null;
  reviewedOn: string | null;
  source: FactSource;
}

export interface ShortcomingFacts {
  /** The previous period's self-assessment the shortcomings were named in. */
  fromPeriodId: string | null;
  items: { text: string; fixed: boolean | null }[];
  source: FactSource;
}

export const DISCIPLINE_FORMS = ["reprimand", "warning", "dismissal", "expulsion"] as const;
export type DisciplineForm = (typeof DISCIPLINE_FORMS)[number];
export interface DisciplineFact {
  form: DisciplineForm;
  decidedOn: string;
  /** The breach concerned the member's duties (the veto needs it). */
  dutyRelated: boolean;
  note: string | null;
}

/** Everything chibo already knows about a member's period, with each fact's source. */
export interface MemberFacts {
  asOf: string;
  tasks: TaskFacts;
  attendance: AttendanceFacts;
  personalPlan: PersonalPlanFacts | null;
  shortcomings: ShortcomingFacts;
  /** Entered by the cell's committee until an inspection module provides it. */
  discipline: { entries: DisciplineFact[]; source: FactSource };
}

/** Text sections of the bản kiểm điểm (2A/2B/2C); `responsibility` is for leaders (2A). */
export const SECTION_IDS = [
  "politics", // tư tưởng chính trị
  "ethics", // phẩm chất đạo đức, lối sống
  "discipline", // ý thức tổ chức kỷ luật
  "duties", // kết quả thực hiện chức trách, nhiệm vụ được giao
  "shortcomings", // hạn chế, khuyết điểm
  "causes", // nguyên nhân
  "fixedPrevious", // kết quả khắc phục hạn chế đã chỉ ra
  "explanations", // giải trình vấn đề được gợi ý kiểm điểm
  "responsibility", // trách nhiệm đối với hạn chế của tập thể (2A)
  "direction", // phương hướng, biện pháp khắc phục
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

/** A member's self-assessment as the forms print it. */
export interface SelfAssessmentView {
  id: string;
  subjectId: string;
  periodId: string;
  memberId: string;
  memberName: string;
  cellId: string;
  cellName: string;
  form: Form;
  post: Post;
  /** The rubric the scores were given on (its key), and its sections, for printing. */
  rubricKey: string;
  rubric: RubricSection[];
  sections: Partial<Record<SectionId, string>>;
  /** criterion id → points */
  scores: Record<string, number>;
  total: number;
  proposedLevel: Level;
  /** Shortcomings named this period, carried to the next period's "fixed?" list. */
  shortcomingItems: string[];
  facts: MemberFacts;
  submittedAt: string | null;
  version: number;
}

/** What the cell's report (Mẫu 01) is drafted from. */
export interface CellReportFacts {
  periodId: string;
  cellId: string;
  cellName: string;
  year: number;
  startsOn: string;
  endsOn: string;
  members: {
    total: number;
    evaluated: number;
    excluded: { memberId: string; name: string; reason: ExclusionReason }[];
  };
  meetings: {
    held: number;
    byRating: Record<"good" | "fair" | "average" | "poor" | "unrated", number>;
    source: FactSource;
  };
  tasks: { assigned: number; onTime: number; late: number; undone: number; source: FactSource };
  /** Members' levels as the cell proposed them and, once decided, as decided. */
  proposedLevels: Record<Level, number>;
  decidedLevels: Record<Level, number>;
  /** Members disciplined in the period (a collective veto). */
  disciplined: number;
  reviewMeetingId: string | null;
  proposedLevel: Level | null;
  decidedLevel: Level | null;
}

export interface DecisionEntry {
  subjectId: string;
  subjectKind: SubjectKind;
  memberId: string | null;
  name: string;
  cellId: string;
  cellName: string;
  form: Form;
  score: number | null;
  proposedLevel: Level | null;
  level: Level;
  decidedOn: string;
  quotaRaisedReason: string | null;
  veto: { kind: Veto; reason: string } | null;
}

/** The decision list (QĐ công nhận kết quả, Mẫu 04 summary, XLSX): decided subjects of a period. */
export interface DecisionList {
  periodId: string;
  organizationId: string;
  organizationName: string;
  kind: PeriodKind;
  year: number;
  quarter: number | null;
  rulebookKey: string;
  publishedAt: string | null;
  entries: DecisionEntry[];
  totals: { member: Record<Level, number>; cell: Record<Level, number> };
}

// ── pure rules ──────────────────────────────────────────────────────────────────────────────────

export const emptyLevelCounts = (): Record<Level, number> => ({
  excellent: 0,
  good: 0,
  completed: 0,
  not_completed: 0,
});

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

/** The level a score alone reaches; a score is kept to two decimals, so 89.99 is below 90. */
export function bandOf(bands: EvaluationRules["bands"], score: number): Level {
  if (score >= bands.excellent) return "excellent";
  if (score >= bands.good) return "good";
  if (score >= bands.completed) return "completed";
  return "not_completed";
}

export interface LevelFacts {
  score: number;
  tasks: { assigned: number; onTime: number; late: number; undone: number; exceeded: number };
  /** null when no shortcoming was named last time. */
  shortcomingsFixed: boolean | null;
  discipline: Pick<DisciplineFact, "form" | "dutyRelated">[];
  /** Vetoes recorded by the committee (with their reason, kept elsewhere). */
  recordedVetoes: Veto[];
}

export interface LevelJudgement {
  /** The best level the score and the known facts allow. */
  level: Level;
  band: Level;
  vetoes: Veto[];
  /** Why the level is below the band: condition ids, e.g. "excellent.minExceededShare". */
  unmet: string[];
}

const share = (n: number, of: number) => (of === 0 ? 0 : (n * 100) / of);

/** Vetoes that known facts establish, for a post, plus those recorded by the committee. */
export function vetoesFrom(rules: EvaluationRules, post: Post, facts: Omit<LevelFacts, "score">): Veto[] {
  const applicable = new Set(rules.vetoes.byPost[post] ?? []);
  const found = new Set<Veto>();
  const vetoForms = new Set(rules.vetoes.disciplineForms);
  if (facts.discipline.some((d) => d.dutyRelated && vetoForms.has(d.form)))
    found.add(post === "collective" ? "member_disciplined" : "discipline");
  if (facts.tasks.assigned > 0 && share(facts.tasks.undone, facts.tasks.assigned) > rules.vetoes.undoneShareAbove)
    found.add("tasks_undone");
  for (const v of facts.recordedVetoes) found.add(v);
  return VETOES.filter((v) => found.has(v) && (applicable.has(v) || v === "other" || facts.recordedVetoes.includes(v)));
}

/**
 * The best level a score and the facts allow: the score's band, lowered while a condition of the level fails,
 * and Không hoàn thành under any veto. With no task in the period the task conditions cannot be judged from known
 * facts and are not applied (the cell and the committee judge them).
 */
export function judgeLevel(rules: EvaluationRules, post: Post, facts: LevelFacts): LevelJudgement {
  const band = bandOf(rules.bands, facts.score);
  const vetoes = vetoesFrom(rules, post, facts);
  const unmet: string[] = [];
  const t = facts.tasks;
  const known = t.assigned > 0;
  const c = rules.conditions;
  const holds: Record<Level, () => boolean> = {
    excellent: () => {
      const fails: string[] = [];
      if (known && c.excellent.allOnTime && (t.late > 0 || t.undone > 0)) fails.push("excellent.allOnTime");
      if (known && share(t.exceeded, t.assigned) < c.excellent.minExceededShare)
        fails.push("excellent.minExceededShare");
      if (c.excellent.shortcomingsFixed && facts.shortcomingsFixed === false) fails.push("excellent.shortcomingsFixed");
      unmet.push(...fails);
      return fails.length === 0;
    },
    good: () => {
      const ok = !(known && c.good.allOnTime && (t.late > 0 || t.undone > 0));
      if (!ok) unmet.push("good.allOnTime");
      return ok;
    },
    completed: () => {
      const fails: string[] = [];
      if (known && c.completed.allDone && t.undone > 0) fails.push("completed.allDone");
      if (known && share(t.late, t.assigned) > c.completed.maxLateShare) fails.push("completed.maxLateShare");
      unmet.push(...fails);
      return fails.length === 0;
    },
    not_completed: () => true,
  };
  if (vetoes.length > 0) return { level: "not_completed", band, vetoes, unmet };
  for (const level of LEVELS.slice(levelRank(band))) {
    if (holds[level]()) return { level, band, vetoes, unmet };
  }
  return { level: "not_completed", band, vetoes, unmet };
}

export interface QuotaCheck {
  /** The number that may be rated xuất sắc in the group. */
  allowed: number;
  excellent: number;
  base: number;
  sharePercent: number;
  ok: boolean;
}

function roundBy(rounding: EvaluationRules["quota"]["rounding"], x: number): number {
  // A tiny epsilon keeps 20% of 10 at exactly 2 whatever the float arithmetic says.
  if (rounding === "floor") return Math.floor(x + 1e-9);
  if (rounding === "ceil") return Math.ceil(x - 1e-9);
  return Math.round(x);
}

/** The quota of xuất sắc in one group of comparable subjects, at the ordinary share or the raised one. */
export function checkQuota(
  quota: EvaluationRules["quota"],
  counts: { excellent: number; good: number },
  raised: boolean,
): QuotaCheck {
  const base = quota.base === "good_or_better" ? counts.good + counts.excellent : counts.good;
  const sharePercent = raised ? quota.raisedShare : quota.share;
  const allowed = roundBy(quota.rounding, (base * sharePercent) / 100);
  return { allowed, excellent: counts.excellent, base, sharePercent, ok: counts.excellent <= allowed };
}

/** Subjects compared with each other for the quota. */
export function quotaGroup(quota: EvaluationRules["quota"], subject: { kind: SubjectKind; form: Form }): string {
  return quota.groupBy === "kind" ? subject.kind : `${subject.kind}:${subject.form}`;
}

/** The status a member held on a date: the latest interval covering it, or null (not a member then). */
export function statusOn(intervals: StatusInterval[], date: string): MemberStatusKind | null {
  let found: StatusInterval | null = null;
  for (const i of intervals) {
    if (i.from <= date && (i.to === null || date <= i.to) && (!found || i.from >= found.from)) found = i;
  }
  return found?.status ?? null;
}

/** Whole calendar months from `from` to `to`: 30/06 → 30/12 is 6; 01/07 → 31/12 is 5. */
export function wholeMonthsBetween(from: string, to: string): number {
  if (to < from) return -wholeMonthsBetween(to, from);
  const [fy, fm] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  let months = (ty - fy) * 12 + (tm - fm);
  if (addMonths(from, months) > to) months -= 1;
  return months;
}

/**
 * Whether a member is left out of the period's review, and why. The reference date is the period's end:
 * a member admitted on 30/06 has 6 whole months on 30/12 and is evaluated for the year ending 31/12; one admitted
 * on 01/07 has 5 and is not. Exempt or suspended on the period's end date: not evaluated.
 */
export function exclusionFor(
  rules: EvaluationRules["exclusions"],
  member: { admittedOn: string | null; statuses: StatusInterval[] },
  period: { startsOn: string; endsOn: string },
): ExclusionReason | null {
  const status = statusOn(member.statuses, period.endsOn);
  if (rules.suspended && status === "suspended") return "suspended";
  if (rules.exempt && status === "exempt") return "exempt";
  if (member.admittedOn && wholeMonthsBetween(member.admittedOn, period.endsOn) < rules.admittedWithinMonths)
    return "admitted_recently";
  return null;
}

/** The form a subject writes for a period. */
export function formFor(forms: EvaluationRules["forms"], periodKind: PeriodKind, post: Post): Form {
  if (post === "collective") return forms.collective;
  if (periodKind === "quarter") return forms.quarter;
  return forms[post];
}

export type DeadlineKey = "self_assessment" | "report_draft" | "cell_meeting" | "dossier";
export interface Deadline {
  key: DeadlineKey;
  due: string;
}

/**
 * The deadlines of a period. For a year: the cell meets by 31/12, the draft Mẫu 01 reaches participants 3 working
 * days before the meeting (at the latest, before the last possible meeting day), self-assessments before that,
 * the dossier goes up by 01/02 of the next year. A quarter or a term ends its review on its last day.
 */
export function deadlinesFor(
  timeline: EvaluationRules["timeline"],
  calendar: HolidayCalendar,
  period: { kind: PeriodKind; year: number; endsOn: string },
  meetingOn?: string | null,
): Deadline[] {
  const meetingBy = period.kind === "year" ? `${period.year}-${timeline.cellMeetingBy}` : period.endsOn;
  const meeting = meetingOn && meetingOn <= meetingBy ? meetingOn : meetingBy;
  const dossierYear = Number(meetingBy.slice(0, 4)) + 1;
  return [
    { key: "self_assessment", due: addDays(meeting, -timeline.selfAssessmentDaysBefore) },
    { key: "report_draft", due: addWorkingDays(calendar, meeting, -timeline.reportDraftWorkingDaysBefore) },
    { key: "cell_meeting", due: meetingBy },
    { key: "dossier", due: `${dossierYear}-${timeline.dossierBy}` },
  ];
}

/** Scores checked against the rubric: each criterion scored, within 0…max, no unknown criterion. */
export function scoreProblems(
  sections: RubricSection[],
  scores: Record<string, number>,
): { field: string; key: string; params: Record<string, string | number> }[] {
  const problems: { field: string; key: string; params: Record<string, string | number> }[] = [];
  const known = new Map(sections.flatMap((s) => s.criteria.map((c) => [c.id, c] as const)));
  for (const id of Object.keys(scores)) {
    if (!known.has(id))
      problems.push({ field: `scores.${id}`, key: "evaluations.score_unknown", params: { criterion: id } });
  }
  for (const [id, c] of known) {
    const v = scores[id];
    if (v === undefined)
      problems.push({ field: `scores.${id}`, key: "evaluations.score_missing", params: { criterion: c.label } });
    else if (v < 0 || v > c.max)
      problems.push({
        field: `scores.${id}`,
        key: "evaluations.score_out_of_range",
        params: { criterion: c.label, max: c.max },
      });
  }
  return problems;
}

export function totalScore(scores: Record<string, number>): number {
  return Math.round(Object.values(scores).reduce((n, v) => n + v, 0) * 100) / 100;
}

/**
 * Award proposals from a member's decided levels (any order): a giấy khen for each year at the rulebook's level, and
 * each full run of `consecutiveYears` such years in a row proposed to the level above (years 5, 10… of an unbroken
 * run; a year at another level, or a year without a decision, starts the count again). `fromYear` is the run's first.
 */
export function awardProposals(
  awards: EvaluationRules["awards"],
  history: { year: number; level: Level }[],
): AwardProposal[] {
  const sorted = [...history].sort((a, b) => a.year - b.year);
  const out: AwardProposal[] = [];
  let run = 0;
  let lastYear: number | null = null;
  for (const h of sorted) {
    const hit = h.level === awards.certificateFor;
    run = hit ? (lastYear !== null && h.year === lastYear + 1 ? run + 1 : 1) : 0;
    lastYear = h.year;
    if (!hit) continue;
    out.push({ year: h.year, kind: "certificate", fromYear: h.year });
    if (run % awards.consecutiveYears === 0)
      out.push({ year: h.year, kind: "consecutive", fromYear: h.year - awards.consecutiveYears + 1 });
  }
  return out;
}
export interface AwardProposal {
  year: number;
  kind: "certificate" | "consecutive";
  /** The first year the proposal rests on: the year itself for a giấy khen, the run's first for consecutive years. */
  fromYear: number;
}

// ── request bodies (messages are catalogue keys) ────────────────────────────────────────────────

export const openPeriodBody = z
  .object({
    kind: z.enum(PERIOD_KINDS),
    year: z.number().int().min(2000).max(2100),
    quarter: z
      .number()
      .int()
      .min(1)
      .max(4)
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    startsOn: isoDate(),
    endsOn: isoDate(),
    /** Posts the office sets by hand (member id → post) where positions do not tell. */
    posts: z
      .record(z.uuid(), z.enum(["leader", "member", "outside"]))
      .optional()
      .default({}),
  })
  .refine((b) => b.endsOn >= b.startsOn, { message: "evaluations.ends_before_start", path: ["endsOn"] })
  .refine((b) => (b.kind === "quarter") === (b.quarter !== null), {
    message: "evaluations.quarter_required",
    path: ["quarter"],
  });
export type OpenPeriodInput = z.infer<typeof openPeriodBody>;

const score = z.number({ message: "evaluations.score_not_number" }).finite();
export const selfAssessmentBody = z.object({
  sections: z.partialRecord(z.enum(SECTION_IDS), optionalText(10_000)).default({}),
  scores: z.record(z.string().max(40), score),
  proposedLevel: z.enum(LEVELS, { message: "evaluations.level_invalid" }),
  shortcomingItems: z.array(text(500)).max(20).default([]),
  /** Answers to last period's shortcomings, by position in that list. */
  previousFixed: z.array(z.boolean().nullable()).max(20).default([]),
  /** Tasks the member marks as exceeded (vượt mức). */
  exceededTaskIds: z.array(z.uuid()).max(500).default([]),
  /** false keeps a draft; true submits it to the cell. */
  submit: z.boolean().default(false),
  version: version()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
});
export type SelfAssessmentInput = z.infer<typeof selfAssessmentBody>;

/** Phê bình recorded at the review meeting, or the residence cell's written comment. */
export const commentBody = z.object({
  kind: z.enum(["criticism", "residence"]).default("criticism"),
  text: text(5000),
  authorMemberId: z
    .uuid()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  authorName: optionalText(200),
  meetingId: z
    .uuid()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
});

export const disciplineBody = z.object({
  form: z.enum(DISCIPLINE_FORMS),
  decidedOn: isoDate(),
  dutyRelated: z.boolean(),
  note: optionalText(1000),
});

/** The cell's review meeting, created with the year-end review agenda (meetings module). */
export const reviewMeetingBody = z.object({
  date: isoDate(),
  startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "validation.invalid_value" }),
  place: text(200),
});
export type ReviewMeetingInput = z.infer<typeof reviewMeetingBody>;

export const proposalBody = z.object({
  level: z.enum(LEVELS, { message: "evaluations.level_invalid" }),
  meetingId: z.uuid(),
  /** The vote recorded in the meeting (meetings module), when the cell voted there. */
  voteId: z
    .uuid()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  /** Counts of the cell's vote when the vote is not recorded in the meeting itself. */
  votes: z
    .object({ inFavour: z.number().int().min(0), against: z.number().int().min(0), other: z.number().int().min(0) })
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  /** Discipline in the period, entered by the committee until an inspection module records it. */
  discipline: z.array(disciplineBody).max(20).optional(),
  note: optionalText(2000),
  version: version()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
});
export type ProposalInput = z.infer<typeof proposalBody>;

export const decisionBody = z.object({
  level: z.enum(LEVELS, { message: "evaluations.level_invalid" }),
  /** The score the committee accepts; the self-assessed total when absent. */
  score: z
    .number()
    .min(0)
    .max(100)
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  decidedOn: isoDate(),
  /** Why the group may exceed the ordinary share (up to the raised share). */
  quotaRaisedReason: optionalText(1000),
  /** A veto the app cannot know, with its reason. */
  veto: z
    .object({ kind: z.enum(VETOES), reason: text(1000) })
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  version: version()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
});
export type DecisionInput = z.infer<typeof decisionBody>;

/** Mẫu 03: a decided level changed after a later finding; the reason is required and audited. */
export const reRankBody = z.object({
  level: z.enum(LEVELS),
  reason: text(2000),
  decidedOn: isoDate(),
  version: version(),
});

export const closePeriodBody = z.object({ version: version() });
export const publishBody = z.object({ version: version() });

export const periodSubjectsQuery = z.object({ cellId: z.uuid().optional() });
export const cellsViewQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) });
