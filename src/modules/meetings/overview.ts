import { compareVietnamese } from "../../core/i18n/index.js";
import { hanoiDate } from "../../core/time.js";
import { type MeetingRules, needsHelp, proposeMeetingDate } from "./model.js";
import { type Rating, rateYear, type ScoreSheet } from "./scoring.js";

// The đảng ủy's overview of its cells' meetings, as a pure function of what was read: no I/O here.

/** One row per cell, or per meeting of a cell in the period (a cell without any has one row of nulls). */
export interface OverviewRow {
  organizationId: string;
  organizationName: string;
  meetingId: string | null;
  date: string | null;
  kind: string | null;
  status: string | null;
  rating: string | null;
  total: number | null;
  /** When it actually started (null until it did). */
  startedAt?: string | null;
}

interface MonthCell {
  meetingId: string;
  /** The day it was held: the actual start's (Hanoi) date, else the scheduled one. */
  heldOn: string;
  status: string;
  ratePercent: number | null;
  rating: string | null;
  total: number | null;
}

/** Cells named in the overview's "needs help" box; the count covers them all. */
const HELP_LIST = 20;

/** A meeting the overview counts: a monthly (or combined) meeting that took place. */
export const countedInOverview = (r: OverviewRow): r is OverviewRow & { meetingId: string; date: string } =>
  !!r.meetingId && !!r.date && (r.kind === "monthly" || r.kind === "combined") && r.status !== "planned";

export function meetingOverview(input: {
  year: number;
  month?: number;
  offset: number;
  limit: number;
  today: string;
  rules: Pick<MeetingRules, "meetingDay" | "attendance">;
  rows: OverviewRow[];
  /** Attendance rate by meeting id, for the counted meetings. */
  rates: Map<string, number | null>;
  /** The first meeting recorded for each cell: a cell is expected to meet only from then on. */
  firsts: Map<string, string>;
  /** The score sheet rating the year (null: none in force); used for a whole year only. */
  yearSheet: Pick<ScoreSheet, "yearly"> | null;
}) {
  const { year, month, today, rules, rows, rates, firsts, yearSheet } = input;
  const cells = new Map<
    string,
    { organizationId: string; organizationName: string; months: Record<number, MonthCell> }
  >();
  for (const r of rows) {
    let cell = cells.get(r.organizationId);
    if (!cell) {
      cell = { organizationId: r.organizationId, organizationName: r.organizationName, months: {} };
      cells.set(r.organizationId, cell);
    }
    if (!countedInOverview(r)) continue;
    cell.months[Number(r.date.slice(5, 7))] = {
      meetingId: r.meetingId,
      heldOn: r.startedAt ? hanoiDate(r.startedAt) : r.date,
      status: r.status!,
      ratePercent: rates.get(r.meetingId) ?? null,
      rating: r.rating,
      total: r.total,
    };
  }
  const [ty, tm] = today.split("-").map(Number) as [number, number];
  const monthsInScope = month ? [month] : Array.from({ length: 12 }, (_, i) => i + 1);
  // A month is expected once it has passed (the current month counts once its meeting day is behind us).
  const expectedAll = monthsInScope.filter(
    (mo) => year < ty || (year === ty && (mo < tm || (mo === tm && proposeMeetingDate(rules, year, mo) < today))),
  );
  const list = [...cells.values()].map((c) => {
    // A cell is expected to have met only since it started recording its meetings in chibo.
    const first = firsts.get(c.organizationId);
    const expectedMonths = first
      ? expectedAll.filter((mo) => `${year}-${String(mo).padStart(2, "0")}` >= first.slice(0, 7))
      : [];
    const held = Object.keys(c.months).map(Number);
    const monthRates = Object.values(c.months)
      .map((x) => x.ratePercent)
      .filter((x): x is number => x !== null);
    const ratePercent = monthRates.length
      ? Math.round((monthRates.reduce((a, b) => a + b, 0) / monthRates.length) * 10) / 10
      : null;
    const ratings = Object.values(c.months).map((x) => x.rating);
    return {
      ...c,
      held: held.length,
      expected: expectedMonths.length,
      notHeld: expectedMonths.filter((mo) => !held.includes(mo)),
      ratePercent,
      ratings: {
        good: ratings.filter((x) => x === "good").length,
        fair: ratings.filter((x) => x === "fair").length,
        average: ratings.filter((x) => x === "average").length,
        poor: ratings.filter((x) => x === "poor").length,
      },
      yearRating:
        !month && yearSheet
          ? rateYear(
              yearSheet,
              expectedMonths.map((mo) => (c.months[mo]?.rating as Rating | undefined) ?? null),
            )
          : null,
      needsHelp: needsHelp(
        {
          held: held.filter((mo) => expectedMonths.includes(mo)).length,
          expected: expectedMonths.length,
          ratePercent,
          poorRatings: ratings.filter((x) => x === "poor" || x === "average").length,
        },
        rules.attendance.minPercent,
      ),
    };
  });
  // The whole tree's chart and help list, and the cells a page at a time: a province has 8,000 of them.
  list.sort((a, b) => compareVietnamese(a.organizationName, b.organizationName));
  const heldByMonth = Array.from({ length: 12 }, () => 0);
  for (const c of list) for (const mo of Object.keys(c.months)) heldByMonth[Number(mo) - 1]!++;
  const help = list.filter((c) => c.needsHelp.length > 0);
  return {
    year,
    month: month ?? null,
    attendanceMinPercent: rules.attendance.minPercent,
    total: list.length,
    heldByMonth,
    needsHelp: {
      total: help.length,
      items: help.slice(0, HELP_LIST).map((c) => ({
        organizationId: c.organizationId,
        organizationName: c.organizationName,
        needsHelp: c.needsHelp,
        notHeld: c.notHeld,
      })),
    },
    offset: input.offset,
    cells: list.slice(input.offset, input.offset + input.limit),
  };
}
