import { describe, expect, it } from "vitest";
import type { HolidayCalendar } from "../../core/working-days.js";
import {
  type CongressDayRecord,
  congressDayProblem,
  congressMinutesTexts,
  draftResolutionSections,
  delegateChoiceProblem,
  hallAttendance,
  hallRound,
  percentOf,
  planTimeline,
  politicalReportSections,
  stepReminder,
  stepStage,
  type StepTemplate,
  targetProgress,
  targetStanding,
  type TermFacts,
} from "./preparation-model.js";

const calendar: HolidayCalendar = {
  coveredYears: { from: 2027, to: 2027 },
  weekendDays: [0, 6],
  fixedDates: [{ month: 4, day: 30, name: "30/4" }],
  daysOff: [{ date: "2027-04-30", name: "30/4", basis: "law" }],
  workingRestDays: [],
};

const step = (key: string, workingDaysBefore: number, owner: StepTemplate["owner"] = "secretary"): StepTemplate => ({
  key,
  group: "documents",
  owner,
  workingDaysBefore,
  title: key,
  titleEn: key,
  source: "x",
});

describe("planTimeline", () => {
  it("counts working days back from the congress, skipping weekends and holidays", () => {
    // Monday 3 May 2027: one working day before is Thursday 29 April (Friday 30/4 is a holiday, 1–2 May a weekend).
    const [s] = planTimeline([step("a", 1)], "2027-05-03", calendar, { secretary: "S", deputy_secretary: "D" });
    expect(s!.dueOn).toBe("2027-04-29");
    const [zero] = planTimeline([step("a", 0)], "2027-05-03", calendar, { secretary: "S", deputy_secretary: null });
    expect(zero!.dueOn).toBe("2027-05-03");
  });

  it("orders by deadline, gives the office's steps no member and falls back from deputy to secretary", () => {
    const steps = planTimeline(
      [step("late", 1), step("early", 10, "office"), step("deputy", 5, "deputy_secretary")],
      "2027-05-03",
      calendar,
      { secretary: "S", deputy_secretary: null },
    );
    expect(steps.map((s) => s.stepKey)).toEqual(["early", "deputy", "late"]);
    expect(steps.map((s) => s.position)).toEqual([0, 1, 2]);
    expect(steps.map((s) => s.ownerMemberId)).toEqual([null, "S", "S"]);
  });
});

describe("stepReminder", () => {
  const s = { id: "x", dueOn: "2027-03-10", done: false };
  it("fires at the nearest threshold, once per threshold, and once when passed", () => {
    expect(stepReminder(s, "2027-03-02", [7, 1])).toBeNull();
    expect(stepReminder(s, "2027-03-03", [7, 1])?.key).toBe("congress-step:x:2027-03-10:before:7");
    expect(stepReminder(s, "2027-03-09", [7, 1])?.key).toBe("congress-step:x:2027-03-10:before:1");
    expect(stepReminder(s, "2027-03-10", [7, 1])).toMatchObject({ days: 0, passed: false });
    expect(stepReminder(s, "2027-03-11", [7, 1])).toMatchObject({ key: "congress-step:x:2027-03-10:passed", days: 1 });
  });
  it("is silent for a step done, and a moved deadline makes a new key", () => {
    expect(stepReminder({ ...s, done: true }, "2027-03-11", [7])).toBeNull();
    expect(stepReminder({ ...s, dueOn: "2027-03-12" }, "2027-03-11", [7])?.key).toContain("2027-03-12");
  });
  it("stages a step at the edges", () => {
    expect(stepStage(s, "2027-03-10")).toBe("due_soon");
    expect(stepStage(s, "2027-03-11")).toBe("overdue");
    expect(stepStage(s, "2027-03-03")).toBe("due_soon");
    expect(stepStage(s, "2027-03-02")).toBe("open");
  });
});

describe("delegateChoiceProblem", () => {
  const full = new Set(["a", "b", "c"]);
  it("needs a quota, keeps officials to it and alternates to the rulebook", () => {
    expect(delegateChoiceProblem([], null, 2, full)?.key).toBe("errors.congress_no_quota");
    const two = [
      { memberId: "a", kind: "official" as const },
      { memberId: "b", kind: "official" as const },
    ];
    expect(delegateChoiceProblem(two, 2, 0, full)).toBeNull();
    expect(delegateChoiceProblem(two, 1, 0, full)?.key).toBe("errors.congress_over_quota");
    const alt = [...two, { memberId: "c", kind: "alternate" as const }];
    expect(delegateChoiceProblem(alt, 2, 1, full)).toBeNull();
    expect(delegateChoiceProblem(alt, 2, 0, full)?.key).toBe("errors.congress_too_many_alternates");
  });
  it("names the member who is twice or not a full member", () => {
    const twice = [
      { memberId: "a", kind: "official" as const },
      { memberId: "a", kind: "alternate" as const },
    ];
    expect(delegateChoiceProblem(twice, 2, 1, full)?.field).toBe("delegates.1.memberId");
    const stranger = [{ memberId: "z", kind: "official" as const }];
    expect(delegateChoiceProblem(stranger, 2, 1, full)).toMatchObject({
      field: "delegates.0.memberId",
      key: "errors.congress_delegate_not_full_member",
    });
  });
});

describe("congressDayProblem and hallAttendance", () => {
  const bodies = { presidium: { min: 1, max: 2 }, secretariat: { min: 1, max: 1 }, countingBoard: { min: 2, max: 3 } };
  const delegates = new Set(["a", "b", "c"]);
  const ok = { presidium: ["a"], secretariat: ["b"], countingBoard: ["b", "c"], agenda: ["x"] };
  it("checks each body's size, duplicates and that its people are delegates", () => {
    expect(congressDayProblem(ok, bodies, delegates)).toBeNull();
    expect(congressDayProblem({ ...ok, presidium: [] }, bodies, delegates)?.field).toBe("presidium");
    expect(congressDayProblem({ ...ok, presidium: ["a", "b", "c"] }, bodies, delegates)?.field).toBe("presidium");
    expect(congressDayProblem({ ...ok, countingBoard: ["b", "b"] }, bodies, delegates)?.key).toBe(
      "errors.congress_duplicate_member",
    );
    expect(congressDayProblem({ ...ok, countingBoard: ["b", "z"] }, bodies, delegates)?.field).toBe("countingBoard.1");
  });
  it("counts seated officials, leaving out refused credentials", () => {
    expect(
      hallAttendance([
        { kind: "official", credential: "accepted", present: true },
        { kind: "official", credential: "pending", present: false },
        { kind: "official", credential: "rejected", present: false },
        { kind: "alternate", credential: "accepted", present: true },
      ]),
    ).toEqual({ expected: 2, present: 1, alternatesPresent: 1 });
  });
});

describe("hallRound", () => {
  // The election's list, already in the ballot's Vietnamese name order (An, Bình, Cường, Dung).
  const election = {
    title: "Chi ủy",
    candidates: [
      { memberId: "b", fullName: "Lê Thị An" },
      { memberId: "a", fullName: "Trần Văn Bình" },
      { memberId: "c", fullName: "Nguyễn Văn Cường" },
      { memberId: "d", fullName: "Phạm Thị Dung" },
    ],
  };
  const result = {
    valid: 9,
    invalid: 1,
    standings: [
      { memberId: "a", votes: 9, majority: true },
      { memberId: "b", votes: 8, majority: true },
      { memberId: "c", votes: 5, majority: true },
      { memberId: "d", votes: 5, majority: true },
    ],
    elected: [
      { memberId: "a", votes: 9 },
      { memberId: "b", votes: 8 },
    ],
    tied: ["c", "d"],
    seatsLeft: 1,
    outcome: "tie" as const,
  };
  it("lists the round's candidates in name order, not by votes, with the elected marked", () => {
    const round = hallRound(election, { number: 1, seats: 3, candidateIds: ["a", "b", "c", "d"], result });
    expect(round).toEqual({
      title: "Chi ủy",
      round: 1,
      seats: 3,
      validBallots: 9,
      candidates: [
        { name: "Lê Thị An", votes: 8, elected: true },
        { name: "Trần Văn Bình", votes: 9, elected: true },
        { name: "Nguyễn Văn Cường", votes: 5, elected: false },
        { name: "Phạm Thị Dung", votes: 5, elected: false },
      ],
    });
  });
  it("shows only a later round's own candidates; one tied but not elected is not marked", () => {
    const second = {
      ...result,
      valid: 10,
      standings: [
        { memberId: "d", votes: 5, majority: false },
        { memberId: "c", votes: 5, majority: false },
      ],
      elected: [],
    };
    const round = hallRound(election, { number: 2, seats: 1, candidateIds: ["d", "c"], result: second });
    expect(round.candidates).toEqual([
      { name: "Nguyễn Văn Cường", votes: 5, elected: false },
      { name: "Phạm Thị Dung", votes: 5, elected: false },
    ]);
    expect(round.round).toBe(2);
    expect(round.validBallots).toBe(10);
  });
});

describe("targets against their goals", () => {
  it("judges in the direction from baseline to goal", () => {
    expect(targetStanding({ name: "", unit: "", baseline: 0, goal: 10, latest: 10 })).toBe("met");
    expect(targetStanding({ name: "", unit: "", baseline: 0, goal: 10, latest: 9 })).toBe("not_met");
    expect(targetStanding({ name: "", unit: "", baseline: 5, goal: 0, latest: 0 })).toBe("met");
    expect(targetStanding({ name: "", unit: "", baseline: 5, goal: 0, latest: 1 })).toBe("not_met");
    expect(targetStanding({ name: "", unit: "", baseline: 0, goal: 10, latest: null })).toBe("no_data");
    expect(targetProgress({ name: "", unit: "", baseline: 2, goal: 12, latest: 7 })).toBe(50);
    expect(targetProgress({ name: "", unit: "", baseline: 3, goal: 3, latest: 3 })).toBe(100);
  });

  it("writes each target and each year into the political report", () => {
    const facts: TermFacts = {
      organizationName: "Chi bộ Khoa A",
      kind: "cell",
      termLabel: "2025–2027",
      nextTermLabel: "2027–2030",
      from: "2025-03-20",
      to: "2026-12-31",
      targets: [{ name: "Kết nạp | đảng viên", unit: "người", baseline: 0, goal: 2, latest: 3 }],
      years: [2025, 2026].map((year) => ({
        year,
        resolutions: 1,
        meetingsHeld: 12,
        ratings: { good: 8, fair: 4, average: 0, poor: 0 },
        levels: { excellent: 1, good: 5, completed: 0, not_completed: 0 },
        ownLevel: year === 2025 ? ("good" as const) : null,
        admitted: 1,
        recognised: 0,
        inspections: 2,
        findings: 1,
        findingsClosed: 1,
      })),
    };
    const sections = politicalReportSections(facts);
    const all = sections.map((s) => `${s.heading}\n${s.text}`).join("\n");
    // A pipe in a name would break the table: it is replaced.
    expect(all).toContain("| Kết nạp / đảng viên | 2 người | 3 người | 150% | Đạt |");
    expect(all).toContain("đạt 1/1 chỉ tiêu");
    expect(all).toContain("| 2025 | 1 | 12 | 8/4/0/0 | 1 | 2 |");
    expect(all).toContain('Chi bộ được xếp loại "Hoàn thành tốt nhiệm vụ"');
    expect(all).toContain("kết nạp 2 đảng viên mới");
    expect(new Set(sections.map((s) => s.key)).size).toBe(sections.length);
    // The organisation's name already says what it is: never "Đại hội chi bộ Chi bộ …".
    const resolution = draftResolutionSections(facts)[0]!.text;
    expect(resolution).toContain("Đại hội Chi bộ Khoa A nhiệm kỳ 2027–2030 thông qua báo cáo");
    expect(resolution).not.toMatch(/chi bộ Chi bộ/iu);
  });
});

describe("the congress's minutes from the day's record", () => {
  const day: CongressDayRecord = {
    organizationName: "Đảng bộ Trường A",
    kind: "party_committee",
    nextTermLabel: "2027–2032",
    congressOn: "2027-03-20",
    place: null,
    presidium: ["Lê Văn Bí", "Phạm Thị Một"],
    secretariat: ["Hoàng Văn Hai"],
    countingBoard: ["Trần Thị Ba", "Ngô Văn Bốn"],
    attendance: { total: 45, present: 43 },
    agenda: ["Khai mạc", "Bầu cử"],
    elections: [
      {
        title: "Bầu Ban Chấp hành",
        rounds: [
          {
            number: 1,
            issued: 43,
            returned: 43,
            valid: 42,
            invalid: 1,
            elected: [
              { name: "Lê Văn Bí", votes: 40 },
              { name: "Phạm Thị Một", votes: 22 },
            ],
          },
          { number: 2, issued: 43, returned: null, valid: 40, invalid: 0, elected: [] },
        ],
      },
    ],
    resolutionNumber: null,
  };

  it("a share of valid ballots to two decimals, with a decimal comma", () => {
    expect(percentOf(2, 3)).toBe("66,67%");
    expect(percentOf(3, 3)).toBe("100%");
    expect(percentOf(1, 8)).toBe("12,5%");
    expect(percentOf(0, 0)).toBe("0%");
  });

  it("writes the bodies, attendance, agenda and each round; a round of several is numbered", () => {
    const t = congressMinutesTexts(day);
    expect(t.opening).toContain("Ngày 20/03/2027, tại ……, Đảng bộ Trường A tiến hành Đại hội nhiệm kỳ 2027–2032.");
    expect(t.opening).toContain("Đoàn Chủ tịch: đồng chí Lê Văn Bí, đồng chí Phạm Thị Một.");
    expect(t.opening).toContain("Tổng số đại biểu được triệu tập: 45; có mặt: 43.");
    expect(t.agenda).toBe("1. Khai mạc\n2. Bầu cử");
    expect(t.discussion).toBe("");
    expect(t.conclusion).toContain("Bầu Ban Chấp hành (lần 1): số phiếu phát ra 43, số phiếu thu vào 43");
    expect(t.conclusion).toContain("Trúng cử: đồng chí Lê Văn Bí (40/42 phiếu, 95,24%); đồng chí Phạm Thị Một (22/42");
    // Returned ballots not recorded: valid and invalid together.
    expect(t.conclusion).toContain("Bầu Ban Chấp hành (lần 2): số phiếu phát ra 43, số phiếu thu vào 40");
    expect(t.conclusion).toContain("Không có đồng chí nào trúng cử ở lần bầu này.");
    expect(t.conclusion).toMatch(/thông qua Nghị quyết Đại hội\.$/u);
    const numbered = congressMinutesTexts({ ...day, resolutionNumber: "01-NQ/ĐH", attendance: null });
    expect(numbered.conclusion).toContain("(Nghị quyết số 01-NQ/ĐH).");
    expect(numbered.opening).toContain("Tổng số đại biểu được triệu tập: ……; có mặt: …….");
    expect(congressMinutesTexts({ ...day, secretariat: [] }).opening).toContain("Đoàn Thư ký: …….");
  });
});
