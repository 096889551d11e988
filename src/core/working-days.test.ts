import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RULEBOOKS_DIR } from "./paths.js";
import { addDays } from "./time.js";
import {
  addWorkingDays,
  holidayCalendarSchema,
  isWorkingDay,
  workingDaysBetween,
  type HolidayCalendar,
} from "./working-days.js";

const calendar: HolidayCalendar = holidayCalendarSchema.parse(
  JSON.parse(readFileSync(path.join(RULEBOOKS_DIR, "holidays", "vn-2024-2028.json"), "utf8")).data,
);
const weekday = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay();

describe("the holiday calendar rulebook", () => {
  it("gives each covered year the Labour Code's 11 days off, net of swapped Saturdays", () => {
    for (let year = 2024; year <= 2028; year++) {
      const off = calendar.daysOff.filter((d) => d.date.startsWith(`${year}-`)).length;
      const worked = calendar.workingRestDays.filter((d) => d.date.startsWith(`${year}-`)).length;
      expect(off - worked, String(year)).toBe(11);
    }
  });

  it("lists only weekdays as days off and only weekend days as days worked instead", () => {
    for (const d of calendar.daysOff) expect([1, 2, 3, 4, 5], d.date).toContain(weekday(d.date));
    for (const d of calendar.workingRestDays) expect([0, 6], d.date).toContain(weekday(d.date));
    expect(new Set(calendar.daysOff.map((d) => d.date)).size).toBe(calendar.daysOff.length);
  });
});

describe("isWorkingDay", () => {
  it("skips weekends, Tết, compensatory days, and counts a Saturday worked instead", () => {
    expect(isWorkingDay(calendar, "2026-02-13")).toBe(true); // Friday before Tết Bính Ngọ
    for (const d of ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"]) {
      expect(isWorkingDay(calendar, d), d).toBe(false);
    }
    expect(isWorkingDay(calendar, "2026-02-21")).toBe(false); // Saturday
    expect(isWorkingDay(calendar, "2026-02-23")).toBe(true);
    expect(isWorkingDay(calendar, "2026-04-27")).toBe(false); // the Hùng Kings' day fell on a Sunday
    expect(isWorkingDay(calendar, "2025-04-26")).toBe(true); // Saturday worked for 02/5/2025
    expect(isWorkingDay(calendar, "2025-05-02")).toBe(false);
  });

  it("outside the listed years knows only weekends and the solar holidays", () => {
    expect(isWorkingDay(calendar, "2030-01-01")).toBe(false);
    expect(isWorkingDay(calendar, "2030-09-02")).toBe(false);
    expect(isWorkingDay(calendar, "2030-01-02")).toBe(true);
    expect(isWorkingDay(calendar, "2023-04-30")).toBe(false); // a Sunday anyway
    expect(isWorkingDay(calendar, "2023-05-01")).toBe(false);
  });
});

describe("addWorkingDays", () => {
  it("jumps Tết Bính Ngọ 2026: one working day after Friday 13/02 is Monday 23/02", () => {
    expect(addWorkingDays(calendar, "2026-02-13", 1)).toBe("2026-02-23");
    expect(addWorkingDays(calendar, "2026-02-12", 5)).toBe("2026-02-26");
    // A day inside Tết counts from the first working day after it.
    expect(addWorkingDays(calendar, "2026-02-17", 1)).toBe("2026-02-23");
  });

  it("answers a count it has made before the same way, forwards and backwards, per calendar", () => {
    const once = addWorkingDays(calendar, "2026-01-05", 60);
    expect(addWorkingDays(calendar, "2026-01-05", 60)).toBe(once);
    expect(addWorkingDays(calendar, "2026-01-05", -60)).not.toBe(once);
    expect(addWorkingDays(calendar, once, -60)).toBe("2026-01-05");
    // Another calendar (no days off at all) is counted on its own, not read from the first one's answers.
    const weekendsOnly = { ...calendar, daysOff: [], workingRestDays: [], fixedDates: [] };
    expect(addWorkingDays(weekendsOnly, "2026-01-05", 60)).toBe("2026-03-30");
  });

  it("jumps Tết Đinh Mùi 2027 with its compensatory days", () => {
    expect(addWorkingDays(calendar, "2027-02-04", 1)).toBe("2027-02-12");
    expect(addWorkingDays(calendar, "2027-02-04", 2)).toBe("2027-02-15");
  });

  it("counts the admission deadline: 60 working days from Monday 05/01/2026 is Monday 06/4/2026", () => {
    // 19 in January after the 5th, 15 in February (Tết week off), 22 in March, 4 in April.
    expect(addWorkingDays(calendar, "2026-01-05", 60)).toBe("2026-04-06");
    // Weekends alone would give 30/3: Tết costs five working days.
    expect(workingDaysBetween(calendar, "2026-01-05", "2026-03-30")).toBe(55);
  });

  it("jumps the Hùng Kings' day, 30/4 and 1/5, and New Year across a year's end", () => {
    expect(addWorkingDays(calendar, "2026-04-24", 1)).toBe("2026-04-28");
    expect(addWorkingDays(calendar, "2026-04-29", 1)).toBe("2026-05-04");
    expect(addWorkingDays(calendar, "2026-08-31", 1)).toBe("2026-09-03");
    expect(addWorkingDays(calendar, "2026-12-31", 1)).toBe("2027-01-04");
    expect(addWorkingDays(calendar, "2027-04-29", 1)).toBe("2027-05-04"); // 30/4 Fri, 1/5 Sat → Mon 03/5 off
    expect(addWorkingDays(calendar, "2027-12-31", 1)).toBe("2028-01-04"); // 01/01/2028 a Saturday → Mon 03/01 off
  });

  it("lands on a Saturday worked instead", () => {
    expect(addWorkingDays(calendar, "2025-04-25", 1)).toBe("2025-04-26");
    expect(addWorkingDays(calendar, "2024-05-03", 1)).toBe("2024-05-04");
  });

  it("returns the start for 0, goes back for a negative count, and refuses fractions", () => {
    expect(addWorkingDays(calendar, "2026-02-17", 0)).toBe("2026-02-17");
    expect(addWorkingDays(calendar, "2026-02-23", -1)).toBe("2026-02-13");
    expect(addWorkingDays(calendar, "2027-01-04", -1)).toBe("2026-12-31");
    expect(() => addWorkingDays(calendar, "2026-02-23", 1.5)).toThrow(RangeError);
  });
});

describe("workingDaysBetween", () => {
  it("counts the days after the start up to and including the end", () => {
    expect(workingDaysBetween(calendar, "2026-02-13", "2026-02-23")).toBe(1);
    expect(workingDaysBetween(calendar, "2026-02-13", "2026-02-22")).toBe(0);
    expect(workingDaysBetween(calendar, "2026-02-13", "2026-02-13")).toBe(0);
    expect(workingDaysBetween(calendar, "2027-02-04", "2027-02-12")).toBe(1);
    expect(workingDaysBetween(calendar, "2026-02-23", "2026-02-13")).toBe(-1);
  });

  it("is the inverse of addWorkingDays on every working day of 2024–2028", () => {
    for (let day = "2024-01-01"; day <= "2028-12-31"; day = addDays(day, 7)) {
      for (const n of [1, 7, 30, 60]) {
        const end = addWorkingDays(calendar, day, n);
        expect(isWorkingDay(calendar, end)).toBe(true);
        expect(workingDaysBetween(calendar, day, end), `${day} + ${n}`).toBe(n);
      }
    }
  });
});
