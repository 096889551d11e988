import type { Executor } from "../../core/db/index.js";
import { NoRulebookError } from "../../core/rulebooks/index.js";
import { monthLedger } from "./ledger.js";
import { formatDong, monthLabel } from "./model.js";

// What the meetings module reads of dues: the month's ledger as the monthly meeting reports it and the minutes print it.

export interface MonthSummary {
  month: string;
  members: number;
  owing: number;
  paid: number;
  exempt: number;
  collected: number;
  unpaidNames: string[];
  /** The line the minutes print, e.g. "Đã thu đảng phí tháng 11/2026 của 12/13 đồng chí, số tiền 650.000 đ; …". */
  text: string;
}

/** The cell's dues of a month, or null when the cell keeps no ledger or no dues rules were in force then. */
export async function monthSummary(
  ex: Executor,
  cell: { id: string; path: string },
  month: string,
): Promise<MonthSummary | null> {
  const ledger = await monthLedger(ex, cell, month).catch((e: unknown) => {
    if (e instanceof NoRulebookError) return null;
    throw e;
  });
  if (!ledger) return null;
  const t = ledger.totals;
  // A cell that keeps no dues ledger in chibo (no basis, no payment) has nothing to report from it.
  if (t.noBasis === t.members && t.paid === 0) return null;
  const unpaidNames = ledger.lines.filter((l) => !l.payment && (l.due ?? 0) > 0).map((l) => l.fullName);
  const paidOfOwing = ledger.lines.filter((l) => l.payment && (l.due ?? 0) > 0).length;
  let text = `Đã thu đảng phí tháng ${monthLabel(month)} của ${paidOfOwing}/${t.owing} đồng chí, số tiền ${formatDong(
    t.collected,
  )}`;
  if (t.exempt) text += `; ${t.exempt} đồng chí được miễn`;
  text += unpaidNames.length ? `; chưa nộp: ${unpaidNames.join(", ")}.` : ".";
  return { month, ...t, unpaidNames, text };
}
