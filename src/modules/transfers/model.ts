import { z } from "zod";
import { isoDate, optionalDate, optionalText, text, version } from "../../core/http/schemas.js";
import { addMonths } from "../../core/time.js";
import { addWorkingDays, type HolidayCalendar } from "../../core/working-days.js";

/**
 * Transfers of party activity across the đảng bộ's edge, DOMAIN §3.8 (294-QĐ/TW §6.3): the official transfer out
 * with its giấy giới thiệu, the member received from another đảng bộ, and the temporary stay at a host cell.
 */

export const TRANSFER_DIRECTIONS = ["out", "in"] as const;
export type TransferDirection = (typeof TRANSFER_DIRECTIONS)[number];
/** Work (or residence) and study: study may last up to two years. */
export const STAY_PURPOSES = ["work", "study"] as const;
export type StayPurpose = (typeof STAY_PURPOSES)[number];

const letterTemplate = z.object({
  summary: z.string(),
  sections: z.array(z.object({ heading: z.string(), text: z.string() })),
  recipients: z.array(z.string()),
});

/** The rulebook of kind `transfer`. */
export const transferRulesSchema = z.object({
  workingDays: z.object({
    /** From the decision moving the member's job or residence to the start of the transfer (the letter issued). */
    start: z.number().int().positive(),
    /** From the letter's issue to its presentation to the receiving party organisation. */
    present: z.number().int().positive(),
  }),
  temporary: z.object({
    /** A shorter stay needs no transfer. */
    minMonths: z.number().int().positive(),
    /** Work: strictly under this many months. */
    workMonthsUnder: z.number().int().positive(),
    /** Study: up to this many months. */
    studyMonthsMax: z.number().int().positive(),
  }),
  /**
   * Working days before a deadline (the letter's presentation, a temporary stay's end) at which the secretaries and
   * the office are reminded; one more reminder goes out when it has passed.
   */
  remindWorkingDaysBefore: z.array(z.number().int().positive()).min(1),
  /** The register's type the giấy giới thiệu is numbered in. */
  letterType: z.string().min(1).max(8),
  letter: letterTemplate,
  source: z.string(),
});
export type TransferRules = z.infer<typeof transferRulesSchema>;

export type DurationIssue = "stay_too_short" | "stay_too_long" | "stay_ends_before_start";

/**
 * Whether a stay from `startsOn` to `endsOn` is a temporary transfer: at least `minMonths` (a shorter stay needs no
 * transfer), and for work strictly under `workMonthsUnder`, for study at most `studyMonthsMax`. Months are calendar
 * months (addMonths: 31/01 + 1 month is 28 or 29/02).
 */
export function stayDurationIssue(
  rules: TransferRules["temporary"],
  purpose: StayPurpose,
  startsOn: string,
  endsOn: string,
): DurationIssue | null {
  if (endsOn <= startsOn) return "stay_ends_before_start";
  if (endsOn < addMonths(startsOn, rules.minMonths)) return "stay_too_short";
  if (
    purpose === "work"
      ? endsOn >= addMonths(startsOn, rules.workMonthsUnder)
      : endsOn > addMonths(startsOn, rules.studyMonthsMax)
  )
    return "stay_too_long";
  return null;
}

/** The last day to start the transfer: `start` working days after the job or residence decision. */
export function startDeadline(rules: TransferRules, calendar: HolidayCalendar, decisionOn: string): string {
  return addWorkingDays(calendar, decisionOn, rules.workingDays.start);
}

/** The last day to present the letter to the receiving party organisation: `present` working days after issue. */
export function presentDeadline(rules: TransferRules, calendar: HolidayCalendar, letterIssuedOn: string): string {
  return addWorkingDays(calendar, letterIssuedOn, rules.workingDays.present);
}

/** Where a stay stands on a day: not begun, under way, or over. */
export function stayState(stay: { startsOn: string; endsOn: string }, today: string): "upcoming" | "current" | "ended" {
  if (today < stay.startsOn) return "upcoming";
  return today < stay.endsOn ? "current" : "ended";
}

/** One reminder of a deadline: `before` N working days ahead, or once `passed`. */
export interface Reminder {
  threshold: number | "passed";
  on: string;
}

/**
 * The days a deadline is reminded on: for each threshold N, the day N working days before it (counted back from the
 * due day, so a holiday brings the reminder earlier, never later); and the first working day after the due day,
 * when it has passed. Every reminder falls on a working day.
 */
export function reminderDates(calendar: HolidayCalendar, dueOn: string, workingDaysBefore: number[]): Reminder[] {
  const before = [...new Set(workingDaysBefore)]
    .sort((a, b) => b - a)
    .map((n) => ({ threshold: n, on: addWorkingDays(calendar, dueOn, -n) }));
  return [...before, { threshold: "passed" as const, on: addWorkingDays(calendar, dueOn, 1) }];
}

/**
 * The reminder due on `today`, or null: the latest whose day has come, so a job that did not run for a few days
 * sends the one that matters now and not the stale ones. Its key (`subject`, the due day, the threshold) makes it
 * go out once however often the job runs; a due day moved by a correction gets new reminders.
 */
export function reminderDue(
  calendar: HolidayCalendar,
  subject: string,
  dueOn: string,
  today: string,
  workingDaysBefore: number[],
): (Reminder & { key: string }) | null {
  const due = reminderDates(calendar, dueOn, workingDaysBefore).filter((r) => r.on <= today);
  const last = due.at(-1);
  return last ? { ...last, key: `${subject}:${dueOn}:${last.threshold}` } : null;
}

export type CancelIssue = "cancel_in_future" | "cancel_before_letter" | "letter_expired" | "stay_over";

/**
 * Whether an official transfer out may still be withdrawn on `cancelledOn`: while its giấy giới thiệu is valid
 * (up to the last day to present it). After that the member is taken to have moved and the transfer stands.
 */
export function transferCancelIssue(
  t: { letterIssuedOn: string },
  presentBy: string,
  cancelledOn: string,
  today: string,
): CancelIssue | null {
  if (cancelledOn > today) return "cancel_in_future";
  if (cancelledOn < t.letterIssuedOn) return "cancel_before_letter";
  if (cancelledOn > presentBy) return "letter_expired";
  return null;
}

/** Whether a temporary stay may be cancelled on `cancelledOn`: before it began, or withdrawn before its end. */
export function stayCancelIssue(s: { endsOn: string }, cancelledOn: string, today: string): CancelIssue | null {
  if (cancelledOn > today) return "cancel_in_future";
  if (cancelledOn >= s.endsOn) return "stay_over";
  return null;
}

export const cancelBody = z.object({ cancelledOn: isoDate(), reason: text(500), version: version() });
export type CancelInput = z.infer<typeof cancelBody>;

export const transferOutBody = z.object({
  memberId: z.uuid(),
  counterpart: text(300),
  decisionRef: optionalText(200),
  decisionOn: isoDate(),
  reason: optionalText(500),
  letterIssuedOn: isoDate(),
  lateReason: optionalText(500),
});
export type TransferOutInput = z.infer<typeof transferOutBody>;

/** A member arriving from another đảng bộ: their record as the letter and the party file give it. */
export const transferInBody = z.object({
  cellId: z.uuid(),
  counterpart: text(300),
  letterNumber: text(60),
  letterIssuedOn: isoDate(),
  /** The day the member presented the letter: they join the cell's roster that day. */
  presentedOn: isoDate(),
  lateReason: optionalText(500),
  fullName: text(120),
  status: z.enum(["full", "probationary"]),
  cardNumber: optionalText(30),
  dateOfBirth: isoDate(),
  gender: z
    .enum(["male", "female"])
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  admissionDate: isoDate(),
  officialDate: optionalDate(),
  unit: optionalText(120),
});
export type TransferInInput = z.infer<typeof transferInBody>;

/**
 * A temporary stay. One of our members (memberId) goes to a host cell, ours (hostOrganizationId) or another đảng
 * bộ's (hostName); or a member of another đảng bộ (fullName, dateOfBirth, homeName) comes to one of our cells.
 */
export const temporaryStayBody = z.object({
  memberId: z
    .uuid()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  fullName: optionalText(120),
  dateOfBirth: optionalDate(),
  homeName: optionalText(300),
  hostOrganizationId: z
    .uuid()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  hostName: optionalText(300),
  purpose: z.enum(STAY_PURPOSES),
  startsOn: isoDate(),
  endsOn: isoDate(),
  letterNumber: optionalText(60),
});
export type TemporaryStayInput = z.infer<typeof temporaryStayBody>;

export const hostCommentBody = z.object({ comment: text(2000), commentedOn: isoDate(), version: version() });
export type HostCommentInput = z.infer<typeof hostCommentBody>;
