import { describe, expect, it } from "vitest";
import { minutesSignerRoles, nextMeetingProposal } from "./model.js";
import { meetingOverview, type OverviewRow } from "./overview.js";

const rules = {
  meetingDay: { day: 3, source: "50-CT/TW" },
  attendance: { minPercent: 90, maxAbsentInARow: 3, source: "" },
};
const noDay = { meetingDay: { day: null, source: "" } };

describe("the next meeting date proposed", () => {
  it("is this month's rulebook day while it is ahead and the month has no meeting", () => {
    expect(nextMeetingProposal(rules, [], "2026-05-02")).toBe("2026-05-03");
    expect(nextMeetingProposal(rules, [], "2026-05-03")).toBe("2026-05-03");
  });

  it("moves to next month once the day is past, across the year's end", () => {
    expect(nextMeetingProposal(rules, [], "2026-05-04")).toBe("2026-06-03");
    expect(nextMeetingProposal(rules, [], "2026-12-20")).toBe("2027-01-03");
  });

  it("moves to next month when the month already has its meeting; a committee or cancelled one does not count", () => {
    const held = { date: "2026-05-01", kind: "monthly" as const, status: "closed" as const };
    expect(nextMeetingProposal(rules, [held], "2026-05-02")).toBe("2026-06-03");
    expect(nextMeetingProposal(rules, [{ ...held, kind: "committee" }], "2026-05-02")).toBe("2026-05-03");
    expect(nextMeetingProposal(rules, [{ ...held, status: "cancelled" }], "2026-05-02")).toBe("2026-05-03");
  });

  it("without a rulebook day, keeps the day of the last monthly meeting (newest first), else the 1st", () => {
    const history = [
      { date: "2026-04-20", kind: "thematic" as const, status: "closed" as const },
      { date: "2026-04-12", kind: "monthly" as const, status: "closed" as const },
    ];
    expect(nextMeetingProposal(noDay, history, "2026-05-02")).toBe("2026-05-12");
    expect(nextMeetingProposal(noDay, [], "2026-05-01")).toBe("2026-05-01");
    expect(nextMeetingProposal(noDay, [], "2026-05-02")).toBe("2026-06-01");
  });
});

describe("who approves the minutes", () => {
  const m = { chairMemberId: "a", minuteTakerMemberId: "b" };
  it("the chair and the minute-taker, each in their own role; nobody else, and no account without a member", () => {
    expect(minutesSignerRoles("a", m)).toEqual({ asChair: true, asTaker: false });
    expect(minutesSignerRoles("b", m)).toEqual({ asChair: false, asTaker: true });
    expect(minutesSignerRoles("c", m)).toEqual({ asChair: false, asTaker: false });
    expect(minutesSignerRoles(null, { chairMemberId: null, minuteTakerMemberId: null })).toEqual({
      asChair: false,
      asTaker: false,
    });
  });
});

describe("the đảng ủy's overview", () => {
  const row = (organizationId: string, name: string, meeting?: Partial<OverviewRow>): OverviewRow => ({
    organizationId,
    organizationName: name,
    meetingId: null,
    date: null,
    kind: null,
    status: null,
    rating: null,
    total: null,
    ...meeting,
  });
  const held = (id: string, date: string, rating: string | null = "good") =>
    ({ meetingId: id, date, kind: "monthly", status: "approved", rating, total: 90 }) as const;
  const base = {
    year: 2026,
    offset: 0,
    limit: 50,
    today: "2026-03-10",
    rules,
    firsts: new Map([
      ["c1", "2025-06-03"],
      ["c2", "2026-02-03"],
    ]),
    yearSheet: null,
  };

  it("counts held months, expects only months passed since the cell's first meeting, and names cells needing help", () => {
    const o = meetingOverview({
      ...base,
      rows: [
        row("c1", "Chi bộ Bình", held("m1", "2026-01-03")),
        row("c1", "Chi bộ Bình", held("m3", "2026-03-03", "poor")),
        row("c2", "Chi bộ An", held("m2", "2026-02-03")),
        row("c2", "Chi bộ An", { meetingId: "p", date: "2026-03-20", kind: "monthly", status: "planned" }),
        row("c3", "Chi bộ Cam"),
      ],
      rates: new Map<string, number | null>([
        ["m1", 100],
        ["m2", 80],
        ["m3", 95],
      ]),
    });
    // Vietnamese order; a planned meeting is not counted; a cell with no meeting recorded is expected nothing.
    expect(o.cells.map((c) => c.organizationName)).toEqual(["Chi bộ An", "Chi bộ Bình", "Chi bộ Cam"]);
    const [an, binh, cam] = o.cells;
    expect(binh).toMatchObject({ held: 2, expected: 3, notHeld: [2], ratePercent: 97.5 });
    expect(binh!.needsHelp).toEqual(["not_held", "low_rating"]);
    // The 3rd of March is behind the 10th: March is expected; February is the first month of An.
    expect(an).toMatchObject({ held: 1, expected: 2, notHeld: [3], ratePercent: 80 });
    expect(an!.needsHelp).toEqual(["not_held", "low_attendance"]);
    expect(cam).toMatchObject({ held: 0, expected: 0, needsHelp: [] });
    expect(o.heldByMonth.slice(0, 4)).toEqual([1, 1, 1, 0]);
    expect(o.needsHelp).toMatchObject({ total: 2 });
    expect(o.total).toBe(3);
  });

  it("gives one page of cells but the whole tree's chart and help count", () => {
    const rows = Array.from({ length: 5 }, (_, i) => row(`c${i}`, `Chi bộ ${i}`, held(`m${i}`, "2026-01-03")));
    const o = meetingOverview({ ...base, offset: 2, limit: 2, rows, rates: new Map(), firsts: new Map() });
    expect(o.cells.map((c) => c.organizationId)).toEqual(["c2", "c3"]);
    expect(o.total).toBe(5);
    expect(o.heldByMonth[0]).toBe(5);
    expect(o.offset).toBe(2);
  });
});
