/**
 * A member's status as a history of dated periods, and the status on a given day. Pure: no I/O.
 *
 * A period applies from `startsOn` (inclusive; null = since before the history began) to `endsOn` (exclusive: the
 * day of the next change; null = still applies). Standing (probationary, then full) is one sequence without
 * overlaps; exemption, suspension and leaving are periods of their own beside it.
 */
import type { MemberStatus } from "./model.js";

export const STATUS_KINDS = ["probationary", "full", "exempt", "suspended", "left"] as const;
export type StatusKind = (typeof STATUS_KINDS)[number];

export const STATUS_CHANGES = [
  "recognition",
  "exemption_start",
  "exemption_end",
  "suspension_start",
  "suspension_end",
] as const;
export type StatusChange = (typeof STATUS_CHANGES)[number];

export interface StatusPeriod {
  kind: StatusKind;
  startsOn: string | null;
  endsOn: string | null;
}

export interface StatusOnDay {
  /** Probationary or full on that day; null before the member's admission (as far as the history knows). */
  standing: MemberStatus | null;
  exempt: boolean;
  suspended: boolean;
  left: boolean;
}

/** Whether a period covers the day: on its first day yes, on its end day no. */
export function covers(p: { startsOn: string | null; endsOn: string | null }, date: string): boolean {
  return (p.startsOn === null || p.startsOn <= date) && (p.endsOn === null || date < p.endsOn);
}

/** The status on a day. With overlapping standing periods (a record corrected by hand) the later start wins. */
export function statusOn(history: readonly StatusPeriod[], date: string): StatusOnDay {
  const standing = history
    .filter((p) => (p.kind === "full" || p.kind === "probationary") && covers(p, date))
    .sort((a, b) => (a.startsOn ?? "").localeCompare(b.startsOn ?? ""))
    .at(-1);
  const any = (kind: StatusKind) => history.some((p) => p.kind === kind && covers(p, date));
  return {
    standing: (standing?.kind as MemberStatus | undefined) ?? null,
    exempt: any("exempt"),
    suspended: any("suspended"),
    left: any("left"),
  };
}

/**
 * The history a member's record implies when nothing was recorded as it happened: admission opens the probation,
 * recognition (the official date) the full standing; a current exemption is carried without a start; leaving
 * starts on the day left. The migration member_status_history backfills existing members with the same rule.
 */
export function periodsFromRecord(m: {
  status: MemberStatus;
  admissionDate: string | null;
  ceremonyDate: string | null;
  officialDate: string | null;
  exemptFromActivities: boolean;
  leftOn: string | null;
}): StatusPeriod[] {
  const periods: StatusPeriod[] = [];
  const admitted = m.admissionDate ?? m.ceremonyDate;
  if (m.status === "probationary" || m.officialDate)
    periods.push({ kind: "probationary", startsOn: admitted, endsOn: m.status === "full" ? m.officialDate : null });
  if (m.status === "full") periods.push({ kind: "full", startsOn: m.officialDate, endsOn: null });
  if (m.exemptFromActivities) periods.push({ kind: "exempt", startsOn: null, endsOn: null });
  if (m.leftOn) periods.push({ kind: "left", startsOn: m.leftOn, endsOn: null });
  return periods;
}

export type ChangeIssue =
  | "not_probationary"
  | "already_exempt"
  | "not_exempt"
  | "already_suspended"
  | "not_suspended"
  | "before_period_start";

/**
 * What a dated change does to the history: which open period it closes (by index) and which it opens. The member
 * record's current columns follow from `record`. A change dated before the start of the period it ends is refused.
 */
export function planChange(
  history: readonly StatusPeriod[],
  change: StatusChange,
  on: string,
):
  | { issue: ChangeIssue }
  | {
      close: number | null;
      open: StatusKind | null;
      record: { status?: MemberStatus; officialDate?: string; exemptFromActivities?: boolean };
    } {
  const open = (kind: StatusKind) => history.findIndex((p) => p.kind === kind && p.endsOn === null);
  const ending = (index: number, issue: ChangeIssue) => {
    if (index < 0) return { issue };
    const start = history[index]!.startsOn;
    return start !== null && on < start ? { issue: "before_period_start" as const } : null;
  };
  switch (change) {
    case "recognition": {
      const i = open("probationary");
      return ending(i, "not_probationary") ?? { close: i, open: "full", record: { status: "full", officialDate: on } };
    }
    case "exemption_start":
      return open("exempt") >= 0
        ? { issue: "already_exempt" }
        : { close: null, open: "exempt", record: { exemptFromActivities: true } };
    case "exemption_end": {
      const i = open("exempt");
      return ending(i, "not_exempt") ?? { close: i, open: null, record: { exemptFromActivities: false } };
    }
    case "suspension_start":
      return open("suspended") >= 0 ? { issue: "already_suspended" } : { close: null, open: "suspended", record: {} };
    case "suspension_end": {
      const i = open("suspended");
      return ending(i, "not_suspended") ?? { close: i, open: null, record: {} };
    }
  }
}

/** One move of a member between organisations, with whether its target lies inside the cell asked about. */
export interface TransferStep {
  transferredOn: string;
  inside: boolean;
}

/**
 * The periods a member belonged to the cell, from their transfers in the order made: each step holds until the
 * next one (several on one day: the last counts). Leaving ends everything.
 */
export function cellIntervals(
  steps: readonly TransferStep[],
  leftOn: string | null,
): { from: string; to: string | null }[] {
  const out: { from: string; to: string | null }[] = [];
  steps.forEach((s, i) => {
    if (!s.inside) return;
    let to = steps[i + 1]?.transferredOn ?? null;
    if (leftOn !== null && (to === null || leftOn < to)) to = leftOn;
    if (to !== null && to <= s.transferredOn) return;
    const last = out.at(-1);
    if (last && last.to === s.transferredOn) last.to = to;
    else out.push({ from: s.transferredOn, to });
  });
  return out;
}

/** A member as the cell knew them over a period: when they belonged to it, and their status history. */
export interface CellMemberHistory {
  id: string;
  fullName: string;
  inCell: { from: string; to: string | null }[];
  history: StatusPeriod[];
}

export interface CellMemberOnDay {
  id: string;
  fullName: string;
  status: MemberStatus;
  exempt: boolean;
  suspended: boolean;
}

/** The member on a day, or null when they were not a member of the cell that day (not yet admitted, left, away). */
export function memberOn(m: CellMemberHistory, date: string): CellMemberOnDay | null {
  if (!m.inCell.some((i) => i.from <= date && (i.to === null || date < i.to))) return null;
  const s = statusOn(m.history, date);
  if (s.standing === null || s.left) return null;
  return { id: m.id, fullName: m.fullName, status: s.standing, exempt: s.exempt, suspended: s.suspended };
}
