import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_HEAP_GROWTH_PERCENT, heapGrowthFlag } from "./heap.js";

describe("the server's heap growth (ADR 0194)", () => {
  it("reads CHIBO_HEAP_GROWTH_PERCENT: unset is the default, 0 is V8's own choice, anything else is refused", () => {
    expect(heapGrowthFlag(undefined)).toBe(`--heap-growing-percent=${DEFAULT_HEAP_GROWTH_PERCENT}`);
    expect(heapGrowthFlag("")).toBe(`--heap-growing-percent=${DEFAULT_HEAP_GROWTH_PERCENT}`);
    expect(heapGrowthFlag(" 50 ")).toBe("--heap-growing-percent=50");
    expect(heapGrowthFlag("300")).toBe("--heap-growing-percent=300");
    expect(heapGrowthFlag("0")).toBeNull();
    for (const bad of ["301", "-5", "1.5", "abc", "20%"])
      expect(() => heapGrowthFlag(bad)).toThrow(/CHIBO_HEAP_GROWTH_PERCENT.*0 đến 300/);
  });

  it("takes effect in a running process: the old generation stays near what is alive", () => {
    // A process keeps about 20 MB alive while it allocates ten times that; the largest old generation is compared
    // with and without the setting. V8 reads the factor at each full collection, so a Node that stopped doing so
    // would fail here.
    const script = `
      const { keepHeapNearItsUse } = await import(${JSON.stringify(path.resolve(import.meta.dirname, "heap.ts"))});
      keepHeapNearItsUse(process.env.SETTING);
      const v8 = await import("node:v8");
      const kept = [];
      let largest = 0;
      for (let i = 0; i < 3e6; i++) {
        kept.push({ n: i, text: "x" + i });
        if (kept.length > 200000) kept.splice(0, 100000);
        if (i % 50000 === 0)
          largest = Math.max(largest, v8.getHeapSpaceStatistics().find((s) => s.space_name === "old_space").space_size);
      }
      console.log(largest);`;
    const largestOld = (setting: string) =>
      Number(
        execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
          env: { ...process.env, SETTING: setting },
          encoding: "utf8",
        }).trim(),
      );
    const v8Own = largestOld("0");
    const kept = largestOld("20");
    expect(kept).toBeLessThan(v8Own * 0.75);
  });
});
