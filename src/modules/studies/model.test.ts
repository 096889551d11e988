import { describe, expect, it } from "vitest";
import { alreadyStudied, percentText, reflectionDueOn, studyTally } from "./model.js";

const roster = [
  { id: "a", exempt: false },
  { id: "b", exempt: false },
  { id: "c", exempt: true },
  { id: "d", exempt: false },
];

describe("the cell's count for a resolution", () => {
  it("counts who studied and who reflected out of the members, leaving out the exempt who did not attend", () => {
    const t = studyTally(roster, new Set(["a", "b"]), new Set(["a"]), { excludeExempt: true });
    expect(t).toEqual({
      total: 3,
      studied: 2,
      reflected: 1,
      absentIds: ["d"],
      missingReflectionIds: ["b", "d"],
    });
  });

  it("an exempt member who came anyway counts, in the base and among those who studied", () => {
    const t = studyTally(roster, new Set(["c"]), new Set(["c"]), { excludeExempt: true });
    expect([t.total, t.studied, t.reflected]).toEqual([4, 1, 1]);
  });

  it("without the exemption rule every member counts", () => {
    expect(studyTally(roster, new Set(), new Set(), { excludeExempt: false }).total).toBe(4);
  });

  it("a reflection from someone no longer on the roster is not counted", () => {
    expect(studyTally(roster, new Set(["x"]), new Set(["x"]), { excludeExempt: true })).toMatchObject({
      studied: 0,
      reflected: 0,
    });
  });
});

describe("shares and dates", () => {
  it("rounds to one decimal with a comma, and an empty base is 0", () => {
    expect(percentText(14, 15)).toBe("93,3");
    expect(percentText(2, 3)).toBe("66,7");
    expect(percentText(3, 3)).toBe("100");
    expect(percentText(0, 0)).toBe("0");
  });

  it("reflections are due the rulebook's days after the session, across the month end", () => {
    expect(reflectionDueOn("2026-11-20", { reflectionDays: 15 })).toBe("2026-12-05");
  });

  it("a make-up is only for those who have not studied yet", () => {
    expect(alreadyStudied(["a", "d"], new Set(["a", "b"]))).toEqual(["a"]);
    expect(alreadyStudied(["d"], new Set(["a"]))).toEqual([]);
  });
});
