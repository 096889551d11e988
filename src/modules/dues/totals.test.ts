import { afterAll, beforeAll, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { createTestServer, type TestServer } from "../../../test/support/server.js";
import { buildMember, buildOrganization } from "../../../test/support/factories.js";
import type { MemberRow } from "../members/store.js";
import { collection } from "./reports.js";

// The collection view sums dues_month_totals, kept by statement triggers on dues_payments and dues_handovers (ADR
// 0175). Whatever is written — a month imported at once, amounts corrected, soft and hard deletes, restores, a payment
// moved to another cell or month, handovers made, corrected or removed — the view must be what adding up every live
// payment and every handover gives.
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
  | { kind: "month"; pick: number; month: number }
  | { kind: "handover"; cell: number; month: number; amount: number }
  | { kind: "handoverAmount"; pick: number; amount: number }
  | { kind: "handoverDelete"; pick: number };

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
  fc.record({
    kind: fc.constant("handover" as const),
    cell: fc.nat(2),
    month: fc.nat(11),
    amount: fc.integer({ min: 1, max: 500_000 }),
  }),
  fc.record({
    kind: fc.constant("handoverAmount" as const),
    pick: fc.nat(),
    amount: fc.integer({ min: 1, max: 500_000 }),
  }),
  fc.record({ kind: fc.constant("handoverDelete" as const), pick: fc.nat() }),
);

const cellIds = () => `{${cells.map((c) => c.id).join(",")}}`;

async function apply(o: Op) {
  const db = s.database.db;
  const ids = (
    await s.database.rows<{ id: string }>(
      sql`SELECT id FROM dues_payments WHERE organization_id = ANY(${cellIds()}::uuid[]) ORDER BY created_at, id`,
    )
  ).map((r) => r.id);
  const handovers = (
    await s.database.rows<{ id: string }>(
      sql`SELECT id FROM dues_handovers WHERE organization_id = ANY(${cellIds()}::uuid[]) ORDER BY created_at, id`,
    )
  ).map((r) => r.id);
  if (o.kind === "handover") {
    // One per cell and month: a second is refused, as in the application.
    await db
      .execute(
        sql`INSERT INTO dues_handovers (organization_id, month, amount, payments, handed_on)
            VALUES (${cells[o.cell]!.id}, ${month(o.month)}::date, ${o.amount}, 1, ${month(o.month)}::date)`,
      )
      .catch(() => undefined);
    return;
  }
  if (o.kind === "handoverAmount" || o.kind === "handoverDelete") {
    const h = handovers.length ? handovers[o.pick % handovers.length]! : null;
    if (!h) return;
    if (o.kind === "handoverAmount")
      await db.execute(sql`UPDATE dues_handovers SET amount = ${o.amount} WHERE id = ${h}`);
    else await db.execute(sql`DELETE FROM dues_handovers WHERE id = ${h}`);
    return;
  }
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
      const handed = await s.database.rows<{ organization_id: string; month: string; amount: number }>(
        sql`SELECT organization_id, to_char(month, 'YYYY-MM') AS month, amount::float8 AS amount FROM dues_handovers
             WHERE organization_id = ANY(${cellIds()}::uuid[])`,
      );
      // A handover counts beside the payments of its cell and month, as the view has always shown it.
      const handedOver = (cell: string | null, m: string | null) =>
        handed
          .filter((h) => (cell === null || h.organization_id === cell) && (m === null || h.month === m))
          .filter((h) => live.some((p) => p.organization_id === h.organization_id && p.month === h.month))
          .reduce((t, h) => t + h.amount, 0);
      const view = await collection(db, root, { year: 2026, limit: 2, offset: 1 });
      const months = Array.from({ length: 12 }, (_, m) => month(m).slice(0, 7)).map((m) => {
        const of = live.filter((p) => p.month === m);
        return {
          month: m,
          collected: of.reduce((t, p) => t + p.amount, 0),
          payments: of.length,
          handedOver: handedOver(null, m),
        };
      });
      expect(view.months).toEqual(months);
      // The page: the second and third cells by name, each with its own sums.
      const byName = [...cells].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
      expect(view.total).toBe(3);
      expect(view.cells.map((c) => c.id)).toEqual(byName.slice(1, 3).map((c) => c.id));
      for (const c of view.cells) {
        const of = live.filter((p) => p.organization_id === c.id);
        expect([c.payments, c.collected, c.handedOver, c.lastMonth]).toEqual([
          of.length,
          of.reduce((t, p) => t + p.amount, 0),
          handedOver(c.id, null),
          of
            .map((p) => p.month)
            .sort()
            .at(-1) ?? null,
        ]);
      }
    }),
    { numRuns: 40 },
  );
});
