import { afterAll, beforeAll, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { createTestServer, type TestServer } from "../../../test/support/server.js";
import { buildMember, buildOrganization } from "../../../test/support/factories.js";
import type { MemberRow } from "../members/store.js";
import { collection } from "./reports.js";

// The collection view sums dues_month_totals, kept by statement triggers on dues_payments (ADR 0175). Whatever is
// written to the payments — a month imported at once, amounts corrected, soft and hard deletes, restores, a payment
// moved to another cell or month — the view must be what adding up every live payment gives.
let s: TestServer;
let cells: { id: string; name: string }[];
let people: MemberRow[][];
let root: { id: string; path: string };
beforeAll(async () => {
  s = await createTestServer();
  const org = await buildOrganization(s, { cells: 3 });
  cells = org.cells;
  root = { id: org.partyCommittee.id, path: org.partyCommittee.path };
  people = [];
  for (const c of org.cells)
    people.push([await buildMember(s, { organization: c }), await buildMember(s, { organization: c })]);
});
afterAll(() => s.close());

const month = (m: number) => `2026-${String(m + 1).padStart(2, "0")}-01`;

type Op =
  | { kind: "import"; cell: number; months: number[]; amount: number }
  | { kind: "amount"; pick: number; amount: number }
  | { kind: "softDelete"; pick: number }
  | { kind: "restore"; pick: number }
  | { kind: "delete"; pick: number }
  | { kind: "move"; pick: number; cell: number }
  | { kind: "month"; pick: number; month: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("import" as const),
    cell: fc.nat(2),
    months: fc.uniqueArray(fc.nat(11), { minLength: 1, maxLength: 4 }),
    amount: fc.integer({ min: 1, max: 200_000 }),
  }),
  fc.record({ kind: fc.constant("amount" as const), pick: fc.nat(), amount: fc.integer({ min: 1, max: 200_000 }) }),
  fc.record({ kind: fc.constant("softDelete" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("restore" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("move" as const), pick: fc.nat(), cell: fc.nat(2) }),
  fc.record({ kind: fc.constant("month" as const), pick: fc.nat(), month: fc.nat(11) }),
);

const cellIds = () => `{${cells.map((c) => c.id).join(",")}}`;

async function apply(o: Op) {
  const db = s.database.db;
  const ids = (
    await s.database.rows<{ id: string }>(
      sql`SELECT id FROM dues_payments WHERE organization_id = ANY(${cellIds()}::uuid[]) ORDER BY created_at, id`,
    )
  ).map((r) => r.id);
  const picked = ids.length ? ids[("pick" in o ? o.pick : 0) % ids.length]! : null;
  // A write the unique (member, month) rule refuses changes nothing, as in the application.
  const tolerant = (q: ReturnType<typeof sql>) => db.execute(q).catch(() => undefined);
  if (o.kind === "import") {
    // Both members of the cell, every month given, in one statement: the trigger sees them together.
    const values = o.months.flatMap((m) =>
      people[o.cell]!.map(
        (p, i) =>
          sql`(${cells[o.cell]!.id}, ${p.id}, ${month(m)}::date, ${o.amount + i}, ${o.amount + i}, 'cash', ${month(m)}::date, ${m * 10 + i + 1})`,
      ),
    );
    await tolerant(
      sql`INSERT INTO dues_payments (organization_id, member_id, month, amount, due, method, paid_on, receipt_number)
          VALUES ${sql.join(values, sql`, `)}`,
    );
  } else if (!picked) return;
  else if (o.kind === "amount")
    await db.execute(sql`UPDATE dues_payments SET amount = ${o.amount} WHERE id = ${picked}`);
  else if (o.kind === "softDelete")
    await db.execute(sql`UPDATE dues_payments SET deleted_at = now() WHERE id = ${picked}`);
  else if (o.kind === "restore") await tolerant(sql`UPDATE dues_payments SET deleted_at = NULL WHERE id = ${picked}`);
  else if (o.kind === "delete") await db.execute(sql`DELETE FROM dues_payments WHERE id = ${picked}`);
  else if (o.kind === "move")
    await db.execute(sql`UPDATE dues_payments SET organization_id = ${cells[o.cell]!.id} WHERE id = ${picked}`);
  else if (o.kind === "month")
    await tolerant(sql`UPDATE dues_payments SET month = ${month(o.month)}::date WHERE id = ${picked}`);
}

it("sums exactly what adding up every live payment gives, after any sequence of writes", async () => {
  const db = s.database.db;
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
      for (const o of ops) await apply(o);
      const live = await s.database.rows<{ organization_id: string; month: string; amount: number }>(
        sql`SELECT organization_id, to_char(month, 'YYYY-MM') AS month, amount::float8 AS amount FROM dues_payments
             WHERE deleted_at IS NULL AND organization_id = ANY(${cellIds()}::uuid[])`,
      );
      const view = await collection(db, root, { year: 2026, limit: 2, offset: 1 });
      const months = Array.from({ length: 12 }, (_, m) => month(m).slice(0, 7)).map((m) => {
        const of = live.filter((p) => p.month === m);
        return { month: m, collected: of.reduce((t, p) => t + p.amount, 0), payments: of.length, handedOver: 0 };
      });
      expect(view.months).toEqual(months);
      // The page: the second and third cells by name, each with its own sums.
      const byName = [...cells].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
      expect(view.total).toBe(3);
      expect(view.cells.map((c) => c.id)).toEqual(byName.slice(1, 3).map((c) => c.id));
      for (const c of view.cells) {
        const of = live.filter((p) => p.organization_id === c.id);
        expect([c.payments, c.collected, c.lastMonth]).toEqual([
          of.length,
          of.reduce((t, p) => t + p.amount, 0),
          of
            .map((p) => p.month)
            .sort()
            .at(-1) ?? null,
        ]);
      }
    }),
    { numRuns: 25 },
  );
});
