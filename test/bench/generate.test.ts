import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { migrateDatabase, openDatabase, type Database } from "../../src/core/db/index.js";
import { BENCH_ACCOUNTS, digest, generate, prng, type SizeSpec } from "../../bench/generate.js";

const TINY: SizeSpec = {
  cells: 6,
  membersPerCell: 8,
  cellsPerCommittee: 3,
  years: 5,
  tasksPerMember: 10,
  draftDocuments: 4,
};
// Determinism compares three stores: a smaller set keeps it quick on a loaded machine.
const SMALL: SizeSpec = {
  cells: 3,
  membersPerCell: 5,
  cellsPerCommittee: 2,
  years: 2,
  tasksPerMember: 4,
  draftDocuments: 2,
};
const TODAY = "2026-11-22";

async function fresh(): Promise<Database> {
  const database = await openDatabase({ dataDir: "memory://" });
  await migrateDatabase(database);
  return database;
}
const count = async (db: Database, table: string) =>
  Number((await db.rows<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n);

describe("prng", () => {
  it("repeats for a seed and differs between seeds; its UUIDs are version 4", () => {
    const a = prng(42),
      b = prng(42),
      c = prng(43);
    const xs = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(prng(1).uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("generate", () => {
  it("writes the same rows for the same seed, and other rows for another seed", async () => {
    const [a, b, c] = [await fresh(), await fresh(), await fresh()];
    try {
      await generate(a, { size: SMALL, seed: 1, today: TODAY });
      await generate(b, { size: SMALL, seed: 1, today: TODAY });
      await generate(c, { size: SMALL, seed: 2, today: TODAY });
      const [da, db, dc] = [await digest(a), await digest(b), await digest(c)];
      expect(db).toEqual(da);
      expect(dc.members).not.toEqual(da.members);
      expect(dc.tasks).not.toEqual(da.tasks);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  }, 300_000);

  it("writes the shape the benchmark needs: a tree, members per cell, five years of plans, ~10 tasks per member, accounts of four roles", async () => {
    const db = await fresh();
    try {
      const res = await generate(db, { size: TINY, seed: 1, today: TODAY });
      // Root + two intermediate đảng bộ (3 cells each) + 6 cells.
      expect(await count(db, "organizations")).toBe(1 + 2 + 6);
      expect(
        (await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM organizations WHERE kind = 'cell'`))[0]!.n,
      ).toBe(6);
      const perCell = await db.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM members GROUP BY organization_id`,
      );
      expect(perCell.map((r) => r.n)).toEqual(Array(6).fill(8));
      expect(await count(db, "tasks")).toBe(6 * 8 * 10);
      expect(await count(db, "plans")).toBe(6 * 5);
      expect(await count(db, "plan_items")).toBe(6 * 5 * 10);
      expect(res.counts.tasks).toBe(480);
      // Monthly meetings from January 2022 to November 2026 (59 months) with every member's attendance, two speakers and a vote;
      // past ones approved, this month's open in the bench cell only.
      expect(await count(db, "meetings")).toBe(6 * 59);
      const [mt] = await db.rows<{ open: number; planned: number; approved: number }>(
        sql`SELECT count(*) FILTER (WHERE status = 'open')::int AS open, count(*) FILTER (WHERE status = 'planned')::int AS planned, count(*) FILTER (WHERE status = 'approved')::int AS approved FROM meetings`,
      );
      expect(mt).toEqual({ open: 1, planned: 5, approved: 6 * 58 });
      expect(await count(db, "meeting_attendance")).toBe((6 * 58 + 1) * 8);
      expect(await count(db, "meeting_contributions")).toBe((6 * 58 + 1) * 2);
      expect(await count(db, "meeting_votes")).toBe(6 * 58);
      const [open] = await db.rows<{ org: string }>(
        sql`SELECT organization_id AS org FROM meetings WHERE status = 'open'`,
      );
      expect(open!.org).toBe(res.benchCellId);
      // Every member's name has a Vietnamese sort key and a diacritics-free search text.
      const [m] = await db.rows<{ bad: number }>(
        sql`SELECT count(*)::int AS bad FROM members WHERE sort_key = '' OR search_text ~ '[àáảãạăâđèéêìíòóôơùúưỳý]'`,
      );
      expect(m!.bad).toBe(0);
      // Tasks span five years; past-due ones are mostly done and some are late.
      const [span] = await db.rows<{ lo: string; hi: string; late: number; done: number }>(
        sql`SELECT min(due_on)::text AS lo, max(due_on)::text AS hi, count(*) FILTER (WHERE due_on < ${TODAY} AND progress < 100)::int AS late, count(*) FILTER (WHERE progress = 100)::int AS done FROM tasks`,
      );
      expect(span!.lo.slice(0, 4)).toBe("2022");
      expect(span!.hi.slice(0, 4)).toBe("2026");
      expect(span!.late).toBeGreaterThan(0);
      expect(span!.done).toBeGreaterThan(span!.late);
      // The accounts: the secretary holds the secretary position of the first cell; the overseer follows five cells; the office has a grant.
      const accounts = await db.rows<{ username: string }>(sql`SELECT username FROM users ORDER BY username`);
      expect(accounts.map((a) => a.username).sort()).toEqual(Object.values(BENCH_ACCOUNTS).sort());
      const [sec] = await db.rows<{ role: string; org: string }>(
        sql`SELECT p.role, p.organization_id AS org FROM users u JOIN positions p ON p.member_id = u.member_id WHERE u.username = ${BENCH_ACCOUNTS.secretary}`,
      );
      expect(sec).toEqual({ role: "secretary", org: res.benchCellId });
      const [ov] = await db.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM oversights o JOIN users u ON u.member_id = o.member_id WHERE u.username = ${BENCH_ACCOUNTS.overseer}`,
      );
      expect(ov!.n).toBe(5);
      const [g] = await db.rows<{ role: string }>(
        sql`SELECT g.role FROM grants g JOIN users u ON u.id = g.user_id WHERE u.username = ${BENCH_ACCOUNTS.office}`,
      );
      expect(g!.role).toBe("office");
      // Draft notices to issue, with v4 ids the API accepts.
      const drafts = await db.rows<{ id: string }>(
        sql`SELECT id::text FROM documents WHERE status = 'draft' AND organization_id = ${res.benchCellId}`,
      );
      expect(drafts).toHaveLength(4);
      for (const d of drafts) expect(d.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab]/);
      // …and sections of the shape the renderer reads (a heading, maybe empty, and a text), so issuing them works.
      const shapes = await db.rows<{ sections: unknown }>(sql`SELECT sections FROM documents WHERE status = 'draft'`);
      for (const d of shapes)
        expect(d.sections).toEqual([{ key: "body", heading: "", text: expect.stringContaining("sinh hoạt") }]);
    } finally {
      await db.close();
    }
  }, 120_000);
});
