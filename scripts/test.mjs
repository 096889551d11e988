#!/usr/bin/env node
// `npm test`: the whole suite. Runs every test on the embedded store (PGlite); again on PostgreSQL when
// CHIBO_TEST_DATABASE_URL is set; and the browser journeys when Chromium is installed.
// Locally a missing part is skipped and said so; in CI (CI=true) a missing part is a failure.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const ci = process.env.CI === "true" || process.env.CI === "1";
const extra = process.argv.slice(2);
const chromium = process.env.CHIBO_CHROMIUM ?? "/usr/bin/chromium";
const tmp = mkdtempSync(path.join(os.tmpdir(), "chibo-results-"));
const totals = { passed: 0, failed: 0, skipped: 0 };
const skipped = [];
const failures = [];
let failedRuns = 0;

function run(label, args, env = {}) {
  const outputFile = path.join(tmp, `${label}.json`);
  console.log(`\n━━ ${label} ━━`);
  const result = spawnSync(
    "npx",
    ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${outputFile}`, ...args, ...extra],
    {
      stdio: "inherit",
      env: { ...process.env, ...env },
    },
  );
  if (existsSync(outputFile)) {
    const report = JSON.parse(readFileSync(outputFile, "utf8"));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
    if (report.numTotalTests === 0) failedRuns++;
    // Named again at the end: a long run's log is often read from its tail.
    for (const file of report.testResults ?? []) {
      for (const test of file.assertionResults ?? []) {
        if (test.status === "failed") {
          failures.push(`${label}: ${path.relative(process.cwd(), file.name)} › ${test.fullName}`);
        }
      }
      if (file.status === "failed" && !(file.assertionResults ?? []).some((t) => t.status === "failed")) {
        failures.push(
          `${label}: ${path.relative(process.cwd(), file.name)} (${(file.message ?? "failed").split("\n")[0]})`,
        );
      }
    }
  }
  if (result.status !== 0) failedRuns++;
}

console.log("━━ typecheck (tsc --noEmit) ━━");
if (spawnSync("npx", ["tsc", "--noEmit", "-p", "."], { stdio: "inherit" }).status !== 0) {
  console.log("typecheck failed");
  failedRuns++;
}

console.log("━━ format and lint (biome check) ━━");
if (spawnSync("npx", ["biome", "check", "--max-diagnostics=50"], { stdio: "inherit" }).status !== 0) {
  console.log("format or lint failed: `npx biome check --write` formats and applies the safe fixes");
  failedRuns++;
}

// A hot standby and app servers side by side are PostgreSQL's (ADR 0178): their tests run in the PostgreSQL pass only.
run("pglite", ["--exclude", "test/{replica,scale-out}.test.ts"], { CHIBO_TEST_STORE: "pglite" });

if (process.env.CHIBO_TEST_DATABASE_URL) {
  // Tests that touch no server store (pure rules) or only the embedded store's own files run once, in the pass above.
  const embeddedOnly = [
    "src/**/{names,roster,model,status-history,overview}.test.ts",
    "src/modules/evaluations/documents/*.test.ts",
    "src/core/{time,http/download,uploads/uploads,db/durable-fs,db/integrity,backup/schedule}.test.ts",
    "test/{power-cut,data-dir,one-helper,boundaries}.test.ts",
    // The cross-cell sweep and the access matrix exercise the server's authorisation, not the store (each module's
    // route tests still run on both); each takes one to two minutes a pass. The bad-body sweep stays on both: stores
    // refuse differently.
    "test/horizontal-access.test.ts",
    "test/access-matrix.test.ts",
    // Bad paths, query strings and headers are refused by the routes' schemas and the session hook before any query
    // (about 90 s a pass); the bad bodies, where the stores do refuse differently, run on both.
    "test/bad-input-paths.test.ts",
  ];
  run(
    "postgres",
    embeddedOnly.flatMap((glob) => ["--exclude", glob]),
    { CHIBO_TEST_STORE: "postgres" },
  );
} else {
  skipped.push(
    "PostgreSQL integration run (set CHIBO_TEST_DATABASE_URL, or run .ci/run which starts a throwaway server)",
  );
}

if (existsSync(chromium)) {
  run("browser", ["--config", "vitest.e2e.config.ts"], { CHIBO_CHROMIUM: chromium });
} else {
  skipped.push(`browser journeys (no Chromium at ${chromium}; apt-get install chromium)`);
}

rmSync(tmp, { recursive: true, force: true });
if (skipped.length) {
  console.log(`\n${ci ? "MISSING IN CI" : "Skipped on this machine"}:`);
  for (const s of skipped) console.log(`  - ${s}`);
}
if (failures.length) {
  console.log("\nFailed:");
  for (const f of failures) console.log(`  - ${f}`);
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(failedRuns > 0 || totals.failed > 0 || (ci && skipped.length > 0) ? 1 : 0);
