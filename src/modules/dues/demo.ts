import type { Tx } from "../../core/db/index.js";
import { cellMembersOn } from "../members/presence.js";
import { findOrganizationByCode } from "../organizations/store.js";
import { monthEnd, monthlyDue, monthOf, monthsBetween, monthStart, nextMonth, type Basis } from "./model.js";
import { duesBases, duesHandovers, duesPayments } from "./schema.js";
import { duesRules } from "./store.js";

/** Salary bases (đồng) for the cell's members, in the roster's order: lecturers and staff of a school. */
const SALARY_BASES = [9_360_000, 8_424_000, 7_722_000, 6_786_050, 5_850_000, 5_148_000, 4_680_000];
/** The member two months behind: the last two months unpaid. */
const DEMO_BEHIND = "Võ Minh Tuấn";

/**
 * A year of dues for Chi bộ Khoa Lý luận cơ sở: the twelve months before the demo's today, every member's basis
 * from the first of them (the last on the roster a pensioner), every month paid and handed over to the đảng ủy — except the
 * last month, not yet handed over, and one member two months behind. The handovers were done on paper before
 * chibo, so they have no register document.
 */
export async function loadDuesDemo(tx: Tx, today: string): Promise<void> {
  const cell = (await findOrganizationByCode(tx, "CB-LLCS"))!;
  const last = nextMonth(monthOf(today), -1);
  const first = nextMonth(last, -11);
  const roster = await cellMembersOn(tx, cell.id, monthEnd(last));
  const bases = new Map<string, Basis>();
  for (const [i, m] of roster.entries()) {
    const pension = i === roster.length - 1;
    const basis: Basis = {
      kind: pension ? "pension" : "salary",
      amount: pension ? 7_150_000 : SALARY_BASES[i % SALARY_BASES.length]!,
      fromMonth: first,
      exemption: null,
      reductionPercent: null,
      reductionUntil: null,
    };
    bases.set(m.id, basis);
    await tx.insert(duesBases).values({
      memberId: m.id,
      organizationId: cell.id,
      kind: basis.kind,
      amount: basis.amount,
      fromMonth: monthStart(first),
    });
  }
  const receipt = new Map<string, number>();
  for (const month of monthsBetween(first, last)) {
    const rules = await duesRules(tx, cell.path, month);
    const members = await cellMembersOn(tx, cell.id, monthEnd(month));
    let amount = 0;
    let payments = 0;
    for (const m of members) {
      const basis = bases.get(m.id);
      if (!basis) continue;
      if (m.fullName === DEMO_BEHIND && month >= nextMonth(last, -1)) continue;
      const due = monthlyDue(basis, month, rules).amount;
      const year = month.slice(0, 4);
      const number = (receipt.get(year) ?? 0) + 1;
      receipt.set(year, number);
      const online = number % 3 === 0;
      await tx.insert(duesPayments).values({
        organizationId: cell.id,
        memberId: m.id,
        month: monthStart(month),
        amount: due,
        due,
        method: online ? "online" : "cash",
        reference: online ? `DVC-${month.replace("-", "")}-${String(number).padStart(4, "0")}` : null,
        paidOn: `${month}-10`,
        receiptNumber: number,
      });
      amount += due;
      payments++;
    }
    if (month < last)
      await tx.insert(duesHandovers).values({
        organizationId: cell.id,
        month: monthStart(month),
        amount,
        payments,
        handedOn: monthEnd(month),
      });
  }
}
