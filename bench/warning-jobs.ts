// How long the admission and dues warning jobs hold the embedded store when they run with nothing new to send (ADR
// 0184): each job four times on a copy of the S data set (bench/.data/S-pglite, made by `npm run bench -- --size S`),
// so the set itself is not changed. The first run of each sends what is due; the later ones find it all sent.
// Run: node --import tsx bench/warning-jobs.ts
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "../src/core/db/index.js";
// The members module registers whom a member's notices reach.
import "../src/modules/members/routes.js";
import { sendAdmissionWarnings } from "../src/modules/admissions/warnings.js";
import { sendDuesWarnings } from "../src/modules/dues/warnings.js";
import { ROOT } from "./harness.js";

const source = path.join(ROOT, "bench/.data/S-pglite");
if (!existsSync(source)) throw new Error(`${source} is missing: run npm run bench -- --size S first`);
const dir = mkdtempSync(path.join(tmpdir(), "chibo-warning-jobs-"));
try {
  cpSync(source, dir, { recursive: true });
  const database = await openDatabase({ dataDir: dir });
  const now = new Date();
  for (const [name, job] of [
    ["admissions", sendAdmissionWarnings],
    ["dues", sendDuesWarnings],
  ] as const) {
    const runs: { ms: number; queued: number }[] = [];
    for (let i = 0; i < 4; i++) {
      const started = performance.now();
      const queued = await job(database, now);
      runs.push({ ms: Math.round(performance.now() - started), queued });
    }
    console.log(JSON.stringify({ job: name, runs }));
  }
  await database.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
