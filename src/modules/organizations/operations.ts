import { and, eq, isNull, like, sql } from "drizzle-orm";
import type { Tx } from "../../core/db/index.js";
import { isUniqueViolation } from "../../core/db/index.js";
import type { Actor } from "../../core/access/index.js";
import { recordEvent } from "../../core/audit/index.js";
import { ConflictError, NotFoundError, RuleError, StaleVersionError } from "../../core/http/errors.js";
import { validateRulebookData } from "../../core/rulebooks/index.js";
import { localRulebooks } from "../../core/rulebooks/schema.js";
import { members } from "../members/schema.js";
import { organizations, oversights, positions, terms } from "./schema.js";
import { childPath, parentAllowed, type OrgKind } from "./model.js";
import { getOrganization, type OrganizationRow } from "./store.js";
import type { z } from "zod";
import type {
  closeOrganizationBody,
  createOrganizationBody,
  localRulebookBody,
  oversightBody,
  positionBody,
  termBody,
  updateOrganizationBody,
} from "./model.js";

const audit = (
  tx: Tx,
  actor: Actor,
  org: string,
  entityType: string,
  entityId: string,
  action: string,
  before: unknown,
  after: unknown,
) => recordEvent(tx, { actorUserId: actor.userId, organizationId: org, entityType, entityId, action, before, after });

async function insertOrUpdateWithCode<T>(code: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error, "organizations_code_key"))
      throw new RuleError("code_taken", "code", "errors.code_taken", { code });
    throw error;
  }
}

export async function createOrganization(
  tx: Tx,
  actor: Actor,
  input: z.infer<typeof createOrganizationBody>,
): Promise<OrganizationRow> {
  const parent = input.parentId ? await getOrganization(tx, input.parentId) : null;
  if (input.parentId && !parent) throw new NotFoundError("organization");
  if (parent?.closedOn) throw new RuleError("org_closed", "parentId", "errors.org_closed");
  if (!parentAllowed(input.kind, (parent?.kind as OrgKind | undefined) ?? null)) {
    throw new RuleError("parent_kind", "parentId", "errors.parent_kind", {
      child: `kinds.${input.kind}`,
      parent: parent ? `kinds.${parent.kind}` : "-",
    });
  }
  const id = crypto.randomUUID();
  const row = await insertOrUpdateWithCode(input.code, async () => {
    const [created] = await tx
      .insert(organizations)
      .values({ id, ...input, path: childPath(parent?.path ?? null, id) })
      .returning();
    return created!;
  });
  await audit(tx, actor, row.id, "organization", row.id, "create", null, row);
  return row;
}

export async function updateOrganization(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  input: z.infer<typeof updateOrganizationBody>,
): Promise<OrganizationRow> {
  const { version, ...changes } = input;
  const row = await insertOrUpdateWithCode(input.code, async () => {
    const [updated] = await tx
      .update(organizations)
      .set({ ...changes, updatedAt: new Date(), version: sql`${organizations.version} + 1` })
      .where(and(eq(organizations.id, org.id), eq(organizations.version, version)))
      .returning();
    return updated;
  });
  if (!row) throw new StaleVersionError();
  await audit(tx, actor, org.id, "organization", org.id, "update", org, row);
  return row;
}

export async function moveOrganization(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  newParent: OrganizationRow,
  version: number,
): Promise<OrganizationRow> {
  if (newParent.path.startsWith(org.path)) throw new RuleError("move_into_self", "parentId", "errors.move_into_self");
  if (!parentAllowed(org.kind as OrgKind, newParent.kind as OrgKind)) {
    throw new RuleError("parent_kind", "parentId", "errors.parent_kind", {
      child: `kinds.${org.kind}`,
      parent: `kinds.${newParent.kind}`,
    });
  }
  if (newParent.closedOn) throw new RuleError("org_closed", "parentId", "errors.org_closed");
  const [bumped] = await tx
    .update(organizations)
    .set({ parentId: newParent.id, updatedAt: new Date(), version: sql`${organizations.version} + 1` })
    .where(and(eq(organizations.id, org.id), eq(organizations.version, version)))
    .returning();
  if (!bumped) throw new StaleVersionError();
  const newPath = childPath(newParent.path, org.id);
  // One statement rewrites the whole subtree's paths.
  await tx.execute(
    sql`UPDATE organizations SET path = ${newPath} || substr(path, ${org.path.length + 1}) WHERE path LIKE ${`${org.path}%`}`,
  );
  await audit(
    tx,
    actor,
    org.id,
    "organization",
    org.id,
    "move",
    { parentId: org.parentId, path: org.path },
    { parentId: newParent.id, path: newPath },
  );
  return { ...bumped, path: newPath };
}

/** Closed organisations keep their records but take nothing new. */
function assertOpen(org: OrganizationRow) {
  if (org.closedOn) throw new ConflictError("org_closed", "errors.org_closed");
}

export async function closeOrganization(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  input: z.infer<typeof closeOrganizationBody>,
): Promise<OrganizationRow> {
  assertOpen(org);
  const [active] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(and(like(organizations.path, `${org.path}%`), isNull(members.leftOn)));
  if ((active?.n ?? 0) > 0)
    throw new ConflictError("org_has_active_members", "errors.org_has_active_members", { count: active!.n });
  const [row] = await tx
    .update(organizations)
    .set({
      closedOn: input.closedOn,
      closedReason: input.closedReason,
      updatedAt: new Date(),
      version: sql`${organizations.version} + 1`,
    })
    .where(and(eq(organizations.id, org.id), eq(organizations.version, input.version)))
    .returning();
  if (!row) throw new StaleVersionError();
  await audit(tx, actor, org.id, "organization", org.id, "close", org, row);
  return row;
}

export async function addTerm(tx: Tx, actor: Actor, org: OrganizationRow, input: z.infer<typeof termBody>) {
  assertOpen(org);
  const existing = await tx.select().from(terms).where(eq(terms.organizationId, org.id));
  // Terms meet at the congress day: the old one ends the day the new one starts, so only a real overlap is refused.
  const clash = existing.find((t) => input.startsOn < t.endsOn && t.startsOn < input.endsOn);
  if (clash) throw new RuleError("term_overlap", "startsOn", "errors.term_overlap", { label: clash.label });
  const [row] = await tx
    .insert(terms)
    .values({ organizationId: org.id, ...input })
    .returning();
  await audit(tx, actor, org.id, "term", row!.id, "create", null, row);
  return row!;
}

export async function addPosition(tx: Tx, actor: Actor, org: OrganizationRow, input: z.infer<typeof positionBody>) {
  assertOpen(org);
  const [member] = await tx
    .select({ id: members.id, path: organizations.path, leftOn: members.leftOn })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(eq(members.id, input.memberId));
  // A position is held by a member of the organisation or of one of its cells (the đảng ủy is elected from its cells).
  if (!member || member.leftOn || !member.path.startsWith(org.path)) {
    throw new RuleError("position_member_elsewhere", "memberId", "errors.position_member_elsewhere");
  }
  if (input.termId) {
    const [term] = await tx
      .select()
      .from(terms)
      .where(and(eq(terms.id, input.termId), eq(terms.organizationId, org.id)));
    if (!term) throw new RuleError("not_found", "termId", "errors.not_found");
  }
  if (input.endsOn && input.endsOn < input.startsOn) {
    throw new RuleError("date_order", "endsOn", "errors.date_order", {
      later: "fields.endsOn",
      earlier: "fields.startsOn",
    });
  }
  const [row] = await tx
    .insert(positions)
    .values({ organizationId: org.id, ...input })
    .returning();
  await audit(tx, actor, org.id, "position", row!.id, "create", null, row);
  return row!;
}

export async function endPosition(tx: Tx, actor: Actor, org: OrganizationRow, positionId: string, endsOn: string) {
  const [before] = await tx
    .select()
    .from(positions)
    .where(and(eq(positions.id, positionId), eq(positions.organizationId, org.id)));
  if (!before) throw new NotFoundError("position");
  if (endsOn < before.startsOn)
    throw new RuleError("date_order", "endsOn", "errors.date_order", {
      later: "fields.endsOn",
      earlier: "fields.startsOn",
    });
  const [row] = await tx.update(positions).set({ endsOn }).where(eq(positions.id, positionId)).returning();
  await audit(tx, actor, org.id, "position", positionId, "end", before, row);
  return row!;
}

export async function addOversight(tx: Tx, actor: Actor, cell: OrganizationRow, input: z.infer<typeof oversightBody>) {
  if (cell.kind !== "cell" || !cell.parentId)
    throw new RuleError("oversight_target", "organizationId", "errors.oversight_target");
  const parent = await getOrganization(tx, cell.parentId);
  const [member] = await tx
    .select({ path: organizations.path, leftOn: members.leftOn })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(eq(members.id, input.memberId));
  // The đảng ủy member who follows a cell belongs to the same đảng bộ.
  if (!member || member.leftOn || !parent || !member.path.startsWith(parent.path)) {
    throw new RuleError("position_member_elsewhere", "memberId", "errors.position_member_elsewhere");
  }
  const [row] = await tx
    .insert(oversights)
    .values({ organizationId: cell.id, ...input })
    .returning();
  await audit(tx, actor, cell.id, "oversight", row!.id, "create", null, row);
  return row!;
}

export async function endOversight(tx: Tx, actor: Actor, cell: OrganizationRow, oversightId: string, endsOn: string) {
  const [before] = await tx
    .select()
    .from(oversights)
    .where(and(eq(oversights.id, oversightId), eq(oversights.organizationId, cell.id)));
  if (!before) throw new NotFoundError("oversight");
  const [row] = await tx.update(oversights).set({ endsOn }).where(eq(oversights.id, oversightId)).returning();
  await audit(tx, actor, cell.id, "oversight", oversightId, "end", before, row);
  return row!;
}

export async function adoptLocalRulebook(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  input: z.infer<typeof localRulebookBody>,
) {
  let data: unknown;
  try {
    data = validateRulebookData(input.kind, input.data);
  } catch {
    throw new RuleError("invalid_rulebook", "data", "validation.invalid_value");
  }
  const [row] = await tx
    .insert(localRulebooks)
    .values({ organizationId: org.id, ...input, data, createdBy: actor.userId })
    .returning();
  await audit(tx, actor, org.id, "rulebook", row!.id, "adopt", null, row);
  return row!;
}
