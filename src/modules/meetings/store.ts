import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import { queryRows, uuidArray, type Executor } from "../../core/db/index.js";
import { organizations } from "../organizations/schema.js";
import { memberPathNow } from "../members/public-meetings.js";
import { cellMembersDuring, cellMembersOn, memberOn } from "../members/presence.js";
import { memberNames } from "../members/store.js";
import { followedNow } from "../organizations/public-meetings.js";
import {
  calendarTokens,
  meetingAmendments,
  meetingAttendance,
  meetingContributions,
  meetings,
  meetingScores,
  meetingSteps,
  meetingTasks,
  meetingVotes,
} from "./schema.js";
import type { AttendanceEntry, AttendanceStatus, RosterMember, StepRecord } from "./model.js";
import { resolutions } from "../resolutions/schema.js";
import { planItems, plans } from "../plans/schema.js";
import { tasks } from "../tasks/schema.js";
import type { ResolutionWork } from "./scoring.js";

export type MeetingRow = typeof meetings.$inferSelect;

export type Meeting = MeetingRow & { organizationPath: string; organizationName: string };

/** A meeting with its organisation's path and name; `forUpdate` locks the meeting's row (not the organisation's). */
export async function getMeeting(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<Meeting | null> {
  const q = ex
    .select({ meeting: meetings, path: organizations.path, name: organizations.name })
    .from(meetings)
    .innerJoin(organizations, eq(organizations.id, meetings.organizationId))
    .where(eq(meetings.id, id));
  const [row] = opts.forUpdate ? await q.for("update", { of: meetings }) : await q;
  return row ? { ...row.meeting, organizationPath: row.path, organizationName: row.name } : null;
}

export async function listMeetings(
  ex: Executor,
  organizationId: string,
  q: { from?: string; to?: string; status?: MeetingRow["status"]; limit: number; order?: "asc" | "desc" },
) {
  return ex
    .select()
    .from(meetings)
    .where(
      and(
        eq(meetings.organizationId, organizationId),
        q.from ? gte(meetings.date, q.from) : undefined,
        q.to ? lte(meetings.date, q.to) : undefined,
        q.status ? eq(meetings.status, q.status) : undefined,
      ),
    )
    .orderBy(q.order === "asc" ? asc(meetings.date) : desc(meetings.date), asc(meetings.createdAt))
    .limit(q.limit);
}

/**
 * A meeting's roster: the members of the cell on the meeting's date with their status and exemption that day (the
 * members module's status history, ADR 0107), so a 2024 meeting is judged with 2024's statuses. It takes the meeting
 * itself: given two strings, callers passed the organisation's path where its id belongs.
 */
export const rosterOn = (ex: Executor, meeting: { organizationId: string; date: string }): Promise<RosterMember[]> =>
  cellMembersOn(ex, meeting.organizationId, meeting.date);

/**
 * The roster on its date and the attendance of many meetings in a few queries per cell, whatever the number of its
 * meetings (the overview of a đảng bộ reads one meeting per cell): the same roster rule as rosterOn.
 */
export async function rostersAndAttendance(
  ex: Executor,
  meetingIds: string[],
): Promise<Map<string, { roster: RosterMember[]; attendance: AttendanceEntry[] }>> {
  const out = new Map<string, { roster: RosterMember[]; attendance: AttendanceEntry[] }>(
    meetingIds.map((id) => [id, { roster: [], attendance: [] }]),
  );
  if (meetingIds.length === 0) return out;
  const held = await ex
    .select({ id: meetings.id, organizationId: meetings.organizationId, date: meetings.date })
    .from(meetings)
    .where(sql`${meetings.id} = ANY(${uuidArray(meetingIds)})`);
  const byCell = new Map<string, typeof held>();
  for (const h of held) byCell.set(h.organizationId, [...(byCell.get(h.organizationId) ?? []), h]);
  // One history of the cell over the span of its meetings, then each meeting's day read from it.
  for (const [cellId, list] of byCell) {
    const dates = list.map((h) => h.date).sort();
    const during = await cellMembersDuring(ex, cellId, dates[0]!, dates.at(-1)!);
    for (const h of list) out.get(h.id)!.roster = during.map((m) => memberOn(m, h.date)).filter((m) => m !== null);
  }
  const attendance = await ex
    .select({
      meetingId: meetingAttendance.meetingId,
      memberId: meetingAttendance.memberId,
      status: meetingAttendance.status,
      reason: meetingAttendance.reason,
    })
    .from(meetingAttendance)
    .where(inArray(meetingAttendance.meetingId, meetingIds));
  for (const a of attendance)
    out.get(a.meetingId)!.attendance.push({ memberId: a.memberId, status: a.status, reason: a.reason });
  return out;
}

export async function listAttendance(ex: Executor, meetingId: string): Promise<AttendanceEntry[]> {
  return ex
    .select({
      memberId: meetingAttendance.memberId,
      status: meetingAttendance.status,
      reason: meetingAttendance.reason,
    })
    .from(meetingAttendance)
    .where(eq(meetingAttendance.meetingId, meetingId));
}

export async function listSteps(ex: Executor, meetingId: string) {
  return ex.select().from(meetingSteps).where(eq(meetingSteps.meetingId, meetingId)).orderBy(asc(meetingSteps.doneAt));
}

export function stepRecords(
  rows: { phase: StepRecord["phase"]; stepId: string; doneAt: Date; skipped: boolean }[],
): StepRecord[] {
  return rows.map((r) => ({ phase: r.phase, stepId: r.stepId, doneAt: r.doneAt.toISOString(), skipped: r.skipped }));
}

export async function listContributions(ex: Executor, meetingId: string) {
  return ex
    .select()
    .from(meetingContributions)
    .where(eq(meetingContributions.meetingId, meetingId))
    .orderBy(asc(meetingContributions.createdAt), asc(meetingContributions.id));
}

/** The meeting a handed-out task belongs to, or null when no such task exists. */
export async function meetingOfTask(ex: Executor, meetingTaskId: string): Promise<string | null> {
  const [row] = await ex
    .select({ meetingId: meetingTasks.meetingId })
    .from(meetingTasks)
    .where(eq(meetingTasks.id, meetingTaskId));
  return row?.meetingId ?? null;
}

/** Tasks handed out in a meeting, with the name of the member responsible for each. */
export async function listMeetingTasks(ex: Executor, meetingId: string) {
  const rows = await ex
    .select()
    .from(meetingTasks)
    .where(eq(meetingTasks.meetingId, meetingId))
    .orderBy(asc(meetingTasks.createdAt));
  const names = await memberNames(
    ex,
    rows.map((r) => r.responsibleMemberId),
  );
  return rows.map((r) => ({ ...r, responsibleName: names.get(r.responsibleMemberId)?.fullName ?? "" }));
}

export async function listVotes(ex: Executor, meetingId: string) {
  return ex
    .select()
    .from(meetingVotes)
    .where(eq(meetingVotes.meetingId, meetingId))
    .orderBy(asc(meetingVotes.createdAt));
}

export async function listAmendments(ex: Executor, meetingId: string) {
  return ex
    .select()
    .from(meetingAmendments)
    .where(eq(meetingAmendments.meetingId, meetingId))
    .orderBy(asc(meetingAmendments.at));
}

export async function getScore(ex: Executor, meetingId: string) {
  const [row] = await ex.select().from(meetingScores).where(eq(meetingScores.meetingId, meetingId));
  return row ?? null;
}

/** The scores of many meetings in one query, by meeting. */
export async function scoresOf(ex: Executor, meetingIds: string[]) {
  if (meetingIds.length === 0) return new Map<string, typeof meetingScores.$inferSelect>();
  const rows = await ex.select().from(meetingScores).where(inArray(meetingScores.meetingId, meetingIds));
  return new Map(rows.map((r) => [r.meetingId, r]));
}

/** Who was absent at each earlier meeting of the year (monthly or combined, held), oldest first. */
export async function earlierAbsences(
  ex: Executor,
  organizationId: string,
  date: string,
  beforeId: string,
): Promise<{ absent: string[] }[]> {
  const rows = await queryRows<{ id: string; absent: string[] | null }>(
    ex,
    sql`SELECT mt.id, array_remove(array_agg(a.member_id::text) FILTER (WHERE a.status IN ('absent_with_reason','absent_without_reason')), NULL) AS absent
          FROM meetings mt LEFT JOIN meeting_attendance a ON a.meeting_id = mt.id
         WHERE mt.organization_id = ${organizationId} AND mt.kind IN ('monthly','combined') AND mt.status IN ('open','closed','approved')
           AND mt.date >= ${`${date.slice(0, 4)}-01-01`} AND mt.date < ${date} AND mt.id <> ${beforeId}
         GROUP BY mt.id, mt.date ORDER BY mt.date`,
  );
  return rows.map((r) => ({ absent: r.absent ?? [] }));
}

/** A member's attendance across the meetings of their cells, newest first. */
export async function memberAttendance(ex: Executor, memberId: string, limit = 60) {
  return queryRows<{
    meetingId: string;
    date: string;
    kind: MeetingRow["kind"];
    organizationName: string;
    status: AttendanceStatus;
    reason: string | null;
  }>(
    ex,
    // The day it was held: the actual start's Hanoi date (UTC+7 all year), else the scheduled one.
    sql`SELECT mt.id AS "meetingId", COALESCE(((mt.started_at AT TIME ZONE 'UTC') + interval '7 hours')::date, mt.date)::text AS date,
               mt.kind, o.name AS "organizationName", a.status, a.reason
          FROM meeting_attendance a JOIN meetings mt ON mt.id = a.meeting_id JOIN organizations o ON o.id = mt.organization_id
         WHERE a.member_id = ${memberId} AND mt.status IN ('open','closed','approved')
         ORDER BY mt.date DESC LIMIT ${limit}`,
  );
}

/** Every meeting of the cells under a path in a date range, with attendance counts and the rating. */
export async function overviewRows(ex: Executor, path: string, from: string, to: string) {
  return queryRows<{
    organizationId: string;
    organizationName: string;
    meetingId: string | null;
    date: string | null;
    kind: string | null;
    status: string | null;
    rating: string | null;
    total: number | null;
    startedAt?: string | null;
  }>(
    ex,
    sql`SELECT o.id AS "organizationId", o.name AS "organizationName", mt.id AS "meetingId", mt.date::text AS date, mt.kind, mt.status,
               s.rating, s.total, mt.started_at AS "startedAt"
          FROM organizations o
          LEFT JOIN meetings mt ON mt.organization_id = o.id AND mt.date BETWEEN ${from} AND ${to} AND mt.status <> 'cancelled'
          LEFT JOIN meeting_scores s ON s.meeting_id = mt.id
         WHERE o.kind = 'cell' AND o.path LIKE ${`${path}%`} AND o.closed_on IS NULL
         ORDER BY mt.date`,
  );
}

export async function findCalendarToken(ex: Executor, tokenHash: string) {
  const [row] = await ex
    .select()
    .from(calendarTokens)
    .where(and(eq(calendarTokens.tokenHash, tokenHash), isNull(calendarTokens.revokedAt)));
  return row ?? null;
}

export async function activeCalendarToken(ex: Executor, memberId: string) {
  const [row] = await ex
    .select({ id: calendarTokens.id, createdAt: calendarTokens.createdAt })
    .from(calendarTokens)
    .where(and(eq(calendarTokens.memberId, memberId), isNull(calendarTokens.revokedAt)));
  return row ?? null;
}

/** Meetings a member is invited to (their cell's, and the cells they follow now), from a date on. */
export async function meetingsForMember(ex: Executor, memberId: string, from: string) {
  const places = { organizationPath: await memberPathNow(ex, memberId), followedIds: await followedNow(ex, memberId) };
  return queryRows<{
    id: string;
    date: string;
    startTime: string;
    place: string;
    kind: MeetingRow["kind"];
    title: string | null;
    organizationName: string;
    status: string;
  }>(
    ex,
    sql`SELECT mt.id, mt.date::text AS date, mt.start_time AS "startTime", mt.place, mt.kind, mt.title, o.name AS "organizationName", mt.status
          FROM meetings mt JOIN organizations o ON o.id = mt.organization_id
         WHERE mt.date >= ${from} AND mt.status <> 'cancelled'
           AND (${places.organizationPath}::text LIKE o.path || '%' OR o.id = ANY(${uuidArray(places.followedIds)}))
         ORDER BY mt.date LIMIT 200`,
  );
}

/** The first meeting recorded for each cell under a path: the start of what chibo can know about it. */
export async function firstMeetingDates(ex: Executor, path: string): Promise<Map<string, string>> {
  const rows = await queryRows<{ organizationId: string; first: string }>(
    ex,
    // One probe of the (organisation, date) index per organisation, not a scan of every meeting of the tree.
    sql`SELECT o.id AS "organizationId", f.first
          FROM organizations o
          CROSS JOIN LATERAL (SELECT mt.date::text AS first FROM meetings mt
                               WHERE mt.organization_id = o.id AND mt.status <> 'cancelled' ORDER BY mt.date LIMIT 1) f
         WHERE o.path LIKE ${`${path}%`}`,
  );
  return new Map(rows.map((r) => [r.organizationId, r.first]));
}

/**
 * The work of the cell's previous resolution: the last one adopted by one of its meetings held before `date`.
 * Its tasks are those handed out in that meeting (named by the meeting or by its handed-out task) and those
 * on the items of the plans that implement it. Null when there is no previous resolution.
 */
export async function previousResolutionWork(
  ex: Executor,
  organizationId: string,
  date: string,
): Promise<ResolutionWork | null> {
  const [prev] = await ex
    .select({ id: resolutions.id, meetingId: meetings.id })
    .from(resolutions)
    .innerJoin(meetings, eq(meetings.id, resolutions.meetingId))
    .where(
      and(
        eq(resolutions.organizationId, organizationId),
        isNull(resolutions.deletedAt),
        isNotNull(resolutions.adoptedOn),
        lt(meetings.date, date),
      ),
    )
    .orderBy(desc(meetings.date), desc(resolutions.createdAt))
    .limit(1);
  if (!prev) return null;
  const handedOut = ex
    .select({ id: meetingTasks.id })
    .from(meetingTasks)
    .where(eq(meetingTasks.meetingId, prev.meetingId));
  const planned = ex
    .select({ id: planItems.id })
    .from(planItems)
    .innerJoin(plans, eq(plans.id, planItems.planId))
    .where(
      and(
        eq(plans.resolutionId, prev.id),
        isNull(plans.deletedAt),
        isNull(planItems.deletedAt),
        isNull(planItems.closedOn),
      ),
    );
  const rows = await ex
    .select({ dueOn: tasks.dueOn, doneOn: tasks.doneOn })
    .from(tasks)
    .where(
      and(
        eq(tasks.organizationId, organizationId),
        isNull(tasks.deletedAt),
        or(
          and(
            eq(tasks.sourceKind, "meeting"),
            or(eq(tasks.sourceId, prev.meetingId), inArray(tasks.sourceId, handedOut)),
          ),
          inArray(tasks.planItemId, planned),
        ),
      ),
    );
  return { tasks: rows };
}
