import { describe, expect, it } from "vitest";
import {
  createMassOrganizationBody,
  createSessionBody,
  defaultTaskDue,
  mayProvide,
  onCommitteeOn,
  sessionPeriod,
  sessionStatus,
  type MassOrganizationRules,
} from "./model.js";

const rules: MassOrganizationRules = {
  kinds: [
    { key: "trade_union", title: "Công đoàn", cadence: "quarterly", forms: ["4-KNĐ", "5-KNĐ"] },
    { key: "women_union", title: "Hội Liên hiệp Phụ nữ", cadence: "quarterly", forms: ["5-KNĐ"] },
  ],
  source: "test",
};

describe("the month or quarter of a day", () => {
  it("cuts months at their last day, leap February included", () => {
    expect(sessionPeriod("monthly", "2028-02-29")).toEqual({ key: "2028-02", from: "2028-02-01", to: "2028-02-29" });
    expect(sessionPeriod("monthly", "2027-02-01")).toEqual({ key: "2027-02", from: "2027-02-01", to: "2027-02-28" });
  });

  it("cuts quarters at 31/3, 30/6, 30/9 and 31/12", () => {
    expect(sessionPeriod("quarterly", "2026-03-31")).toEqual({ key: "2026-Q1", from: "2026-01-01", to: "2026-03-31" });
    expect(sessionPeriod("quarterly", "2026-04-01")).toEqual({ key: "2026-Q2", from: "2026-04-01", to: "2026-06-30" });
    expect(sessionPeriod("quarterly", "2026-09-30").key).toBe("2026-Q3");
    expect(sessionPeriod("quarterly", "2026-12-31")).toEqual({ key: "2026-Q4", from: "2026-10-01", to: "2026-12-31" });
  });
});

describe("where the assigned member stands with the sessions", () => {
  it("counts a session in its own period only, and lists the past periods without one", () => {
    const s = sessionStatus("monthly", "2026-09-15", ["2026-09-30", "2026-11-01"], "2026-12-03");
    expect(s.heldThisPeriod).toBe(false);
    expect(s.lastHeldOn).toBe("2026-11-01");
    expect(s.missed.map((p) => p.key)).toEqual(["2026-10"]);
  });

  it("a session on the first day of the period counts for it; a planned one in the future does not", () => {
    expect(sessionStatus("quarterly", "2026-10-01", ["2026-10-01"], "2026-12-31").heldThisPeriod).toBe(true);
    const planned = sessionStatus("quarterly", "2026-10-01", ["2027-01-05"], "2026-12-31");
    expect(planned.heldThisPeriod).toBe(false);
    expect(planned.lastHeldOn).toBeNull();
  });

  it("crosses the year and misses nothing in the period it was recorded in when today is in it", () => {
    expect(sessionStatus("quarterly", "2026-12-20", [], "2026-12-31").missed).toEqual([]);
    const s = sessionStatus("quarterly", "2026-05-10", ["2026-08-01"], "2027-01-02");
    expect(s.current.key).toBe("2027-Q1");
    expect(s.missed.map((p) => p.key)).toEqual(["2026-Q2", "2026-Q4"]);
  });
});

describe("what a mass organisation may provide", () => {
  it("only the unions introduce (4-KNĐ); any comments (5-KNĐ); an unknown kind nothing", () => {
    expect(mayProvide(rules, "trade_union", "4-KNĐ")).toBe(true);
    expect(mayProvide(rules, "women_union", "4-KNĐ")).toBe(false);
    expect(mayProvide(rules, "women_union", "5-KNĐ")).toBe(true);
    expect(mayProvide(rules, "chess_club", "5-KNĐ")).toBe(false);
  });
});

describe("who may be assigned", () => {
  const positions = [
    { memberId: "a", role: "committee_member", startsOn: "2025-03-20", endsOn: null },
    { memberId: "b", role: "secretary", startsOn: "2020-01-01", endsOn: "2025-03-20" },
    { memberId: "c", role: "inspection_member", startsOn: "2020-01-01", endsOn: null },
  ];
  it("a committee member on the day: from the first day of the post, not on the day it ends", () => {
    expect(onCommitteeOn(positions, "a", "2025-03-20")).toBe(true);
    expect(onCommitteeOn(positions, "a", "2025-03-19")).toBe(false);
    expect(onCommitteeOn(positions, "b", "2025-03-19")).toBe(true);
    expect(onCommitteeOn(positions, "b", "2025-03-20")).toBe(false);
  });
  it("an inspection committee post is not a committee post", () => {
    expect(onCommitteeOn(positions, "c", "2026-01-01")).toBe(false);
  });
});

describe("a session's task without a due date", () => {
  it("is due at the end of the next month or quarter", () => {
    expect(defaultTaskDue("monthly", "2026-01-31")).toBe("2026-02-28");
    expect(defaultTaskDue("monthly", "2026-12-15")).toBe("2027-01-31");
    expect(defaultTaskDue("quarterly", "2026-11-20")).toBe("2027-03-31");
  });
});

describe("input", () => {
  it("refuses a negative or fractional size, naming the field", () => {
    for (const memberCount of [-1, 2.5]) {
      const r = createMassOrganizationBody.safeParse({ kind: "trade_union", name: "Công đoàn", memberCount });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(["memberCount"]);
    }
  });
  it("a session needs notes; its tasks default to none", () => {
    expect(createSessionBody.safeParse({ heldOn: "2026-12-01", notes: "  ", version: 1 }).success).toBe(false);
    expect(createSessionBody.parse({ heldOn: "2026-12-01", notes: "Họp", version: 1 }).tasks).toEqual([]);
  });
});
