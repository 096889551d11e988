import { and, eq, isNull, sql } from "drizzle-orm";
import { type Executor, queryRows } from "../../core/db/index.js";
import { organizations } from "../organizations/schema.js";
import { members } from "./schema.js";

/**
 * What the meetings module asks about people: who was in a cell on a date, their names, where a member is now.
 * The answers are the members module's rule (transfers and leaving today; a member's status history later), so the
 * meetings module never reads these tables itself.
 */

/** A member of a cell on a date, as a meeting's roster lists them. */
export interface CellMember {
  id: string;
  fullName: string;
  /** The member's status today (not yet as of the date). */
  status: "full" | "probationary";
  exempt: boolean;
}

type CellMemberRow = { id: string; full_name: string; status: "full" | "probationary"; exempt: boolean };
const cellMember = (r: CellMemberRow): CellMember => ({
  id: r.id,
  fullName: r.full_name,
  status: r.status,
  exempt: r.exempt,
});

/**
 * Members of the cell whose path is given (and of its party groups below it) on a date: the last transfer on or before the date put
 * them under the cell, and they had not left by then. Vietnamese name order.
 */
export async function cellMembersOn(ex: Executor, cellPath: string, date: string): Promise<CellMember[]> {
  const under = `${cellPath}%`;
  const rows = await queryRows<CellMemberRow>(
    ex,
    sql`SELECT m.id, m.full_name, m.status, m.exempt_from_activities AS exempt
          FROM members m
         WHERE m.id IN (SELECT t.member_id FROM member_transfers t JOIN organizations o ON o.id = t.to_organization_id
                         WHERE o.path LIKE ${under})
           AND (m.left_on IS NULL OR m.left_on > ${date})
           AND (SELECT o.path FROM member_transfers t JOIN organizations o ON o.id = t.to_organization_id
                 WHERE t.member_id = m.id AND t.transferred_on <= ${date}
                 ORDER BY t.transferred_on DESC, t.created_at DESC LIMIT 1) LIKE ${under}
         ORDER BY m.sort_key COLLATE "C", m.id`,
  );
  return rows.map(cellMember);
}

/**
 * cellMembersOn for many (cell, date) occasions in one query (the overview of a đảng bộ reads one meeting per
 * cell): the same rule, applied per occasion in a LATERAL join. Every key is in the answer, with [] when empty.
 */
export async function cellMembersOnDates(
  ex: Executor,
  occasions: { key: string; organizationId: string; date: string }[],
): Promise<Map<string, CellMember[]>> {
  const out = new Map<string, CellMember[]>(occasions.map((o) => [o.key, []]));
  if (occasions.length === 0) return out;
  const list = JSON.stringify(occasions.map((o) => ({ key: o.key, organization_id: o.organizationId, date: o.date })));
  const rows = await queryRows<CellMemberRow & { key: string }>(
    ex,
    sql`SELECT d.key, r.id, r.full_name, r.status, r.exempt
          FROM jsonb_to_recordset(${list}::jsonb) AS d(key text, organization_id uuid, date date)
          JOIN organizations c ON c.id = d.organization_id
          CROSS JOIN LATERAL (
            SELECT m.id, m.full_name, m.status, m.exempt_from_activities AS exempt, m.sort_key
              FROM members m
             -- The prefix as a range, which the path index serves (a LIKE pattern built per row cannot use it).
             -- Paths hold only ids and "/", all below "~".
             WHERE m.id IN (SELECT t.member_id FROM member_transfers t JOIN organizations o ON o.id = t.to_organization_id
                             WHERE o.path ~>=~ c.path AND o.path ~<~ (c.path || '~'))
               AND (m.left_on IS NULL OR m.left_on > d.date)
               AND (SELECT o.path FROM member_transfers t JOIN organizations o ON o.id = t.to_organization_id
                     WHERE t.member_id = m.id AND t.transferred_on <= d.date
                     ORDER BY t.transferred_on DESC, t.created_at DESC LIMIT 1) LIKE c.path || '%'
          ) r
         ORDER BY d.key, r.sort_key COLLATE "C", r.id`,
  );
  for (const r of rows) out.get(r.key)?.push(cellMember(r));
  return out;
}

/** The path of the member's organisation today, for their meeting invitations; null once they have left. */
export async function memberPathNow(ex: Executor, memberId: string): Promise<string | null> {
  const [home] = await ex
    .select({ path: organizations.path })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(and(eq(members.id, memberId), isNull(members.leftOn)));
  return home?.path ?? null;
}
