import { describe, expect, it } from "vitest";
import { childPath, committeeWarnings, parentAllowed, positionActive, type MembershipRules } from "./model.js";

const rules: MembershipRules = {
  cell: {
    minFullMembers: 3,
    committeeFromFullMembers: 9,
    maxCommitteeMembers: 7,
    maxDeputySecretaries: 1,
    source: "Điều lệ Đảng",
  },
  probation: { months: 12, considerWithinWorkingDays: 30, warnDaysBefore: [90, 30], source: "x" },
  admission: { quorumNumerator: 2, quorumDenominator: 3, source: "x" },
};
const codes = (ws: { code: string }[]) => ws.map((w) => w.code).sort();

describe("organisation tree", () => {
  it("allows đảng bộ → chi bộ → tổ đảng only", () => {
    expect(parentAllowed("cell", "party_committee")).toBe(true);
    expect(parentAllowed("group", "cell")).toBe(true);
    expect(parentAllowed("group", "party_committee")).toBe(false);
    expect(parentAllowed("cell", "cell")).toBe(false);
    expect(parentAllowed("party_committee", null)).toBe(true);
  });

  it("computes materialised paths", () => {
    expect(childPath(null, "r")).toBe("/r/");
    expect(childPath("/r/", "a")).toBe("/r/a/");
  });
});

describe("committee composition warnings", () => {
  it("warns when a cell has fewer than 3 full members and no secretary", () => {
    expect(codes(committeeWarnings({ kind: "cell", fullMembers: 2, positions: [] }, rules))).toEqual([
      "cell_too_small",
      "no_secretary",
    ]);
  });

  it("warns about a chi ủy in a cell under 9 full members, citing the source", () => {
    const ws = committeeWarnings(
      { kind: "cell", fullMembers: 8, positions: [{ role: "secretary" }, { role: "committee_member" }] },
      rules,
    );
    expect(codes(ws)).toEqual(["committee_too_small_cell"]);
    expect(ws[0]!.source).toBe("Điều lệ Đảng");
    expect(ws[0]!.params).toEqual({ count: 8, min: 9 });
  });

  it("accepts a committee of 7 from 9 full members and warns at 8 or with two deputies", () => {
    const seven = [
      { role: "secretary" as const },
      { role: "deputy_secretary" as const },
      ...Array(5).fill({ role: "committee_member" as const }),
    ];
    expect(committeeWarnings({ kind: "cell", fullMembers: 9, positions: seven }, rules)).toEqual([]);
    expect(
      codes(
        committeeWarnings(
          { kind: "cell", fullMembers: 12, positions: [...seven, { role: "committee_member" }] },
          rules,
        ),
      ),
    ).toEqual(["committee_too_large"]);
    expect(
      codes(
        committeeWarnings(
          {
            kind: "cell",
            fullMembers: 12,
            positions: [{ role: "secretary" }, { role: "deputy_secretary" }, { role: "deputy_secretary" }],
          },
          rules,
        ),
      ),
    ).toEqual(["too_many_deputies"]);
  });

  it("does not apply cell rules to a đảng bộ", () => {
    expect(committeeWarnings({ kind: "party_committee", fullMembers: 1, positions: [] }, rules)).toEqual([]);
  });

  it("counts a position as active from its start to its end day inclusive", () => {
    expect(positionActive({ startsOn: "2020-01-01", endsOn: null }, "2026-01-01")).toBe(true);
    expect(positionActive({ startsOn: "2020-01-01", endsOn: "2022-03-15" }, "2022-03-15")).toBe(true);
    expect(positionActive({ startsOn: "2020-01-01", endsOn: "2022-03-15" }, "2022-03-16")).toBe(false);
    expect(positionActive({ startsOn: "2027-01-01", endsOn: null }, "2026-01-01")).toBe(false);
  });
});
