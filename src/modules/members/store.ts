import { and, asc, eq, inArray, isNull, like, sql } from "drizzle-orm";
import type { Executor } from "../../core/db/index.js";
import { organizations } from "../organizations/schema.js";
import { members, memberTransfers } from "./schema.js";
import { foldForSearch } from "./names.js";
import type { MemberStatus } from "./model.js";

export type MemberRow = typeof members.$inferSelect;

export async function getMember(
  ex: Executor,
  id: string,
): Promise<(MemberRow & { organizationPath: string; organizationName: string }) | null> {
  const [row] = await ex
    .select({ member: members, path: organizations.path, name: organizations.name })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(eq(members.id, id));
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
    query.organizationIds
      ? inArray(
          organizations.id,
          query.organizationIds.length ? query.organizationIds : ["00000000-0000-0000-0000-000000000000"],
        )
      : undefined,
    query.includeLeft ? undefined : isNull(members.leftOn),
    query.status ? eq(members.status, query.status) : undefined,
    // Escape LIKE's wildcards so a search for "50%" means the text.
    folded ? sql`${members.searchText} LIKE ${`%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : undefined,
  );
  const [rows, [count]] = await Promise.all([
    ex
      .select({ member: members, organizationName: organizations.name })
      .from(members)
      .innerJoin(organizations, eq(organizations.id, members.organizationId))
      .where(where)
      .orderBy(sql`${members.sortKey} COLLATE "C"`, asc(members.id))
      .limit(query.limit)
      .offset(query.offset),
    ex
      .select({ n: sql<number>`count(*)::int` })
      .from(members)
      .innerJoin(organizations, eq(organizations.id, members.organizationId))
      .where(where),
  ]);
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
