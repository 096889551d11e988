import { stripDiacritics } from "../../core/text.js";
import type { PaymentMethod } from "./model.js";

/**
 * A month of dues from a spreadsheet, read without the database: the header row (found among the first rows by
 * its "Họ và tên" and "Số tiền" columns), then one payment a row. What the rows mean for the cell (who the name
 * is, whether the month is paid already) is decided by the operation, inside its transaction.
 */

export const DUES_IMPORT_MAX_ROWS = 2_000;

type Cell = string | number | boolean | Date | null;
export interface ImportedPayment {
  rowNumber: number;
  fullName: string;
  amount: number;
  method: PaymentMethod;
  reference: string | null;
  paidOn: string | null;
}
export interface ImportProblem {
  rowNumber: number;
  column: "fullName" | "amount" | "method" | "paidOn" | "file";
  code: "missing_header" | "missing_name" | "amount_whole" | "amount_negative" | "method" | "date" | "too_many_rows";
}

const fold = (v: Cell) =>
  stripDiacritics(String(v ?? ""))
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
const HEADERS: Record<string, keyof Omit<ImportedPayment, "rowNumber">> = {
  "ho va ten": "fullName",
  "ho ten": "fullName",
  "so tien": "amount",
  "hinh thuc": "method",
  "ma giao dich": "reference",
  "ngay nop": "paidOn",
};

function isoOf(v: Cell): string | null | undefined {
  if (v === null || v === "") return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(String(v).trim());
  if (!m) return /^\d{4}-\d{2}-\d{2}$/.test(String(v).trim()) ? String(v).trim() : undefined;
  return `${m[3]}-${m[2]!.padStart(2, "0")}-${m[1]!.padStart(2, "0")}`;
}

/** Whole đồng from a cell: 50000, "50.000", "50,000 đ"; a fraction or a sign is reported, never rounded away. */
function amountOf(v: Cell): number | "amount_whole" | "amount_negative" {
  const raw = typeof v === "number" ? v : Number(String(v ?? "").replace(/[.,\sđ₫d]/gi, ""));
  if (typeof v === "string" && /[.,]\d{1,2}\s*(đ|₫)?$/i.test(v.trim())) return "amount_whole";
  if (!Number.isFinite(raw) || String(v ?? "").trim() === "") return "amount_whole";
  if (raw < 0) return "amount_negative";
  return Number.isSafeInteger(raw) ? raw : "amount_whole";
}

export function parseDuesSheet(rows: { rowNumber: number; cells: readonly Cell[] }[]): {
  payments: ImportedPayment[];
  problems: ImportProblem[];
} {
  const problems: ImportProblem[] = [];
  const payments: ImportedPayment[] = [];
  if (rows.length > DUES_IMPORT_MAX_ROWS) {
    return { payments, problems: [{ rowNumber: 0, column: "file", code: "too_many_rows" }] };
  }
  const headerAt = rows.slice(0, 10).findIndex((r) => r.cells.some((c) => HEADERS[fold(c)] === "fullName"));
  const header = rows[headerAt];
  const columns = new Map<keyof Omit<ImportedPayment, "rowNumber">, number>();
  header?.cells.forEach((c, i) => {
    const field = HEADERS[fold(c)];
    if (field && !columns.has(field)) columns.set(field, i);
  });
  if (!header || !columns.has("fullName") || !columns.has("amount")) {
    return { payments, problems: [{ rowNumber: header?.rowNumber ?? 1, column: "file", code: "missing_header" }] };
  }
  const at = (r: { cells: readonly Cell[] }, f: keyof Omit<ImportedPayment, "rowNumber">) =>
    columns.has(f) ? (r.cells[columns.get(f)!] ?? null) : null;
  for (const r of rows.slice(headerAt + 1)) {
    if (r.cells.every((c) => c === null || String(c).trim() === "")) continue;
    const fullName = String(at(r, "fullName") ?? "")
      .normalize("NFC")
      .replace(/\s+/g, " ")
      .trim();
    if (!fullName) {
      problems.push({ rowNumber: r.rowNumber, column: "fullName", code: "missing_name" });
      continue;
    }
    const amount = amountOf(at(r, "amount"));
    if (typeof amount === "string") {
      problems.push({ rowNumber: r.rowNumber, column: "amount", code: amount });
      continue;
    }
    const how = fold(at(r, "method"));
    const method: PaymentMethod | null =
      how === "" || how.includes("tien mat") || how === "cash"
        ? "cash"
        : how.includes("truc tuyen") || how.includes("online") || how.includes("chuyen khoan")
          ? "online"
          : null;
    if (!method) {
      problems.push({ rowNumber: r.rowNumber, column: "method", code: "method" });
      continue;
    }
    const paidOn = isoOf(at(r, "paidOn"));
    if (paidOn === undefined) {
      problems.push({ rowNumber: r.rowNumber, column: "paidOn", code: "date" });
      continue;
    }
    const ref = String(at(r, "reference") ?? "").trim();
    payments.push({ rowNumber: r.rowNumber, fullName, amount, method, reference: ref || null, paidOn });
  }
  return { payments, problems };
}
