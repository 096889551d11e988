/**
 * Test files share their worker's modules (isolate: false, ADR 0173): a file must not inherit what the file before it
 * set in them. Run before every file: the injected clock, the environment and the periodic jobs tests register are
 * put back as the worker first had them.
 */
import { forgetPeriodicJobs } from "../../src/core/outbox/index.js";
import { setClockForTests } from "../../src/core/time.js";

const first = globalThis as { chiboFirstEnv?: NodeJS.ProcessEnv };
first.chiboFirstEnv ??= { ...process.env };
for (const key of Object.keys(process.env)) if (!(key in first.chiboFirstEnv)) delete process.env[key];
Object.assign(process.env, first.chiboFirstEnv);
setClockForTests();
forgetPeriodicJobs((name) => name.startsWith("test."));
