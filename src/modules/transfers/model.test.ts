import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RULEBOOKS_DIR } from "../../core/paths.js";
import { holidayCalendarSchema } from "../../core/working-days.js";
import {
  presentDeadline,
  reminderDates,
  reminderDue,
  stayCancelIssue,
  transferCancelIssue,
  startDeadline,
  stayDurationIssue,
  stayState,
  temporaryStayBody,
  transferInBody,
  transferRulesSchema,
} from "./model.js";

const read = (dir: string, file: string) => JSON.parse(readFileSync(path.join(RULEBOOKS_DIR, dir, file), "utf8")).data;
const rules = transferRulesSchema.parse(read("transfer", "qd294-2025.json"));
const calendar = holidayCalendarSchema.parse(read("holidays", "vn-2024-2028.json"));
const t = rules.temporary;

describe("the rulebook", () => {
  it("gives 60 and 30 working days, 3 months to under 12 (study 24), and the letter's register type", () => {
    expect(rules.workingDays).toEqual({ start: 60, present: 30 });
    expect(t).toEqual({ minMonths: 3, workMonthsUnder: 12, studyMonthsMax: 24 });
    expect(rules.letterType).toBe("GT");
  });
});

describe("a temporary stay's duration", () => {
  it("needs at least 3 months: one day short is no transfer at all", () => {
    expect(stayDurationIssue(t, "work", "2026-03-01", "2026-05-31")).toBe("stay_too_short");
    expect(stayDurationIssue(t, "work", "2026-03-01", "2026-06-01")).toBeNull();
    expect(stayDurationIssue(t, "study", "2026-03-01", "2026-05-31")).toBe("stay_too_short");
  });

  it("for work, stays strictly under a year", () => {
    expect(stayDurationIssue(t, "work", "2026-03-01", "2027-02-28")).toBeNull();
    expect(stayDurationIssue(t, "work", "2026-03-01", "2027-03-01")).toBe("stay_too_long");
  });

  it("for study, lasts up to two years inclusive", () => {
    expect(stayDurationIssue(t, "study", "2026-03-01", "2027-03-01")).toBeNull();
    expect(stayDurationIssue(t, "study", "2026-03-01", "2028-03-01")).toBeNull();
    expect(stayDurationIssue(t, "study", "2026-03-01", "2028-03-02")).toBe("stay_too_long");
  });

  it("counts calendar months at the month's end (31/01 + 3 months is 30/04)", () => {
    expect(stayDurationIssue(t, "work", "2026-01-31", "2026-04-29")).toBe("stay_too_short");
    expect(stayDurationIssue(t, "work", "2026-01-31", "2026-04-30")).toBeNull();
    // A leap day: 29/02/2028 + 12 months is 28/02/2029, the first day that is a year.
    expect(stayDurationIssue(t, "work", "2028-02-29", "2029-02-27")).toBeNull();
    expect(stayDurationIssue(t, "work", "2028-02-29", "2029-02-28")).toBe("stay_too_long");
  });

  it("refuses an end on or before the start", () => {
    expect(stayDurationIssue(t, "work", "2026-03-01", "2026-03-01")).toBe("stay_ends_before_start");
    expect(stayDurationIssue(t, "study", "2026-03-01", "2026-02-01")).toBe("stay_ends_before_start");
  });
});

describe("deadlines in working days", () => {
  it("starts the transfer within 60 working days of the decision, across Tết Dương lịch 2027", () => {
    // 02/11/2026 + 60 working days: 1 January 2027 is a holiday, so Tuesday 26/01/2027.
    expect(startDeadline(rules, calendar, "2026-11-02")).toBe("2027-01-26");
    // Across Tết 2027 (05/02 to 11/02 off): Wednesday 03/03/2027.
    expect(startDeadline(rules, calendar, "2026-12-01")).toBe("2027-03-03");
  });

  it("presents the letter within 30 working days: Tết 2027 adds the five days off", () => {
    // Weekends only would give 12/03/2027; Tết's 05, 08–11/02 push it to Friday 19/03/2027.
    expect(presentDeadline(rules, calendar, "2027-01-29")).toBe("2027-03-19");
  });

  it("counts from the day after the letter, the letter's own day not included", () => {
    // Friday 06/03/2026 + 30 working days (no holiday in between) is Friday 17/04/2026.
    expect(presentDeadline(rules, calendar, "2026-03-06")).toBe("2026-04-17");
  });
});

describe("a stay on a day", () => {
  it("is upcoming before its start, current from it, ended on its end day", () => {
    const stay = { startsOn: "2026-03-01", endsOn: "2026-09-01" };
    expect(stayState(stay, "2026-02-28")).toBe("upcoming");
    expect(stayState(stay, "2026-03-01")).toBe("current");
    expect(stayState(stay, "2026-08-31")).toBe("current");
    expect(stayState(stay, "2026-09-01")).toBe("ended");
  });
});

describe("input", () => {
  it("names the field of a malformed date or an unknown purpose", () => {
    const bad = temporaryStayBody.safeParse({ purpose: "holiday", startsOn: "2026-02-30", endsOn: "2026-09-01" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join(".")).sort()).toEqual(["purpose", "startsOn"]);
    const received = transferInBody.safeParse({ cellId: "x" });
    expect(received.error!.issues.map((i) => i.path[0])).toContain("cellId");
  });
});

describe("reminder dates, counted back in working days", () => {
  // Tết 2027: Friday 05/02 and Monday 08/02 to Thursday 11/02 off; Friday 12/02 is the first working day after it.
  it("reminds 10 and 3 working days before a deadline just after Tết, skipping the whole holiday", () => {
    expect(rules.remindWorkingDaysBefore).toEqual([10, 3]);
    expect(reminderDates(calendar, "2027-02-12", [10, 3])).toEqual([
      { threshold: 10, on: "2027-01-22" },
      { threshold: 3, on: "2027-02-02" },
      { threshold: "passed", on: "2027-02-15" },
    ]);
  });

  it("sends the passed reminder on the first working day after the deadline: after Tết, not during it", () => {
    expect(reminderDates(calendar, "2027-02-04", [3]).at(-1)).toEqual({ threshold: "passed", on: "2027-02-12" });
  });

  it("counts from a deadline that falls on a holiday (a stay ending during Tết) as from that day", () => {
    expect(reminderDates(calendar, "2027-02-09", [3])).toEqual([
      { threshold: 3, on: "2027-02-02" },
      { threshold: "passed", on: "2027-02-12" },
    ]);
  });

  it("orders the thresholds and drops repeats, whatever order the rulebook lists them in", () => {
    expect(reminderDates(calendar, "2026-06-15", [3, 10, 3]).map((r) => r.threshold)).toEqual([10, 3, "passed"]);
  });

  it("is due from its day on: none the day before the first, the latest one after", () => {
    const due = (today: string) => reminderDue(calendar, "transfer:x:present", "2027-02-12", today, [10, 3]);
    expect(due("2027-01-21")).toBeNull();
    expect(due("2027-01-22")).toEqual({ threshold: 10, on: "2027-01-22", key: "transfer:x:present:2027-02-12:10" });
    expect(due("2027-02-01")?.threshold).toBe(10);
    expect(due("2027-02-02")?.key).toBe("transfer:x:present:2027-02-12:3");
    // The deadline day itself and the weekend after it: not passed yet.
    expect(due("2027-02-12")?.threshold).toBe(3);
    expect(due("2027-02-14")?.threshold).toBe(3);
    expect(due("2027-02-15")?.key).toBe("transfer:x:present:2027-02-12:passed");
    expect(due("2027-06-01")?.threshold).toBe("passed");
  });

  it("gives a moved deadline keys of its own, so its reminders go out again", () => {
    const a = reminderDue(calendar, "s", "2027-03-01", "2027-02-26", [3]);
    const b = reminderDue(calendar, "s", "2027-03-02", "2027-02-26", [3]);
    expect(a?.key).not.toBe(b?.key);
  });
});

describe("cancelling", () => {
  const letter = { letterIssuedOn: "2026-03-02" };
  it("withdraws a transfer out up to the last day to present the letter, not a day later", () => {
    expect(transferCancelIssue(letter, "2026-04-14", "2026-04-14", "2026-04-20")).toBeNull();
    expect(transferCancelIssue(letter, "2026-04-14", "2026-03-02", "2026-04-20")).toBeNull();
    expect(transferCancelIssue(letter, "2026-04-14", "2026-04-15", "2026-04-20")).toBe("letter_expired");
    expect(transferCancelIssue(letter, "2026-04-14", "2026-03-01", "2026-04-20")).toBe("cancel_before_letter");
    expect(transferCancelIssue(letter, "2026-04-14", "2026-03-10", "2026-03-09")).toBe("cancel_in_future");
  });

  it("cancels a stay before it began or while under way, not on or after its end", () => {
    const stay = { endsOn: "2026-09-01" };
    expect(stayCancelIssue(stay, "2026-01-05", "2026-01-05")).toBeNull();
    expect(stayCancelIssue(stay, "2026-08-31", "2026-08-31")).toBeNull();
    expect(stayCancelIssue(stay, "2026-09-01", "2026-09-01")).toBe("stay_over");
    expect(stayCancelIssue(stay, "2026-08-31", "2026-08-30")).toBe("cancel_in_future");
  });
});
