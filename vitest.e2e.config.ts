import { defineConfig } from "vitest/config";

// Browser journeys: a real server on loopback, Debian's Chromium driven by playwright-core.
export default defineConfig({
  test: {
    include: ["e2e/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts", "e2e/support/build.ts"],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    setupFiles: ["test/support/each-file.ts"],
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    // One process for all journeys, as for the other tests (ADR 0173); each journey still has its own server.
    isolate: false,
  },
});
