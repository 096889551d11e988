import { beforeAll, describe, expect, it } from "vitest";
import { loadCentralRulebooks } from "../../core/rulebooks/index.js";
import { registerRulebookKinds } from "../../rulebook-kinds.js";
import { addDays, daysBetween } from "../../core/time.js";
import { type HolidayCalendar, isWorkingDay, workingDaysBetween } from "../../core/working-days.js";
import {
  appealDeadline,
  appealProblem,
  appealResolutionProblem,
  appealResolveBy,
  DISCIPLINE_FORMS,
  denunciationDeadlines,
  disciplineProblem,
  type InspectionRules,
  isConcluded,
  nextSteps,
  reminderDays,
  reminderDue,
  stepDocumentType,
  stepProblem,
  type StepKey,
} from "./model.js";

let rules: InspectionRules;
beforeAll(() => {
  registerRulebookKinds();
  const book = loadCentralRulebooks().find((b) => b.kind === "inspection" && b.effectiveFrom === "2025-05-30");
  rules = book!.data as InspectionRules;
});

describe("the inspection rulebook", () => {
  it("names its source and marks what no primary text confirmed", () => {
    const book = loadCentralRulebooks().find((b) => b.key === "inspection-296-2025")!;
    expect(book.sources[0]!.ref).toContain("296-QĐ/TW");
    expect(rules.denunciation.source).toContain("unconfirmed");
    expect(rules.appeal.windowDays).toBe(30);
  });

  it("every step a type declares is reachable in its declared order", () => {
    for (const [type, def] of Object.entries(rules.types)) {
      const done: StepKey[] = [];
      for (const step of def.steps) {
        expect(stepProblem(rules, type as never, done, step), `${type}.${step}`).toBeNull();
        done.push(step);
      }
      expect(isConcluded(rules, type as never, done)).toBe(true);
    }
  });
});

describe("the document a step issues", () => {
  it("a chi bộ sets up its team by a plan (KH), since it issues no QĐ; the đảng ủy and the UBKT by a decision", () => {
    expect(stepDocumentType(rules, "decision", "cell")).toBe("KH");
    expect(stepDocumentType(rules, "decision", "party_committee")).toBe("QĐ");
    expect(stepDocumentType(rules, "decision", "inspection_committee")).toBe("QĐ");
    expect(stepDocumentType(rules, "conclusion", "cell")).toBe("TB");
    expect(stepDocumentType(rules, "plan", "cell")).toBe("KH");
    expect(stepDocumentType(rules, "notice", "cell")).toBeNull();
    expect(rules.steps.decision.documentTypeFor?.source).toContain("399-QĐ/TW");
  });

  it("every type a body issues for a step is one the layout rulebook lets that body issue", () => {
    const layout = loadCentralRulebooks().find((b) => b.kind === "document-layout" && b.key.includes("05-hd"))!;
    const byKind = (layout.data as { issuable: { byKind: Record<string, string[]> } }).issuable.byKind;
    for (const body of ["cell", "party_committee", "inspection_committee"] as const)
      for (const step of Object.keys(rules.steps) as StepKey[]) {
        const type = stepDocumentType(rules, step, body);
        if (type) expect(byKind[body], `${body} ${step}`).toContain(type);
      }
  });
});

describe("step order", () => {
  const full: StepKey[] = ["decision", "notice", "self_report", "verification", "conclusion_meeting"];

  it("refuses a conclusion before verification, naming the step", () => {
    const p = stepProblem(rules, "compliance", ["decision", "notice", "self_report"], "conclusion");
    expect(p).toMatchObject({ code: "inspection_step_order", field: "step", params: { missing: "verification" } });
  });

  it("allows the conclusion once the meeting is held", () => {
    expect(stepProblem(rules, "compliance", full, "conclusion")).toBeNull();
    expect(nextSteps(rules, "compliance", full)).toEqual(["conclusion"]);
  });

  it("refuses a step twice and a step of another type", () => {
    expect(stepProblem(rules, "compliance", ["decision"], "decision")?.code).toBe("inspection_step_done");
    expect(stepProblem(rules, "compliance", [], "plan")?.code).toBe("inspection_step_unknown");
    expect(stepProblem(rules, "thematic_supervision", [], "decision")?.code).toBe("inspection_step_unknown");
  });

  it("a supervision's notice follows its plan; a denunciation's verification follows acceptance", () => {
    expect(stepProblem(rules, "thematic_supervision", [], "notice")?.code).toBe("inspection_step_order");
    expect(stepProblem(rules, "thematic_supervision", ["plan"], "notice")).toBeNull();
    expect(stepProblem(rules, "denunciation", ["intake"], "verification")?.code).toBe("inspection_step_order");
    expect(stepProblem(rules, "denunciation", ["intake", "acceptance"], "verification")).toBeNull();
  });

  it("the first step is the only one open at the start", () => {
    expect(nextSteps(rules, "compliance", [])).toEqual(["decision"]);
    expect(nextSteps(rules, "routine_supervision", [])).toEqual(["observation"]);
    expect(isConcluded(rules, "compliance", full)).toBe(false);
  });
});

describe("the discipline authority table", () => {
  const full = { status: "full" as const, holdsPost: true };

  it("a chi ủy cannot discipline at all", () => {
    for (const form of DISCIPLINE_FORMS)
      expect(disciplineProblem(rules, { body: "cell_committee", form, ...full })).toMatchObject({
        code: "discipline_body_cannot",
        field: "body",
      });
  });

  it("a cell, the đảng ủy cơ sở and its UBKT reprimand or warn, and no more", () => {
    for (const body of ["cell", "party_committee", "inspection_committee"] as const) {
      expect(disciplineProblem(rules, { body, form: "reprimand", ...full })).toBeNull();
      expect(disciplineProblem(rules, { body, form: "warning", ...full })).toBeNull();
      expect(disciplineProblem(rules, { body, form: "dismissal", ...full })).toMatchObject({
        code: "discipline_above_authority",
        field: "form",
      });
      expect(disciplineProblem(rules, { body, form: "expulsion", ...full })?.code).toBe("discipline_above_authority");
    }
  });

  it("the level above may give every form, recorded when it comes back", () => {
    for (const form of DISCIPLINE_FORMS)
      expect(disciplineProblem(rules, { body: "level_above", form, ...full })).toBeNull();
  });

  it("a probationary member is only reprimanded or warned, whoever decides", () => {
    const p = { status: "probationary" as const, holdsPost: false };
    expect(disciplineProblem(rules, { body: "cell", form: "warning", ...p })).toBeNull();
    expect(disciplineProblem(rules, { body: "level_above", form: "expulsion", ...p })).toMatchObject({
      code: "discipline_probationary",
      field: "form",
    });
  });

  it("dismissal only for a member who holds a post", () => {
    expect(
      disciplineProblem(rules, { body: "level_above", form: "dismissal", status: "full", holdsPost: false })?.code,
    ).toBe("discipline_needs_post");
  });
});

describe("the appeal window in days", () => {
  it("day 30 after receipt is accepted, day 31 refused", () => {
    expect(appealDeadline(rules, "2026-03-01")).toBe("2026-03-31");
    expect(appealProblem(rules, "2026-03-01", "2026-03-31")).toBeNull();
    expect(appealProblem(rules, "2026-03-01", "2026-04-01")).toMatchObject({
      code: "appeal_too_late",
      field: "appealedOn",
      params: { last: "2026-03-31" },
    });
  });

  it("the day of receipt counts, the day before does not", () => {
    expect(appealProblem(rules, "2026-03-01", "2026-03-01")).toBeNull();
    expect(appealProblem(rules, "2026-03-01", "2026-02-28")?.code).toBe("appeal_before_decision");
  });

  it("crosses a year end and a leap February", () => {
    expect(appealDeadline(rules, "2026-12-15")).toBe("2027-01-14");
    expect(appealDeadline(rules, "2028-02-01")).toBe("2028-03-02");
  });
});

describe("denunciation deadlines", () => {
  it("accept and resolve by the rulebook's days", () => {
    expect(denunciationDeadlines(rules, "2026-03-10")).toEqual({ acceptBy: "2026-03-20", resolveBy: "2026-05-09" });
  });

  it("reminders fall before the deadline, none already past", () => {
    expect(reminderDays(rules, "2026-05-09", "2026-03-10")).toEqual(["2026-05-02", "2026-05-08"]);
    expect(reminderDays(rules, "2026-05-09", "2026-05-05")).toEqual(["2026-05-08"]);
    expect(reminderDays(rules, "2026-05-09", "2026-05-09")).toEqual([]);
  });
});

describe("an appeal's resolution deadline in working days", () => {
  let calendar: HolidayCalendar;
  beforeAll(() => {
    calendar = loadCentralRulebooks().find((b) => b.kind === "holidays")!.data as HolidayCalendar;
  });

  it("is in the rulebook with its source, marked unconfirmed", () => {
    expect(rules.appeal.resolution.workingDays).toBe(90);
    expect(rules.appeal.resolution.unconfirmed).toBe(true);
    expect(rules.appeal.resolution.source).toContain("unconfirmed");
  });

  it("counts 90 working days after the day lodged, skipping weekends and the holidays of April and May", () => {
    // 27/04 (compensatory day for the Hùng Kings), 30/04 and 01/05 are off in 2026.
    expect(appealResolveBy(rules, calendar, "2026-04-01")).toBe("2026-08-10");
    const due = appealResolveBy(rules, calendar, "2026-04-01");
    expect(workingDaysBetween(calendar, "2026-04-01", due)).toBe(90);
    expect(workingDaysBetween(calendar, "2026-04-01", addDays(due, -1))).toBe(89);
  });

  it("an appeal lodged on a Saturday counts from the Monday; Tết is skipped", () => {
    expect(appealResolveBy(rules, calendar, "2026-03-07")).toBe(appealResolveBy(rules, calendar, "2026-03-08"));
    const overTet = appealResolveBy(rules, calendar, "2027-01-04");
    expect(isWorkingDay(calendar, overTet)).toBe(true);
    expect(workingDaysBetween(calendar, "2027-01-04", overTet)).toBe(90);
    // More than 90 × 7/5 calendar days: the Tết days off pushed it later than weekends alone would.
    expect(daysBetween("2027-01-04", overTet)).toBeGreaterThan(126);
  });

  it("reminders at the 14- and 3-day marks and once passed, each once", () => {
    const days = rules.appeal.resolution.reminderDaysBefore;
    const base = "discipline:x:appeal-resolution";
    expect(reminderDue(base, "2026-08-10", "2026-07-26", days)).toBeNull();
    expect(reminderDue(base, "2026-08-10", "2026-07-27", days)?.key).toBe(`${base}:2026-08-10:before:14`);
    expect(reminderDue(base, "2026-08-10", "2026-08-06", days)?.key).toBe(`${base}:2026-08-10:before:14`);
    expect(reminderDue(base, "2026-08-10", "2026-08-07", days)?.key).toBe(`${base}:2026-08-10:before:3`);
    expect(reminderDue(base, "2026-08-10", "2026-08-10", days)).toMatchObject({ days: 0, passed: false });
    expect(reminderDue(base, "2026-08-10", "2026-08-11", days)).toMatchObject({
      key: `${base}:2026-08-10:passed`,
      passed: true,
      days: 1,
    });
  });
});

describe("recording an appeal's resolution", () => {
  const appeal = { appealedOn: "2026-04-01", form: "warning" as const };

  it("not before the appeal: the same day is accepted, the day before refused", () => {
    expect(appealResolutionProblem(appeal, { outcome: "upheld", resolvedOn: "2026-04-01", form: null })).toBeNull();
    expect(appealResolutionProblem(appeal, { outcome: "upheld", resolvedOn: "2026-03-31", form: null })).toMatchObject({
      code: "appeal_resolved_before",
      field: "resolvedOn",
    });
  });

  it("a changed decision names another form; upheld and annulled name none", () => {
    const on = "2026-05-01";
    expect(appealResolutionProblem(appeal, { outcome: "changed", resolvedOn: on, form: "reprimand" })).toBeNull();
    expect(appealResolutionProblem(appeal, { outcome: "changed", resolvedOn: on, form: "warning" })?.field).toBe(
      "form",
    );
    expect(appealResolutionProblem(appeal, { outcome: "changed", resolvedOn: on, form: null })?.code).toBe(
      "appeal_changed_form",
    );
    expect(appealResolutionProblem(appeal, { outcome: "annulled", resolvedOn: on, form: "reprimand" })?.code).toBe(
      "appeal_form_unchanged",
    );
    expect(appealResolutionProblem(appeal, { outcome: "annulled", resolvedOn: on, form: null })).toBeNull();
  });
});
