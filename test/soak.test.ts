import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "../src/core/db/index.js";
import { generate, type SizeSpec } from "../bench/generate.js";
import { mixedLoad, rssGrowth } from "../bench/load-mix.js";
import { context, signInAll, startServer, stopServer, storeEnv } from "../bench/harness.js";
import { freePort, freshStore, testStore } from "./support/stores.js";

/**
 * The soak's short form (issue 7 §9; the 10-minute run is `npm run soak`): the real server, on the store of the
 * current pass, under the same mixed load of reads and versioned writes at 20 connections for one minute.
 */
const store = testStore;
const SECONDS = 60;
const CONNECTIONS = 20;
// A small data set, generated in a few seconds: four cells of 12; 48 tasks in the bench cell, more than the 20
// connections, so no two connections ever write the same task at once (a 409 would be a real error).
const SMALL: SizeSpec = {
  cells: 4,
  membersPerCell: 12,
  cellsPerCommittee: 4,
  years: 1,
  tasksPerMember: 4,
  draftDocuments: 0,
};

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe(`soak, one minute (${store})`, () => {
  it(`answers a minute of mixed load at ${CONNECTIONS} connections without one error, and its memory levels off`, {
    timeout: 240_000,
  }, async () => {
    const target = await freshStore("soak", cleanups);
    const database = await openDatabase(target);
    let ctx;
    try {
      await migrateDatabase(database);
      await generate(database, { size: SMALL, seed: 9 });
      ctx = await context(database);
    } finally {
      await database.close();
    }
    expect(ctx.taskPool.length).toBeGreaterThan(CONNECTIONS);

    const server = await startServer(storeEnv(target), await freePort());
    cleanups.push(() => stopServer(server.child));
    const result = await mixedLoad({
      base: server.base,
      ctx,
      sessions: await signInAll(server.base),
      connections: CONNECTIONS,
      seconds: SECONDS,
      pid: server.child.pid!,
    });
    await stopServer(server.child);
    const growth = rssGrowth(result.rss, 20);
    console.info(
      `soak (${store}): ${result.requests} requests, ${result.errors} errors, p95 ${result.latencyMs.p95} ms, RSS ${growth.fromMiB} → ${growth.endMiB} MiB (${growth.percent}%)`,
    );

    // Zero errors: no non-2xx answer (a stale-version 409 included), no socket error, no timeout.
    expect(result.failures).toEqual([]);
    expect({
      errors: result.errors,
      non2xx: result.non2xx,
      socket: result.socketErrors,
      timeouts: result.timeouts,
    }).toEqual({ errors: 0, non2xx: 0, socket: 0, timeouts: 0 });
    // The load was real: every kind of request, reads and writes, served many times. The embedded store answers
    // one query at a time, so on a 2-core machine shared with other work it served as few as ~24 requests a
    // second (about 100 on PostgreSQL); the floor is well under that, and far above a server that stalls.
    expect(result.requests).toBeGreaterThan(10 * SECONDS);
    for (const [name, r] of Object.entries(result.byRequest)) expect(r.requests, name).toBeGreaterThan(SECONDS / 2);

    // Memory: RSS from second 20 (after warm-up: JIT, caches and the store's buffers filling, where most of a
    // healthy server's growth happens) to the end must grow by less than 45%. Why 45%: over those 40 s the server
    // has moved between -14% and +36% in CI runs of the same code (garbage-collection timing and heap sizing,
    // PGlite's buffer cache; 2026-12-04: -1.4%, 5.1%, 18.7%, 25.9%, 27.2%, 27.9%, and 36.2% on PostgreSQL), on a
    // shared 2-core machine; the 10-minute run of the same code on PGlite grew 8.4% from minute 2 (docs/reliability.md).
    // Why a leak still breaks it: one that keeps ~40 KiB per request (a retained response body) at the ~90
    // requests/s served on PostgreSQL adds ~140 MiB in those 40 s, more than 45% of a ~290 MiB server; anything
    // faster (a leak per row read) breaks it sooner. Smaller leaks are the 10-minute run's to find
    // (`npm run soak`, < 10% from minute 2).
    expect(result.rss.length).toBeGreaterThanOrEqual(SECONDS - 5);
    expect(growth.percent, JSON.stringify(growth)).toBeLessThan(45);
  });
});
