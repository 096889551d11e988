import { z } from "zod";
import { addDays } from "./time.js";

/**
 * Working days (ngày làm việc): every day that is not a weekly rest day and not a public holiday or a compensatory
 * day off. The party's deadlines (admission, recognition, transfers) are counted in them.
 *
 * The holiday calendar is a rulebook (kind `holidays`) because Tết and the Hùng Kings' day follow the lunar
 * calendar and the government announces each year which days are taken off and which Saturdays are worked instead.
 * Years the rulebook lists explicitly are exact; outside them only the weekly rest days and the solar holidays of
 * the Labour Code (`fixedDates`) are known, so a far deadline may come a few days early — never late.
 */

export const HOLIDAYS_KIND = "holidays";

const isoDate = z.iso.date();

export const holidayCalendarSchema = z.object({
  /** Weekly rest days, 0 = Sunday … 6 = Saturday. */
  weekendDays: z.array(z.number().int().min(0).max(6)),
  /** Years whose days off are listed in full in `daysOff`. */
  coveredYears: z.object({ from: z.number().int(), to: z.number().int() }),
  /** Solar holidays by month and day, applied to years outside `coveredYears`. */
  fixedDates: z.array(
    z.object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31), name: z.string() }),
  ),
  /**
   * Days off in the covered years: `law` a holiday of the Labour Code, `compensatory` the day off for a holiday that
   * fell on a rest day, `announced` a day the government's yearly notice added or swapped, `estimated` read from the
   * law where no notice was found yet.
   */
  daysOff: z.array(
    z.object({
      date: isoDate,
      name: z.string(),
      basis: z.enum(["law", "compensatory", "announced", "estimated"]),
    }),
  ),
  /** Rest days worked instead (làm bù) by the government's notice. */
  workingRestDays: z.array(z.object({ date: isoDate, name: z.string() })),
});

export type HolidayCalendar = z.infer<typeof holidayCalendarSchema>;

interface Compiled {
  off: Set<string>;
  worked: Set<string>;
  fixed: Set<string>;
  weekend: Set<number>;
  from: number;
  to: number;
  /** Dates already counted, by start and count: a board of 24,000 candidates shares a few hundred start days. */
  counted: Map<string, string>;
}

const COUNTED_KEPT = 50_000;

const compiled = new WeakMap<HolidayCalendar, Compiled>();

function compile(calendar: HolidayCalendar): Compiled {
  let c = compiled.get(calendar);
  if (!c) {
    c = {
      off: new Set(calendar.daysOff.map((d) => d.date)),
      worked: new Set(calendar.workingRestDays.map((d) => d.date)),
      fixed: new Set(
        calendar.fixedDates.map((d) => `${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`),
      ),
      weekend: new Set(calendar.weekendDays),
      from: calendar.coveredYears.from,
      to: calendar.coveredYears.to,
      counted: new Map(),
    };
    compiled.set(calendar, c);
  }
  return c;
}

/** Whether `iso` is a working day under the calendar. */
export function isWorkingDay(calendar: HolidayCalendar, iso: string): boolean {
  const c = compile(calendar);
  if (c.worked.has(iso)) return true;
  const year = Number(iso.slice(0, 4));
  if (year >= c.from && year <= c.to) {
    if (c.off.has(iso)) return false;
  } else if (c.fixed.has(iso.slice(5))) return false;
  return !c.weekend.has(new Date(`${iso}T00:00:00Z`).getUTCDay());
}

/**
 * The date on which `count` working days have passed after `fromIso` (the start day itself is not counted, as for
 * "within 60 working days of the resolution"). With `count` 0 the start day is returned; a negative count goes back.
 */
export function addWorkingDays(calendar: HolidayCalendar, fromIso: string, count: number): string {
  if (!Number.isInteger(count)) throw new RangeError(`count must be an integer, got ${count}`);
  const { counted } = compile(calendar);
  const key = `${fromIso}|${count}`;
  const known = counted.get(key);
  if (known) return known;
  const step = count < 0 ? -1 : 1;
  let day = fromIso;
  for (let left = Math.abs(count); left > 0; ) {
    day = addDays(day, step);
    if (isWorkingDay(calendar, day)) left--;
  }
  if (counted.size >= COUNTED_KEPT) counted.clear();
  counted.set(key, day);
  return day;
}

/**
 * Working days after `fromIso` up to and including `toIso`: addWorkingDays(c, a, workingDaysBetween(c, a, b)) is b
 * whenever b is a working day. Negative when `toIso` is before `fromIso` (counted the same way, backwards).
 */
export function workingDaysBetween(calendar: HolidayCalendar, fromIso: string, toIso: string): number {
  if (toIso < fromIso) return -workingDaysBetween(calendar, toIso, fromIso);
  let count = 0;
  for (let day = addDays(fromIso, 1); day <= toIso; day = addDays(day, 1)) if (isWorkingDay(calendar, day)) count++;
  return count;
}
