import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RuleError } from "../../core/http/errors.js";
import { vi as viCatalogue } from "../../core/i18n/vi.js";
import { en as enCatalogue } from "../../core/i18n/en.js";
import { loadCentralRulebooks, registerRulebookKind } from "../../core/rulebooks/index.js";
import { selectRulebook } from "../../core/rulebooks/model.js";
import {
  allCriteria,
  assertJudgements,
  METRICS,
  previousResolutionCarriedOut,
  rateYear,
  ratingFor,
  scoreMeeting,
  scoreSheetSchema,
  validateJudgements,
  type Judgement,
  type MeetingFacts,
  type Rating,
  type ScoreSheet,
} from "./scoring.js";

const dir = path.resolve(import.meta.dirname, "../../../rulebooks/meeting-score");
const load = (file: string) => {
  const envelope = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as { data: unknown };
  return scoreSheetSchema.parse(envelope.data);
};
const SHEETS = {
  hd12: load("12hd-2018.json"),
  hd42: load("42hd-2025.json"),
  phuTho: load("local-example-phu-tho.json"),
  anPhu: load("local-example-an-phu.json"),
};

/** A model meeting: everything done, 20 members, all present, 12 spoke, 95 minutes. */
function facts(over: Partial<MeetingFacts> = {}, prep: Partial<MeetingFacts["preparation"]> = {}): MeetingFacts {
  return {
    kind: "monthly",
    date: "2026-11-03",
    members: 20,
    exempt: 0,
    present: 20,
    absentWithReason: 0,
    absentWithoutReason: 0,
    membersAbsentMoreThan3InARow: 0,
    durationMinutes: 95,
    startedOnTime: true,
    speakers: 12,
    stepsInOrder: true,
    minutesComplete: true,
    voteHeld: true,
    previousResolutionDone: true,
    ...over,
    preparation: {
      preparerAssigned: true,
      committeeMet: true,
      draftResolution: true,
      noticeSent: true,
      documentsPublishedDaysBefore: 2,
      ...prep,
    },
  };
}
/** `members` on the roll, `present` of them there, the rest absent with a reason. */
const attendance = (members: number, present: number, exempt = 0, over: Partial<MeetingFacts> = {}) =>
  facts({
    members,
    exempt,
    present,
    absentWithReason: members - exempt - present,
    speakers: Math.ceil(present * 0.6),
    ...over,
  });

const fullJudgements = (sheet: ScoreSheet): Judgement[] =>
  allCriteria(sheet)
    .filter((c) => c.rule.type === "judgement")
    .map((c) => ({ criterionId: c.id, points: c.max, note: "Đạt" }));

const points = (sheet: ScoreSheet, f: MeetingFacts, id: string, judgements = fullJudgements(sheet)) => {
  const c = scoreMeeting(sheet, f, judgements).criteria.find((x) => x.id === id);
  if (!c) throw new Error(`no criterion ${id}`);
  return c.points;
};

describe("the four sheets", () => {
  it("each parse, total 100 and score a model meeting Tốt with full judgements", () => {
    for (const sheet of Object.values(SHEETS)) {
      const result = scoreMeeting(sheet, facts(), fullJudgements(sheet));
      expect(result.max).toBe(100);
      expect(result.total).toBe(100);
      expect(result.rating).toBe("good");
      expect(result.pendingJudgements).toEqual([]);
    }
  });

  it("every label, section and metric has Vietnamese and English text", () => {
    const keys = new Set<string>();
    for (const sheet of Object.values(SHEETS)) {
      for (const s of sheet.sections) keys.add(s.labelKey!);
      for (const c of allCriteria(sheet)) keys.add(c.labelKey!);
    }
    for (const m of METRICS) keys.add(`scoring.metric.${m}`);
    for (const r of ["good", "fair", "average", "poor"]) keys.add(`scoring.rating.${r}`);
    for (const k of keys) {
      expect(viCatalogue, k).toHaveProperty([k]);
      expect(enCatalogue, k).toHaveProperty([k]);
    }
  });

  it("a meeting is scored by the sheet in force on its date; the local examples are never in force by themselves", () => {
    registerRulebookKind("meeting-score", scoreSheetSchema);
    registerRulebookKind("meeting-score-example", scoreSheetSchema);
    const central = loadCentralRulebooks().filter((b) => b.kind === "meeting-score");
    expect(central.map((b) => b.key).sort()).toEqual(["meeting-score-12hd-2018", "meeting-score-42hd-2025"]);
    expect(selectRulebook(central, [], "2018-07-05")).toBeNull();
    expect(selectRulebook(central, [], "2018-07-06")?.key).toBe("meeting-score-12hd-2018");
    expect(selectRulebook(central, [], "2025-10-27")?.key).toBe("meeting-score-12hd-2018");
    expect(selectRulebook(central, [], "2025-10-28")?.key).toBe("meeting-score-42hd-2025");
    const examples = loadCentralRulebooks().filter((b) => b.kind === "meeting-score-example");
    expect(examples).toHaveLength(2);
    for (const b of examples) expect(b.sources.some((s) => s.tag === "L")).toBe(true);
  });
});

describe("12-HD 2018: attendance above 85%", () => {
  const s = SHEETS.hd12;
  it("85% exactly fails, just above passes", () => {
    expect(points(s, attendance(20, 17), "attendance-rate")).toBe(0);
    expect(points(s, attendance(200, 171), "attendance-rate")).toBe(10); // 85.5%
    expect(points(s, attendance(200, 170), "attendance-rate")).toBe(0);
  });
  it("leaves exempt members out of the rate", () => {
    // 18 of 22 would be 81.8%, but 2 are exempt: 18 of 20 = 90% passes. 17 of 21 with 1 exempt = 85% exactly: fails.
    expect(points(s, attendance(22, 18, 2), "attendance-rate")).toBe(10);
    expect(points(s, attendance(21, 17, 1), "attendance-rate")).toBe(0);
  });
  it("a failed framework criterion keeps the meeting from Tốt", () => {
    const r = scoreMeeting(s, attendance(20, 17), fullJudgements(s));
    expect(r.total).toBe(90);
    expect(r.ratingBeforeCaps).toBe("good");
    expect(r.rating).toBe("fair");
    const absent = scoreMeeting(s, facts({ present: 19, absentWithoutReason: 1 }), fullJudgements(s));
    expect(absent.rating).toBe("fair");
    expect(absent.criteria.find((c) => c.id === "no-absence-without-reason")?.points).toBe(0);
    const long = scoreMeeting(s, facts({ membersAbsentMoreThan3InARow: 1 }), fullJudgements(s));
    expect(long.criteria.find((c) => c.id === "no-long-absence")?.points).toBe(0);
    expect(long.rating).toBe("fair");
    expect(long.ratingCappedBy).toEqual([{ metric: "membersAbsentMoreThan3InARow", value: 1, maxRating: "fair" }]);
  });
  it("90 minutes is enough for every kind (12-HD sets no 120-minute rule)", () => {
    expect(points(s, facts({ durationMinutes: 89 }), "duration")).toBe(0);
    expect(points(s, facts({ durationMinutes: 90 }), "duration")).toBe(4);
    expect(points(s, facts({ kind: "combined", durationMinutes: 90 }), "duration")).toBe(4);
  });
});

describe("Phú Thọ example: attendance bands 90 / 80 / 70", () => {
  const s = SHEETS.phuTho;
  it.each([
    [20, 18, 0, 10], // 90%
    [200, 179, 0, 7], // 89.5%
    [20, 16, 0, 7], // 80%
    [200, 159, 0, 4], // 79.5%
    [20, 14, 0, 4], // 70%
    [200, 139, 0, 0], // 69.5%
    [23, 18, 3, 10], // 18 of 20 once the 3 exempt are left out (78% if they were counted)
    [21, 16, 1, 7], // 80% of 20; 76% of 21
  ])("%i members, %i present, %i exempt → %i points", (members, present, exempt, expected) => {
    expect(points(s, attendance(members, present, exempt), "attendance-rate")).toBe(expected);
  });
  it("duration: 89/90 monthly, 119/120 combined", () => {
    expect(points(s, facts({ durationMinutes: 89 }), "duration")).toBe(0);
    expect(points(s, facts({ durationMinutes: 90 }), "duration")).toBe(10);
    expect(points(s, facts({ kind: "combined", durationMinutes: 119 }), "duration")).toBe(0);
    expect(points(s, facts({ kind: "combined", durationMinutes: 120 }), "duration")).toBe(10);
    expect(points(s, facts({ durationMinutes: null }), "duration")).toBe(0);
  });
  it("speakers: more than half = 10, at least 30% = 5", () => {
    expect(points(s, facts({ speakers: 11 }), "speakers")).toBe(10);
    expect(points(s, facts({ speakers: 10 }), "speakers")).toBe(5);
    expect(points(s, facts({ speakers: 6 }), "speakers")).toBe(5);
    expect(points(s, facts({ speakers: 5 }), "speakers")).toBe(0);
  });
  it("absence without reason and more than 3 absences in a row each cost their criterion", () => {
    const r = scoreMeeting(
      s,
      facts({ present: 19, absentWithoutReason: 1, membersAbsentMoreThan3InARow: 1 }),
      fullJudgements(s),
    );
    expect(r.criteria.find((c) => c.id === "no-absence-without-reason")?.points).toBe(0);
    expect(r.criteria.find((c) => c.id === "no-long-absence")?.points).toBe(0);
    expect(r.total).toBe(90); // 95% attendance keeps 10 points
  });
  it("the cell without a chi ủy keeps the committee points; a missing judgement counts 0 and is listed", () => {
    expect(points(s, facts({}, { committeeMet: null }), "committee-met")).toBe(4);
    expect(points(s, facts({}, { committeeMet: false }), "committee-met")).toBe(0);
    const r = scoreMeeting(s, facts(), []);
    expect(r.pendingJudgements.sort()).toEqual(["conclusion", "content", "criticism"]);
    expect(r.total).toBe(80);
    expect(r.rating).toBe("fair");
  });
});

describe("An Phú example: 4 / 3 / 2 / 1 attendance points, speakers above half", () => {
  const s = SHEETS.anPhu;
  it.each([
    [20, 18, 0, 4], // 90%
    [200, 179, 0, 3], // 89.5%
    [20, 15, 0, 3], // 75%
    [200, 149, 0, 2], // 74.5%
    [20, 13, 0, 2], // 65%
    [200, 129, 0, 1], // 64.5%
    [22, 18, 2, 4], // 90% of 20 (81.8% if exempt were counted)
    [21, 15, 1, 3], // 75% of 20
  ])("%i members, %i present, %i exempt → %i points", (members, present, exempt, expected) => {
    expect(points(s, attendance(members, present, exempt), "attendance-rate")).toBe(expected);
  });
  it("any absence without reason gives 1 point for attendance, however high the rate", () => {
    const f = facts({ present: 19, absentWithoutReason: 1 });
    const r = scoreMeeting(s, f, fullJudgements(s));
    const c = r.criteria.find((x) => x.id === "attendance-rate")!;
    expect(c.points).toBe(1);
    expect(c.capped).toEqual({ metric: "absentWithoutReason", value: 1, maxPoints: 1 });
  });
  it("half of the attendees speaking is not more than half", () => {
    expect(points(s, facts({ speakers: 10 }), "speakers")).toBe(0);
    expect(points(s, facts({ speakers: 11 }), "speakers")).toBe(5);
    expect(points(s, facts({ present: 19, absentWithReason: 1, speakers: 10 }), "speakers")).toBe(5); // 10 of 19
  });
  it("duration 89/90 and 119/120 for combined; documents published 0 vs 1 day before", () => {
    expect(points(s, facts({ durationMinutes: 89 }), "duration")).toBe(0);
    expect(points(s, facts({ durationMinutes: 90 }), "duration")).toBe(5);
    expect(points(s, facts({ kind: "combined", durationMinutes: 119 }), "duration")).toBe(0);
    expect(points(s, facts({ kind: "combined", durationMinutes: 120 }), "duration")).toBe(5);
    expect(points(s, facts({}, { documentsPublishedDaysBefore: 0 }), "documents-on-time")).toBe(0);
    expect(points(s, facts({}, { documentsPublishedDaysBefore: 1 }), "documents-on-time")).toBe(5);
    expect(points(s, facts({}, { documentsPublishedDaysBefore: null }), "documents-on-time")).toBe(0);
  });
});

describe("42-HD 2025", () => {
  const s = SHEETS.hd42;
  it("duration 89/90 monthly, 119/120 combined", () => {
    expect(points(s, facts({ durationMinutes: 89 }), "duration")).toBe(0);
    expect(points(s, facts({ durationMinutes: 90 }), "duration")).toBe(10);
    expect(points(s, facts({ kind: "combined", durationMinutes: 119 }), "duration")).toBe(0);
    expect(points(s, facts({ kind: "combined", durationMinutes: 120 }), "duration")).toBe(10);
  });
  it("attendance above 85% with exempt members left out; speakers above half", () => {
    expect(points(s, attendance(20, 17), "attendance-rate")).toBe(0);
    expect(points(s, attendance(21, 18, 1), "attendance-rate")).toBe(10); // 90% of 20
    expect(points(s, facts({ speakers: 10 }), "speakers")).toBe(0);
    expect(points(s, facts({ speakers: 11 }), "speakers")).toBe(5);
  });
  it("late members count as present unless the sheet says otherwise", () => {
    const f = facts({ present: 18, late: 2, absentWithReason: 2 });
    expect(points(s, f, "attendance-rate")).toBe(10); // 90%
    const strict = { ...s, attendance: { lateCountsAsPresent: false } };
    expect(points(strict, f, "attendance-rate")).toBe(0); // 16 of 20 = 80%
  });
});

describe("rating cut-offs (every sheet: 90 / 70 / 50)", () => {
  it.each(Object.entries(SHEETS))("%s", (_, s) => {
    const cases: [number, Rating][] = [
      [100, "good"],
      [90, "good"],
      [89.99, "fair"],
      [70, "fair"],
      [69.99, "average"],
      [50, "average"],
      [49.99, "poor"],
      [0, "poor"],
    ];
    for (const [total, rating] of cases) expect(ratingFor(s, total, 100), String(total)).toBe(rating);
  });
  it("a whole meeting at 89.99 is Khá and at 90 is Tốt", () => {
    const s = SHEETS.phuTho;
    const judge = (content: number) =>
      fullJudgements(s).map((j) => (j.criterionId === "content" ? { ...j, points: content } : j));
    const r9 = scoreMeeting(s, facts(), judge(0));
    expect([r9.total, r9.rating]).toEqual([90, "good"]);
    const r8 = scoreMeeting(s, facts({ speakers: 10 }), judge(4.99)); // 100 − 5 − 5.01
    expect([r8.total, r8.rating]).toEqual([89.99, "fair"]);
  });
});

describe("the yearly rating", () => {
  const s = SHEETS.phuTho;
  const months = (good: number, fair: number, average = 0, poor = 0, missing = 0): (Rating | null)[] => [
    ...Array<Rating>(good).fill("good"),
    ...Array<Rating>(fair).fill("fair"),
    ...Array<Rating>(average).fill("average"),
    ...Array<Rating>(poor).fill("poor"),
    ...Array<null>(missing).fill(null),
  ];
  it("7 Tốt months and the rest Khá make a Tốt year; 6 do not", () => {
    expect(rateYear(s, months(7, 5)).rating).toBe("good");
    const six = rateYear(s, months(6, 6));
    expect(six.rating).toBe("fair");
    expect(six.counts.good).toBe(6);
  });
  it("one Trung bình month stops a Tốt year, even with 11 Tốt months", () => {
    expect(rateYear(s, months(11, 0, 1)).rating).toBe("fair");
  });
  it("a month without a scored meeting stops a Tốt year and a Khá year", () => {
    expect(rateYear(s, months(11, 0, 0, 0, 1)).rating).toBe("average");
    expect(rateYear(s, months(8, 0, 0, 0, 4)).rating).toBe("poor");
  });
  it("a year with no month to judge is Kém, never Khá by default (every sheet)", () => {
    for (const sheet of Object.values(SHEETS)) {
      const r = rateYear(sheet, []);
      expect(r.rating).toBe("poor");
      expect(r.reason.key).toMatch(/^scoring\.year\.(noMonths|tooFewMonths)$/);
    }
    const none = rateYear(s, months(0, 0, 0, 0, 12));
    expect(none.rating).toBe("poor");
    expect(none.counts.missing).toBe(12);
  });
  it("a full year is rated by its months; one month missing costs the Tốt and the Khá", () => {
    expect(rateYear(s, months(12, 0)).rating).toBe("good");
    expect(rateYear(s, months(0, 12)).rating).toBe("fair");
    expect(rateYear(s, months(0, 11, 0, 0, 1)).rating).toBe("average");
    expect(rateYear(s, months(0, 8, 0, 0, 4)).rating).toBe("poor");
  });
  it("a Kém month stops a Khá year", () => {
    expect(rateYear(s, months(10, 1, 0, 1)).rating).toBe("average");
    const r = rateYear(s, months(2, 2, 0, 8));
    expect(r.rating).toBe("poor");
    expect(r.reason.key).toBe("scoring.year.tooFewMonths");
  });
});

describe("the previous resolution carried out", () => {
  const on = "2026-12-03";
  const task = (dueOn: string, doneOn: string | null) => ({ dueOn, doneOn });
  it("is unknown only when there is no previous resolution", () => {
    expect(previousResolutionCarriedOut(null, on)).toBeNull();
    expect(previousResolutionCarriedOut({ tasks: [] }, on)).toBe(true);
  });
  it("needs every task due by the meeting done by the meeting", () => {
    expect(previousResolutionCarriedOut({ tasks: [task("2026-11-30", "2026-11-29")] }, on)).toBe(true);
    expect(previousResolutionCarriedOut({ tasks: [task(on, on)] }, on)).toBe(true);
    expect(previousResolutionCarriedOut({ tasks: [task(on, null)] }, on)).toBe(false);
    expect(
      previousResolutionCarriedOut({ tasks: [task("2026-11-30", "2026-11-29"), task("2026-12-01", null)] }, on),
    ).toBe(false);
  });
  it("does not count a task done after the meeting, nor owe one due after it", () => {
    expect(previousResolutionCarriedOut({ tasks: [task("2026-12-01", "2026-12-04")] }, on)).toBe(false);
    expect(previousResolutionCarriedOut({ tasks: [task("2026-12-04", null)] }, on)).toBe(true);
  });
});

describe("validateJudgements", () => {
  const s = SHEETS.anPhu;
  it("accepts judgements within their max", () => {
    expect(validateJudgements(s, fullJudgements(s))).toEqual([]);
  });
  it("refuses unknown and computed criteria, points above max or below 0, a missing note and duplicates, naming the criterion", () => {
    const issues = validateJudgements(s, [
      { criterionId: "nope", points: 1, note: "x" },
      { criterionId: "attendance-rate", points: 1, note: "x" },
      { criterionId: "content", points: 10.5, note: "x" },
      { criterionId: "criticism", points: -1, note: "x" },
      { criterionId: "results", points: 5, note: "  " },
      { criterionId: "results", points: 5, note: "again" },
    ]);
    expect(issues.map((i) => [i.criterionId, i.code])).toEqual([
      ["nope", "unknown_criterion"],
      ["attendance-rate", "not_a_judgement"],
      ["content", "points_above_max"],
      ["criticism", "points_negative"],
      ["results", "note_required"],
      ["results", "duplicate"],
    ]);
    expect(issues[2]!.params).toMatchObject({ criterion: "content", points: 10.5, max: 10 });
  });
  it("assertJudgements throws a RuleError on the criterion's field", () => {
    try {
      assertJudgements(s, [{ criterionId: "content", points: 11, note: "x" }]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RuleError);
      expect((e as RuleError).code).toBe("scoring_points_above_max");
      expect((e as RuleError).fields).toHaveProperty(["judgements.content"]);
    }
  });
});

describe("the sheet schema refuses a broken sheet", () => {
  const base = () => JSON.parse(JSON.stringify(SHEETS.anPhu)) as ScoreSheet;
  it("a band above the criterion's max", () => {
    const s = base();
    const c = s.sections[1]!.criteria[0]!;
    if (c.rule.type === "bands") c.rule.bands[0]!.points = 99;
    expect(scoreSheetSchema.safeParse(s).success).toBe(false);
  });
  it("duplicate criterion ids, cut-offs out of order, a criterion without a label, an unknown metric", () => {
    const dup = base();
    dup.sections[0]!.criteria[1]!.id = dup.sections[0]!.criteria[0]!.id;
    expect(scoreSheetSchema.safeParse(dup).success).toBe(false);
    const cut = base();
    cut.cutoffs = { good: 60, fair: 70, average: 50 };
    expect(scoreSheetSchema.safeParse(cut).success).toBe(false);
    const nolabel = base();
    delete nolabel.sections[0]!.criteria[0]!.labelKey;
    expect(scoreSheetSchema.safeParse(nolabel).success).toBe(false);
    nolabel.sections[0]!.criteria[0]!.label = "Tiêu chí riêng của đảng ủy";
    expect(scoreSheetSchema.safeParse(nolabel).success).toBe(true);
    const metric = base() as unknown as { sections: { criteria: { rule: { metric: string } }[] }[] };
    metric.sections[1]!.criteria[0]!.rule.metric = "salary";
    expect(scoreSheetSchema.safeParse(metric).success).toBe(false);
  });
});

describe("properties", () => {
  const factsArb = fc
    .record({
      kind: fc.constantFrom("monthly", "thematic", "combined", "committee" as const),
      members: fc.integer({ min: 1, max: 80 }),
      exemptShare: fc.double({ min: 0, max: 0.3, noNaN: true }),
      presentShare: fc.double({ min: 0, max: 1, noNaN: true }),
      withoutReasonShare: fc.double({ min: 0, max: 1, noNaN: true }),
      speakerShare: fc.double({ min: 0, max: 1, noNaN: true }),
      long: fc.integer({ min: 0, max: 5 }),
      duration: fc.option(fc.integer({ min: 0, max: 300 })),
      flags: fc.array(fc.option(fc.boolean()), { minLength: 10, maxLength: 10 }),
      days: fc.option(fc.integer({ min: -3, max: 10 })),
    })
    .map((r): MeetingFacts => {
      const exempt = Math.floor(r.members * r.exemptShare);
      const eligible = r.members - exempt;
      const present = Math.floor(eligible * r.presentShare);
      const absentWithoutReason = Math.floor((eligible - present) * r.withoutReasonShare);
      const b = (i: number) => r.flags[i] ?? false;
      return {
        kind: r.kind as MeetingFacts["kind"],
        date: "2026-11-03",
        members: r.members,
        exempt,
        present,
        absentWithReason: eligible - present - absentWithoutReason,
        absentWithoutReason,
        membersAbsentMoreThan3InARow: r.long,
        durationMinutes: r.duration,
        startedOnTime: r.flags[0] ?? null,
        speakers: Math.floor(present * r.speakerShare),
        stepsInOrder: b(1),
        minutesComplete: b(2),
        voteHeld: b(3),
        previousResolutionDone: r.flags[4] ?? null,
        preparation: {
          preparerAssigned: b(5),
          committeeMet: r.flags[6] ?? null,
          draftResolution: b(7),
          noticeSent: b(8),
          documentsPublishedDaysBefore: r.days,
        },
      };
    });
  const judgementsArb = (s: ScoreSheet) =>
    fc.tuple(
      ...allCriteria(s)
        .filter((c) => c.rule.type === "judgement")
        .map((c) =>
          fc.double({ min: 0, max: c.max, noNaN: true }).map((p) => ({ criterionId: c.id, points: p, note: "n" })),
        ),
    );

  for (const [name, s] of Object.entries(SHEETS)) {
    it(`${name}: 0 ≤ total ≤ max, each criterion within its max, the rating agrees with the cut-offs`, () => {
      fc.assert(
        fc.property(factsArb, judgementsArb(s), (f, js) => {
          const r = scoreMeeting(s, f, js);
          expect(r.total).toBeGreaterThanOrEqual(0);
          expect(r.total).toBeLessThanOrEqual(r.max);
          for (const c of r.criteria) expect(c.points).toBeLessThanOrEqual(c.max);
          const byPoints = ratingFor(s, r.total, r.max);
          expect(r.ratingBeforeCaps ?? r.rating).toBe(byPoints);
        }),
      );
    });
    it(`${name}: one more member attending (and speaking) in place of an absentee never lowers the score`, () => {
      fc.assert(
        fc.property(factsArb, judgementsArb(s), fc.boolean(), (f, js, fromWithoutReason) => {
          const pool = fromWithoutReason ? f.absentWithoutReason : f.absentWithReason;
          fc.pre(pool > 0);
          const more: MeetingFacts = {
            ...f,
            present: f.present + 1,
            speakers: f.speakers + 1,
            ...(fromWithoutReason
              ? { absentWithoutReason: f.absentWithoutReason - 1 }
              : { absentWithReason: f.absentWithReason - 1 }),
          };
          expect(scoreMeeting(s, more, js).total).toBeGreaterThanOrEqual(scoreMeeting(s, f, js).total);
        }),
      );
    });
  }
  it("rateYear: raising any month never lowers the year", () => {
    const rating = fc.option(fc.constantFrom<Rating>("good", "fair", "average", "poor"));
    fc.assert(
      fc.property(fc.array(rating, { minLength: 12, maxLength: 12 }), fc.integer({ min: 0, max: 11 }), (ms, i) => {
        const order: Rating[] = ["poor", "average", "fair", "good"];
        const up = [...ms];
        up[i] = order[Math.min(3, (ms[i] ? order.indexOf(ms[i]) : -1) + 1)]!;
        const rank = (r: Rating) => order.indexOf(r);
        expect(rank(rateYear(SHEETS.phuTho, up).rating)).toBeGreaterThanOrEqual(
          rank(rateYear(SHEETS.phuTho, ms).rating),
        );
      }),
    );
  });
});
