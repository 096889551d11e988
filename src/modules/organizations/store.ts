import { and, asc, eq, inArray, like, or, sql, type SQL } from "drizzle-orm";
import { type Executor, queryRows } from "../../core/db/index.js";
import type { Actor, Role, Scope } from "../../core/access/index.js";
import { can, pathsWhere } from "../../core/access/index.js";
import { members } from "../members/schema.js";
import { memberNames } from "../members/store.js";
import { organizations, oversights, positions, terms } from "./schema.js";
import { positionActive, type OrgKind, type PositionRole } from "./model.js";

export type OrganizationRow = typeof organizations.$inferSelect;

/** One organisation; `forUpdate` locks its row until the transaction ends (a write's load). */
export async function getOrganization(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<OrganizationRow | null> {
  const q = ex.select().from(organizations).where(eq(organizations.id, id));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

export async function findOrganizationByCode(ex: Executor, code: string): Promise<OrganizationRow | null> {
  const [row] = await ex
    .select()
    .from(organizations)
    .where(sql`lower(${organizations.code}) = ${code.trim().toLowerCase()}`);
  return row ?? null;
}

/** Every organisation the actor may see, ordered so parents come before children. */
export async function listVisibleOrganizations(ex: Executor, actor: Actor): Promise<OrganizationRow[]> {
  const scope = pathsWhere(actor, "org.view");
  if (!scope.all && scope.prefixes.length === 0 && scope.exact.length === 0) return [];
  const condition = scope.all
    ? undefined
    : or(
        ...scope.prefixes.map((p) => like(organizations.path, `${p}%`)),
        scope.exact.length ? inArray(organizations.id, scope.exact) : undefined,
      );
  return ex.select().from(organizations).where(condition).orderBy(asc(organizations.path));
}

/** Every organisation of a subtree, its root included, in one read (parents before their children). */
export async function subtreeOrganizations(ex: Executor, path: string): Promise<OrganizationRow[]> {
  return ex
    .select()
    .from(organizations)
    .where(like(organizations.path, `${path}%`))
    .orderBy(asc(organizations.path));
}

export async function subtreeIds(ex: Executor, path: string): Promise<string[]> {
  const rows = await ex
    .select({ id: organizations.id })
    .from(organizations)
    .where(like(organizations.path, `${path}%`));
  return rows.map((r) => r.id);
}

export async function organizationCodes(ex: Executor, path: string): Promise<{ id: string; code: string }[]> {
  return ex
    .select({ id: organizations.id, code: organizations.code })
    .from(organizations)
    .where(like(organizations.path, `${path}%`));
}

export async function listTerms(ex: Executor, organizationId: string) {
  return ex.select().from(terms).where(eq(terms.organizationId, organizationId)).orderBy(asc(terms.startsOn));
}

export type PositionRow = typeof positions.$inferSelect;
export type OversightRow = typeof oversights.$inferSelect;

/** A position of one organisation (null when it belongs to another); `forUpdate` locks it. */
export async function getPosition(
  ex: Executor,
  organizationId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<PositionRow | null> {
  const q = ex
    .select()
    .from(positions)
    .where(and(eq(positions.id, id), eq(positions.organizationId, organizationId)));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

/** An oversight of one cell (null when it belongs to another); `forUpdate` locks it. */
export async function getOversight(
  ex: Executor,
  organizationId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<OversightRow | null> {
  const q = ex
    .select()
    .from(oversights)
    .where(and(eq(oversights.id, id), eq(oversights.organizationId, organizationId)));
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

/** Positions a member has held anywhere, for their own data download. */
export async function listMemberPositions(ex: Executor, memberId: string) {
  return ex
    .select({
      organizationId: positions.organizationId,
      organizationName: organizations.name,
      role: positions.role,
      startsOn: positions.startsOn,
      endsOn: positions.endsOn,
    })
    .from(positions)
    .innerJoin(organizations, eq(organizations.id, positions.organizationId))
    .where(eq(positions.memberId, memberId))
    .orderBy(asc(positions.startsOn));
}

/** Every position held in a subtree (the đảng bộ and its cells), without names: one query for a whole đảng bộ. */
export async function positionsUnder(ex: Executor, path: string) {
  return ex
    .select({
      organizationId: positions.organizationId,
      memberId: positions.memberId,
      role: positions.role,
      startsOn: positions.startsOn,
      endsOn: positions.endsOn,
    })
    .from(positions)
    .innerJoin(organizations, eq(organizations.id, positions.organizationId))
    .where(like(organizations.path, `${path}%`));
}

/** The positions of an organisation, oldest first, each with its holder's name (asked of the members module). */
export async function listPositions(ex: Executor, organizationId: string) {
  const rows = await ex
    .select({
      id: positions.id,
      organizationId: positions.organizationId,
      termId: positions.termId,
      memberId: positions.memberId,
      role: positions.role,
      startsOn: positions.startsOn,
      endsOn: positions.endsOn,
    })
    .from(positions)
    .where(eq(positions.organizationId, organizationId))
    .orderBy(asc(positions.startsOn));
  const names = await memberNames(
    ex,
    rows.map((r) => r.memberId),
  );
  return rows.flatMap((r) => {
    const name = names.get(r.memberId);
    return name ? [{ ...r, fullName: name.fullName, sortKey: name.sortKey }] : [];
  });
}

/** Oversights of a cell or of a member, each with the member's name and the cell's. */
export async function listOversights(ex: Executor, where: { organizationId?: string; memberId?: string }) {
  const rows = await ex
    .select({
      id: oversights.id,
      memberId: oversights.memberId,
      organizationId: oversights.organizationId,
      startsOn: oversights.startsOn,
      endsOn: oversights.endsOn,
      organizationName: organizations.name,
    })
    .from(oversights)
    .innerJoin(organizations, eq(organizations.id, oversights.organizationId))
    .where(
      and(
        where.organizationId ? eq(oversights.organizationId, where.organizationId) : undefined,
        where.memberId ? eq(oversights.memberId, where.memberId) : undefined,
      ),
    );
  const names = await memberNames(
    ex,
    rows.map((r) => r.memberId),
  );
  return rows.flatMap((r) => {
    const name = names.get(r.memberId);
    return name ? [{ ...r, fullName: name.fullName }] : [];
  });
}

const CELL_POSITION_ROLE: Partial<Record<PositionRole, Role>> = {
  secretary: "manager",
  deputy_secretary: "manager",
  committee_member: "committee",
  group_leader: "committee",
};

const COMMITTEE_POSITION_ROLE: Partial<Record<PositionRole, Role>> = {
  secretary: "manager",
  deputy_secretary: "manager",
  inspection_chair: "inspector",
  inspection_deputy: "inspector",
  inspection_member: "inspector",
};

/** One row of what a signed-in user's scopes are made of (see scopeSourcesSql). */
export interface ScopeSourceRow {
  src: number;
  role: string | null;
  org_id: string;
  path: string;
  kind: OrgKind;
  parent_id: string | null;
  starts_on: string | Date | null;
  ends_on: string | Date | null;
  left_on: string | Date | null;
}

/**
 * The rows every scope of a user comes from — explicit grants (0), the member's own organisation (1), their
 * positions (2) and the cells they oversee (3) — as one UNION ALL over SQL expressions for the user's and member's
 * ids, so the session lookup can carry it in the same round trip (accounts' actorFromToken).
 */
export function scopeSourcesSql(userId: SQL, memberId: SQL): SQL {
  return sql`
    SELECT 0 AS src, g.role AS role, o.id AS org_id, o.path, o.kind, o.parent_id, NULL::date AS starts_on, NULL::date AS ends_on, NULL::date AS left_on
      FROM grants g JOIN organizations o ON o.id = g.organization_id WHERE g.user_id = ${userId}
    UNION ALL
    SELECT 1, NULL, o.id, o.path, o.kind, o.parent_id, NULL, NULL, mb.left_on
      FROM members mb JOIN organizations o ON o.id = mb.organization_id WHERE mb.id = ${memberId}
    UNION ALL
    SELECT 2, p.role, o.id, o.path, o.kind, o.parent_id, p.starts_on, p.ends_on, NULL
      FROM positions p JOIN organizations o ON o.id = p.organization_id WHERE p.member_id = ${memberId}
    UNION ALL
    SELECT 3, NULL, o.id, o.path, o.kind, o.parent_id, ov.starts_on, ov.ends_on, NULL
      FROM oversights ov JOIN organizations o ON o.id = ov.organization_id WHERE ov.member_id = ${memberId}`;
}

/**
 * Every scope of a signed-in user in one round trip: explicit grants, then (for a member) the cell they belong
 * to, their positions and the cells they oversee — the same rules as grants + positionScopes, read with one
 * UNION ALL instead of four sequential queries on every request.
 */
export async function actorScopes(
  ex: Executor,
  userId: string,
  memberId: string | null,
  today: string,
): Promise<Scope[]> {
  const m = memberId ?? "00000000-0000-0000-0000-000000000000";
  const rows = await queryRows<ScopeSourceRow>(ex, scopeSourcesSql(sql`${userId}::uuid`, sql`${m}::uuid`));
  return scopesFromSources(rows, memberId, today);
}

/** The scopes the rows of scopeSourcesSql give on a day: grants always; the rest only while the member has not left. */
export function scopesFromSources(result: ScopeSourceRow[], memberId: string | null, today: string): Scope[] {
  const day = (v: string | Date | null) =>
    v === null ? null : typeof v === "string" ? v.slice(0, 10) : v.toISOString().slice(0, 10);
  const rows = result.map((r) => ({
    ...r,
    src: Number(r.src),
    starts_on: day(r.starts_on),
    ends_on: day(r.ends_on),
    left_on: day(r.left_on),
  }));
  const scopes: Scope[] = rows
    .filter((r) => r.src === 0)
    .map((g) => ({ role: g.role as Role, organizationId: g.org_id, path: g.path, subtree: true }));
  if (!memberId) return scopes;
  const own = rows.find((r) => r.src === 1);
  if (!own || own.left_on) return scopes;
  if (own.kind === "group" && own.parent_id) {
    const parentPath = own.path.slice(0, own.path.length - own.org_id.length - 1);
    scopes.push({ role: "member", organizationId: own.parent_id, path: parentPath, subtree: true });
  } else {
    scopes.push({ role: "member", organizationId: own.org_id, path: own.path, subtree: true });
  }
  for (const p of rows.filter((r) => r.src === 2)) {
    if (!positionActive({ startsOn: p.starts_on!, endsOn: p.ends_on }, today)) continue;
    const role =
      p.kind === "party_committee"
        ? COMMITTEE_POSITION_ROLE[p.role as PositionRole]
        : CELL_POSITION_ROLE[p.role as PositionRole];
    if (role) scopes.push({ role, organizationId: p.org_id, path: p.path, subtree: true });
    else if (p.kind === "party_committee")
      scopes.push({ role: "member", organizationId: p.org_id, path: p.path, subtree: false });
  }
  for (const o of rows.filter((r) => r.src === 3)) {
    if (positionActive({ startsOn: o.starts_on!, endsOn: o.ends_on }, today))
      scopes.push({ role: "overseer", organizationId: o.org_id, path: o.path, subtree: true });
  }
  return scopes;
}

/**
 * Scopes a member holds by belonging to a cell, by their positions and by the cells they oversee.
 * A đảng ủy member sees the đảng bộ itself but only the cells assigned to them; the UBKT sees the whole subtree.
 */
export async function positionScopes(ex: Executor, memberId: string, today: string): Promise<Scope[]> {
  const scopes: Scope[] = [];
  const [own] = await ex
    .select({
      leftOn: members.leftOn,
      orgId: organizations.id,
      path: organizations.path,
      kind: organizations.kind,
      parentId: organizations.parentId,
    })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(eq(members.id, memberId));
  if (!own || own.leftOn) return scopes;
  if (own.kind === "group" && own.parentId) {
    // A member of a party group belongs to the cell above it for everything member-facing.
    const parentPath = own.path.slice(0, own.path.length - own.orgId.length - 1);
    scopes.push({ role: "member", organizationId: own.parentId, path: parentPath, subtree: true });
  } else {
    scopes.push({ role: "member", organizationId: own.orgId, path: own.path, subtree: true });
  }

  const held = await ex
    .select({
      role: positions.role,
      startsOn: positions.startsOn,
      endsOn: positions.endsOn,
      orgId: organizations.id,
      path: organizations.path,
      kind: organizations.kind,
    })
    .from(positions)
    .innerJoin(organizations, eq(organizations.id, positions.organizationId))
    .where(eq(positions.memberId, memberId));
  for (const p of held) {
    if (!positionActive(p, today)) continue;
    const kind = p.kind as OrgKind;
    const role = kind === "party_committee" ? COMMITTEE_POSITION_ROLE[p.role] : CELL_POSITION_ROLE[p.role];
    if (role) scopes.push({ role, organizationId: p.orgId, path: p.path, subtree: true });
    else if (kind === "party_committee")
      scopes.push({ role: "member", organizationId: p.orgId, path: p.path, subtree: false });
  }

  const followed = await ex
    .select({
      startsOn: oversights.startsOn,
      endsOn: oversights.endsOn,
      orgId: organizations.id,
      path: organizations.path,
    })
    .from(oversights)
    .innerJoin(organizations, eq(organizations.id, oversights.organizationId))
    .where(eq(oversights.memberId, memberId));
  for (const o of followed) {
    if (positionActive(o, today))
      scopes.push({ role: "overseer", organizationId: o.orgId, path: o.path, subtree: true });
  }
  return scopes;
}

/**
 * The organisations of a subtree the actor may act on with `action`: the whole subtree for a scope that covers it,
 * only some of it for, say, a đảng ủy member whose `member` role holds on the đảng bộ node alone (ADR 0003).
 * List routes over a subtree restrict their rows to these, so a node's page never lists its hidden children's records.
 */
export async function visibleSubtreeIds(
  ex: Executor,
  actor: Actor,
  action: Parameters<typeof can>[1],
  root: { id: string; path: string },
): Promise<string[]> {
  return (await visibleSubtree(ex, actor, action, root)).ids;
}

/**
 * The same, and whether that is the whole subtree: then a query filtered by the root's path needs no list of ids
 * (a province's 8,000 ids sent with every search cost more than the search).
 */
export async function visibleSubtree(
  ex: Executor,
  actor: Actor,
  action: Parameters<typeof can>[1],
  root: { id: string; path: string },
): Promise<{ ids: string[]; all: boolean }> {
  const rows = await ex
    .select({ id: organizations.id, path: organizations.path })
    .from(organizations)
    .where(like(organizations.path, `${root.path}%`));
  const ids = rows.filter((o) => can(actor, action, o)).map((o) => o.id);
  return { ids, all: ids.length === rows.length };
}

/** The names of some organisations, the tree's order (parents before their children). */
export async function organizationNames(ex: Executor, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return [];
  return ex
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(inArray(organizations.id, ids))
    .orderBy(asc(organizations.path));
}
