/**
 * Test files share their worker's modules (isolate: false, ADR 0173): a file must not inherit what the file before it
 * set in them. Run before every file: the injected clock and the environment are put back as the worker first had
 * them, the periodic jobs are dropped (each file's server registers its own), and what servers keep between requests
 * is forgotten — every test database is a copy of one demo, so a record has the same id in all of them.
 */
import { forgetPeriodicJobs } from "../../src/core/outbox/index.js";
import { setClockForTests } from "../../src/core/time.js";
import { forgetHall } from "../../src/modules/congresses/hall.js";
import { forgetKeptTallies } from "../../src/modules/evaluations/tallies.js";

const first = globalThis as { chiboFirstEnv?: NodeJS.ProcessEnv };
first.chiboFirstEnv ??= { ...process.env };
for (const key of Object.keys(process.env)) if (!(key in first.chiboFirstEnv)) delete process.env[key];
Object.assign(process.env, first.chiboFirstEnv);
setClockForTests();
// A closed server's jobs (a backup schedule pointing at its directory) must not run in the next file's ticks.
forgetPeriodicJobs();
forgetHall();
forgetKeptTallies();
