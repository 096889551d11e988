import { describe, expect, it } from "vitest";
import { addDays, addMonths, dateOf, daysInMonth, hanoiDate, monthRange, todayIso } from "./time.js";

describe("calendar dates", () => {
  it("knows every month's last day, leap years included", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
  });

  it("a month's range ends on its real last day, never on a date that does not exist", () => {
    expect(monthRange(2026, 11)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(monthRange(2026, 2)).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(monthRange(2028, 2)).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(monthRange(2026, 12)).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    expect(monthRange(2026)).toEqual({ from: "2026-01-01", to: "2026-12-31" });
    for (let m = 1; m <= 12; m++) expect(Number.isNaN(Date.parse(monthRange(2026, m).to))).toBe(false);
  });

  it("clamps a day to its month and pads the parts", () => {
    expect(dateOf(2026, 4, 31)).toBe("2026-04-30");
    expect(dateOf(2026, 2, 30)).toBe("2026-02-28");
    expect(dateOf(2026, 1, 0)).toBe("2026-01-01");
    expect(dateOf(999, 3, 5)).toBe("0999-03-05");
  });

  it("adds months and days across month and year ends", () => {
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
    expect(addMonths("2026-01-15", -1)).toBe("2025-12-15");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
  });

  it("today is the Hanoi date (UTC+7), also in the hours when UTC is still on yesterday", () => {
    expect(hanoiDate(new Date("2026-11-30T16:59:59Z"))).toBe("2026-11-30");
    expect(hanoiDate(new Date("2026-11-30T17:00:00Z"))).toBe("2026-12-01");
    expect(hanoiDate("2026-12-31T18:00:00Z")).toBe("2027-01-01");
    expect(todayIso(new Date("2026-12-03T23:30:00Z"))).toBe("2026-12-04");
  });
});
