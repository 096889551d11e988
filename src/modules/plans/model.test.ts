import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { itemProblem, planParentAllowed, rollUp, weightedProgress } from "./model.js";

describe("weightedProgress", () => {
  it("is the weighted mean, equal weights by default", () => {
    expect(
      weightedProgress([
        { weight: 1, progress: 100 },
        { weight: 1, progress: 0 },
      ]),
    ).toBe(50);
    expect(
      weightedProgress([
        { weight: 3, progress: 100 },
        { weight: 1, progress: 0 },
      ]),
    ).toBe(75);
    expect(weightedProgress([])).toBeNull();
  });
  it("clamps out-of-range progress and stays within 0–100", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ weight: fc.integer({ min: 1, max: 100 }), progress: fc.integer({ min: -50, max: 150 }) }),
          { minLength: 1 },
        ),
        (parts) => {
          const p = weightedProgress(parts)!;
          return p >= 0 && p <= 100;
        },
      ),
    );
  });
});

describe("rollUp", () => {
  const plans = [
    { id: "prog", parentId: null, resolutionId: "res" },
    { id: "y2021", parentId: "prog", resolutionId: null },
    { id: "y2022", parentId: "prog", resolutionId: null },
    { id: "other", parentId: null, resolutionId: null },
  ];
  const items = [
    { id: "a", planId: "y2021", weight: 1, targetIds: ["t1"], closed: false },
    { id: "b", planId: "y2022", weight: 3, targetIds: ["t1", "t2"], closed: false },
    { id: "c", planId: "prog", weight: 1, targetIds: [], closed: true },
    { id: "d", planId: "other", weight: 1, targetIds: ["t2"], closed: false },
  ];
  const tasks = [
    { planItemId: "a", progress: 100 },
    { planItemId: "a", progress: 50 },
    { planItemId: "b", progress: 20 },
    { planItemId: "c", progress: 100 },
    { planItemId: null, progress: 100 },
  ];
  const r = rollUp({ plans, items, tasks });

  it("item progress is the mean of its tasks; an item without tasks is 0", () => {
    expect(r.items).toEqual({ a: 75, b: 20, c: 100, d: 0 });
  });
  it("a plan rolls up its own and its sub-plans' open items by weight", () => {
    expect(r.plans.y2021).toBe(75);
    expect(r.plans.y2022).toBe(20);
    // (1·75 + 3·20) / 4; the closed item c leaves the arithmetic.
    expect(r.plans.prog).toBeCloseTo(33.75);
    expect(r.plans.other).toBe(0);
  });
  it("targets take the items that serve them, resolutions the plans that implement them", () => {
    expect(r.targets.t1).toBeCloseTo(33.75);
    expect(r.targets.t2).toBeCloseTo((3 * 20 + 0) / 4);
    expect(r.resolutions.res).toBeCloseTo(33.75);
  });
  it("agrees with the definition, read literally (each plan, target and resolution averages the open items it covers), on random forests", () => {
    // The definition, item by item, with no grouping: what rollUp must equal however it is made faster.
    const reference = (input: Parameters<typeof rollUp>[0], items: Record<string, number>) => {
      const open = input.items.filter((i) => !i.closed);
      const under = (id: string): string[] => [
        id,
        ...input.plans.filter((p) => p.parentId === id).flatMap((p) => under(p.id)),
      ];
      const of = (list: typeof open) =>
        weightedProgress(list.map((i) => ({ weight: i.weight, progress: items[i.id]! })));
      const plans = Object.fromEntries(
        input.plans.map((p) => [p.id, of(open.filter((i) => under(p.id).includes(i.planId)))]),
      );
      const targets = Object.fromEntries(
        [...new Set(open.flatMap((i) => i.targetIds))].map((t) => [t, of(open.filter((i) => i.targetIds.includes(t)))]),
      );
      const resolutionIds = [...new Set(input.plans.flatMap((p) => (p.resolutionId ? [p.resolutionId] : [])))];
      const resolutions = Object.fromEntries(
        resolutionIds.map((r) => [
          r,
          of(
            open.filter((i) =>
              input.plans.filter((p) => p.resolutionId === r).some((p) => under(p.id).includes(i.planId)),
            ),
          ),
        ]),
      );
      return { plans, targets, resolutions };
    };
    const forest = fc
      .record({ planCount: fc.integer({ min: 1, max: 8 }), seed: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }) })
      .map(({ planCount, seed }) => {
        let k = 0;
        const next = (n: number) => seed[k++ % seed.length]! % n;
        // Parents always come earlier, so there is no cycle.
        const plans = Array.from({ length: planCount }, (_, i) => ({
          id: `p${i}`,
          parentId: i > 0 && next(2) ? `p${next(i)}` : null,
          resolutionId: next(3) ? `r${next(2)}` : null,
        }));
        const items = Array.from({ length: 3 + next(10) }, (_, i) => ({
          id: `i${i}`,
          planId: `p${next(planCount)}`,
          weight: 1 + next(4),
          targetIds: [`t${next(3)}`, ...(next(2) ? [`t${next(3)}`] : [])],
          closed: next(5) === 0,
        }));
        const tasks = Array.from({ length: next(15) }, () => ({
          planItemId: next(4) ? `i${next(items.length)}` : null,
          progress: next(130),
        }));
        return { plans, items, tasks };
      });
    fc.assert(
      fc.property(forest, (input) => {
        const fast = rollUp(input);
        expect({ plans: fast.plans, targets: fast.targets, resolutions: fast.resolutions }).toEqual(
          reference(input, fast.items),
        );
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });
  it("a plan with nothing open to measure is null, not 0", () => {
    const only = rollUp({
      plans: [{ id: "p", parentId: null, resolutionId: null }],
      items: [{ id: "x", planId: "p", weight: 1, targetIds: [], closed: true }],
      tasks: [],
    });
    expect(only.plans.p).toBeNull();
  });
});

describe("plan rules", () => {
  const plan = { startsOn: "2025-01-01", endsOn: "2025-12-31" };
  it("refuses a deadline before the plan's start or after its end, naming dueOn", () => {
    expect(itemProblem(plan, { dueOn: "2024-12-31", responsibleMemberId: "m", responsibleUnit: null })?.field).toBe(
      "dueOn",
    );
    expect(itemProblem(plan, { dueOn: "2024-12-31", responsibleMemberId: "m", responsibleUnit: null })?.key).toBe(
      "errors.due_before_plan_start",
    );
    expect(itemProblem(plan, { dueOn: "2026-01-01", responsibleMemberId: "m", responsibleUnit: null })?.key).toBe(
      "errors.due_after_plan_end",
    );
  });
  it("refuses an item nobody answers for", () => {
    expect(itemProblem(plan, { dueOn: "2025-06-01", responsibleMemberId: null, responsibleUnit: null })).toEqual({
      field: "responsibleMemberId",
      key: "errors.no_responsible",
    });
    expect(
      itemProblem(plan, { dueOn: "2025-06-01", responsibleMemberId: null, responsibleUnit: "Tổ đảng 1" }),
    ).toBeNull();
  });
  it("keeps the plan tree in order", () => {
    expect(planParentAllowed("yearly", "programme")).toBe(true);
    expect(planParentAllowed("programme", "yearly")).toBe(false);
    expect(planParentAllowed("monthly", "quarterly")).toBe(true);
    expect(planParentAllowed("quarterly", "monthly")).toBe(false);
    expect(planParentAllowed("sub_plan", "programme")).toBe(true);
  });
});
