import { describe, expect, it } from "vitest";
import { runInWorker } from "../../core/workers.js";
import { RENDER_LIMITS } from "./render-file.js";

// A task that allocates as a render does and answers the largest young generation it saw, in MB.
const ENTRY = new URL("../../../test/support/young-generation-worker.ts", import.meta.url);

describe("a render thread's memory (ADR 0194)", () => {
  it("a render thread's young generation stays within its limit; a thread without one grows past it", async () => {
    const limited = await runInWorker<number>(ENTRY, 2_000_000, RENDER_LIMITS);
    const unlimited = await runInWorker<number>(ENTRY, 2_000_000, { timeoutMs: RENDER_LIMITS.timeoutMs });
    expect(RENDER_LIMITS.youngGenerationMb).toBe(6);
    // The young generation is two semi-spaces of a third of the limit each when full.
    expect(limited).toBeLessThanOrEqual(RENDER_LIMITS.youngGenerationMb!);
    expect(unlimited).toBeGreaterThan(RENDER_LIMITS.youngGenerationMb! * 2);
  });
});
