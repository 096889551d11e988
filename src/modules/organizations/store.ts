import { and, asc, eq, isNull, like, or, sql, inArray } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import type { Actor, Role, Scope } from "../../core/access/index.js";
import { can, pathsWhere } from "../../core/access/index.js";
import { members } from "../members/schema.js";
import { organizations, oversights, positions, terms } from "./schema.js";
import { positionActive, type OrgKind, type PositionRole } from "./model.js";

export type OrganizationRow = typeof organizations.$inferSelect;

export async function getOrganization(ex: Executor, id: string): Promise<OrganizationRow | null> {
  const [row] = await ex.select().from(organizations).where(eq(organizations.id, id));
  return row ?? null;
}

export async function findOrganizationByCode(ex: Executor, code: string): Promise<OrganizationRow | null> {
  const [row] = await ex.select().from(organizations).where(sql`lower(${organizations.code}) = ${code.trim().toLowerCase()}`);
  return row ?? null;
}

/** Every organisation the actor may see, ordered so parents come before children. */
export async function listVisibleOrganizations(ex: Executor, actor: Actor): Promise<OrganizationRow[]> {
  const scope = pathsWhere(actor, "org.view");
  if (!scope.all && scope.prefixes.length === 0 && scope.exact.length === 0) return [];
  const condition = scope.all
    ? undefined
    : or(...scope.prefixes.map((p) => like(organizations.path, `${p}%`)), scope.exact.length ? inArray(organizations.id, scope.exact) : undefined);
  return ex.select().from(organizations).where(condition).orderBy(asc(organizations.path));
}

export async function subtreeIds(ex: Executor, path: string): Promise<string[]> {
  const rows = await ex.select({ id: organizations.id }).from(organizations).where(like(organizations.path, `${path}%`));
  return rows.map((r) => r.id);
}

export async function organizationCodes(ex: Executor, path: string): Promise<{ id: string; code: string }[]> {
  return ex.select({ id: organizations.id, code: organizations.code }).from(organizations).where(like(organizations.path, `${path}%`));
}

export async function listTerms(ex: Executor, organizationId: string) {
  return ex.select().from(terms).where(eq(terms.organizationId, organizationId)).orderBy(asc(terms.startsOn));
}

/** Positions a member has held anywhere, for their own data download. */
export async function listMemberPositions(ex: Executor, memberId: string) {
  return ex
    .select({ organizationId: positions.organizationId, organizationName: organizations.name, role: positions.role, startsOn: positions.startsOn, endsOn: positions.endsOn })
    .from(positions)
    .innerJoin(organizations, eq(organizations.id, positions.organizationId))
    .where(eq(positions.memberId, memberId))
    .orderBy(asc(positions.startsOn));
}

export async function listPositions(ex: Executor, organizationId: string) {
  return ex
    .select({
      id: positions.id,
      organizationId: positions.organizationId,
      termId: positions.termId,
      memberId: positions.memberId,
      role: positions.role,
      startsOn: positions.startsOn,
      endsOn: positions.endsOn,
      fullName: members.fullName,
      sortKey: members.sortKey,
    })
    .from(positions)
    .innerJoin(members, eq(members.id, positions.memberId))
    .where(eq(positions.organizationId, organizationId))
    .orderBy(asc(positions.startsOn));
}

export async function listOversights(ex: Executor, where: { organizationId?: string; memberId?: string }) {
  return ex
    .select({
      id: oversights.id,
      memberId: oversights.memberId,
      organizationId: oversights.organizationId,
      startsOn: oversights.startsOn,
      endsOn: oversights.endsOn,
      fullName: members.fullName,
      organizationName: organizations.name,
    })
    .from(oversights)
    .innerJoin(members, eq(members.id, oversights.memberId))
    .innerJoin(organizations, eq(organizations.id, oversights.organizationId))
    .where(
      and(
        where.organizationId ? eq(oversights.organizationId, where.organizationId) : undefined,
        where.memberId ? eq(oversights.memberId, where.memberId) : undefined,
      ),
    );
}

export async function countFullMembers(ex: Executor, path: string): Promise<number> {
  const [row] = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(and(like(organizations.path, `${path}%`), eq(members.status, "full"), isNull(members.leftOn)));
  return row?.n ?? 0;
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

/**
 * Scopes a member holds by belonging to a cell, by their positions and by the cells they oversee.
 * A đảng ủy member sees the đảng bộ itself but only the cells assigned to them; the UBKT sees the whole subtree.
 */
export async function positionScopes(ex: Executor, memberId: string, today: string): Promise<Scope[]> {
  const scopes: Scope[] = [];
  const [own] = await ex
    .select({ leftOn: members.leftOn, orgId: organizations.id, path: organizations.path, kind: organizations.kind, parentId: organizations.parentId })
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
    .select({ role: positions.role, startsOn: positions.startsOn, endsOn: positions.endsOn, orgId: organizations.id, path: organizations.path, kind: organizations.kind })
    .from(positions)
    .innerJoin(organizations, eq(organizations.id, positions.organizationId))
    .where(eq(positions.memberId, memberId));
  for (const p of held) {
    if (!positionActive(p, today)) continue;
    const kind = p.kind as OrgKind;
    const role = kind === "party_committee" ? COMMITTEE_POSITION_ROLE[p.role] : CELL_POSITION_ROLE[p.role];
    if (role) scopes.push({ role, organizationId: p.orgId, path: p.path, subtree: true });
    else if (kind === "party_committee") scopes.push({ role: "member", organizationId: p.orgId, path: p.path, subtree: false });
  }

  const followed = await ex
    .select({ startsOn: oversights.startsOn, endsOn: oversights.endsOn, orgId: organizations.id, path: organizations.path })
    .from(oversights)
    .innerJoin(organizations, eq(organizations.id, oversights.organizationId))
    .where(eq(oversights.memberId, memberId));
  for (const o of followed) {
    if (positionActive(o, today)) scopes.push({ role: "overseer", organizationId: o.orgId, path: o.path, subtree: true });
  }
  return scopes;
}

/**
 * The organisations of a subtree the actor may act on with `action`: the whole subtree for a scope that covers it,
 * only some of it for, say, a đảng ủy member whose `member` role holds on the đảng bộ node alone (ADR 0003).
 * List routes over a subtree restrict their rows to these, so a node's page never lists its hidden children's records.
 */
export async function visibleSubtreeIds(ex: Executor, actor: Actor, action: Parameters<typeof can>[1], root: { id: string; path: string }): Promise<string[]> {
  const rows = await ex.select({ id: organizations.id, path: organizations.path }).from(organizations).where(like(organizations.path, `${root.path}%`));
  return rows.filter((o) => can(actor, action, o)).map((o) => o.id);
}
