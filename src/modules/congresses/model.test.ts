import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import {
  addDays,
  checklistRulesSchema,
  checklistStage,
  electionProblem,
  instantiateChecklist,
  summarizeChecklist,
} from "./model.js";

const book = JSON.parse(
  readFileSync(new URL("../../../rulebooks/post-congress-checklist/lam-dong-2019.json", import.meta.url), "utf8"),
);
const rules = checklistRulesSchema.parse(book.data);

describe("post-congress checklist", () => {
  it("the cell template has the five tasks of [000], the đảng bộ template the five of [001]/[004]", () => {
    expect(rules.cell.map((i) => i.key)).toEqual([
      "lessons_and_ratification",
      "programme",
      "regulations",
      "draft_consultation",
      "ideological_work",
    ]);
    expect(rules.party_committee.map((i) => i.key)).toEqual([
      "portfolios",
      "regulations",
      "sub_plans",
      "personal_plans",
      "inspection_plan",
    ]);
  });

  it("dates each item from the congress date and gives it an owner", () => {
    const items = instantiateChecklist(rules.cell, "2020-02-12", { secretary: "S", deputy_secretary: "D" });
    expect(items).toHaveLength(5);
    expect(items[0]).toMatchObject({
      itemKey: "lessons_and_ratification",
      dueOn: "2020-02-27",
      ownerMemberId: "S",
      fulfilledBy: "ratification",
      position: 0,
    });
    expect(items[1]!.dueOn).toBe("2020-03-13"); // 30 days, across a leap-year February
    expect(items[2]!.ownerMemberId).toBe("D");
  });

  it("falls back to the secretary when no deputy was elected", () => {
    const items = instantiateChecklist(rules.cell, "2020-02-12", { secretary: "S", deputy_secretary: null });
    expect(items.every((i) => i.ownerMemberId === "S")).toBe(true);
  });

  it("stages and summary", () => {
    expect(checklistStage({ done: false, dueOn: "2020-03-01" }, "2020-03-02")).toBe("overdue");
    expect(checklistStage({ done: false, dueOn: "2020-03-05" }, "2020-03-01")).toBe("due_soon");
    expect(checklistStage({ done: false, dueOn: "2020-04-05" }, "2020-03-01")).toBe("open");
    expect(checklistStage({ done: true, dueOn: "2020-01-01" }, "2020-03-01")).toBe("done");
    const s = summarizeChecklist(
      "o",
      [
        { done: true, dueOn: "2020-01-01" },
        { done: false, dueOn: "2020-01-01" },
      ],
      "2020-02-01",
    );
    expect(s).toEqual({ organizationId: "o", done: 1, total: 2, overdue: 1, complete: false });
    expect(summarizeChecklist("o", [], "2020-02-01").complete).toBe(false);
  });

  it("addDays crosses months and years", () => {
    expect(addDays("2025-12-25", 10)).toBe("2026-01-04");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
  });

  it("exactly one secretary, each member once", () => {
    expect(electionProblem([{ memberId: "a", role: "committee_member" }])?.key).toBe("errors.congress_one_secretary");
    expect(
      electionProblem([
        { memberId: "a", role: "secretary" },
        { memberId: "b", role: "secretary" },
      ])?.key,
    ).toBe("errors.congress_one_secretary");
    expect(
      electionProblem([
        { memberId: "a", role: "secretary" },
        { memberId: "a", role: "deputy_secretary" },
      ])?.key,
    ).toBe("errors.congress_duplicate_member");
    expect(
      electionProblem([
        { memberId: "a", role: "secretary" },
        { memberId: "b", role: "deputy_secretary" },
      ]),
    ).toBeNull();
  });
});
