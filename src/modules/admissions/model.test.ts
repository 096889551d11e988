import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RULEBOOKS_DIR } from "../../core/paths.js";
import { holidayCalendarSchema } from "../../core/working-days.js";
import {
  dossierFileName,
  admissionRulesSchema,
  ageInMonths,
  ageProblem,
  certificateValidUntil,
  deadlines,
  deadlineStamp,
  deadlineState,
  openDeadline,
  probationEndsOn,
  votePasses,
  warningDue,
  type CandidateDates,
} from "./model.js";

const read = (dir: string, file: string) => JSON.parse(readFileSync(path.join(RULEBOOKS_DIR, dir, file), "utf8")).data;
const rules = admissionRulesSchema.parse(read("admission", "dieu-le-294-2025.json"));
const calendar = holidayCalendarSchema.parse(read("holidays", "vn-2024-2028.json"));

describe("age at the vote, in months", () => {
  it("counts whole months, a month ending on the birth day", () => {
    expect(ageInMonths("2008-03-20", "2026-03-19")).toBe(215);
    expect(ageInMonths("2008-03-20", "2026-03-20")).toBe(216);
    expect(ageInMonths("2008-01-31", "2008-02-28")).toBe(0);
    expect(ageInMonths("2008-01-31", "2008-02-29")).toBe(1); // the month's last day completes it
    expect(ageInMonths("2008-02-29", "2026-02-28")).toBe(216); // born on 29/02: a year turns on 28/02
    expect(ageInMonths("2026-03-02", "2026-03-01")).toBe(0);
  });

  it("refuses 17 years 11 months and over 60 years, accepts 18 and exactly 60", () => {
    expect(ageProblem("2008-03-20", "2026-03-02", rules.age)).toEqual({ code: "too_young", years: 17, months: 11 });
    expect(ageProblem("2008-03-20", "2026-03-20", rules.age)).toBeNull();
    expect(ageProblem("1966-03-20", "2026-03-20", rules.age)).toBeNull();
    expect(ageProblem("1966-03-20", "2026-04-20", rules.age)).toEqual({ code: "too_old", years: 60, months: 1 });
  });
});

describe("the course certificate and the vote", () => {
  it("is valid five years", () => {
    expect(certificateValidUntil("2021-10-01", rules.certificateValidYears)).toBe("2026-10-01");
    expect(certificateValidUntil("2024-02-29", rules.certificateValidYears)).toBe("2029-02-28");
  });

  it("needs two thirds of the full members", () => {
    expect(votePasses(2, 3, rules.vote)).toBe(true);
    expect(votePasses(1, 3, rules.vote)).toBe(false);
    expect(votePasses(5, 8, rules.vote)).toBe(false); // 62.5%
    expect(votePasses(6, 9, rules.vote)).toBe(true);
    expect(votePasses(0, 0, rules.vote)).toBe(false);
  });
});

describe("deadlines in working days", () => {
  const base: CandidateDates = {
    stage: "resolved",
    resolutionOn: "2026-01-05",
    decisionOn: null,
    ceremonyOn: null,
    recognitionVoteOn: null,
  };

  it("gives the đảng ủy 60 working days, Tết Bính Ngọ not counted", () => {
    expect(openDeadline(base, rules, calendar)).toEqual({ kind: "decision", from: "2026-01-05", dueOn: "2026-04-06" });
  });

  it("counts the ceremony from the decision, across Tết Đinh Mùi 2027", () => {
    const c = { ...base, stage: "decided" as const, decisionOn: "2027-01-20" };
    // Jan 21–29 (7), Feb 1–4 (11), Tết 5–11 off, Feb 12–26 (22), Mar 1–10 (30).
    expect(openDeadline(c, rules, calendar)?.dueOn).toBe("2027-03-10");
  });

  it("ends probation 12 months after the ceremony and dates recognition from there even when the vote is late", () => {
    expect(probationEndsOn("2026-01-15", rules.probationMonths)).toBe("2027-01-15");
    expect(probationEndsOn("2024-02-29", rules.probationMonths)).toBe("2025-02-28");
    const c = { ...base, stage: "probation" as const, decisionOn: "2026-01-10", ceremonyOn: "2026-01-15" };
    const vote = openDeadline(c, rules, calendar)!;
    // From 15/01/2027: Jan 18–29 (10), Feb 1–4 (14), Tết off, Feb 12–26 (25), Mar 1–5 (30).
    expect(vote).toEqual({ kind: "recognitionVote", from: "2027-01-15", dueOn: "2027-03-05" });
    expect(deadlines(c, rules, calendar).map((d) => d.kind)).toEqual(["decision", "ceremony", "recognitionVote"]);
  });

  it("warns at 90, 60, 30, 15 and 7 days, each once, then once when passed", () => {
    const d = { kind: "decision" as const, from: "2026-01-05", dueOn: "2026-04-06" };
    expect(warningDue("c1", d, "2026-01-05", rules.warnDaysBefore)).toBeNull(); // 91 days ahead
    expect(warningDue("c1", d, "2026-01-06", rules.warnDaysBefore)).toEqual({
      key: "admission:c1:decision:2026-04-06:before:90",
      days: 90,
      passed: false,
    });
    expect(warningDue("c1", d, "2026-03-07", rules.warnDaysBefore)?.key).toMatch(/before:30$/);
    expect(warningDue("c1", d, "2026-03-30", rules.warnDaysBefore)?.key).toMatch(/before:7$/);
    expect(warningDue("c1", d, "2026-04-06", rules.warnDaysBefore)?.key).toMatch(/before:7$/);
    expect(warningDue("c1", d, "2026-04-07", rules.warnDaysBefore)).toEqual({
      key: "admission:c1:decision:2026-04-06:passed",
      days: 1,
      passed: true,
    });
    expect(warningDue("c1", d, "2025-12-01", rules.warnDaysBefore)).toBeNull();
    expect(deadlineState("2026-04-06", "2025-12-01", rules.warnDaysBefore)).toBe("running");
    expect(deadlineState("2026-04-06", "2026-04-06", rules.warnDaysBefore)).toBe("near");
    expect(deadlineState("2026-04-06", "2026-04-07", rules.warnDaysBefore)).toBe("passed");
  });
});

describe("dossierFileName", () => {
  it("keeps the sender's name without its folder, with the extension of what the file is", () => {
    expect(dossierFileName("C:\\Scans\\Đơn.pdf", "pdf", "1-KNĐ")).toBe("Đơn.pdf");
    expect(dossierFileName("/home/a/ly-lich.PDF", "pdf", "2-KNĐ")).toBe("ly-lich.PDF");
    expect(dossierFileName("scan.pdf", "png", "1-KNĐ")).toBe("scan.png");
    expect(dossierFileName("anh.jpeg", "jpeg", "1-KNĐ")).toBe("anh.jpeg");
    expect(dossierFileName("anh", "jpeg", "1-KNĐ")).toBe("anh.jpg");
    expect(dossierFileName("virus.exe", "docx", "3-KNĐ")).toBe("virus.docx");
  });

  it("falls back to the form's code when nothing is left, and cuts a long name", () => {
    expect(dossierFileName("  .pdf", "pdf", "4-KNĐ")).toBe("4-KNĐ.pdf");
    expect(dossierFileName("a/b/", "png", "5-KNĐ")).toBe("5-KNĐ.png");
    expect(dossierFileName("x\u0000y\u0007.pdf", "pdf", "1-KNĐ")).toBe("xy.pdf");
    expect(dossierFileName(`${"a".repeat(300)}.pdf`, "pdf", "1-KNĐ")).toBe(`${"a".repeat(120)}.pdf`);
    // Decomposed Vietnamese is stored composed (NFC), as every text is.
    expect(dossierFileName("Đo\u0301n.pdf", "pdf", "1-KNĐ")).toBe("Đón.pdf");
  });
});

describe("the stamp of what deadlines are counted with", () => {
  it("changes with a day off, a step's working days or the probation, and with nothing else", () => {
    const stamp = deadlineStamp(rules, calendar);
    expect(deadlineStamp(structuredClone(rules), structuredClone(calendar))).toBe(stamp);
    // The wording of the forms or the warning days move no due day.
    expect(deadlineStamp({ ...rules, forms: [], warnDaysBefore: [1] }, calendar)).toBe(stamp);
    const dayOff = { date: "2026-04-15", name: "Nghỉ", basis: "announced" as const };
    expect(deadlineStamp(rules, { ...calendar, daysOff: [...calendar.daysOff, dayOff] })).not.toBe(stamp);
    expect(deadlineStamp(rules, { ...calendar, workingRestDays: [] })).not.toBe(stamp);
    expect(deadlineStamp({ ...rules, workingDays: { ...rules.workingDays, ceremony: 31 } }, calendar)).not.toBe(stamp);
    expect(deadlineStamp({ ...rules, probationMonths: 13 }, calendar)).not.toBe(stamp);
  });
});
