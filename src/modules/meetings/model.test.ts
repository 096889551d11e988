import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  applicableSteps,
  approvalsThatCount,
  attendanceCounts,
  buildMinutes,
  canTransition,
  decideVote,
  eligibleVoters,
  latePublication,
  meetingFacts,
  meetingRulesSchema,
  membersAbsentInARow,
  missingThematicQuarters,
  needsHelp,
  oneSignerTwice,
  personalRate,
  proposeMeetingDate,
  publishedDaysBefore,
  skipAllowed,
  stepsInOrder,
  tallyBallots,
  type AttendanceEntry,
  type MeetingRules,
  type RosterMember,
} from "./model.js";

const load = (file: string): MeetingRules =>
  meetingRulesSchema.parse(
    JSON.parse(readFileSync(new URL(`../../../rulebooks/meeting/${file}`, import.meta.url), "utf8")).data,
  );
const r2018 = load("12-hd-2018.json");
const r2025 = load("42-hd-2025.json");

const roster = (n: number, extra: Partial<RosterMember>[] = []): RosterMember[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `m${i}`,
    fullName: `Đảng viên ${i}`,
    status: "full" as const,
    exempt: false,
    ...(extra[i] ?? {}),
  }));
const mark = (ids: string[], status: AttendanceEntry["status"], reason: string | null = null): AttendanceEntry[] =>
  ids.map((memberId) => ({ memberId, status, reason }));

describe("the meeting rulebooks", () => {
  it("both shipped files parse; 50-CT/42-HD fixes the 3rd, 12-HD leaves the day to the provinces", () => {
    expect(r2025.meetingDay.day).toBe(3);
    expect(r2018.meetingDay.day).toBeNull();
    expect(r2025.minDurationMinutes.combined).toBe(120);
    expect(r2025.preparation.publishDaysBefore).toBe(1);
    expect(r2025.thematic.steps.map((s) => s.id)).toEqual([
      "topic",
      "draft",
      "committee_approval",
      "cell_meeting",
      "implementation",
    ]);
  });
});

describe("the minutes' two signers", () => {
  const two = r2025.minutesSigners;
  const one = { ...two, distinctPeople: false };

  it("both rulebooks want two people, with a source", () => {
    for (const r of [r2018, r2025]) {
      expect(r.minutesSigners.distinctPeople).toBe(true);
      expect(r.minutesSigners.source).toMatch(/12-HD\/BTCTW/);
    }
  });

  it("one member in both roles conflicts; an empty role or two members do not", () => {
    expect(oneSignerTwice(two, "a", "a")).toBe(true);
    expect(oneSignerTwice(two, "a", "b")).toBe(false);
    expect(oneSignerTwice(two, "a", null)).toBe(false);
    expect(oneSignerTwice(two, null, null)).toBe(false);
    expect(oneSignerTwice(one, "a", "a")).toBe(false);
  });

  it("an approval counts only while its giver holds the role; complete needs two members", () => {
    const m = { chairMemberId: "a", minuteTakerMemberId: "b", chairApprovedBy: "a", takerApprovedBy: "b" };
    expect(approvalsThatCount(two, m)).toEqual({ chair: true, taker: true, complete: true });
    expect(approvalsThatCount(two, { ...m, takerApprovedBy: null })).toEqual({
      chair: true,
      taker: false,
      complete: false,
    });
    // The chair approved, then the roles were swapped: her approval as chair does not follow her.
    const swapped = { ...m, chairMemberId: "c", minuteTakerMemberId: "a", takerApprovedBy: "a" };
    expect(approvalsThatCount(two, swapped)).toEqual({ chair: false, taker: true, complete: false });
    // One member recorded in both roles: both approvals are theirs, and that is not two signatures.
    const alone = { chairMemberId: "a", minuteTakerMemberId: "a", chairApprovedBy: "a", takerApprovedBy: "a" };
    expect(approvalsThatCount(two, alone).complete).toBe(false);
    expect(approvalsThatCount(one, alone).complete).toBe(true);
    expect(approvalsThatCount(two, { ...m, chairApprovedBy: null, takerApprovedBy: null }).chair).toBe(false);
  });
});

describe("proposeMeetingDate", () => {
  it("proposes the rulebook's day, else the cell's last day, else the 1st, clamped to the month", () => {
    expect(proposeMeetingDate(r2025, 2026, 12)).toBe("2026-12-03");
    expect(proposeMeetingDate(r2018, 2024, 2, 30)).toBe("2024-02-29");
    expect(proposeMeetingDate(r2018, 2024, 5, 15)).toBe("2024-05-15");
    expect(proposeMeetingDate(r2018, 2024, 5)).toBe("2024-05-01");
  });
});

describe("steps", () => {
  it("drops committee-only steps where the cell has no chi ủy", () => {
    expect(applicableSteps(r2025.preparation.steps, false).map((s) => s.id)).not.toContain("committee_meeting");
    expect(applicableSteps(r2025.preparation.steps, true).map((s) => s.id)).toContain("committee_meeting");
  });

  it("thematic step 3 cannot be skipped when a chi ủy exists; no thematic step is skippable otherwise", () => {
    const step3 = r2025.thematic.steps[2]!;
    expect(skipAllowed("thematic", step3, true)).toBe(false);
    expect(skipAllowed("thematic", step3, false)).toBe(true);
    expect(skipAllowed("thematic", r2025.thematic.steps[0]!, true)).toBe(false);
    expect(skipAllowed("prep", r2025.preparation.steps[2]!, true)).toBe(false);
    expect(skipAllowed("prep", r2025.preparation.steps[3]!, true)).toBe(true);
  });

  it("judges the order of the live steps by when they were done", () => {
    const order = ["a", "b", "c"];
    expect(
      stepsInOrder(order, [
        { stepId: "a", doneAt: "1" },
        { stepId: "c", doneAt: "3" },
      ]),
    ).toBe(true);
    expect(
      stepsInOrder(order, [
        { stepId: "b", doneAt: "1" },
        { stepId: "a", doneAt: "2" },
      ]),
    ).toBe(false);
    expect(
      stepsInOrder(order, [
        { stepId: "b", doneAt: "1" },
        { stepId: "a", doneAt: "2", skipped: true },
      ]),
    ).toBe(true);
  });

  it("allows only the declared transitions", () => {
    expect(canTransition("planned", "open")).toBe(true);
    expect(canTransition("approved", "open")).toBe(false);
    expect(canTransition("closed", "open")).toBe(false);
  });
});

describe("attendance counts", () => {
  it("leaves exempt members out of the rate and counts late members as present", () => {
    const r = roster(10, [{}, {}, { exempt: true }]);
    const entries = [
      ...mark(["m0", "m1", "m3", "m4", "m5", "m6"], "present"),
      ...mark(["m7"], "late"),
      ...mark(["m8"], "absent_with_reason", "ốm"),
      ...mark(["m9"], "absent_without_reason"),
    ];
    const c = attendanceCounts(r, entries);
    expect(c).toMatchObject({
      total: 10,
      exempt: 1,
      present: 7,
      late: 1,
      absentWithReason: 1,
      absentWithoutReason: 1,
      unmarked: 0,
    });
    expect(c.ratePercent).toBe(77.8);
  });

  it("counts unmarked members and has no rate when everybody is exempt", () => {
    expect(attendanceCounts(roster(3), mark(["m0"], "present")).unmarked).toBe(2);
    expect(attendanceCounts(roster(2, [{ exempt: true }, { exempt: true }]), []).ratePercent).toBeNull();
  });

  it("a rate never exceeds 100% and counts always add up (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            exempt: fc.boolean(),
            status: fc.constantFrom(null, "present", "late", "absent_with_reason", "absent_without_reason"),
          }),
          { maxLength: 40 },
        ),
        (spec) => {
          const r = spec.map((s, i) => ({ id: `m${i}`, fullName: `x${i}`, status: "full" as const, exempt: s.exempt }));
          const entries = spec.flatMap((s, i) =>
            s.status ? [{ memberId: `m${i}`, status: s.status, reason: "x" } as AttendanceEntry] : [],
          );
          const c = attendanceCounts(r, entries);
          expect(c.ratePercent === null || (c.ratePercent >= 0 && c.ratePercent <= 100)).toBe(true);
          const exemptPresent = spec.filter((s) => s.exempt && (s.status === "present" || s.status === "late")).length;
          expect(c.present - exemptPresent + c.absentWithReason + c.absentWithoutReason + c.unmarked + c.exempt).toBe(
            c.total,
          );
        },
      ),
    );
  });
});

describe("votes", () => {
  const r = roster(6, [{}, {}, {}, {}, { status: "probationary" }, { exempt: true }]);
  const present = mark(["m0", "m1", "m2", "m4"], "present");

  it("probationary members vote on ordinary resolutions but not on admission-type decisions", () => {
    expect(eligibleVoters(r2025.votes.ordinary, r, present).map((m) => m.id)).toEqual(["m0", "m1", "m2", "m4"]);
    expect(eligibleVoters(r2025.votes.admission, r, present).map((m) => m.id)).toEqual(["m0", "m1", "m2"]);
  });

  it("an ordinary resolution needs more than half of the eligible members present", () => {
    const rule = r2025.votes.ordinary;
    expect(decideVote(rule, { eligible: 10, fullMembers: 12, inFavour: 5, against: 5, other: 0 })).toMatchObject({
      ok: true,
      passed: false,
      threshold: 6,
    });
    expect(decideVote(rule, { eligible: 10, fullMembers: 12, inFavour: 6, against: 4, other: 0 })).toMatchObject({
      ok: true,
      passed: true,
    });
    expect(decideVote(rule, { eligible: 9, fullMembers: 12, inFavour: 5, against: 0, other: 0 })).toMatchObject({
      passed: true,
      threshold: 5,
    });
    expect(decideVote(rule, { eligible: 9, fullMembers: 12, inFavour: 4, against: 0, other: 5 })).toMatchObject({
      passed: false,
    });
  });

  it("admission needs at least two thirds of all the cell's full members, present or not", () => {
    const rule = r2025.votes.admission;
    expect(decideVote(rule, { eligible: 9, fullMembers: 12, inFavour: 8, against: 1, other: 0 })).toMatchObject({
      passed: true,
      threshold: 8,
    });
    expect(decideVote(rule, { eligible: 9, fullMembers: 12, inFavour: 7, against: 2, other: 0 })).toMatchObject({
      passed: false,
    });
    expect(decideVote(rule, { eligible: 10, fullMembers: 10, inFavour: 7, against: 3, other: 0 })).toMatchObject({
      passed: true,
      threshold: 7,
    });
    expect(decideVote(rule, { eligible: 10, fullMembers: 10, inFavour: 6, against: 4, other: 0 })).toMatchObject({
      passed: false,
    });
  });

  it("refuses totals above the eligible count", () => {
    expect(
      decideVote(r2025.votes.ordinary, { eligible: 8, fullMembers: 12, inFavour: 8, against: 1, other: 0 }),
    ).toEqual({ ok: false, code: "vote_totals_exceed", total: 9, eligible: 8 });
  });

  it("tallies named ballots", () => {
    expect(tallyBallots([{ choice: "for" }, { choice: "for" }, { choice: "other" }])).toEqual({
      inFavour: 2,
      against: 0,
      other: 1,
    });
  });
});

describe("preparation and quarters", () => {
  it("flags documents published less than a day before the meeting (Hanoi dates)", () => {
    // 23:30 UTC on 1 Dec is 06:30 on 2 Dec in Hanoi: one day before a meeting on the 3rd.
    expect(publishedDaysBefore("2026-12-01T23:30:00Z", "2026-12-03")).toBe(1);
    expect(latePublication("2026-12-01T23:30:00Z", "2026-12-03", 1)).toBe(false);
    expect(latePublication("2026-12-02T17:30:00Z", "2026-12-03", 1)).toBe(true);
    expect(latePublication(null, "2026-12-03", 1)).toBe(false);
  });

  it("warns for each completed quarter without a thematic (or combined) meeting", () => {
    const held = [
      { date: "2026-01-03", kind: "monthly" as const, status: "approved" as const },
      { date: "2026-02-20", kind: "thematic" as const, status: "approved" as const },
      { date: "2026-05-03", kind: "monthly" as const, status: "approved" as const },
      { date: "2026-08-03", kind: "combined" as const, status: "closed" as const },
      { date: "2026-11-03", kind: "thematic" as const, status: "planned" as const },
    ];
    expect(missingThematicQuarters(held, "2026-11-22", 1)).toEqual([{ year: 2026, quarter: 2 }]);
    expect(missingThematicQuarters(held, "2027-01-05", 1)).toEqual([
      { year: 2026, quarter: 2 },
      { year: 2026, quarter: 4 },
    ]);
    expect(missingThematicQuarters([], "2027-01-05", 1)).toEqual([]);
  });

  it("finds members absent more than 3 meetings in a row, with or without reason", () => {
    const h = [
      { absent: ["a", "b"] },
      { absent: ["a", "b"] },
      { absent: ["a"] },
      { absent: ["a", "b"] },
      { absent: ["b"] },
    ];
    expect(membersAbsentInARow(h, 3)).toEqual(["a"]);
    expect(membersAbsentInARow(h.slice(0, 3), 3)).toEqual([]);
  });
});

const meeting = {
  kind: "monthly" as const,
  date: "2026-12-03",
  startTime: "14:00",
  startedAt: "2026-12-03T07:05:00Z",
  endedAt: "2026-12-03T08:45:00Z",
  chairMemberId: "m0",
  minuteTakerMemberId: "m1",
  preparerMemberId: "m1",
  content: "Đánh giá tháng 11.\n\nNhiệm vụ tháng 12.",
  draftResolution: "Dự thảo",
  conclusion: "Chi bộ thống nhất.",
  agenda: ["Đánh giá", "Nhiệm vụ"],
  dues: "Đã thu đủ.",
};

describe("meetingFacts", () => {
  const r = roster(6, [{}, {}, {}, {}, {}, { exempt: true }]);
  const attendance = [...mark(["m0", "m1", "m2", "m3"], "present"), ...mark(["m4"], "absent_with_reason", "công tác")];
  const base = {
    meeting,
    rules: r2025,
    hasCommittee: true,
    roster: r,
    attendance,
    earlierAbsences: [{ absent: ["m4"] }, { absent: ["m4"] }, { absent: ["m4"] }],
    steps: [
      { phase: "prep" as const, stepId: "assign_preparer", doneAt: "2026-11-25T01:00:00Z", skipped: false },
      { phase: "prep" as const, stepId: "publish_documents", doneAt: "2026-12-01T01:00:00Z", skipped: false },
      { phase: "live" as const, stepId: "purpose_guests", doneAt: "2026-12-03T07:06:00Z", skipped: false },
      { phase: "live" as const, stepId: "attendance", doneAt: "2026-12-03T07:10:00Z", skipped: false },
    ],
    speakerIds: ["m2", "m3", "m2"],
    votes: 1,
    previousResolutionDone: null,
  };

  it("computes every fact from the record", () => {
    const f = meetingFacts(base);
    expect(f).toMatchObject({
      members: 6,
      exempt: 1,
      present: 4,
      absentWithReason: 1,
      absentWithoutReason: 0,
      membersAbsentMoreThan3InARow: 1,
      durationMinutes: 100,
      startedOnTime: true,
      speakers: 2,
      stepsInOrder: true,
      minutesComplete: true,
      voteHeld: true,
      preparation: {
        preparerAssigned: true,
        committeeMet: false,
        draftResolution: true,
        noticeSent: false,
        documentsPublishedDaysBefore: 2,
      },
    });
  });

  it("no chi ủy: committeeMet is null; a late start and an unmarked member show", () => {
    const f = meetingFacts({
      ...base,
      hasCommittee: false,
      meeting: { ...meeting, startedAt: "2026-12-03T07:30:00Z" },
      attendance: attendance.slice(1),
    });
    expect(f.preparation.committeeMet).toBeNull();
    expect(f.startedOnTime).toBe(false);
    expect(f.minutesComplete).toBe(false);
    expect(f.durationMinutes).toBe(75);
  });
});

describe("buildMinutes", () => {
  it("builds the biên bản from the record, with absentees, their reasons, the vote and the rating", () => {
    const r = roster(4, [
      { fullName: "Nguyễn Thị Thu Hà" },
      { fullName: "Trần Quốc Bảo" },
      { fullName: "Bùi Văn An" },
      { fullName: "Ngô Thị Lan", exempt: true },
    ]);
    const minutes = buildMinutes({
      organizationName: "Chi bộ Khoa Lý luận cơ sở",
      meeting: {
        ...meeting,
        title: null,
        place: "Phòng họp A",
        status: "approved",
        guests: ["Đồng chí Lâm Văn Thành, Đảng ủy viên"],
        purpose: "Đánh giá tháng 11.\n\nTriển khai nhiệm vụ tháng 12.",
        criticism: null,
        approvedAt: "2026-12-03T09:00:00Z",
      },
      names: { m0: "Nguyễn Thị Thu Hà", m1: "Trần Quốc Bảo", m2: "Bùi Văn An" },
      roster: r,
      attendance: [...mark(["m0", "m1"], "present"), ...mark(["m2"], "absent_with_reason", "đi công tác")],
      contributions: [
        { memberId: "m1", speakerName: "Trần Quốc Bảo", part: "discussion", text: "Đề nghị bổ sung chỉ tiêu." },
        { memberId: "m0", speakerName: "Nguyễn Thị Thu Hà", part: "criticism", text: "Tự phê bình chậm báo cáo." },
      ],
      tasks: [{ what: "Hoàn thành báo cáo", responsibleMemberId: "m1", deadline: "2026-12-20" }],
      vote: {
        subject: "Nghị quyết tháng 12",
        eligible: 2,
        inFavour: 2,
        against: 0,
        other: 0,
        passed: true,
        ruleLabel: "quá nửa số đảng viên có mặt",
      },
      score: { total: 92, rating: "good" },
      amendments: [],
    });
    expect(minutes.meetingTitle).toBe("sinh hoạt chi bộ thường kỳ tháng 12 năm 2026");
    expect(minutes.startedAt).toBe("2026-12-03T14:05:00+07:00");
    expect(minutes.durationMinutes).toBe(100);
    expect(minutes.chair).toBe("Nguyễn Thị Thu Hà");
    expect(minutes.attendance).toMatchObject({
      total: 4,
      exempt: 1,
      present: 2,
      absentWithReason: [{ name: "Bùi Văn An", reason: "đi công tác" }],
      exemptNames: ["Ngô Thị Lan"],
    });
    expect(minutes.content).toEqual(["Đánh giá tháng 11.", "Nhiệm vụ tháng 12."]);
    expect(minutes.purpose).toEqual(["Đánh giá tháng 11.", "Triển khai nhiệm vụ tháng 12."]);
    expect(minutes.contributions).toEqual([{ speaker: "Trần Quốc Bảo", text: "Đề nghị bổ sung chỉ tiêu." }]);
    expect(minutes.criticism).toEqual(["Đồng chí Nguyễn Thị Thu Hà: Tự phê bình chậm báo cáo."]);
    expect(minutes.tasks).toEqual([{ what: "Hoàn thành báo cáo", who: "Trần Quốc Bảo", deadline: "20/12/2026" }]);
    expect(minutes.vote?.passed).toBe(true);
    expect(minutes.quality).toBe("Tốt (92 điểm)");
    expect(minutes.status).toBe("approved");
  });
});

describe("views", () => {
  it("a member's rate leaves exempt meetings out", () => {
    expect(
      personalRate([{ status: "present" }, { status: "absent_with_reason" }, { status: "exempt" }, { status: "late" }]),
    ).toBe(66.7);
    expect(personalRate([{ status: "exempt" }])).toBeNull();
  });

  it("names why a cell needs help", () => {
    expect(needsHelp({ held: 10, expected: 11, ratePercent: 84.9, poorRatings: 0 }, 85)).toEqual([
      "not_held",
      "low_attendance",
    ]);
    expect(needsHelp({ held: 11, expected: 11, ratePercent: 85, poorRatings: 0 }, 85)).toEqual([]);
    expect(needsHelp({ held: 11, expected: 11, ratePercent: null, poorRatings: 2 }, 85)).toEqual(["low_rating"]);
  });
});
