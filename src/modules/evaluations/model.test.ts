import { beforeAll, describe, expect, it } from "vitest";
import { loadCentralRulebooks } from "../../core/rulebooks/index.js";
import { registerRulebookKinds } from "../../rulebook-kinds.js";
import { HOLIDAYS_KIND, type HolidayCalendar } from "../../core/working-days.js";
import {
  awardProposals,
  bandOf,
  checkQuota,
  deadlinesFor,
  decisionBody,
  exclusionFor,
  formFor,
  judgeLevel,
  openPeriodBody,
  quotaGroup,
  rubricMax,
  scoreProblems,
  selfAssessmentBody,
  statusOn,
  totalScore,
  wholeMonthsBetween,
  type EvaluationRules,
  type Level,
  type LevelFacts,
  type Rubric,
} from "./model.js";

let r366: EvaluationRules;
let r124: EvaluationRules;
let rubric: Rubric;
let calendar: HolidayCalendar;

beforeAll(() => {
  registerRulebookKinds();
  const books = loadCentralRulebooks();
  r366 = books.find((b) => b.key === "evaluation-366-2025")!.data as EvaluationRules;
  r124 = books.find((b) => b.key === "evaluation-124-2023")!.data as EvaluationRules;
  rubric = books.find((b) => b.kind === "evaluation-rubric")!.data as Rubric;
  calendar = books.find((b) => b.kind === HOLIDAYS_KIND)!.data as HolidayCalendar;
});

/** 10 tasks, all on time, 3 exceeded, nothing left over: every condition of xuất sắc under 366. */
const facts = (
  over: Partial<Omit<LevelFacts, "tasks">> & { tasks?: Partial<LevelFacts["tasks"]> } = {},
): LevelFacts => ({
  score: 95,
  shortcomingsFixed: true,
  discipline: [],
  recordedVetoes: [],
  ...over,
  tasks: { assigned: 10, onTime: 10, late: 0, undone: 0, exceeded: 3, ...over.tasks },
});

describe("rulebooks", () => {
  it("both evaluation rulebooks and the rubric load; every rubric variant totals 100 with 30 common points", () => {
    expect(r366.conditions.excellent.minExceededShare).toBe(30);
    expect(r124.conditions.excellent.minExceededShare).toBe(50);
    for (const post of ["member", "outside", "leader"] as const) {
      const v = rubric.variants[post]!;
      expect(rubricMax(v.sections)).toBe(100);
      expect(rubricMax(v.sections.filter((s) => s.id === "common"))).toBe(30);
    }
    expect(rubricMax(rubric.variants.collective!.sections)).toBe(100);
    expect(rubric.productReading).toBe(true);
  });
});

describe("score bands", () => {
  it.each([
    [100, "excellent"],
    [90, "excellent"],
    [89.99, "good"],
    [70, "good"],
    [69.99, "completed"],
    [50, "completed"],
    [49.99, "not_completed"],
    [0, "not_completed"],
  ] as const)("%s points → %s", (score, level) => {
    expect(bandOf(r366.bands, score)).toBe(level);
    expect(judgeLevel(r366, "member", facts({ score })).level).toBe(level);
  });
});

describe("level conditions", () => {
  it("xuất sắc needs 30% exceeded under 366: 30 of 100 is enough, 299 of 1000 is not", () => {
    expect(judgeLevel(r366, "member", facts({ tasks: { assigned: 100, onTime: 100, exceeded: 30 } })).level).toBe(
      "excellent",
    );
    const j = judgeLevel(r366, "member", facts({ tasks: { assigned: 1000, onTime: 1000, exceeded: 299 } }));
    expect(j.level).toBe("good");
    expect(j.unmet).toContain("excellent.minExceededShare");
  });

  it("the same 30% falls short of the 50% of 124-QĐ/TW", () => {
    expect(judgeLevel(r124, "member", facts({ tasks: { assigned: 10, exceeded: 3 } })).level).toBe("good");
    expect(judgeLevel(r124, "member", facts({ tasks: { assigned: 10, exceeded: 5 } })).level).toBe("excellent");
  });

  it("one late task stops xuất sắc and tốt: 95 points become hoàn thành", () => {
    const j = judgeLevel(r366, "member", facts({ tasks: { onTime: 9, late: 1 } }));
    expect(j.level).toBe("completed");
    expect(j.unmet).toEqual(expect.arrayContaining(["excellent.allOnTime", "good.allOnTime"]));
  });

  it("late share: 20% late is hoàn thành, 20.1% is không hoàn thành", () => {
    expect(
      judgeLevel(r366, "member", facts({ score: 60, tasks: { assigned: 10, onTime: 8, late: 2, exceeded: 0 } })).level,
    ).toBe("completed");
    const j = judgeLevel(
      r366,
      "member",
      facts({ score: 60, tasks: { assigned: 1000, onTime: 799, late: 201, exceeded: 0 } }),
    );
    expect(j.level).toBe("not_completed");
    expect(j.unmet).toContain("completed.maxLateShare");
    expect(j.vetoes).toEqual([]);
  });

  it("a shortcoming named last time and not fixed stops xuất sắc; none named does not", () => {
    expect(judgeLevel(r366, "member", facts({ shortcomingsFixed: false })).level).toBe("good");
    expect(judgeLevel(r366, "member", facts({ shortcomingsFixed: null })).level).toBe("excellent");
  });

  it("without a recorded task the task conditions are not applied", () => {
    expect(judgeLevel(r366, "member", facts({ tasks: { assigned: 0, onTime: 0, exceeded: 0 } })).level).toBe(
      "excellent",
    );
  });
});

describe("vetoes", () => {
  it("a duty-related reprimand vetoes; one not related to duties does not", () => {
    const j = judgeLevel(r366, "member", facts({ discipline: [{ form: "reprimand", dutyRelated: true }] }));
    expect(j).toMatchObject({ level: "not_completed", band: "excellent", vetoes: ["discipline"] });
    expect(judgeLevel(r366, "member", facts({ discipline: [{ form: "reprimand", dutyRelated: false }] })).level).toBe(
      "excellent",
    );
  });

  it("more than half the tasks undone vetoes: 6 of 10 does, 5 of 10 does not (it fails 'all done' instead)", () => {
    expect(
      judgeLevel(r366, "member", facts({ score: 80, tasks: { onTime: 4, undone: 6, exceeded: 0 } })).vetoes,
    ).toEqual(["tasks_undone"]);
    const half = judgeLevel(r366, "member", facts({ score: 80, tasks: { onTime: 5, undone: 5, exceeded: 0 } }));
    expect(half.vetoes).toEqual([]);
    expect(half.level).toBe("not_completed");
  });

  it.each(["degradation", "prohibited_conduct", "other"] as const)(
    "a recorded %s veto caps at không hoàn thành",
    (veto) => {
      expect(judgeLevel(r366, "member", facts({ recordedVetoes: [veto] }))).toMatchObject({
        level: "not_completed",
        vetoes: [veto],
      });
    },
  );

  it.each(["unit_plan_unmet", "low_confidence"] as const)("%s is a leader's veto", (veto) => {
    expect(judgeLevel(r366, "leader", facts({ recordedVetoes: [veto] })).level).toBe("not_completed");
  });

  it("a collective is vetoed when a member was disciplined", () => {
    expect(
      judgeLevel(r366, "collective", facts({ discipline: [{ form: "warning", dutyRelated: true }] })).vetoes,
    ).toEqual(["member_disciplined"]);
  });
});

describe("quota", () => {
  const q = () => r366.quota;
  it("20% of 10 rated tốt or better is 2; a third xuất sắc is refused", () => {
    expect(checkQuota(q(), { excellent: 2, good: 8 }, false)).toMatchObject({ allowed: 2, base: 10, ok: true });
    expect(checkQuota(q(), { excellent: 3, good: 7 }, false)).toMatchObject({ allowed: 2, ok: false });
  });

  it("rounds down (floor): 20% of 14 is 2.8 → 2; 25% of 14 is 3.5 → 3", () => {
    expect(checkQuota(q(), { excellent: 3, good: 11 }, false)).toMatchObject({ allowed: 2, ok: false });
    expect(checkQuota(q(), { excellent: 3, good: 11 }, true)).toMatchObject({ allowed: 3, sharePercent: 25, ok: true });
  });

  it("a group of 4 has no xuất sắc at 20% and one at 25%", () => {
    expect(checkQuota(q(), { excellent: 1, good: 3 }, false).allowed).toBe(0);
    expect(checkQuota(q(), { excellent: 1, good: 3 }, true).allowed).toBe(1);
  });

  it("groups by kind and form: leaders apart from members without a post", () => {
    expect(quotaGroup(q(), { kind: "member", form: "2A" })).not.toBe(quotaGroup(q(), { kind: "member", form: "2B" }));
    expect(quotaGroup({ ...q(), groupBy: "kind" }, { kind: "member", form: "2A" })).toBe("member");
  });
});

describe("exclusion and status on the period's dates", () => {
  const year = { startsOn: "2026-01-01", endsOn: "2026-12-31" };
  const full = [{ status: "full" as const, from: "2000-01-01", to: null }];

  it("counts whole months", () => {
    expect(wholeMonthsBetween("2026-06-30", "2026-12-30")).toBe(6);
    expect(wholeMonthsBetween("2026-07-01", "2026-12-31")).toBe(5);
    expect(wholeMonthsBetween("2026-08-31", "2026-12-31")).toBe(4);
    // 31/08 + 6 months is 28/02 (the month's last day, as addMonths clamps): six whole months.
    expect(wholeMonthsBetween("2026-08-31", "2027-02-28")).toBe(6);
    expect(wholeMonthsBetween("2026-08-31", "2027-02-27")).toBe(5);
  });

  it("admitted 4 months before the period's end: excluded; exactly 6 whole months: included", () => {
    expect(exclusionFor(r366.exclusions, { admittedOn: "2026-08-31", statuses: full }, year)).toBe("admitted_recently");
    expect(exclusionFor(r366.exclusions, { admittedOn: "2026-06-30", statuses: full }, year)).toBeNull();
    expect(exclusionFor(r366.exclusions, { admittedOn: "2026-07-01", statuses: full }, year)).toBe("admitted_recently");
    expect(
      exclusionFor(
        r366.exclusions,
        { admittedOn: "2026-06-30", statuses: full },
        { startsOn: "2026-10-01", endsOn: "2026-12-30" },
      ),
    ).toBeNull();
  });

  it("exempt or suspended on the period's end: excluded; exempt earlier in the year: included", () => {
    const exempt = [...full, { status: "exempt" as const, from: "2026-09-01", to: null }];
    expect(exclusionFor(r366.exclusions, { admittedOn: null, statuses: exempt }, year)).toBe("exempt");
    const earlier = [...full, { status: "exempt" as const, from: "2026-03-01", to: "2026-06-30" }];
    expect(exclusionFor(r366.exclusions, { admittedOn: null, statuses: earlier }, year)).toBeNull();
    const suspended = [...full, { status: "suspended" as const, from: "2026-12-01", to: "2027-03-01" }];
    expect(exclusionFor(r366.exclusions, { admittedOn: null, statuses: suspended }, year)).toBe("suspended");
  });

  it("status on a date: the latest interval covering it, inclusive ends, null outside", () => {
    const h = [
      { status: "probationary" as const, from: "2025-05-19", to: "2026-05-18" },
      { status: "full" as const, from: "2026-05-19", to: null },
    ];
    expect(statusOn(h, "2026-05-18")).toBe("probationary");
    expect(statusOn(h, "2026-05-19")).toBe("full");
    expect(statusOn(h, "2025-01-01")).toBeNull();
  });
});

describe("forms and deadlines", () => {
  it("form per post; quarterly self-rating on Mẫu 05; the collective on Mẫu 01", () => {
    expect(formFor(r366.forms, "year", "leader")).toBe("2A");
    expect(formFor(r366.forms, "year", "member")).toBe("2B");
    expect(formFor(r366.forms, "year", "outside")).toBe("2C");
    expect(formFor(r366.forms, "quarter", "member")).toBe("05");
    expect(formFor(r366.forms, "quarter", "collective")).toBe("01");
  });

  it("the draft report's working days skip weekends and holidays: a meeting on Thursday 03/09/2026 wants it by 27/08", () => {
    // 02/09 (Quốc khánh) and 01/09 (the day beside it) are off, then the weekend of 29–30/08.
    const period = { kind: "year" as const, year: 2026, endsOn: "2026-12-31" };
    const due = deadlinesFor(r366.timeline, calendar, period, "2026-09-03").find((d) => d.key === "report_draft")!.due;
    expect(r366.timeline.reportDraftWorkingDaysBefore).toBe(3);
    expect(due).toBe("2026-08-27");
  });

  it("a year's deadlines: draft report, meeting by 31/12, dossier by 01/02 next year; a planned meeting moves them", () => {
    const period = { kind: "year" as const, year: 2026, endsOn: "2026-12-31" };
    expect(deadlinesFor(r366.timeline, calendar, period)).toEqual([
      { key: "self_assessment", due: "2026-12-24" },
      { key: "report_draft", due: "2026-12-28" },
      { key: "cell_meeting", due: "2026-12-31" },
      { key: "dossier", due: "2027-02-01" },
    ]);
    const planned = deadlinesFor(r366.timeline, calendar, period, "2026-12-18");
    expect(planned.find((d) => d.key === "report_draft")!.due).toBe("2026-12-15");
  });
});

describe("scores and bodies", () => {
  it("refuses a score above the criterion's maximum, a missing one and an unknown one, naming the field", () => {
    const sections = rubric.variants.member!.sections;
    const scores = Object.fromEntries(sections.flatMap((s) => s.criteria.map((c) => [c.id, c.max])));
    expect(scoreProblems(sections, scores)).toEqual([]);
    expect(totalScore(scores)).toBe(100);
    const bad = scoreProblems(sections, {
      ...scores,
      politics: 9,
      ghost: 1,
      personal_plan: undefined as unknown as number,
    });
    expect(bad.map((p) => [p.field, p.key])).toEqual([
      ["scores.ghost", "evaluations.score_unknown"],
      ["scores.politics", "evaluations.score_out_of_range"],
      ["scores.personal_plan", "evaluations.score_missing"],
    ]);
    expect(scoreProblems(sections, { ...scores, politics: -0.5 })[0]!.field).toBe("scores.politics");
  });

  it("bodies: a quarter needs its number; a level must be one of the four; decisions carry their veto", () => {
    expect(
      openPeriodBody.safeParse({ kind: "quarter", year: 2026, startsOn: "2026-10-01", endsOn: "2026-12-31" }).error
        ?.issues[0]?.message,
    ).toBe("evaluations.quarter_required");
    expect(selfAssessmentBody.safeParse({ scores: {}, proposedLevel: "best" }).error?.issues[0]?.message).toBe(
      "evaluations.level_invalid",
    );
    const d = decisionBody.parse({
      level: "not_completed",
      decidedOn: "2026-12-30",
      veto: { kind: "other", reason: "Kết luận kiểm tra" },
    });
    expect(d.veto).toEqual({ kind: "other", reason: "Kết luận kiểm tra" });
  });
});

describe("awards", () => {
  const run = (from: number, to: number, level: Level = "excellent") =>
    Array.from({ length: to - from + 1 }, (_, i) => ({ year: from + i, level }));
  const consecutive = (history: { year: number; level: Level }[]) =>
    awardProposals(r366.awards, history).filter((a) => a.kind === "consecutive");

  it("reads the rulebook: giấy khen for xuất sắc, 5 consecutive years proposed above", () => {
    expect(r366.awards).toMatchObject({ certificateFor: "excellent", consecutiveYears: 5 });
  });

  it("no decided year, no proposal", () => {
    expect(awardProposals(r366.awards, [])).toEqual([]);
  });

  it("a giấy khen for each xuất sắc year and none for tốt", () => {
    const out = awardProposals(r366.awards, [
      { year: 2024, level: "good" },
      { year: 2025, level: "excellent" },
    ]);
    expect(out).toEqual([{ year: 2025, kind: "certificate", fromYear: 2025 }]);
  });

  it("4 consecutive xuất sắc years are not yet 5; the 5th is proposed above, naming the run", () => {
    expect(consecutive(run(2021, 2024))).toEqual([]);
    expect(consecutive(run(2021, 2025))).toEqual([{ year: 2025, kind: "consecutive", fromYear: 2021 }]);
    expect(awardProposals(r366.awards, run(2021, 2025)).filter((a) => a.kind === "certificate")).toHaveLength(5);
  });

  it("the 6th year is not proposed again; the 10th is", () => {
    expect(consecutive(run(2016, 2021)).map((a) => a.year)).toEqual([2020]);
    expect(consecutive(run(2016, 2025)).map((a) => a.year)).toEqual([2020, 2025]);
  });

  it("a tốt year in between starts the count again", () => {
    const history = [...run(2019, 2021), { year: 2022, level: "good" as const }, ...run(2023, 2026)];
    expect(consecutive(history)).toEqual([]);
    expect(consecutive([...history, { year: 2027, level: "excellent" }])).toEqual([
      { year: 2027, kind: "consecutive", fromYear: 2023 },
    ]);
  });

  it("a year without a decision breaks the run", () => {
    expect(consecutive([...run(2019, 2020), ...run(2022, 2024)])).toEqual([]);
  });

  it("the order of the history does not matter", () => {
    expect(consecutive(run(2021, 2025).reverse())).toEqual([{ year: 2025, kind: "consecutive", fromYear: 2021 }]);
  });

  it("follows another rulebook's level and run length", () => {
    const local = { ...r366.awards, certificateFor: "good" as const, consecutiveYears: 3 };
    expect(awardProposals(local, run(2023, 2025, "good")).filter((a) => a.kind === "consecutive")).toEqual([
      { year: 2025, kind: "consecutive", fromYear: 2023 },
    ]);
  });
});
