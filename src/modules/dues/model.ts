import { z } from "zod";
import { isoDate, optionalText, version } from "../../core/http/schemas.js";
import { addMonths, dateOf, daysInMonth } from "../../core/time.js";

/**
 * Party dues (đảng phí), DOMAIN §3.7, Quy định 01-QĐ/TW (2026). Money is whole đồng (integers) everywhere: rates
 * are basis points (100 = 1%), and every share of an amount is rounded once, to the rulebook's unit (ADR 0133).
 * A month is "YYYY-MM"; the rulebook of a month is the one in force on its last day.
 */

export const BASIS_KINDS = ["salary", "sick_leave", "pension", "student", "other"] as const;
export type BasisKind = (typeof BASIS_KINDS)[number];
export const EXEMPTIONS = ["membership_50_years", "social_pension", "poor_household", "catastrophic_illness"] as const;
export type Exemption = (typeof EXEMPTIONS)[number];
export const PAYMENT_METHODS = ["cash", "online"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** The rulebook of kind `dues`. */
export const duesRulesSchema = z.object({
  rates: z.object({
    /** Share of the previous month's social-insurance salary base, in basis points (100 = 1%). */
    salaryBasisPoints: z.number().int().min(0).max(10_000),
    /** Share of the sick or maternity leave benefit. */
    sickLeaveBasisPoints: z.number().int().min(0).max(10_000),
    pensionBasisPoints: z.number().int().min(0).max(10_000),
    /** Fixed monthly amount for pupils and students, in đồng. */
    studentAmount: z.number().int().min(0),
  }),
  /** Amounts are rounded half up to a multiple of this many đồng (1: to the đồng). */
  roundTo: z.number().int().positive(),
  exemptions: z.array(z.enum(EXEMPTIONS)),
  /** Years of membership after which a member no longer pays. */
  exemptAfterMembershipYears: z.number().int().positive(),
  reductionPercents: z.array(z.number().int().min(1).max(99)),
  /** A reduction lasts at most this many months, the first month included. */
  reductionMaxMonths: z.number().int().positive(),
  /** Months unpaid in a calendar year after which the cell proposes removal from the list. */
  removalAfterUnpaidMonths: z.number().int().positive(),
  source: z.string(),
});
export type DuesRules = z.infer<typeof duesRulesSchema>;

// ── months ──

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const isMonth = (s: string) => MONTH.test(s) && s >= "1900-01" && s <= "2100-12";
/** The first day of a month: its row key. */
export const monthStart = (month: string) => `${month}-01`;
/** The last day of a month: the rulebook of the month is the one in force that day. */
export function monthEnd(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return dateOf(y, m, daysInMonth(y, m));
}
export const monthOf = (isoDay: string) => isoDay.slice(0, 7);
export const nextMonth = (month: string, n = 1) => monthOf(addMonths(monthStart(month), n));
/** Months from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) out.push(m);
  return out;
}

// ── money ──

/**
 * `amount × numerator / denominator`, rounded half up to a multiple of `roundTo` đồng, in integers only: 1% of
 * 4,680,050 đ is 46,800.5 → 46,801 đ. Exact for any amount a salary can be (below 2^53 / 10,000).
 */
export function shareOf(amount: number, numerator: number, denominator: number, roundTo = 1): number {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`not an amount in đồng: ${amount}`);
  const unit = denominator * roundTo;
  return Math.floor((amount * numerator * 2 + unit) / (2 * unit)) * roundTo;
}

/** A member's dues basis from a month on: what they earn, and any exemption or time-limited reduction. */
export interface Basis {
  kind: BasisKind;
  /** The salary base, benefit or pension in đồng; for "other", the monthly amount itself; unused for students. */
  amount: number;
  fromMonth: string;
  exemption: Exemption | null;
  reductionPercent: number | null;
  /** The last month of the reduction. */
  reductionUntil: string | null;
}

export interface Due {
  /** What the member owes for the month, in đồng (0 when exempt). */
  amount: number;
  /** The amount before any reduction. */
  full: number;
  exemption: Exemption | null;
  reductionPercent: number | null;
}

/** The basis in force in a month: the latest one from that month or earlier (history sorted any way). */
export function basisFor<B extends Pick<Basis, "fromMonth">>(history: B[], month: string): B | null {
  let found: B | null = null;
  for (const b of history) if (b.fromMonth <= month && (!found || b.fromMonth > found.fromMonth)) found = b;
  return found;
}

/** Whether the member has 50 years (rulebook) in the party by the month: exempt from the month they are reached. */
export function exemptByMembership(admissionDate: string | null, month: string, rules: DuesRules): boolean {
  if (!admissionDate) return false;
  return monthOf(addMonths(admissionDate, rules.exemptAfterMembershipYears * 12)) <= month;
}

/** The month's dues from the basis in force and the rulebook of the month. */
export function monthlyDue(basis: Basis, month: string, rules: DuesRules, admissionDate: string | null = null): Due {
  const exemption = basis.exemption ?? (exemptByMembership(admissionDate, month, rules) ? "membership_50_years" : null);
  const r = rules.rates;
  const full =
    basis.kind === "student"
      ? r.studentAmount
      : basis.kind === "other"
        ? basis.amount
        : shareOf(
            basis.amount,
            basis.kind === "pension"
              ? r.pensionBasisPoints
              : basis.kind === "sick_leave"
                ? r.sickLeaveBasisPoints
                : r.salaryBasisPoints,
            10_000,
            rules.roundTo,
          );
  if (exemption) return { amount: 0, full, exemption, reductionPercent: null };
  const reduced =
    basis.reductionPercent !== null && basis.reductionUntil !== null && month <= basis.reductionUntil
      ? basis.reductionPercent
      : null;
  const amount = reduced === null ? full : shareOf(full, 100 - reduced, 100, rules.roundTo);
  return { amount, full, exemption: null, reductionPercent: reduced };
}

/**
 * Why a reduction cannot be recorded, or null: a percentage the rulebook does not list, an end before its start,
 * or longer than the rulebook's months (12: from January, the last month is December).
 */
export function reductionProblem(
  fromMonth: string,
  percent: number,
  until: string,
  rules: Pick<DuesRules, "reductionPercents" | "reductionMaxMonths">,
): "percent" | "until_before_from" | "too_long" | null {
  if (!rules.reductionPercents.includes(percent)) return "percent";
  if (until < fromMonth) return "until_before_from";
  if (until > nextMonth(fromMonth, rules.reductionMaxMonths - 1)) return "too_long";
  return null;
}

export interface MonthState {
  month: string;
  /** Owed that month (0: exempt, or not a member of the cell that month). */
  due: number;
  paid: boolean;
}

/**
 * The months of `year` left unpaid up to and including `through` (the last month whose dues were due): a month
 * counts only when something was owed and nothing was paid. Exempt months and months in the future do not count.
 */
export function unpaidMonths(months: MonthState[], year: number, through: string): string[] {
  const prefix = `${year}-`;
  return months
    .filter((m) => m.month.startsWith(prefix) && m.month <= through && m.due > 0 && !m.paid)
    .map((m) => m.month)
    .sort();
}

/** Three months (rulebook) unpaid in the year: the cell should propose removing the member from the list. */
export function reachesRemoval(months: MonthState[], year: number, through: string, rules: DuesRules): boolean {
  return unpaidMonths(months, year, through).length >= rules.removalAfterUnpaidMonths;
}

/** The dedupe key of the warning: one per member and year, however often the job runs. */
export const removalWarningKey = (memberId: string, year: number) => `dues:${memberId}:${year}:unpaid`;

// ── input ──

/** Whole đồng, never negative, never a fraction: the field is named in the refusal. */
export const dong = () =>
  z
    .number({ message: "dues.amount_whole" })
    .int({ message: "dues.amount_whole" })
    .min(0, { message: "dues.amount_negative" })
    .max(1_000_000_000_000, { message: "dues.amount_too_large" });

export const monthString = () => z.string().refine(isMonth, { message: "dues.month_invalid" });

export const monthQuery = z.object({ month: monthString() });
export const yearQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const basisBody = z
  .object({
    kind: z.enum(BASIS_KINDS),
    amount: dong(),
    fromMonth: monthString(),
    exemption: z
      .enum(EXEMPTIONS)
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    reductionPercent: z
      .number()
      .int()
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    reductionReason: optionalText(300),
    reductionUntil: monthString()
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    note: optionalText(300),
  })
  .superRefine((b, ctx) => {
    if (b.reductionPercent !== null && !b.reductionUntil)
      ctx.addIssue({ code: "custom", path: ["reductionUntil"], message: "dues.reduction_until_required" });
    if (b.reductionPercent !== null && !b.reductionReason)
      ctx.addIssue({ code: "custom", path: ["reductionReason"], message: "dues.reduction_reason_required" });
  });
export type BasisInput = z.infer<typeof basisBody>;

const paymentFields = {
  method: z.enum(PAYMENT_METHODS),
  reference: optionalText(100),
  paidOn: isoDate(),
};
const needsReference = (p: { method: PaymentMethod; reference: string | null }) =>
  p.method === "cash" || p.reference !== null;

export const paymentBody = z
  .object({ memberId: z.uuid(), month: monthString(), amount: dong(), ...paymentFields })
  .refine(needsReference, { path: ["reference"], message: "dues.reference_required" });
export type PaymentInput = z.infer<typeof paymentBody>;

/** "Tất cả đã nộp": every member who owes the month and has not paid it pays their due, in cash, on `paidOn`. */
export const allPaidBody = z.object({
  month: monthString(),
  paidOn: isoDate(),
  /** Members left out: the exceptions, entered one by one afterwards. */
  except: z.array(z.uuid()).max(500).default([]),
});

export const handoverBody = z.object({ month: monthString(), handedOn: isoDate() });

export const paymentIdParams = z.object({ id: z.uuid() });
export const cancelPaymentBody = z.object({ version: version() });

/** Đồng as Vietnamese print them: groups of three with dots, "46.801 đ" (amounts are whole, never rounded here). */
export function formatDong(amount: number): string {
  const digits = String(Math.abs(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${amount < 0 ? "-" : ""}${digits} đ`;
}

/** "11/2026" from "2026-11". */
export const monthLabel = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;
