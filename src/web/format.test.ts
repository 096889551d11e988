import { describe, expect, it } from "vitest";
import { formatAmount, formatPercent } from "./format";

describe("formatPercent", () => {
  it("writes the decimal the reader's way, one decimal at most", () => {
    expect(formatPercent("vi", 91.7)).toBe("91,7%");
    expect(formatPercent("en", 91.7)).toBe("91.7%");
    expect(formatPercent("vi", 91.666)).toBe("91,7%");
    expect(formatPercent("en", 91.64)).toBe("91.6%");
  });

  it("drops a zero decimal and never groups thousands", () => {
    expect(formatPercent("vi", 100)).toBe("100%");
    expect(formatPercent("vi", 0)).toBe("0%");
    expect(formatPercent("vi", 99.96)).toBe("100%");
    expect(formatPercent("en", 1250.5)).toBe("1250.5%");
  });

  it("shows a dash for a percentage that cannot be computed", () => {
    expect(formatPercent("vi", null)).toBe("—");
    expect(formatPercent("en", undefined)).toBe("—");
    expect(formatPercent("vi", Number.NaN)).toBe("—");
  });
});

describe("formatAmount", () => {
  it("keeps up to two decimals with the reader's separator and no grouping", () => {
    expect(formatAmount("vi", 87.25)).toBe("87,25");
    expect(formatAmount("en", 87.25)).toBe("87.25");
    expect(formatAmount("vi", 2026)).toBe("2026");
    expect(formatAmount("vi", 1 / 3)).toBe("0,33");
    expect(formatAmount("en", null)).toBe("—");
  });
});
