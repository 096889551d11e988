import { describe, expect, it } from "vitest";
import { keptTally } from "./tallies.js";

describe("keptTally", () => {
  const period = (revision: number) => ({ id: crypto.randomUUID(), tallyRevision: revision });

  it("counts once per revision and again after a write bumps it", async () => {
    const p = period(3);
    let counted = 0;
    const count = async () => ++counted;
    expect(await keptTally(p, "totals", count)).toBe(1);
    expect(await keptTally(p, "totals", count)).toBe(1);
    expect(await keptTally({ ...p, tallyRevision: 4 }, "totals", count)).toBe(2);
    // Another tally of the same period and revision is its own count.
    expect(await keptTally({ ...p, tallyRevision: 4 }, "quota", count)).toBe(3);
  });

  it("readers arriving while a count runs share it", async () => {
    const p = period(0);
    let counted = 0;
    let finish!: (n: number) => void;
    const count = () => {
      counted++;
      return new Promise<number>((resolve) => {
        finish = resolve;
      });
    };
    const first = keptTally(p, "totals", count);
    const second = keptTally(p, "totals", count);
    finish(7);
    expect(await Promise.all([first, second])).toEqual([7, 7]);
    expect(counted).toBe(1);
  });

  it("does not keep a count that failed", async () => {
    const p = period(1);
    await expect(keptTally(p, "totals", () => Promise.reject(new Error("connection lost")))).rejects.toThrow();
    expect(await keptTally(p, "totals", async () => 5)).toBe(5);
  });

  it("keeps a bounded number of tallies, dropping the least recently read", async () => {
    const first = period(0);
    await keptTally(first, "totals", async () => "old");
    for (let i = 0; i < 64; i++) await keptTally(period(0), "totals", async () => i);
    expect(await keptTally(first, "totals", async () => "recounted")).toBe("recounted");
  });
});
