import { getHeapSpaceStatistics } from "node:v8";
import { serveWorker } from "../../src/core/workers.js";

/** A test's task (render-limits.test.ts): allocates as a render does and answers the largest young generation it saw, in MB. */
serveWorker<number, number>((rounds) => {
  const kept: { n: number; text: string }[] = [];
  let largest = 0;
  for (let i = 0; i < rounds; i++) {
    kept.push({ n: i, text: `line ${i}` });
    if (kept.length > 100_000) kept.splice(0, 50_000);
    if (i % 20_000 === 0)
      largest = Math.max(largest, getHeapSpaceStatistics().find((s) => s.space_name === "new_space")!.space_size);
  }
  return largest / 1048576;
});
