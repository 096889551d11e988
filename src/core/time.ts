/**
 * Calendar dates are ISO strings (yyyy-mm-dd) everywhere inside chibo; only the UI shows dd/mm/yyyy.
 * Every date the server builds from parts (a year, a month, a day) or from an instant comes from here, so a month's
 * last day is always the real one (30/11, 28 or 29/02) and "today" is always the Hanoi date.
 */

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

let clock: (() => Date) | null = null;

/** Now: the machine's clock, or the instant a test set with setClockForTests. Every "today" is read from here. */
export function now(): Date {
  return clock ? clock() : new Date();
}

/**
 * For tests only: "now" becomes `instant` (a date alone means 09:00 Hanoi that day) until it is set again;
 * with no argument, the machine's clock is back. Timestamps written by the store (created_at) keep the real time.
 */
export function setClockForTests(instant?: Date | string): void {
  if (instant === undefined) clock = null;
  else {
    const fixed = typeof instant === "string" && instant.length === 10 ? hanoiAt(instant, "09:00") : new Date(instant);
    clock = () => new Date(fixed);
  }
}

/**
 * An instant moved to Hanoi wall time: its UTC fields (getUTCDay, getUTCHours, toISOString) read what a clock in
 * Vietnam shows. Vietnam has one time zone (UTC+7) and no daylight saving.
 */
export function hanoiWallClock(instant: Date | string | number = now()): Date {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === "string" ? Date.parse(instant) : instant;
  return new Date(ms + 7 * 3600 * 1000);
}

/** The instant a clock in Hanoi shows `time` (HH:mm) on `date`. */
export function hanoiAt(date: string, time = "00:00"): Date {
  return new Date(`${date}T${time}:00+07:00`);
}

/** An instant written as Hanoi wall time with its offset: "2026-11-03T14:00:00+07:00". */
export function hanoiIsoString(instant: Date | string | number): string {
  return `${hanoiWallClock(instant).toISOString().slice(0, 19)}+07:00`;
}

/** The Hanoi calendar date of an instant. */
export function hanoiDate(instant: Date | string | number = now()): string {
  return hanoiWallClock(instant).toISOString().slice(0, 10);
}

export function todayIso(instant = now()): string {
  return hanoiDate(instant);
}

/** Days in a month (1-12) of a year: 28, 29, 30 or 31. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The ISO date of a day, clamped to the month's last day (day 31 of November is 30/11). */
export function dateOf(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(Math.max(day, 1), daysInMonth(year, month)))}`;
}

/** First and last day of a month, or of the whole year when no month is given. */
export function monthRange(year: number, month?: number): { from: string; to: string } {
  if (!month) return { from: dateOf(year, 1, 1), to: dateOf(year, 12, 31) };
  return { from: dateOf(year, month, 1), to: dateOf(year, month, 31) };
}

/** Adds calendar months, clamping to the month's last day (29/02 + 12 months → 28/02). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  return dateOf(Math.floor(total / 12), (total % 12) + 1, d);
}

/** Adds calendar days (negative to go back). */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}
