import type { Ledger } from "./ledger.js";
import { monthOf } from "./model.js";
import type { BasisRow, PaymentRow } from "./store.js";

// Rows as the present.ts schemas name them: months as "YYYY-MM", the rest as stored.

export const paymentView = (p: PaymentRow) => ({
  id: p.id,
  memberId: p.memberId,
  month: monthOf(p.month),
  amount: p.amount,
  due: p.due,
  method: p.method,
  reference: p.reference,
  paidOn: p.paidOn,
  receiptNumber: p.receiptNumber,
  version: p.version,
});

export const basisView = (b: BasisRow) => ({
  ...b,
  fromMonth: monthOf(b.fromMonth),
  reductionUntil: b.reductionUntil ? monthOf(b.reductionUntil) : null,
});

export const ledgerView = (l: Ledger) => ({
  ...l,
  lines: l.lines.map((x) => ({ ...x, payment: x.payment ? paymentView(x.payment) : null })),
  handover: l.handover,
});
