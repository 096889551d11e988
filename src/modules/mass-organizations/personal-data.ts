import { sql } from "drizzle-orm";
import { queryRows } from "../../core/db/index.js";
import { registerPersonalData } from "../../core/personal-data.js";
import { massOrganizations } from "./schema.js";

// What the mass-organizations module holds about a member: the organisations they are assigned to lead, with the
// sessions they held there. Leaders of the organisations are named as text (often not members, without accounts).
registerPersonalData(
  "mass-organizations",
  async (ex, { memberId }) => {
    if (!memberId) return null;
    const assigned = await queryRows(
      ex,
      sql`SELECT m.name, m.kind, m.cadence, m.created_at AS "since",
                 (SELECT count(*)::int FROM mass_organization_sessions s WHERE s.mass_organization_id = m.id) AS sessions
            FROM mass_organizations m
           WHERE m.assigned_member_id = ${memberId} AND m.deleted_at IS NULL ORDER BY m.created_at`,
    );
    return { assigned };
  },
  [massOrganizations.assignedMemberId],
);
