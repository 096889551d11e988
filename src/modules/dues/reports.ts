import { and, asc, count, eq, like } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { organizations } from "../organizations/schema.js";
import { admissionDates } from "../members/public-dues.js";
import type { MemberDetailRow } from "../members/store.js";
import { cellMembersDuring, memberOn } from "../members/presence.js";
import {
  basisFor,
  monthEnd,
  monthlyDue,
  monthOf,
  monthsBetween,
  nextMonth,
  unpaidMonths,
  type MonthState,
} from "./model.js";
import { asBasis, basesOf, collectionTotals, paymentsOf, rulesByMonth, subtreeMonthTotals } from "./store.js";
import { basisView, paymentView } from "./views.js";

/**
 * A member's own dues for a year: each month up to the current one, what was owed and what was paid, and their
 * basis history. Months before their admission owe nothing.
 */
export async function myDues(ex: Executor, member: MemberDetailRow, year: number, today: string) {
  const last = `${year}-12` < monthOf(today) ? `${year}-12` : monthOf(today);
  const months = last < `${year}-01` ? [] : monthsBetween(`${year}-01`, last);
  const history = (await basesOf(ex, [member.id])).get(member.id) ?? [];
  const admitted = (await admissionDates(ex, [member.id])).get(member.id) ?? null;
  const payments = new Map(
    (await paymentsOf(ex, [member.id], `${year}-01`, `${year}-12`)).map((p) => [monthOf(p.month), p]),
  );
  const rules = rulesByMonth(ex, member.organizationPath);
  const lines = [];
  for (const month of months) {
    const basis = basisFor(history.map(asBasis), month);
    const member_ = admitted === null || monthOf(admitted) <= month;
    const due = basis && member_ ? monthlyDue(basis, month, await rules(month), admitted) : null;
    const payment = payments.get(month) ?? null;
    lines.push({
      month,
      due: due?.amount ?? null,
      exemption: due?.exemption ?? null,
      reductionPercent: due?.reductionPercent ?? null,
      payment: payment ? paymentView(payment) : null,
    });
  }
  // Dues of the current month are not late yet: count the months before it.
  const through = nextMonth(monthOf(today), -1);
  const unpaid = unpaidMonths(
    lines.map((l) => ({ month: l.month, due: l.due ?? 0, paid: l.payment !== null })),
    year,
    through,
  ).length;
  return {
    memberId: member.id,
    year,
    months: lines,
    bases: history.map(basisView),
    unpaid,
    paidTotal: lines.reduce((s, l) => s + (l.payment?.amount ?? 0), 0),
  };
}

/**
 * The đảng ủy's collection view: the year's payments of every cell under the organisation, month by month for the
 * chart, and cell by cell (a page of cells, by name). Sums come from the totals kept per cell and month (ADR 0175):
 * a province's view adds up 12 rows a cell, not every payment.
 */
export async function collection(
  ex: Executor,
  org: { id: string; path: string },
  query: { year: number; limit: number; offset: number },
) {
  const cellsUnder = and(like(organizations.path, `${org.path}%`), eq(organizations.kind, "cell"));
  const [page, [counted], year] = await Promise.all([
    ex
      .select({ id: organizations.id, name: organizations.name })
      .from(organizations)
      .where(cellsUnder)
      .orderBy(asc(organizations.name), asc(organizations.id))
      .limit(query.limit)
      .offset(query.offset),
    ex.select({ n: count() }).from(organizations).where(cellsUnder),
    subtreeMonthTotals(ex, org.path, query.year),
  ]);
  const totals = await collectionTotals(
    ex,
    page.map((c) => c.id),
    query.year,
  );
  const months = monthsBetween(`${query.year}-01`, `${query.year}-12`).map((month) => {
    const of = year.find((t) => t.month === month);
    return {
      month,
      collected: of?.collected ?? 0,
      payments: of?.payments ?? 0,
      handedOver: of?.handedOver ?? 0,
    };
  });
  const cells = page.map((c) => {
    const of = totals.filter((t) => t.organizationId === c.id);
    return {
      id: c.id,
      name: c.name,
      collected: of.reduce((s, t) => s + t.collected, 0),
      payments: of.reduce((s, t) => s + t.payments, 0),
      handedOver: of.reduce((s, t) => s + t.handedOver, 0),
      lastMonth:
        of
          .map((t) => t.month)
          .sort()
          .at(-1) ?? null,
    };
  });
  return { ...query, months, cells, total: counted?.n ?? 0 };
}

/**
 * Members of the cell with months of `year` unpaid through `through`: for each month they belonged to the cell
 * (on its last day), what they owed and whether they paid. Three queries and the rulebooks once per month.
 */
export async function unpaidInYear(
  ex: Executor,
  cell: { id: string; path: string },
  year: number,
  through: string,
): Promise<{ memberId: string; fullName: string; months: MonthState[] }[]> {
  const months = monthsBetween(`${year}-01`, through < `${year}-12` ? through : `${year}-12`);
  if (months.length === 0) return [];
  const during = await cellMembersDuring(ex, cell.id, `${months[0]}-01`, monthEnd(months.at(-1)!));
  const ids = during.map((m) => m.id);
  const [bases, admitted, payments] = await Promise.all([
    basesOf(ex, ids),
    admissionDates(ex, ids),
    paymentsOf(ex, ids, months[0]!, months.at(-1)!),
  ]);
  const paid = new Set(payments.map((p) => `${p.memberId}:${monthOf(p.month)}`));
  const rules = rulesByMonth(ex, cell.path);
  const out = [];
  for (const m of during) {
    const history = (bases.get(m.id) ?? []).map(asBasis);
    const states: MonthState[] = [];
    for (const month of months) {
      const basis = basisFor(history, month);
      const inCell = memberOn(m, monthEnd(month)) !== null;
      const due = basis && inCell ? monthlyDue(basis, month, await rules(month), admitted.get(m.id) ?? null).amount : 0;
      states.push({ month, due, paid: paid.has(`${m.id}:${month}`) });
    }
    out.push({ memberId: m.id, fullName: m.fullName, months: states });
  }
  return out;
}
