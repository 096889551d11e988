import { and, asc, eq, inArray, isNull, like, sql } from "drizzle-orm";
import { type Executor, inUuids } from "../../core/db/index.js";
import { organizations } from "../organizations/schema.js";
import { members, memberStatusPeriods, memberTransfers } from "./schema.js";
import { foldForSearch } from "./names.js";
import type { MemberStatus } from "./model.js";
import { periodsFromRecord, type StatusPeriod } from "./status-history.js";

export type MemberRow = typeof members.$inferSelect;

export type MemberDetailRow = MemberRow & { organizationPath: string; organizationName: string };

/** `forUpdate` locks the member's row (not the organisation's) for a write. */
export async function getMember(
  ex: Executor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<MemberDetailRow | null> {
  const q = ex
    .select({ member: members, path: organizations.path, name: organizations.name })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(eq(members.id, id));
  const [row] = opts.forUpdate ? await q.for("update", { of: members }) : await q;
  return row ? { ...row.member, organizationPath: row.path, organizationName: row.name } : null;
}

export async function findMemberByCard(ex: Executor, cardNumber: string) {
  const [row] = await ex
    .select({ member: members, path: organizations.path, organizationName: organizations.name })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(and(eq(members.cardNumber, cardNumber), isNull(members.leftOn)));
  return row ?? null;
}

export interface MemberQuery {
  q?: string;
  status?: MemberStatus;
  includeLeft?: boolean;
  limit: number;
  offset: number;
  /** Only these organisations of the subtree (those the reader may see). */
  organizationIds?: string[];
}

/** Members of an organisation and everything under it, in Vietnamese name order. */
export async function listMembers(ex: Executor, orgPath: string, query: MemberQuery) {
  const folded = query.q ? foldForSearch(query.q) : "";
  const where = and(
    like(organizations.path, `${orgPath}%`),
    // One array parameter, not one per id (core/db's uuidArray).
    query.organizationIds ? inUuids(organizations.id, query.organizationIds) : undefined,
    query.includeLeft ? undefined : isNull(members.leftOn),
    query.status ? eq(members.status, query.status) : undefined,
    // Escape LIKE's wildcards so a search for "50%" means the text.
    folded ? sql`${members.searchText} LIKE ${`%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : undefined,
  );
  // One after the other: the executor may be a transaction's single connection.
  const rows = await ex
    .select({ member: members, organizationName: organizations.name })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(where)
    .orderBy(sql`${members.sortKey} COLLATE "C"`, asc(members.id))
    .limit(query.limit)
    .offset(query.offset);
  const [count] = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(where);
  return { items: rows.map((r) => ({ ...r.member, organizationName: r.organizationName })), total: count?.n ?? 0 };
}

export async function listTransfers(ex: Executor, memberId: string) {
  return ex
    .select()
    .from(memberTransfers)
    .where(eq(memberTransfers.memberId, memberId))
    .orderBy(asc(memberTransfers.transferredOn), asc(memberTransfers.createdAt));
}

/** The text a diacritics-free search matches against. */
export function searchTextOf(m: {
  fullName: string;
  cardNumber: string | null;
  email: string | null;
  phone: string | null;
}): string {
  return [
    foldForSearch(m.fullName),
    m.cardNumber ?? "",
    (m.email ?? "").toLowerCase(),
    (m.phone ?? "").replace(/\D/g, ""),
  ]
    .filter(Boolean)
    .join(" ");
}

export type StatusPeriodRow = typeof memberStatusPeriods.$inferSelect;

/** The recorded status periods of members, oldest first (open starts first), by member. */
export async function listStatusPeriods(ex: Executor, memberIds: string[]): Promise<Map<string, StatusPeriodRow[]>> {
  const out = new Map<string, StatusPeriodRow[]>(memberIds.map((id) => [id, []]));
  if (memberIds.length === 0) return out;
  const rows = await ex
    .select()
    .from(memberStatusPeriods)
    .where(inUuids(memberStatusPeriods.memberId, memberIds))
    .orderBy(sql`${memberStatusPeriods.startsOn} NULLS FIRST`, asc(memberStatusPeriods.createdAt));
  for (const r of rows) out.get(r.memberId)?.push(r);
  return out;
}

/**
 * The status history of one member: what was recorded, or, for a member whose history was never written (rows
 * inserted outside the operations, e.g. the demo's), what their record implies.
 */
export function historyOrRecord(
  recorded: StatusPeriodRow[] | undefined,
  member: Parameters<typeof periodsFromRecord>[0],
): StatusPeriod[] {
  return recorded && recorded.length > 0 ? recorded : periodsFromRecord(member);
}

/** Which of these organisations have at least one member on the roll. */
export async function organizationsWithMembers(ex: Executor, organizationIds: string[]): Promise<Set<string>> {
  if (organizationIds.length === 0) return new Set();
  const rows = await ex
    .selectDistinct({ id: members.organizationId })
    .from(members)
    .where(and(inArray(members.organizationId, organizationIds), isNull(members.leftOn)));
  return new Set(rows.map((r) => r.id));
}

/** Full names and Vietnamese sort keys by member id (members who left included; unknown ids are absent). */
export async function memberNames(
  ex: Executor,
  ids: string[],
): Promise<Map<string, { fullName: string; sortKey: string }>> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (unique.length === 0) return new Map();
  const rows = await ex
    .select({ id: members.id, fullName: members.fullName, sortKey: members.sortKey })
    .from(members)
    .where(inUuids(members.id, unique));
  return new Map(rows.map((r) => [r.id, { fullName: r.fullName, sortKey: r.sortKey }]));
}
