/**
 * Who was in a cell on a date, and with which status: the members module's answer for every judgement of a past
 * day (a meeting's attendance base and its voters, the yearly review's exclusions). Other modules call these
 * functions instead of reading members, member_transfers or member_status_periods.
 *
 * - statusOn(ex, memberId, date): one member's standing, exemption, suspension and leaving on a day.
 * - cellMembersOn(ex, organizationId, date): the members of the cell (and its party groups) that day, in
 *   Vietnamese name order, each with their status and exemption that day.
 * - cellMembersDuring(ex, organizationId, from, to): everyone who belonged to the cell at some point of the period,
 *   with the periods they belonged to it and their status history; `memberOn(entry, date)` (status-history.ts)
 *   answers for any day of the period without another query.
 *
 * A member belongs to the cell on D when their last transfer on or before D put them in the cell or one of its
 * groups (the rule meetings/store.ts `rosterOn` applied), they had not left, and their history says they were a
 * party member that day (a day before their admission, they were not).
 */
import { sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../core/db/index.js";
import { NotFoundError } from "../../core/http/errors.js";
import { getOrganization } from "../organizations/store.js";
import {
  type CellMemberHistory,
  type CellMemberOnDay,
  cellIntervals,
  memberOn,
  type StatusOnDay,
  statusOn as statusOnHistory,
} from "./status-history.js";
import { getMember, historyOrRecord, listStatusPeriods } from "./store.js";

export type { CellMemberHistory, CellMemberOnDay, StatusOnDay } from "./status-history.js";
export { memberOn } from "./status-history.js";

/** One member's status on a day; null when there is no such member. */
export async function statusOn(ex: Executor, memberId: string, date: string): Promise<StatusOnDay | null> {
  const member = await getMember(ex, memberId);
  if (!member) return null;
  const recorded = (await listStatusPeriods(ex, [memberId])).get(memberId);
  return statusOnHistory(historyOrRecord(recorded, member), date);
}

/** The members of the cell on a day, with their status that day, in Vietnamese name order. */
export async function cellMembersOn(ex: Executor, organizationId: string, date: string): Promise<CellMemberOnDay[]> {
  const all = await cellMembersDuring(ex, organizationId, date, date);
  return all.map((m) => memberOn(m, date)).filter((m): m is CellMemberOnDay => m !== null);
}

/**
 * Everyone who belonged to the cell (or one of its groups) at some point from `from` to `to` (inclusive), in
 * Vietnamese name order, with when they belonged to it and their status history. Two queries whatever the period.
 */
export async function cellMembersDuring(
  ex: Executor,
  organizationId: string,
  from: string,
  to: string,
): Promise<CellMemberHistory[]> {
  const cell = await getOrganization(ex, organizationId);
  if (!cell) throw new NotFoundError("organization");
  const prefix = `${cell.path}%`;
  const steps = await queryRows<{
    member_id: string;
    full_name: string;
    status: "full" | "probationary";
    admission_date: string | null;
    ceremony_date: string | null;
    official_date: string | null;
    exempt: boolean;
    left_on: string | null;
    transferred_on: string;
    inside: boolean;
  }>(
    ex,
    sql`SELECT m.id AS member_id, m.full_name, m.status, m.admission_date::text, m.ceremony_date::text,
               m.official_date::text, m.exempt_from_activities AS exempt, m.left_on::text,
               t.transferred_on::text, o.path LIKE ${prefix} AS inside
          FROM members m
          JOIN member_transfers t ON t.member_id = m.id
          JOIN organizations o ON o.id = t.to_organization_id
         WHERE m.id IN (SELECT t2.member_id FROM member_transfers t2 JOIN organizations o2 ON o2.id = t2.to_organization_id
                         WHERE o2.path LIKE ${prefix} AND t2.transferred_on <= ${to})
         ORDER BY m.sort_key COLLATE "C", m.id, t.transferred_on, t.created_at`,
  );
  const byMember = new Map<string, typeof steps>();
  for (const s of steps) {
    const list = byMember.get(s.member_id);
    if (list) list.push(s);
    else byMember.set(s.member_id, [s]);
  }
  const histories = await listStatusPeriods(ex, [...byMember.keys()]);
  const out: CellMemberHistory[] = [];
  for (const [id, list] of byMember) {
    const m = list[0]!;
    const inCell = cellIntervals(
      list.map((s) => ({ transferredOn: s.transferred_on, inside: s.inside })),
      m.left_on,
    ).filter((i) => i.from <= to && (i.to === null || from < i.to));
    if (inCell.length === 0) continue;
    const record = {
      status: m.status,
      admissionDate: m.admission_date,
      ceremonyDate: m.ceremony_date,
      officialDate: m.official_date,
      exemptFromActivities: m.exempt,
      leftOn: m.left_on,
    };
    const history = historyOrRecord(histories.get(id), record).map((p) => ({
      kind: p.kind,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
    }));
    out.push({ id, fullName: m.full_name, inCell, history });
  }
  return out;
}
