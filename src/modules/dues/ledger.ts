import type { Executor } from "../../core/db/index.js";
import { cellMembersOn } from "../members/presence.js";
import { admissionDates } from "../members/public-dues.js";
import { basisFor, monthEnd, monthlyDue, type BasisKind, type Exemption } from "./model.js";
import { asBasis, basesOf, duesRules, handoverOf, paymentsOf, type HandoverRow, type PaymentRow } from "./store.js";

export interface LedgerLine {
  memberId: string;
  fullName: string;
  basisKind: BasisKind | null;
  /** Owed for the month; null when the member has no basis recorded yet. */
  due: number | null;
  exemption: Exemption | null;
  reductionPercent: number | null;
  payment: PaymentRow | null;
}

export interface Ledger {
  organizationId: string;
  month: string;
  lines: LedgerLine[];
  totals: {
    members: number;
    /** Members who owe something this month. */
    owing: number;
    paid: number;
    exempt: number;
    noBasis: number;
    due: number;
    collected: number;
  };
  handover: HandoverRow | null;
}

/**
 * The cell's ledger of a month: each member of the cell on the month's last day, what they owe under the basis
 * and rulebook of that month, and their payment. Four queries whatever the cell's size.
 */
export async function monthLedger(ex: Executor, cell: { id: string; path: string }, month: string): Promise<Ledger> {
  const roster = await cellMembersOn(ex, cell.id, monthEnd(month));
  const ids = roster.map((m) => m.id);
  const rules = await duesRules(ex, cell.path, month);
  const [bases, admitted, payments] = await Promise.all([
    basesOf(ex, ids),
    admissionDates(ex, ids),
    paymentsOf(ex, ids, month, month),
  ]);
  const paidBy = new Map(payments.map((p) => [p.memberId, p]));
  const lines: LedgerLine[] = roster.map((m) => {
    const basis = basisFor((bases.get(m.id) ?? []).map(asBasis), month);
    const due = basis ? monthlyDue(basis, month, rules, admitted.get(m.id) ?? null) : null;
    return {
      memberId: m.id,
      fullName: m.fullName,
      basisKind: basis?.kind ?? null,
      due: due?.amount ?? null,
      exemption: due?.exemption ?? null,
      reductionPercent: due?.reductionPercent ?? null,
      payment: paidBy.get(m.id) ?? null,
    };
  });
  const totals = {
    members: lines.length,
    owing: lines.filter((l) => (l.due ?? 0) > 0).length,
    paid: lines.filter((l) => l.payment).length,
    exempt: lines.filter((l) => l.exemption).length,
    noBasis: lines.filter((l) => l.due === null).length,
    due: lines.reduce((s, l) => s + (l.due ?? 0), 0),
    collected: lines.reduce((s, l) => s + (l.payment?.amount ?? 0), 0),
  };
  return { organizationId: cell.id, month, lines, totals, handover: await handoverOf(ex, cell.id, month) };
}
