import { and, eq, inArray, isNull } from "drizzle-orm";
import { inUuids, type Executor } from "../../core/db/index.js";
import { grants } from "../../core/access/schema.js";
import type { Recipient } from "../../core/outbox/index.js";
import { users } from "./schema.js";

// What the admissions module asks of the accounts: who works in the office of a đảng bộ, to warn them of deadlines.

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
export async function officeRecipientsByOrganization(
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
