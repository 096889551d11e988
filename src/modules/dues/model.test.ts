import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  basisBody,
  basisFor,
  duesRulesSchema,
  exemptByMembership,
  isMonth,
  monthEnd,
  monthlyDue,
  monthsBetween,
  paymentBody,
  reachesRemoval,
  reductionProblem,
  shareOf,
  unpaidMonths,
  type Basis,
  type MonthState,
} from "./model.js";

const rules = duesRulesSchema.parse(JSON.parse(readFileSync("rulebooks/dues/qd-01-2026.json", "utf8")).data);
const old = duesRulesSchema.parse(JSON.parse(readFileSync("rulebooks/dues/qd-342-2010.json", "utf8")).data);
const basis = (b: Partial<Basis> = {}): Basis => ({
  kind: "salary",
  amount: 10_000_000,
  fromMonth: "2026-01",
  exemption: null,
  reductionPercent: null,
  reductionUntil: null,
  ...b,
});

describe("shareOf: integer đồng, rounded half up", () => {
  it("1% of a salary base", () => {
    expect(shareOf(10_000_000, 100, 10_000)).toBe(100_000);
    expect(shareOf(4_680_000, 100, 10_000)).toBe(46_800);
  });
  it("rounds 0.5 đồng up and 0.49 down", () => {
    expect(shareOf(4_680_050, 100, 10_000)).toBe(46_801); // 46,800.5
    expect(shareOf(4_680_049, 100, 10_000)).toBe(46_800); // 46,800.49
    expect(shareOf(1, 50, 100)).toBe(1); // 0.5
    expect(shareOf(1, 49, 100)).toBe(0);
    expect(shareOf(0, 100, 10_000)).toBe(0);
  });
  it("rounds to a larger unit when the rulebook asks", () => {
    expect(shareOf(4_680_000, 100, 10_000, 1000)).toBe(47_000); // 46,800 → 47,000
    expect(shareOf(4_640_000, 100, 10_000, 1000)).toBe(46_000); // 46,400 → 46,000
    expect(shareOf(4_650_000, 100, 10_000, 1000)).toBe(47_000); // 46,500 half up
  });
  it("stays exact for the largest salaries", () => {
    expect(shareOf(900_000_000_000, 100, 10_000)).toBe(9_000_000_000);
    expect(Number.isInteger(shareOf(123_456_789, 50, 10_000))).toBe(true);
    expect(shareOf(123_456_789, 50, 10_000)).toBe(617_284); // 617,283.945
  });
  it("refuses a fraction or a negative amount", () => {
    expect(() => shareOf(10.5, 100, 10_000)).toThrow(RangeError);
    expect(() => shareOf(-1, 100, 10_000)).toThrow(RangeError);
  });
});

describe("monthlyDue", () => {
  it("1% of the salary base, 1% of sick leave, 0.5% of a pension", () => {
    expect(monthlyDue(basis(), "2026-03", rules).amount).toBe(100_000);
    expect(monthlyDue(basis({ kind: "sick_leave", amount: 7_500_000 }), "2026-03", rules).amount).toBe(75_000);
    expect(monthlyDue(basis({ kind: "pension", amount: 6_000_001 }), "2026-03", rules).amount).toBe(30_000);
    expect(monthlyDue(basis({ kind: "pension", amount: 6_000_100 }), "2026-03", rules).amount).toBe(30_001);
  });
  it("students pay the rulebook's fixed amount whatever the basis says", () => {
    expect(monthlyDue(basis({ kind: "student", amount: 99 }), "2026-03", rules).amount).toBe(5_000);
    expect(monthlyDue(basis({ kind: "student", amount: 0 }), "2025-12", old).amount).toBe(2_000);
  });
  it("other groups pay the amount of their table row", () => {
    expect(monthlyDue(basis({ kind: "other", amount: 20_000 }), "2026-03", rules).amount).toBe(20_000);
  });
  it("an exemption owes nothing, but keeps the full amount for the ledger", () => {
    const d = monthlyDue(basis({ exemption: "poor_household" }), "2026-03", rules);
    expect(d).toEqual({ amount: 0, full: 100_000, exemption: "poor_household", reductionPercent: null });
  });
  it("50 years of membership exempts from the month they are reached, not before", () => {
    expect(monthlyDue(basis(), "2026-05", rules, "1976-06-15").amount).toBe(100_000);
    const d = monthlyDue(basis(), "2026-06", rules, "1976-06-15");
    expect(d.amount).toBe(0);
    expect(d.exemption).toBe("membership_50_years");
    expect(exemptByMembership("1976-06-30", "2026-06", rules)).toBe(true);
    expect(exemptByMembership(null, "2026-06", rules)).toBe(false);
  });
  it("a reduction of 30/50/70% applies through its last month, then ends", () => {
    const b = basis({ amount: 4_680_050, reductionPercent: 30, reductionUntil: "2026-12" });
    // 46,801 × 70% = 32,760.7 → 32,761
    expect(monthlyDue(b, "2026-12", rules)).toEqual({
      amount: 32_761,
      full: 46_801,
      exemption: null,
      reductionPercent: 30,
    });
    expect(monthlyDue(b, "2027-01", rules).amount).toBe(46_801);
    expect(monthlyDue(basis({ reductionPercent: 50, reductionUntil: "2026-06" }), "2026-06", rules).amount).toBe(
      50_000,
    );
    expect(monthlyDue(basis({ reductionPercent: 70, reductionUntil: "2026-06" }), "2026-06", rules).amount).toBe(
      30_000,
    );
  });
  it("an exemption wins over a reduction", () => {
    const b = basis({ exemption: "catastrophic_illness", reductionPercent: 50, reductionUntil: "2026-12" });
    expect(monthlyDue(b, "2026-03", rules).amount).toBe(0);
  });
});

describe("reductionProblem: 30/50/70% for at most 12 months", () => {
  it("accepts 12 months and refuses 13", () => {
    expect(reductionProblem("2026-01", 50, "2026-12", rules)).toBeNull();
    expect(reductionProblem("2026-02", 50, "2027-01", rules)).toBeNull();
    expect(reductionProblem("2026-02", 50, "2027-02", rules)).toBe("too_long");
    expect(reductionProblem("2026-02", 50, "2026-02", rules)).toBeNull();
  });
  it("refuses an end before the start and a percentage not in the rulebook", () => {
    expect(reductionProblem("2026-02", 50, "2026-01", rules)).toBe("until_before_from");
    expect(reductionProblem("2026-02", 40, "2026-03", rules)).toBe("percent");
    expect(reductionProblem("2026-02", 100, "2026-03", rules)).toBe("percent");
  });
});

describe("basis history", () => {
  const history = [basis({ fromMonth: "2026-05", amount: 2 }), basis({ fromMonth: "2025-01", amount: 1 })];
  it("takes the latest basis from the month or earlier", () => {
    expect(basisFor(history, "2024-12")).toBeNull();
    expect(basisFor(history, "2025-01")?.amount).toBe(1);
    expect(basisFor(history, "2026-04")?.amount).toBe(1);
    expect(basisFor(history, "2026-05")?.amount).toBe(2);
  });
});

describe("three months unpaid in a year", () => {
  const year = (unpaid: string[], exempt: string[] = []): MonthState[] =>
    monthsBetween("2026-01", "2026-12").map((month) => ({
      month,
      due: exempt.includes(month) ? 0 : 50_000,
      paid: !unpaid.includes(month),
    }));
  it("two months is not yet a proposal, three is", () => {
    expect(reachesRemoval(year(["2026-03", "2026-07"]), 2026, "2026-11", rules)).toBe(false);
    expect(reachesRemoval(year(["2026-03", "2026-07", "2026-11"]), 2026, "2026-11", rules)).toBe(true);
  });
  it("months need not be consecutive; exempt and future months do not count", () => {
    expect(unpaidMonths(year(["2026-01", "2026-06", "2026-12"]), 2026, "2026-11")).toEqual(["2026-01", "2026-06"]);
    expect(reachesRemoval(year(["2026-01", "2026-02", "2026-03"], ["2026-02"]), 2026, "2026-11", rules)).toBe(false);
  });
  it("counts within one calendar year: November and December then January is not three", () => {
    const span: MonthState[] = ["2025-11", "2025-12", "2026-01"].map((month) => ({ month, due: 1, paid: false }));
    expect(reachesRemoval(span, 2026, "2026-12", rules)).toBe(false);
    expect(reachesRemoval(span, 2025, "2025-12", rules)).toBe(false);
  });
});

describe("months", () => {
  it("knows months and their last days", () => {
    expect(isMonth("2026-02")).toBe(true);
    expect(isMonth("2026-13")).toBe(false);
    expect(isMonth("2026-2")).toBe(false);
    expect(monthEnd("2028-02")).toBe("2028-02-29");
    expect(monthEnd("2026-02")).toBe("2026-02-28");
    expect(monthsBetween("2025-11", "2026-02")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  });
});

describe("input", () => {
  const payment = { memberId: crypto.randomUUID(), month: "2026-03", method: "cash", paidOn: "2026-03-10" };
  const issue = (r: ReturnType<typeof paymentBody.safeParse>) => (r.success ? null : r.error.issues[0]);
  it("refuses a negative or fractional amount on the amount field", () => {
    expect(issue(paymentBody.safeParse({ ...payment, amount: -1 }))).toMatchObject({
      path: ["amount"],
      message: "dues.amount_negative",
    });
    expect(issue(paymentBody.safeParse({ ...payment, amount: 1000.5 }))).toMatchObject({
      path: ["amount"],
      message: "dues.amount_whole",
    });
    expect(paymentBody.safeParse({ ...payment, amount: 0 }).success).toBe(true);
  });
  it("an online payment needs its reference", () => {
    expect(issue(paymentBody.safeParse({ ...payment, amount: 5, method: "online" }))).toMatchObject({
      path: ["reference"],
    });
    expect(paymentBody.safeParse({ ...payment, amount: 5, method: "online", reference: "DVC-1" }).success).toBe(true);
  });
  it("a reduction needs its reason and its last month", () => {
    const r = basisBody.safeParse({ kind: "salary", amount: 1, fromMonth: "2026-01", reductionPercent: 30 });
    expect(r.success ? [] : r.error.issues.map((i) => i.path[0])).toEqual(["reductionUntil", "reductionReason"]);
  });
});
