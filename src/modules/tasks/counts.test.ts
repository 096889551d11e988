import { afterAll, beforeAll, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { createTestServer, type TestServer } from "../../../test/support/server.js";
import { buildMember, buildOrganization } from "../../../test/support/factories.js";
import type { MemberRow } from "../members/store.js";
import { taskStatus } from "./model.js";
import { countTasksByStatus, listUrgentTasks, taskRules } from "./store.js";

// The dashboards count from task_counts (kept by statement triggers) and the unfinished tasks not yet due. Whatever
// is written to tasks — bulk inserts, progress, soft and hard deletes, moves between cells — the counts and the
// urgent list must be what reading every task and applying the pure rule gives.
let s: TestServer;
let cells: string[];
let people: MemberRow[];
let path: string;
beforeAll(async () => {
  s = await createTestServer();
  const org = await buildOrganization(s, { cells: 3 });
  cells = org.cells.map((c) => c.id);
  path = org.partyCommittee.path;
  people = [];
  for (const c of org.cells) people.push(await buildMember(s, { organization: c }));
});
afterAll(() => s.close());

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

type Op =
  | { kind: "insert"; cell: number; rows: { start: number; span: number; progress: number }[] }
  | { kind: "progress"; pick: number; progress: number }
  | { kind: "softDelete"; pick: number }
  | { kind: "restore"; pick: number }
  | { kind: "delete"; pick: number }
  | { kind: "move"; pick: number; cell: number }
  | { kind: "finishCell"; cell: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("insert" as const),
    cell: fc.nat(2),
    rows: fc.array(fc.record({ start: fc.nat(300), span: fc.nat(90), progress: fc.constantFrom(0, 10, 40, 90, 100) }), {
      minLength: 1,
      maxLength: 6,
    }),
  }),
  fc.record({ kind: fc.constant("progress" as const), pick: fc.nat(), progress: fc.constantFrom(0, 50, 99, 100) }),
  fc.record({ kind: fc.constant("softDelete" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("restore" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("move" as const), pick: fc.nat(), cell: fc.nat(2) }),
  fc.record({ kind: fc.constant("finishCell" as const), cell: fc.nat(2) }),
);

async function apply(o: Op) {
  const db = s.database.db;
  const ids = (
    await s.database.rows<{ id: string }>(
      sql`SELECT id FROM tasks WHERE organization_id = ANY(${`{${cells.join(",")}}`}::uuid[]) ORDER BY created_at, id`,
    )
  ).map((r) => r.id);
  const picked = ids.length ? ids[("pick" in o ? o.pick : 0) % ids.length]! : null;
  if (o.kind === "insert") {
    const values = o.rows.map(
      (r) =>
        sql`(${cells[o.cell]}, 'direct', 'Việc', ${people[o.cell]!.id}, ${day(r.start)}::date, ${day(r.start + r.span)}::date, ${r.progress})`,
    );
    await db.execute(
      sql`INSERT INTO tasks (organization_id, source_kind, title, responsible_member_id, starts_on, due_on, progress) VALUES ${sql.join(values, sql`, `)}`,
    );
  } else if (o.kind === "finishCell")
    await db.execute(sql`UPDATE tasks SET progress = 100 WHERE organization_id = ${cells[o.cell]} AND progress >= 50`);
  else if (!picked) return;
  else if (o.kind === "progress") await db.execute(sql`UPDATE tasks SET progress = ${o.progress} WHERE id = ${picked}`);
  else if (o.kind === "softDelete") await db.execute(sql`UPDATE tasks SET deleted_at = now() WHERE id = ${picked}`);
  else if (o.kind === "restore") await db.execute(sql`UPDATE tasks SET deleted_at = NULL WHERE id = ${picked}`);
  else if (o.kind === "delete") await db.execute(sql`DELETE FROM tasks WHERE id = ${picked}`);
  else if (o.kind === "move")
    await db.execute(
      sql`UPDATE tasks SET organization_id = ${cells[o.cell]}, responsible_member_id = ${people[o.cell]!.id} WHERE id = ${picked}`,
    );
}

it("counts and lists exactly what reading every task gives, after any sequence of writes", async () => {
  const db = s.database.db;
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), fc.nat(400), async (ops, todayN) => {
      for (const o of ops) await apply(o);
      const today = day(todayN);
      const rules = (await taskRules(db, path, today)).atRisk;
      const all = await s.database.rows<{
        id: string;
        organization_id: string;
        starts_on: string;
        due_on: string;
        progress: number;
        created_at: Date;
      }>(
        sql`SELECT id, organization_id, starts_on::text, due_on::text, progress, created_at FROM tasks
             WHERE deleted_at IS NULL AND organization_id = ANY(${`{${cells.join(",")}}`}::uuid[])`,
      );
      const expected = new Map<string, { total: number; late: number; atRisk: number; done: number }>();
      for (const t of all) {
        const c = expected.get(t.organization_id) ?? { total: 0, late: 0, atRisk: 0, done: 0 };
        const st = taskStatus({ startsOn: t.starts_on, dueOn: t.due_on, progress: t.progress }, today, rules);
        c.total++;
        if (st === "late") c.late++;
        if (st === "at_risk") c.atRisk++;
        if (st === "done") c.done++;
        expected.set(t.organization_id, c);
      }
      expect(await countTasksByStatus(db, cells, today, rules)).toEqual(expected);
      const urgent = all
        .map((t) => ({
          ...t,
          st: taskStatus({ startsOn: t.starts_on, dueOn: t.due_on, progress: t.progress }, today, rules),
        }))
        .filter((t) => t.st === "late" || t.st === "at_risk")
        .sort(
          (a, b) =>
            Number(a.st === "at_risk") - Number(b.st === "at_risk") ||
            a.due_on.localeCompare(b.due_on) ||
            new Date(a.created_at).getTime() - new Date(b.created_at).getTime() ||
            0,
        );
      const listed = await listUrgentTasks(db, cells, today, rules, 5);
      expect(listed.map((t) => t.status)).toEqual(urgent.slice(0, 5).map((t) => t.st));
      expect(listed.map((t) => t.dueOn)).toEqual(urgent.slice(0, 5).map((t) => t.due_on));
    }),
    { numRuns: 25 },
  );
});
