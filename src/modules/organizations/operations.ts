import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import type { Tx } from "../../core/db/index.js";
import { isUniqueViolation } from "../../core/db/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import { ConflictError, NotFoundError, RuleError } from "../../core/http/errors.js";
import { validateRulebookData } from "../../core/rulebooks/index.js";
import { localRulebooks } from "../../core/rulebooks/schema.js";
import { countCurrentMembers } from "../members/public-organizations.js";
import { getMember } from "../members/store.js";
import type {
  closeOrganizationBody,
  createOrganizationBody,
  localRulebookBody,
  oversightBody,
  positionBody,
  termBody,
  updateOrganizationBody,
} from "./model.js";
import { childPath, type OrgKind, parentAllowed } from "./model.js";
import { organizations, oversights, positions, terms } from "./schema.js";
import {
  getOrganization,
  getOversight,
  getPosition,
  type OrganizationRow,
  type OversightRow,
  type PositionRow,
} from "./store.js";

type TermRow = typeof terms.$inferSelect;
type LocalRulebookRow = typeof localRulebooks.$inferSelect;
type OrgChange = Change<OrganizationRow, OrganizationRow>;
type PathChange = Change<{ parentId: string | null; path: string }, { parentId: string; path: string }>;

const organizationAudit = auditTrail<{
  create: Change<null, OrganizationRow>;
  update: OrgChange;
  move: PathChange;
  close: OrgChange;
}>("organization");
const termAudit = auditTrail<{ create: Change<null, TermRow> }>("term");
const positionAudit = auditTrail<{ create: Change<null, PositionRow>; end: Change<PositionRow, PositionRow> }>(
  "position",
);
const oversightAudit = auditTrail<{ create: Change<null, OversightRow>; end: Change<OversightRow, OversightRow> }>(
  "oversight",
);
const rulebookAudit = auditTrail<{ adopt: Change<null, LocalRulebookRow> }>("rulebook");

async function insertOrUpdateWithCode<T>(code: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error, "organizations_code_key"))
      throw new RuleError("code_taken", "code", "errors.code_taken", { code });
    throw error;
  }
}

/** A new organisation under `parent` (locked by the caller), or a top-level one when `parent` is null. */
export async function createOrganization(
  tx: Tx,
  actor: Actor,
  parent: OrganizationRow | null,
  input: z.infer<typeof createOrganizationBody>,
): Promise<OrganizationRow> {
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
  await organizationAudit(
    tx,
    actor,
    "create",
    { organizationId: row.id, entityId: row.id },
    { before: null, after: row },
  );
  return row;
}

export async function updateOrganization(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  input: z.infer<typeof updateOrganizationBody>,
): Promise<OrganizationRow> {
  const { version, ...changes } = input;
  const row = await insertOrUpdateWithCode(input.code, () =>
    updateVersioned(tx, organizations, org.id, version, changes),
  );
  await organizationAudit(
    tx,
    actor,
    "update",
    { organizationId: org.id, entityId: org.id },
    { before: org, after: row },
  );
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
  const bumped = await updateVersioned(tx, organizations, org.id, version, { parentId: newParent.id });
  const newPath = childPath(newParent.path, org.id);
  // One statement rewrites the whole subtree's paths.
  await tx.execute(
    sql`UPDATE organizations SET path = ${newPath} || substr(path, ${org.path.length + 1}) WHERE path LIKE ${`${org.path}%`}`,
  );
  await organizationAudit(
    tx,
    actor,
    "move",
    { organizationId: org.id, entityId: org.id },
    { before: { parentId: org.parentId, path: org.path }, after: { parentId: newParent.id, path: newPath } },
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
  const active = await countCurrentMembers(tx, org.path);
  if (active > 0) throw new ConflictError("org_has_active_members", "errors.org_has_active_members", { count: active });
  const row = await updateVersioned(tx, organizations, org.id, input.version, {
    closedOn: input.closedOn,
    closedReason: input.closedReason,
  });
  await organizationAudit(
    tx,
    actor,
    "close",
    { organizationId: org.id, entityId: org.id },
    { before: org, after: row },
  );
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
  await termAudit(tx, actor, "create", { organizationId: org.id, entityId: row!.id }, { before: null, after: row! });
  return row!;
}

export async function addPosition(tx: Tx, actor: Actor, org: OrganizationRow, input: z.infer<typeof positionBody>) {
  assertOpen(org);
  const member = await getMember(tx, input.memberId);
  // A position is held by a member of the organisation or of one of its cells (the đảng ủy is elected from its cells).
  if (!member || member.leftOn || !member.organizationPath.startsWith(org.path)) {
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
  await positionAudit(
    tx,
    actor,
    "create",
    { organizationId: org.id, entityId: row!.id },
    { before: null, after: row! },
  );
  return row!;
}

/** Ends a position of the organisation on `endsOn`; the position is locked until the transaction ends. */
export async function endPosition(tx: Tx, actor: Actor, org: { id: string }, positionId: string, endsOn: string) {
  const before = await getPosition(tx, org.id, positionId, { forUpdate: true });
  if (!before) throw new NotFoundError("position");
  if (endsOn < before.startsOn)
    throw new RuleError("date_order", "endsOn", "errors.date_order", {
      later: "fields.endsOn",
      earlier: "fields.startsOn",
    });
  const [row] = await tx.update(positions).set({ endsOn }).where(eq(positions.id, positionId)).returning();
  await positionAudit(tx, actor, "end", { organizationId: org.id, entityId: positionId }, { before, after: row! });
  return row!;
}

export async function addOversight(tx: Tx, actor: Actor, cell: OrganizationRow, input: z.infer<typeof oversightBody>) {
  if (cell.kind !== "cell" || !cell.parentId)
    throw new RuleError("oversight_target", "organizationId", "errors.oversight_target");
  const parent = await getOrganization(tx, cell.parentId);
  const member = await getMember(tx, input.memberId);
  // The đảng ủy member who follows a cell belongs to the same đảng bộ.
  if (!member || member.leftOn || !parent || !member.organizationPath.startsWith(parent.path)) {
    throw new RuleError("position_member_elsewhere", "memberId", "errors.position_member_elsewhere");
  }
  const [row] = await tx
    .insert(oversights)
    .values({ organizationId: cell.id, ...input })
    .returning();
  await oversightAudit(
    tx,
    actor,
    "create",
    { organizationId: cell.id, entityId: row!.id },
    { before: null, after: row! },
  );
  return row!;
}

/** Ends an oversight of the cell on `endsOn`; the oversight is locked until the transaction ends. */
export async function endOversight(tx: Tx, actor: Actor, cell: { id: string }, oversightId: string, endsOn: string) {
  const before = await getOversight(tx, cell.id, oversightId, { forUpdate: true });
  if (!before) throw new NotFoundError("oversight");
  const [row] = await tx.update(oversights).set({ endsOn }).where(eq(oversights.id, oversightId)).returning();
  await oversightAudit(tx, actor, "end", { organizationId: cell.id, entityId: oversightId }, { before, after: row! });
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
  await rulebookAudit(tx, actor, "adopt", { organizationId: org.id, entityId: row!.id }, { before: null, after: row! });
  return row!;
}
