import { and, asc, eq, gte, isNull, lte, sql } from "drizzle-orm";
import { inUuids, queryRows, uuidArray, type Executor } from "../../core/db/index.js";
import { rulebookInForce } from "../../core/rulebooks/index.js";
import { organizations } from "../organizations/schema.js";
import { monthEnd, monthOf, monthStart, type Basis, type DuesRules } from "./model.js";
import { duesBases, duesHandovers, duesPayments } from "./schema.js";

export type BasisRow = typeof duesBases.$inferSelect;
export type PaymentRow = typeof duesPayments.$inferSelect;
export type HandoverRow = typeof duesHandovers.$inferSelect;
export type LoadedPayment = PaymentRow & { cellPath: string; cellName: string };

/** The dues rulebook of a month: the one in force on its last day, where the cell sits. */
export async function duesRules(ex: Executor, orgPath: string, month: string): Promise<DuesRules> {
  return (await rulebookInForce<DuesRules>(ex, "dues", orgPath, monthEnd(month))).data;
}

/** The same, read once per month however many members ask. */
export function rulesByMonth(ex: Executor, orgPath: string): (month: string) => Promise<DuesRules> {
  const cache = new Map<string, Promise<DuesRules>>();
  return (month) => {
    if (!cache.has(month)) cache.set(month, duesRules(ex, orgPath, month));
    return cache.get(month)!;
  };
}

/** A basis row as the pure rules read it. */
export const asBasis = (b: BasisRow): Basis & { id: string } => ({
  id: b.id,
  kind: b.kind,
  amount: b.amount,
  fromMonth: monthOf(b.fromMonth),
  exemption: b.exemption,
  reductionPercent: b.reductionPercent,
  reductionUntil: b.reductionUntil ? monthOf(b.reductionUntil) : null,
});

/** Each member's basis history, oldest first. */
export async function basesOf(ex: Executor, memberIds: string[]): Promise<Map<string, BasisRow[]>> {
  const out = new Map<string, BasisRow[]>();
  if (memberIds.length === 0) return out;
  const rows = await ex
    .select()
    .from(duesBases)
    .where(and(inUuids(duesBases.memberId, memberIds), isNull(duesBases.deletedAt)))
    .orderBy(asc(duesBases.fromMonth));
  for (const r of rows) out.set(r.memberId, [...(out.get(r.memberId) ?? []), r]);
  return out;
}

export async function basisFrom(ex: Executor, memberId: string, month: string): Promise<BasisRow | null> {
  const [row] = await ex
    .select()
    .from(duesBases)
    .where(
      and(eq(duesBases.memberId, memberId), eq(duesBases.fromMonth, monthStart(month)), isNull(duesBases.deletedAt)),
    )
    .for("update");
  return row ?? null;
}

/** The payments of some members for months `from` to `to` ("YYYY-MM"). */
export async function paymentsOf(ex: Executor, memberIds: string[], from: string, to: string): Promise<PaymentRow[]> {
  if (memberIds.length === 0) return [];
  return ex
    .select()
    .from(duesPayments)
    .where(
      and(
        inUuids(duesPayments.memberId, memberIds),
        gte(duesPayments.month, monthStart(from)),
        lte(duesPayments.month, monthStart(to)),
        isNull(duesPayments.deletedAt),
      ),
    )
    .orderBy(asc(duesPayments.month));
}

/** Whether the member's month is paid already (locked, so two entries of the same month wait on each other). */
export async function paymentOfMonth(ex: Executor, memberId: string, month: string): Promise<PaymentRow | null> {
  const [row] = await ex
    .select()
    .from(duesPayments)
    .where(
      and(
        eq(duesPayments.memberId, memberId),
        eq(duesPayments.month, monthStart(month)),
        isNull(duesPayments.deletedAt),
      ),
    )
    .for("update");
  return row ?? null;
}

export async function getPayment(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<LoadedPayment | null> {
  const q = ex
    .select({ p: duesPayments, path: organizations.path, name: organizations.name })
    .from(duesPayments)
    .innerJoin(organizations, eq(organizations.id, duesPayments.organizationId))
    .where(and(eq(duesPayments.id, id), isNull(duesPayments.deletedAt)));
  const [row] = opts.forUpdate ? await q.for("update", { of: duesPayments }) : await q;
  return row ? { ...row.p, cellPath: row.path, cellName: row.name } : null;
}

/**
 * The cell's next receipt number of the year. The transaction-scoped advisory lock makes two payments entered at
 * once in one cell take turns, so no number is given twice.
 */
export async function nextReceiptNumber(ex: Executor, organizationId: string, year: number): Promise<number> {
  await queryRows(ex, sql`SELECT pg_advisory_xact_lock(hashtext(${`dues-receipt:${organizationId}:${year}`}))`);
  const [row] = await queryRows<{ n: number }>(
    ex,
    sql`SELECT coalesce(max(receipt_number), 0)::int + 1 AS n FROM dues_payments
         WHERE organization_id = ${organizationId} AND month >= ${`${year}-01-01`}::date
           AND month <= ${`${year}-12-01`}::date`,
  );
  return row!.n;
}

export async function handoverOf(ex: Executor, organizationId: string, month: string): Promise<HandoverRow | null> {
  const [row] = await ex
    .select()
    .from(duesHandovers)
    .where(and(eq(duesHandovers.organizationId, organizationId), eq(duesHandovers.month, monthStart(month))));
  return row ?? null;
}

export interface CellMonthTotal {
  organizationId: string;
  month: string;
  payments: number;
  collected: number;
  handedOver: number;
}

/**
 * The year's payments of some cells, summed per cell and month, with what was handed over: read from the totals the
 * triggers keep (dues_month_totals, ADR 0175), twelve rows a cell whatever the number of members.
 */
export async function collectionTotals(ex: Executor, cellIds: string[], year: number): Promise<CellMonthTotal[]> {
  if (cellIds.length === 0) return [];
  return queryRows<CellMonthTotal>(
    ex,
    sql`SELECT t.organization_id AS "organizationId", to_char(t.month, 'YYYY-MM') AS month,
               t.payments AS payments, t.collected::float8 AS collected, t.handed_over::float8 AS "handedOver"
          FROM dues_month_totals t
         WHERE t.organization_id = ANY(${uuidArray(cellIds)}) AND t.payments > 0
           AND t.month >= ${`${year}-01-01`}::date AND t.month <= ${`${year}-12-01`}::date`,
  );
}

/** The year month by month for every cell under `path` together (the chart of the collection view). */
export async function subtreeMonthTotals(
  ex: Executor,
  path: string,
  year: number,
): Promise<Omit<CellMonthTotal, "organizationId">[]> {
  return queryRows(
    ex,
    sql`SELECT to_char(t.month, 'YYYY-MM') AS month, sum(t.payments)::int AS payments,
               sum(t.collected)::float8 AS collected, sum(t.handed_over)::float8 AS "handedOver"
          FROM dues_month_totals t
          JOIN organizations o ON o.id = t.organization_id
         WHERE o.path LIKE ${`${path}%`} AND o.kind = 'cell' AND t.payments > 0
           AND t.month >= ${`${year}-01-01`}::date AND t.month <= ${`${year}-12-01`}::date
         GROUP BY t.month`,
  );
}
