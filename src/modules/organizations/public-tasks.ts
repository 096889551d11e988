import { and, eq, inArray, isNull, like, lte, or, sql } from "drizzle-orm";
import { type Action, type Actor, can } from "../../core/access/index.js";
import type { Executor, IdSet } from "../../core/db/index.js";
import { organizations, oversights, positionHeldOn, positions } from "./schema.js";
import type { OrgKind } from "./model.js";

// What the tasks module asks of the organisation tree (its dashboard and its reminders).

/**
 * The open organisations of a subtree (its root included) on which the actor may act with `action`, with their
 * names and kinds: a đảng bộ's home counts and lists only what its reader may see (ADR 0003). And the set of their
 * ids as a query should name it: the subtree's subquery when the actor sees all of it (an office over its đảng bộ,
 * the common case at a province), else the list (IdSet, core/db; ADR 0185).
 */
export async function openSubtreeSet(
  ex: Executor,
  actor: Actor,
  action: Action,
  root: { id: string; path: string },
): Promise<{ organizations: { id: string; name: string; kind: OrgKind }[]; set: IdSet }> {
  const rows = await ex
    .select({ id: organizations.id, path: organizations.path, name: organizations.name, kind: organizations.kind })
    .from(organizations)
    .where(openUnder(root.path));
  const seen = rows.filter((o) => can(actor, action, o)).map(({ id, name, kind }) => ({ id, name, kind }));
  const set: IdSet =
    seen.length === rows.length
      ? sql`(SELECT ${organizations.id} FROM ${organizations} WHERE ${openUnder(root.path)})`
      : seen.map((o) => o.id);
  return { organizations: seen, set };
}

const openUnder = (path: string) => and(like(organizations.path, `${path}%`), isNull(organizations.closedOn));

/** The tree paths of some organisations, by id. */
export async function organizationPaths(ex: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ex
    .select({ id: organizations.id, path: organizations.path })
    .from(organizations)
    .where(inArray(organizations.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.path]));
}

/**
 * Who leads an organisation on a date, for the tasks' notices: its secretary, its committee (secretary, deputy and
 * committee members) and the đảng ủy members who oversee it. Member ids; a post vacant that day is left out.
 */
export async function leadersOn(
  ex: Executor,
  organizationId: string,
  date: string,
): Promise<{ secretary: string | null; committee: string[]; overseers: string[] }> {
  const held = await ex
    .select({ memberId: positions.memberId, role: positions.role })
    .from(positions)
    .where(
      and(
        eq(positions.organizationId, organizationId),
        or(
          eq(positions.role, "secretary"),
          eq(positions.role, "deputy_secretary"),
          eq(positions.role, "committee_member"),
        ),
        positionHeldOn(date),
      ),
    );
  const following = await ex
    .select({ memberId: oversights.memberId })
    .from(oversights)
    .where(
      and(
        eq(oversights.organizationId, organizationId),
        lte(oversights.startsOn, date),
        sql`(${oversights.endsOn} IS NULL OR ${oversights.endsOn} >= ${date})`,
      ),
    );
  return {
    secretary: held.find((p) => p.role === "secretary")?.memberId ?? null,
    committee: [...new Set(held.map((p) => p.memberId))],
    overseers: [...new Set(following.map((o) => o.memberId))],
  };
}
