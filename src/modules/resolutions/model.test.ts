import { describe, expect, it } from "vitest";
import {
  canTransition,
  initialState,
  RESOLUTION_STATES,
  RESOLUTION_WORKFLOW,
  targetAttainment,
  type ResolutionState,
} from "./model.js";

describe("resolution workflow", () => {
  const allowed: [ResolutionState, ResolutionState][] = [
    ["draft", "adopted"],
    ["adopted", "issued"],
    ["issued", "in_implementation"],
    ["in_implementation", "interim_review"],
    ["in_implementation", "concluded"],
    ["interim_review", "in_implementation"],
    ["interim_review", "concluded"],
  ];

  it("allows exactly the declared transitions", () => {
    for (const [from, to] of allowed) expect(canTransition(from, to), `${from} → ${to}`).toBe(true);
  });

  it("refuses every other transition (all pairs, including staying put)", () => {
    let refused = 0;
    for (const from of RESOLUTION_STATES) {
      for (const to of RESOLUTION_STATES) {
        if (allowed.some(([f, t]) => f === from && t === to)) continue;
        expect(canTransition(from, to), `${from} → ${to}`).toBe(false);
        refused++;
      }
    }
    expect(refused).toBe(RESOLUTION_STATES.length ** 2 - allowed.length);
  });

  it("a concluded resolution is final and a draft cannot be issued without a vote", () => {
    expect(RESOLUTION_WORKFLOW.concluded).toEqual([]);
    expect(canTransition("draft", "issued")).toBe(false);
    expect(canTransition("draft", "in_implementation")).toBe(false);
  });

  it("higher-level resolutions start issued, the cell's own as drafts", () => {
    expect(initialState("higher")).toBe("issued");
    expect(initialState("congress")).toBe("draft");
    expect(initialState("thematic")).toBe("draft");
  });
});

describe("target attainment", () => {
  it("measures from baseline to goal using the latest measurement", () => {
    const m = [
      { measuredOn: "2021-12-31", value: 60 },
      { measuredOn: "2020-12-31", value: 55 },
    ];
    expect(targetAttainment({ baseline: 50, goal: 70 }, m)).toBeCloseTo(50);
  });
  it("works for targets that go down and clamps to 0–100", () => {
    expect(targetAttainment({ baseline: 10, goal: 0 }, [{ measuredOn: "2021-01-01", value: 4 }])).toBeCloseTo(60);
    expect(targetAttainment({ baseline: 0, goal: 10 }, [{ measuredOn: "2021-01-01", value: 15 }])).toBe(100);
    expect(targetAttainment({ baseline: 0, goal: 10 }, [{ measuredOn: "2021-01-01", value: -3 }])).toBe(0);
  });
  it("null without measurements; baseline = goal is met or not", () => {
    expect(targetAttainment({ baseline: 1, goal: 2 }, [])).toBeNull();
    expect(targetAttainment({ baseline: 100, goal: 100 }, [{ measuredOn: "2021-01-01", value: 100 }])).toBe(100);
    expect(targetAttainment({ baseline: 100, goal: 100 }, [{ measuredOn: "2021-01-01", value: 99 }])).toBe(0);
  });
});
