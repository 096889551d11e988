import { and, eq } from "drizzle-orm";
import type { Actor } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import type { Tx } from "../../core/db/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import { ConflictError, RuleError } from "../../core/http/errors.js";
import type { OrganizationRow } from "../organizations/store.js";
import type { MemberDetailRow } from "../members/store.js";
import type { ImportedPayment } from "./import.js";
import { monthLedger, type Ledger, type LedgerLine } from "./ledger.js";
import { issueHandoverReport } from "./official.js";
import { monthStart, reductionProblem, type BasisInput, type PaymentInput, type PaymentMethod } from "./model.js";
import { basisFrom, duesRules, nextReceiptNumber, paymentOfMonth, type BasisRow, type PaymentRow } from "./store.js";
import { duesBases, duesHandovers, duesPayments } from "./schema.js";

type BasisEvents = { record: Change<BasisRow | null, BasisRow> };
type PaymentEvents = {
  record: Change<null, PaymentRow>;
  "all-paid": Change<null, { month: string; count: number; amount: number }>;
  cancel: Change<PaymentRow, null>;
};
type HandoverEvents = { record: Change<null, typeof duesHandovers.$inferSelect> };
const basisAudit = auditTrail<BasisEvents>("dues_basis");
const paymentAudit = auditTrail<PaymentEvents>("dues_payment");
const handoverAudit = auditTrail<HandoverEvents>("dues_handover");

/** A member's basis from a month on; a second entry for the same month replaces the first (which stays, deleted). */
export async function recordBasis(tx: Tx, actor: Actor, member: MemberDetailRow, input: BasisInput): Promise<BasisRow> {
  if (input.reductionPercent !== null && input.reductionUntil) {
    const rules = await duesRules(tx, member.organizationPath, input.fromMonth);
    const problem = reductionProblem(input.fromMonth, input.reductionPercent, input.reductionUntil, rules);
    if (problem === "percent")
      throw new RuleError("reduction_percent", "reductionPercent", "dues.reduction_percent", {
        percents: rules.reductionPercents.join(", "),
      });
    if (problem)
      throw new RuleError(`reduction_${problem}`, "reductionUntil", `dues.reduction_${problem}`, {
        months: rules.reductionMaxMonths,
      });
  }
  const before = await basisFrom(tx, member.id, input.fromMonth);
  if (before) await tx.update(duesBases).set({ deletedAt: new Date() }).where(eq(duesBases.id, before.id));
  const [row] = await tx
    .insert(duesBases)
    .values({
      memberId: member.id,
      organizationId: member.organizationId,
      kind: input.kind,
      amount: input.amount,
      fromMonth: monthStart(input.fromMonth),
      exemption: input.exemption,
      reductionPercent: input.reductionPercent,
      reductionReason: input.reductionPercent === null ? null : input.reductionReason,
      reductionUntil:
        input.reductionPercent === null || !input.reductionUntil ? null : monthStart(input.reductionUntil),
      note: input.note,
    })
    .returning();
  await basisAudit(
    tx,
    actor,
    "record",
    { organizationId: member.organizationId, entityId: row!.id },
    {
      before,
      after: row!,
    },
  );
  return row!;
}

function lineOf(ledger: Ledger, memberId: string): LedgerLine {
  const line = ledger.lines.find((l) => l.memberId === memberId);
  if (!line) throw new RuleError("member_not_in_cell", "memberId", "dues.member_not_in_cell");
  return line;
}

async function insertPayment(
  tx: Tx,
  actor: Actor,
  cellId: string,
  line: LedgerLine,
  p: { month: string; amount: number; method: PaymentMethod; reference: string | null; paidOn: string },
): Promise<PaymentRow> {
  const [row] = await tx
    .insert(duesPayments)
    .values({
      organizationId: cellId,
      memberId: line.memberId,
      month: monthStart(p.month),
      amount: p.amount,
      due: line.due ?? p.amount,
      method: p.method,
      reference: p.method === "online" ? p.reference : null,
      paidOn: p.paidOn,
      receiptNumber: await nextReceiptNumber(tx, cellId, Number(p.month.slice(0, 4))),
      recordedBy: actor.userId,
    })
    .returning();
  return row!;
}

/** One member's month, paid in cash or online. A month already paid is refused on the `month` field. */
export async function recordPayment(
  tx: Tx,
  actor: Actor,
  cell: OrganizationRow,
  input: PaymentInput,
): Promise<PaymentRow> {
  const ledger = await monthLedger(tx, cell, input.month);
  const line = lineOf(ledger, input.memberId);
  if (line.payment || (await paymentOfMonth(tx, input.memberId, input.month)))
    throw new RuleError("month_paid", "month", "dues.month_paid", { name: line.fullName, month: input.month });
  if (line.due === null) throw new RuleError("no_basis", "memberId", "dues.no_basis", { name: line.fullName });
  const row = await insertPayment(tx, actor, cell.id, line, input);
  await paymentAudit(tx, actor, "record", { organizationId: cell.id, entityId: row.id }, { before: null, after: row });
  return row;
}

/**
 * "Tất cả đã nộp": everyone who owes the month and has not paid it pays their due in cash on `paidOn`, except the
 * members named (their exceptions are entered one by one). Members without a basis are left for the secretary.
 */
export async function markAllPaid(
  tx: Tx,
  actor: Actor,
  cell: OrganizationRow,
  input: { month: string; paidOn: string; except: string[] },
): Promise<{ marked: number; ledger: Ledger }> {
  const ledger = await monthLedger(tx, cell, input.month);
  const except = new Set(input.except);
  const owing = ledger.lines.filter((l) => !l.payment && (l.due ?? 0) > 0 && !except.has(l.memberId));
  let amount = 0;
  for (const line of owing) {
    const row = await insertPayment(tx, actor, cell.id, line, {
      month: input.month,
      amount: line.due!,
      method: "cash",
      reference: null,
      paidOn: input.paidOn,
    });
    amount += row.amount;
  }
  // Nobody owed anything: nothing happened, so nothing is recorded.
  if (owing.length === 0) return { marked: 0, ledger };
  await paymentAudit(
    tx,
    actor,
    "all-paid",
    { organizationId: cell.id, entityId: cell.id },
    {
      before: null,
      after: { month: input.month, count: owing.length, amount },
    },
  );
  return { marked: owing.length, ledger: await monthLedger(tx, cell, input.month) };
}

/** Takes back a payment entered by mistake (the exception after "tất cả đã nộp"); refused once handed over. */
export async function cancelPayment(tx: Tx, actor: Actor, payment: PaymentRow, version: number): Promise<PaymentRow> {
  const [handover] = await tx
    .select({ id: duesHandovers.id })
    .from(duesHandovers)
    .where(and(eq(duesHandovers.organizationId, payment.organizationId), eq(duesHandovers.month, payment.month)));
  if (handover) throw new ConflictError("dues_handed_over", "dues.handed_over");
  const row = await updateVersioned(tx, duesPayments, payment.id, version, { deletedAt: new Date() });
  await paymentAudit(
    tx,
    actor,
    "cancel",
    { organizationId: payment.organizationId, entityId: payment.id },
    {
      before: payment,
      after: null,
    },
  );
  return row;
}

/**
 * A month from a spreadsheet already read outside the transaction: every row must name a member of the cell whose
 * month is unpaid, or nothing is stored and the first problem is named.
 */
export async function importMonth(
  tx: Tx,
  actor: Actor,
  cell: OrganizationRow,
  month: string,
  rows: ImportedPayment[],
  today: string,
): Promise<{ imported: number; ledger: Ledger }> {
  const ledger = await monthLedger(tx, cell, month);
  const byName = new Map<string, LedgerLine[]>();
  for (const l of ledger.lines)
    byName.set(l.fullName.toLowerCase(), [...(byName.get(l.fullName.toLowerCase()) ?? []), l]);
  const seen = new Set<string>();
  for (const r of rows) {
    const found = byName.get(r.fullName.toLowerCase()) ?? [];
    if (found.length !== 1)
      throw new RuleError("import_member", "file", found.length ? "dues.import_ambiguous" : "dues.import_unknown", {
        row: r.rowNumber,
        name: r.fullName,
      });
    const line = found[0]!;
    if (line.payment || seen.has(line.memberId))
      throw new RuleError("month_paid", "file", "dues.import_paid", { row: r.rowNumber, name: r.fullName });
    if (line.due === null)
      throw new RuleError("no_basis", "file", "dues.import_no_basis", { row: r.rowNumber, name: r.fullName });
    if (r.method === "online" && !r.reference)
      throw new RuleError("reference_required", "file", "dues.import_reference", { row: r.rowNumber });
    seen.add(line.memberId);
    const row = await insertPayment(tx, actor, cell.id, line, { ...r, month, paidOn: r.paidOn ?? today });
    await paymentAudit(
      tx,
      actor,
      "record",
      { organizationId: cell.id, entityId: row.id },
      { before: null, after: row },
    );
  }
  return { imported: rows.length, ledger: await monthLedger(tx, cell, month) };
}

/** The month's sum handed to the đảng ủy, with its report issued as a numbered document. Once a month. */
export async function handOver(
  tx: Tx,
  actor: Actor,
  cell: OrganizationRow,
  input: { month: string; handedOn: string },
): Promise<Ledger> {
  const ledger = await monthLedger(tx, cell, input.month);
  if (ledger.handover) throw new RuleError("handed_over", "month", "dues.handed_over");
  if (ledger.totals.paid === 0) throw new RuleError("nothing_collected", "month", "dues.nothing_collected");
  const document = await issueHandoverReport(tx, actor, cell, ledger, input.handedOn);
  const [row] = await tx
    .insert(duesHandovers)
    .values({
      organizationId: cell.id,
      month: monthStart(input.month),
      amount: ledger.totals.collected,
      payments: ledger.totals.paid,
      handedOn: input.handedOn,
      documentId: document.id,
    })
    .returning();
  await handoverAudit(
    tx,
    actor,
    "record",
    { organizationId: cell.id, entityId: row!.id },
    {
      before: null,
      after: row!,
    },
  );
  return { ...ledger, handover: row! };
}
