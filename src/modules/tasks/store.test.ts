import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../../core/db/index.js";
import { createTestDatabase } from "../../../test/support/database.js";
import { taskStatus, type TaskRules } from "./model.js";
import { taskStatusSql } from "./store.js";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

const iso = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);

interface Case {
  startsOn: string;
  dueOn: string;
  progress: number;
  today: string;
}

/** Evaluates taskStatusSql on the database for each case (one query) and returns the statuses in order. */
async function inSql(cases: Case[], rules: TaskRules["atRisk"], today: string): Promise<string[]> {
  const values = sql.join(
    cases.map((c, i) => sql`(${i}::int, ${c.startsOn}::date, ${c.dueOn}::date, ${c.progress}::int)`),
    sql`, `,
  );
  const status = taskStatusSql(
    { startsOn: sql.raw("v.s"), dueOn: sql.raw("v.d"), progress: sql.raw("v.p") },
    today,
    rules,
  );
  const rows = await queryRows<{ status: string }>(
    database.db,
    sql`SELECT ${status} AS status FROM (VALUES ${values}) AS v(i, s, d, p) ORDER BY v.i`,
  );
  return rows.map((r) => r.status);
}

describe("taskStatusSql", () => {
  it("agrees with taskStatus on the demo rules and on boundary cases of floating-point arithmetic", async () => {
    const rules = { dueSoonDays: 7, dueSoonBelowPercent: 80, lagPoints: 20, targetBelowPercent: 50 };
    const today = iso(100);
    const cases: Case[] = [
      { startsOn: iso(71), dueOn: iso(171), progress: 9, today }, // 29 % of time gone: 0.29 × 100 is 28.999… in doubles
      { startsOn: iso(70), dueOn: iso(170), progress: 10, today }, // exactly 30 − 10 = 20 points behind
      { startsOn: iso(100), dueOn: iso(100), progress: 0, today }, // starts and ends today
      { startsOn: iso(90), dueOn: iso(99), progress: 99, today }, // late by a day
      { startsOn: iso(90), dueOn: iso(107), progress: 79, today }, // due in 7 days, below 80 %
      { startsOn: iso(90), dueOn: iso(108), progress: 100, today },
      { startsOn: iso(120), dueOn: iso(130), progress: 0, today }, // not started yet
    ];
    expect(await inSql(cases, rules, today)).toEqual(cases.map((c) => taskStatus(c, today, rules)));
  });

  it("agrees with taskStatus for any dates, progress and rules", async () => {
    const caseArb = fc.record({
      start: fc.integer({ min: 0, max: 400 }),
      length: fc.integer({ min: 0, max: 400 }),
      progress: fc.integer({ min: 0, max: 100 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(caseArb, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 800 }),
        fc.record({
          dueSoonDays: fc.integer({ min: 0, max: 30 }),
          dueSoonBelowPercent: fc.double({ min: 0, max: 100, noNaN: true }),
          lagPoints: fc.double({ min: 0, max: 100, noNaN: true }),
          targetBelowPercent: fc.constant(50),
        }),
        async (raw, todayDay, rules) => {
          const today = iso(todayDay);
          const cases = raw.map((r) => ({
            startsOn: iso(r.start),
            dueOn: iso(r.start + r.length),
            progress: r.progress,
            today,
          }));
          expect(await inSql(cases, rules, today)).toEqual(cases.map((c) => taskStatus(c, today, rules)));
        },
      ),
      { numRuns: 40 },
    );
  });
});
