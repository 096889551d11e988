import { z } from "zod";
import { RuleError } from "../../core/http/errors.js";

/**
 * Meeting quality: the facts a score sheet judges, and the result. The sheets themselves are
 * rulebooks (kind "meeting-score"); a meeting is always scored by the sheet in force on its date.
 */
export type MeetingKind = "monthly" | "thematic" | "combined" | "committee";
export type Rating = "good" | "fair" | "average" | "poor"; // Tốt / Khá / Trung bình / Kém

/** What the recorded meeting says about itself; every field is computed, never typed in. */
export interface MeetingFacts {
  kind: MeetingKind;
  /** ISO date of the meeting */
  date: string;
  /** members of the cell on that date, exempt ones included */
  members: number;
  /** exempt from party activities (miễn sinh hoạt): left out of the attendance rate */
  exempt: number;
  present: number;
  /** of `present`, those who came late; they count as present unless the sheet says otherwise */
  late?: number;
  absentWithReason: number;
  absentWithoutReason: number;
  /** members whose absences (with or without reason) run to more than 3 meetings in a row this year */
  membersAbsentMoreThan3InARow: number;
  durationMinutes: number | null;
  startedOnTime: boolean | null;
  /** distinct members who spoke in the discussion */
  speakers: number;
  preparation: {
    preparerAssigned: boolean;
    /** null when the cell has no chi ủy (secretary and deputy agree the content instead) */
    committeeMet: boolean | null;
    draftResolution: boolean;
    noticeSent: boolean;
    /** whole days between publishing the documents and the meeting; null when never published */
    documentsPublishedDaysBefore: number | null;
  };
  stepsInOrder: boolean;
  minutesComplete: boolean;
  voteHeld: boolean;
  /** null when there was no previous resolution to carry out */
  previousResolutionDone: boolean | null;
}

/** A judgement criterion the secretary scores by hand, with a note saying why. */
export interface Judgement {
  criterionId: string;
  points: number;
  note: string;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Score sheets (rulebook kind "meeting-score"): data only, so a đảng ủy defines its own sheet
// without code. The engine below is pure and browser-safe (the editor previews with it).
// ─────────────────────────────────────────────────────────────────────────────────────────────

export const RATINGS = ["good", "fair", "average", "poor"] as const satisfies readonly Rating[];
export const MEETING_KINDS = ["monthly", "thematic", "combined", "committee"] as const satisfies readonly MeetingKind[];
const ratingRank: Record<Rating, number> = { good: 3, fair: 2, average: 1, poor: 0 };
export const ratingAtLeast = (r: Rating, min: Rating) => ratingRank[r] >= ratingRank[min];

/**
 * What a criterion can be computed from. Numbers are counts, minutes, days or percentages (0–100);
 * yes/no facts are 1 or 0; null means the fact is unknown or does not apply.
 */
export const METRICS = [
  "attendanceRate",
  "present",
  "absentWithReason",
  "absentWithoutReason",
  "membersAbsentMoreThan3InARow",
  "durationMinutes",
  "speakers",
  "speakersPercentOfPresent",
  "documentsPublishedDaysBefore",
  "startedOnTime",
  "stepsInOrder",
  "minutesComplete",
  "voteHeld",
  "previousResolutionDone",
  "preparerAssigned",
  "committeeMet",
  "draftResolution",
  "noticeSent",
] as const;
export type Metric = (typeof METRICS)[number];
/** The yes/no facts among the metrics (a "check" criterion takes one of these). */
export const BOOLEAN_METRICS = [
  "startedOnTime",
  "stepsInOrder",
  "minutesComplete",
  "voteHeld",
  "previousResolutionDone",
  "preparerAssigned",
  "committeeMet",
  "draftResolution",
  "noticeSent",
] as const satisfies readonly Metric[];

const OPS = ["gte", "gt", "lte", "lt", "eq"] as const;
export type Op = (typeof OPS)[number];

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "lowercase letters, digits and dashes");
const points = z.number().min(0).max(1000);
/** A label is a catalogue key (central sheets) or plain text (a đảng ủy's own sheet); at least one. */
const labelled = {
  labelKey: z
    .string()
    .regex(/^scoring\./)
    .optional(),
  label: z.string().min(1).max(300).optional(),
};

const conditionSchema = z.object({ metric: z.enum(METRICS), op: z.enum(OPS), value: z.number() });
export type Condition = z.infer<typeof conditionSchema>;

/** One band: `points` when the value satisfies `op value`; a band without op is "otherwise". First match wins. */
const bandSchema = z
  .object({ op: z.enum(OPS).optional(), value: z.number().optional(), points })
  .refine((b) => (b.op === undefined) === (b.value === undefined), { message: "op and value go together" });
export type Band = z.infer<typeof bandSchema>;

const ruleSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("bands"),
    metric: z.enum(METRICS),
    bands: z.array(bandSchema).min(1),
    /** Different bands for some meeting kinds (e.g. 120 minutes for a combined meeting). */
    byKind: z.partialRecord(z.enum(MEETING_KINDS), z.array(bandSchema).min(1)).optional(),
    /** Points when the fact is unknown (no duration recorded); 0 unless the sheet says otherwise. */
    whenUnknown: points.default(0),
  }),
  z.object({
    type: z.literal("check"),
    metric: z.enum(BOOLEAN_METRICS),
    /** When the fact does not apply (no chi ủy; no previous resolution): full points or none. */
    whenUnknown: z.enum(["full", "none"]).default("full"),
  }),
  /** Entered by the secretary with a note. */
  z.object({ type: z.literal("judgement"), guidance: z.string().max(500).optional() }),
]);

const criterionSchema = z
  .object({
    id,
    ...labelled,
    max: points.positive(),
    rule: ruleSchema,
    /** Hard conditions: when one holds, the criterion scores at most `maxPoints` (e.g. any absence without reason). */
    caps: z.array(conditionSchema.extend({ maxPoints: points })).default([]),
    /** Where the criterion comes from in the source text. */
    source: z.string().max(300).optional(),
  })
  .refine((c) => c.labelKey || c.label, { message: "label or labelKey required", path: ["label"] })
  .refine(
    (c) =>
      c.rule.type !== "bands" ||
      [c.rule.bands, ...Object.values(c.rule.byKind ?? {})].every((bs) => bs.every((b) => b.points <= c.max)),
    {
      message: "a band gives more than the criterion's max",
      path: ["rule"],
    },
  )
  .refine((c) => c.rule.type !== "bands" || c.rule.whenUnknown <= c.max, {
    message: "whenUnknown above max",
    path: ["rule"],
  });
export type Criterion = z.infer<typeof criterionSchema>;

const sectionSchema = z
  .object({ id, ...labelled, criteria: z.array(criterionSchema).min(1) })
  .refine((s) => s.labelKey || s.label, { message: "label or labelKey required", path: ["label"] });

const yearRuleSchema = z.object({
  rating: z.enum(RATINGS),
  /** Every month of the year rated at least this (a month without a scored meeting fails). */
  everyMonthAtLeast: z.enum(RATINGS).optional(),
  /** At least `count` months rated `rating` or better. */
  atLeastMonths: z.object({ rating: z.enum(RATINGS), count: z.number().int().min(0).max(12) }).optional(),
});

export const scoreSheetSchema = z
  .object({
    /** "central" (a reading of party guidance), "local" (a đảng ủy's sheet), "local-example" (a sheet a đảng ủy may adopt). */
    origin: z.enum(["central", "local", "local-example"]),
    /** Set when the points are chibo's reading of guidance that sets no points. */
    productReading: z.boolean().default(false),
    note: z.string().max(2000).optional(),
    appliesTo: z.array(z.enum(MEETING_KINDS)).min(1),
    /** What counts as present in the attendance rate: present / (members − exempt). */
    attendance: z.object({ lateCountsAsPresent: z.boolean().default(true) }).default({ lateCountsAsPresent: true }),
    sections: z.array(sectionSchema).min(1),
    /** Lowest share of the maximum (percent) for each rating; below `average` is Kém. */
    cutoffs: z.object({
      good: z.number().min(0).max(100),
      fair: z.number().min(0).max(100),
      average: z.number().min(0).max(100),
    }),
    /** Hard conditions on the whole meeting: when one holds, the rating is at most `maxRating`. */
    ratingCaps: z
      .array(conditionSchema.extend({ maxRating: z.enum(RATINGS), source: z.string().max(300).optional() }))
      .default([]),
    /** Yearly rating: the first rule the months satisfy, best first; otherwise Kém. */
    yearly: z.object({ rules: z.array(yearRuleSchema), source: z.string().max(300).optional() }),
  })
  .refine((s) => s.cutoffs.good >= s.cutoffs.fair && s.cutoffs.fair >= s.cutoffs.average, {
    message: "cut-offs must descend",
    path: ["cutoffs"],
  })
  .refine(
    (s) =>
      new Set(s.sections.flatMap((x) => x.criteria.map((c) => c.id))).size ===
      s.sections.reduce((n, x) => n + x.criteria.length, 0),
    {
      message: "criterion ids must be unique",
      path: ["sections"],
    },
  );
export type ScoreSheet = z.infer<typeof scoreSheetSchema>;
// ── the engine ───────────────────────────────────────────────────────────────────────────────

const boolMetric = (v: boolean | null | undefined): number | null => (v === null || v === undefined ? null : v ? 1 : 0);

/** The number the sheet compares for each metric. Attendance leaves exempt members out. */
export function metricValues(
  facts: MeetingFacts,
  sheet?: Pick<ScoreSheet, "attendance">,
): Record<Metric, number | null> {
  const eligible = facts.members - facts.exempt;
  const late = facts.late ?? 0;
  const present = sheet && !sheet.attendance.lateCountsAsPresent ? Math.max(0, facts.present - late) : facts.present;
  return {
    attendanceRate: eligible > 0 ? (present * 100) / eligible : null,
    present,
    absentWithReason: facts.absentWithReason,
    absentWithoutReason: facts.absentWithoutReason,
    membersAbsentMoreThan3InARow: facts.membersAbsentMoreThan3InARow,
    durationMinutes: facts.durationMinutes,
    speakers: facts.speakers,
    speakersPercentOfPresent: facts.present > 0 ? (facts.speakers * 100) / facts.present : null,
    documentsPublishedDaysBefore: facts.preparation.documentsPublishedDaysBefore,
    startedOnTime: boolMetric(facts.startedOnTime),
    stepsInOrder: boolMetric(facts.stepsInOrder),
    minutesComplete: boolMetric(facts.minutesComplete),
    voteHeld: boolMetric(facts.voteHeld),
    previousResolutionDone: boolMetric(facts.previousResolutionDone),
    preparerAssigned: boolMetric(facts.preparation.preparerAssigned),
    committeeMet: boolMetric(facts.preparation.committeeMet),
    draftResolution: boolMetric(facts.preparation.draftResolution),
    noticeSent: boolMetric(facts.preparation.noticeSent),
  };
}

export function compare(value: number, op: Op, target: number): boolean {
  switch (op) {
    case "gte":
      return value >= target;
    case "gt":
      return value > target;
    case "lte":
      return value <= target;
    case "lt":
      return value < target;
    case "eq":
      return value === target;
  }
}

const holds = (c: Condition, values: Record<Metric, number | null>) => {
  const v = values[c.metric];
  return v !== null && compare(v, c.op, c.value);
};

/** Why a criterion got its points: a catalogue key and its parameters. */
export interface Reason {
  key: string;
  params: Record<string, string | number>;
}

export interface CriterionResult {
  id: string;
  sectionId: string;
  labelKey?: string;
  label?: string;
  points: number;
  max: number;
  computed: boolean;
  /** The secretary's note, for a judgement criterion. */
  note?: string;
  reason: Reason;
  /** Set when a hard condition lowered the points. */
  capped?: { metric: Metric; value: number; maxPoints: number };
}

export interface MeetingScore {
  total: number;
  max: number;
  rating: Rating;
  /** The rating the points alone would give, when a hard condition lowered it. */
  ratingBeforeCaps?: Rating;
  ratingCappedBy?: { metric: Metric; value: number; maxRating: Rating }[];
  criteria: CriterionResult[];
  /** Judgement criteria the secretary has not scored yet (counted as 0). */
  pendingJudgements: string[];
  /** False when the sheet does not apply to this kind of meeting (scored anyway, for information). */
  applies: boolean;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const shown = (v: number) => round2(v);

export function allCriteria(sheet: ScoreSheet): (Criterion & { sectionId: string })[] {
  return sheet.sections.flatMap((s) => s.criteria.map((c) => ({ ...c, sectionId: s.id })));
}

export const sheetMax = (sheet: ScoreSheet) => round2(allCriteria(sheet).reduce((n, c) => n + c.max, 0));

export function ratingFor(sheet: Pick<ScoreSheet, "cutoffs">, total: number, max: number): Rating {
  const pct = max > 0 ? (total * 100) / max : 0;
  if (pct >= sheet.cutoffs.good) return "good";
  if (pct >= sheet.cutoffs.fair) return "fair";
  if (pct >= sheet.cutoffs.average) return "average";
  return "poor";
}

function bandFor(bands: Band[], value: number): Band | undefined {
  return bands.find((b) => b.op === undefined || compare(value, b.op, b.value!));
}

/** Scores one meeting by a sheet. Pure; judgements for unknown criteria are ignored (validate first). */
export function scoreMeeting(sheet: ScoreSheet, facts: MeetingFacts, judgements: Judgement[] = []): MeetingScore {
  const values = metricValues(facts, sheet);
  const byId = new Map(judgements.map((j) => [j.criterionId, j]));
  const pendingJudgements: string[] = [];
  const criteria = allCriteria(sheet).map((c): CriterionResult => {
    const base = { id: c.id, sectionId: c.sectionId, labelKey: c.labelKey, label: c.label, max: c.max };
    let result: CriterionResult;
    const rule = c.rule;
    if (rule.type === "judgement") {
      const j = byId.get(c.id);
      if (!j) pendingJudgements.push(c.id);
      result = j
        ? {
            ...base,
            points: Math.min(Math.max(j.points, 0), c.max),
            computed: false,
            note: j.note,
            reason: { key: "scoring.reason.judgement", params: {} },
          }
        : { ...base, points: 0, computed: false, reason: { key: "scoring.reason.judgementMissing", params: {} } };
    } else if (rule.type === "check") {
      const v = values[rule.metric];
      const ok = v === null ? rule.whenUnknown === "full" : v === 1;
      const state = v === null ? "na" : v === 1 ? "yes" : "no";
      result = {
        ...base,
        points: ok ? c.max : 0,
        computed: true,
        reason: { key: `scoring.reason.check.${state}`, params: { metric: rule.metric } },
      };
    } else {
      const v = values[rule.metric];
      const bands = rule.byKind?.[facts.kind] ?? rule.bands;
      const band = v === null ? undefined : bandFor(bands, v);
      const pts = v === null ? rule.whenUnknown : (band?.points ?? 0);
      result = {
        ...base,
        points: pts,
        computed: true,
        reason:
          v === null
            ? { key: "scoring.reason.unknown", params: { metric: rule.metric } }
            : { key: `scoring.reason.value`, params: { metric: rule.metric, value: shown(v) } },
      };
    }
    for (const cap of c.caps) {
      if (holds(cap, values) && result.points > cap.maxPoints) {
        result = {
          ...result,
          points: cap.maxPoints,
          capped: { metric: cap.metric, value: shown(values[cap.metric]!), maxPoints: cap.maxPoints },
        };
      }
    }
    return result;
  });
  const total = round2(criteria.reduce((n, c) => n + c.points, 0));
  const max = sheetMax(sheet);
  const byPoints = ratingFor(sheet, total, max);
  let rating = byPoints;
  const cappedBy: NonNullable<MeetingScore["ratingCappedBy"]> = [];
  for (const cap of sheet.ratingCaps) {
    if (holds(cap, values)) {
      cappedBy.push({ metric: cap.metric, value: shown(values[cap.metric]!), maxRating: cap.maxRating });
      if (ratingRank[cap.maxRating] < ratingRank[rating]) rating = cap.maxRating;
    }
  }
  return {
    total,
    max,
    rating,
    ...(rating !== byPoints ? { ratingBeforeCaps: byPoints } : {}),
    ...(cappedBy.length ? { ratingCappedBy: cappedBy } : {}),
    criteria,
    pendingJudgements,
    applies: sheet.appliesTo.includes(facts.kind),
  };
}

/** The work a resolution asked for, each piece with its deadline and the day it was done (null: not yet). */
export interface ResolutionWork {
  tasks: { dueOn: string; doneOn: string | null }[];
}

/**
 * Whether the previous resolution was carried out, as things stood on the meeting's date: every task it
 * handed out that fell due by then was done by then. A task due later is not yet owed, so a resolution
 * whose work all falls due later is carried out so far. Unknown (null) only when there is no previous
 * resolution: that is what a sheet's `whenUnknown` is for, never a missing computation.
 */
export function previousResolutionCarriedOut(work: ResolutionWork | null, onDate: string): boolean | null {
  if (!work) return null;
  return work.tasks.every((t) => t.dueOn > onDate || (t.doneOn !== null && t.doneOn <= onDate));
}

export interface YearRating {
  rating: Rating;
  reason: Reason;
  counts: Record<Rating | "missing", number>;
}

/**
 * The cell's yearly rating from its monthly ratings (null = no scored meeting that month):
 * the first of the sheet's rules the months satisfy, best first; otherwise Kém. A month without a scored
 * meeting counts against every rule, and a year with no month to judge meets none.
 */
export function rateYear(sheet: Pick<ScoreSheet, "yearly">, monthlyRatings: (Rating | null)[]): YearRating {
  const counts: YearRating["counts"] = { good: 0, fair: 0, average: 0, poor: 0, missing: 0 };
  for (const r of monthlyRatings) counts[r ?? "missing"]++;
  const atLeast = (min: Rating) => monthlyRatings.filter((r) => r !== null && ratingAtLeast(r, min)).length;
  const failures: Reason[] = [];
  for (const rule of sheet.yearly.rules) {
    const problems: Reason[] = [];
    if (rule.everyMonthAtLeast) {
      // "Every month at least …" over no month at all is not met: a year without a scored meeting earns nothing.
      if (monthlyRatings.length === 0) problems.push({ key: "scoring.year.noMonths", params: { rating: rule.rating } });
      const below = monthlyRatings.length - atLeast(rule.everyMonthAtLeast);
      if (below > 0)
        problems.push({
          key: "scoring.year.monthsBelow",
          params: { rating: rule.rating, min: rule.everyMonthAtLeast, months: below },
        });
    }
    if (rule.atLeastMonths) {
      const have = atLeast(rule.atLeastMonths.rating);
      if (have < rule.atLeastMonths.count)
        problems.push({
          key: "scoring.year.tooFewMonths",
          params: { rating: rule.rating, min: rule.atLeastMonths.rating, have, need: rule.atLeastMonths.count },
        });
    }
    if (problems.length === 0) {
      return {
        rating: rule.rating,
        reason: {
          key: "scoring.year.met",
          params: {
            rating: rule.rating,
            good: counts.good,
            fair: counts.fair,
            average: counts.average,
            poor: counts.poor,
            missing: counts.missing,
          },
        },
        counts,
      };
    }
    failures.push(problems[0]!);
  }
  return {
    rating: "poor",
    reason: failures[failures.length - 1] ?? { key: "scoring.year.noRule", params: {} },
    counts,
  };
}

/** A judgement the sheet refuses, naming the criterion. */
export interface JudgementIssue {
  criterionId: string;
  code:
    | "unknown_criterion"
    | "not_a_judgement"
    | "points_above_max"
    | "points_negative"
    | "note_required"
    | "duplicate";
  key: string;
  params: Record<string, string | number>;
}

/** Checks the secretary's judgements against the sheet: unknown criteria, computed criteria, points out of range, missing notes. */
export function validateJudgements(sheet: ScoreSheet, judgements: Judgement[]): JudgementIssue[] {
  const criteria = new Map(allCriteria(sheet).map((c) => [c.id, c]));
  const seen = new Set<string>();
  const issues: JudgementIssue[] = [];
  for (const j of judgements) {
    const c = criteria.get(j.criterionId);
    const issue = (code: JudgementIssue["code"], params: Record<string, string | number> = {}) =>
      issues.push({
        criterionId: j.criterionId,
        code,
        key: `errors.scoring.${code}`,
        params: { criterion: j.criterionId, ...params },
      });
    if (seen.has(j.criterionId)) {
      issue("duplicate");
      continue;
    }
    seen.add(j.criterionId);
    if (!c) {
      issue("unknown_criterion");
      continue;
    }
    if (c.rule.type !== "judgement") {
      issue("not_a_judgement");
      continue;
    }
    if (!Number.isFinite(j.points) || j.points < 0) issue("points_negative");
    else if (j.points > c.max) issue("points_above_max", { points: j.points, max: c.max });
    if (!j.note.trim()) issue("note_required");
  }
  return issues;
}

/** Throws the first issue as a RuleError (422) whose field names the criterion: `judgements.<id>`. */
export function assertJudgements(sheet: ScoreSheet, judgements: Judgement[]): void {
  const [first] = validateJudgements(sheet, judgements);
  if (first) throw new RuleError(`scoring_${first.code}`, `judgements.${first.criterionId}`, first.key, first.params);
}
