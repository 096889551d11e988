import { describe, expect, it } from "vitest";
import { RENDER_LIMITS, runInWorker, workerEntry } from "./workers.js";

const ENTRY = workerEntry(import.meta.url, "young-generation-worker");

describe("worker threads' memory (ADR 0194)", () => {
  it("a render thread's young generation stays within its limit; a thread without one grows past it", async () => {
    const limited = await runInWorker<number>(ENTRY, 2_000_000, RENDER_LIMITS);
    const unlimited = await runInWorker<number>(ENTRY, 2_000_000, { timeoutMs: RENDER_LIMITS.timeoutMs });
    expect(RENDER_LIMITS.youngGenerationMb).toBe(6);
    // The young generation is two semi-spaces of a third of the limit each when full.
    expect(limited).toBeLessThanOrEqual(RENDER_LIMITS.youngGenerationMb!);
    expect(unlimited).toBeGreaterThan(RENDER_LIMITS.youngGenerationMb! * 2);
  });
});
