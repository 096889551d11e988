import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The web app's catalogues are a module the build makes (vite.config.ts, ADR 0182); a test reads their sources.
  resolve: { alias: { "virtual:catalogues": fileURLToPath(new URL("src/web/catalogues-source.ts", import.meta.url)) } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    setupFiles: ["test/support/each-file.ts"],
    pool: "forks",
    // Files share their worker's modules instead of importing the whole server again each (ADR 0173): the suite's
    // import time fell from about 190 s to 20 s. test/support/each-file.ts puts back what a file may have changed.
    isolate: false,
    maxWorkers: 2,
  },
});
