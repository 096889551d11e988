import { and, eq, inArray, isNull } from "drizzle-orm";
import { inUuids, type Executor } from "../../core/db/index.js";
import { grants } from "../../core/access/schema.js";
import { type Recipient, recipientsOfMembers } from "../../core/outbox/index.js";
import { secretariesByOrganization } from "../organizations/public-admissions.js";
import { users } from "./schema.js";

// What the admissions and dues modules ask of the accounts: whom to warn of a deadline — the office of a đảng bộ,
// and a cell's secretaries.

/** The active accounts holding an office grant on one of these organisations (a đảng bộ and those above it). */
export async function officeRecipients(ex: Executor, organizationIds: string[]): Promise<Recipient[]> {
  if (organizationIds.length === 0) return [];
  const rows = await ex
    .selectDistinct({ userId: users.id, name: users.displayName, email: users.email })
    .from(grants)
    .innerJoin(users, eq(users.id, grants.userId))
    .where(and(inArray(grants.organizationId, organizationIds), eq(grants.role, "office"), isNull(users.disabledAt)));
  return rows.map((r) => ({ userId: r.userId, name: r.name, email: r.email }));
}

/** The active accounts holding an office grant on each of these organisations, in one read: organisation id → them. */
async function officeRecipientsByOrganization(
  ex: Executor,
  organizationIds: string[],
): Promise<Map<string, Recipient[]>> {
  if (organizationIds.length === 0) return new Map();
  const rows = await ex
    .selectDistinct({
      organizationId: grants.organizationId,
      userId: users.id,
      name: users.displayName,
      email: users.email,
    })
    .from(grants)
    .innerJoin(users, eq(users.id, grants.userId))
    .where(and(inUuids(grants.organizationId, organizationIds), eq(grants.role, "office"), isNull(users.disabledAt)));
  const out = new Map<string, Recipient[]>();
  for (const r of rows)
    out.set(r.organizationId, [
      ...(out.get(r.organizationId) ?? []),
      { userId: r.userId, name: r.name, email: r.email },
    ]);
  return out;
}

/**
 * Whom each cell's deadline warnings reach (ADR 0184), for many cells in four reads whatever their number: the
 * secretaries on the date of the cell and of its đảng ủy when given, and the office accounts of every organisation
 * on the cell's path, each once. Cell id → both lists. The admission and dues warnings use it.
 */
export async function warningRecipients(
  ex: Executor,
  cells: { id: string; path: string; partyCommitteeId: string | null }[],
  date: string,
): Promise<Map<string, { secretaries: Recipient[]; office: Recipient[] }>> {
  const postsOf = (c: (typeof cells)[number]) => [c.id, ...(c.partyCommitteeId ? [c.partyCommitteeId] : [])];
  const ancestorsOf = (c: (typeof cells)[number]) => c.path.split("/").filter(Boolean);
  const secretaryOf = await secretariesByOrganization(ex, [...new Set(cells.flatMap(postsOf))], date);
  const byMember = new Map(
    (await recipientsOfMembers(ex, [...new Set(secretaryOf.values())])).map((r) => [r.memberId, r]),
  );
  const officeOf = await officeRecipientsByOrganization(ex, [...new Set(cells.flatMap(ancestorsOf))]);
  const out = new Map<string, { secretaries: Recipient[]; office: Recipient[] }>();
  for (const c of cells) {
    if (out.has(c.id)) continue;
    const office = ancestorsOf(c).flatMap((id) => officeOf.get(id) ?? []);
    out.set(c.id, {
      secretaries: postsOf(c).flatMap((id) => byMember.get(secretaryOf.get(id)) ?? []),
      office: [...new Map(office.map((o) => [o.userId, o])).values()],
    });
  }
  return out;
}
