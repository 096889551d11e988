import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "../../core/db/index.js";
import { insertMany, isUniqueViolation } from "../../core/db/index.js";
import type { Actor } from "../../core/access/index.js";
import { recordEvent, recordEvents } from "../../core/audit/index.js";
import { ConflictError, RuleError, StaleVersionError } from "../../core/http/errors.js";
import type { OrganizationRow } from "../organizations/store.js";
import { hanoiDate } from "../../core/time.js";
import { members, memberTransfers } from "./schema.js";
import { normalizeName, vietnameseSortKey } from "./names.js";
import {
  dateOrderIssues,
  type createMemberBody,
  type leaveBody,
  type MemberInput,
  type transferBody,
} from "./model.js";
import { findMemberByCard, searchTextOf, type MemberRow } from "./store.js";

export type MemberFields = Omit<MemberInput, "version">;

function checkDates(input: MemberFields) {
  const [issue] = dateOrderIssues(input);
  if (issue)
    throw new RuleError("date_order", issue.field, "errors.date_order", {
      later: `fields.${issue.field}`,
      earlier: `fields.${issue.earlier}`,
    });
}

function derived(input: MemberFields) {
  const fullName = normalizeName(input.fullName);
  return { ...input, fullName, sortKey: vietnameseSortKey(fullName), searchText: searchTextOf({ ...input, fullName }) };
}

/** Checked before writing so the message can name the holder; the unique index still guards against races. */
async function guardCard<T>(
  tx: Tx,
  cardNumber: string | null,
  selfId: string | null,
  run: () => Promise<T>,
): Promise<T> {
  if (cardNumber) {
    const holder = await findMemberByCard(tx, cardNumber);
    if (holder && holder.member.id !== selfId) {
      throw new RuleError("card_taken", "cardNumber", "errors.card_taken", {
        card: cardNumber,
        name: holder.member.fullName,
      });
    }
  }
  try {
    return await run();
  } catch (error) {
    if (cardNumber && isUniqueViolation(error, "members_card_key")) {
      throw new RuleError("card_taken", "cardNumber", "errors.card_taken", { card: cardNumber, name: "?" });
    }
    throw error;
  }
}

function assertOpenTarget(org: OrganizationRow, field: string) {
  if (org.closedOn) throw new RuleError("org_closed", field, "errors.org_closed");
  if (org.kind === "party_committee") throw new RuleError("transfer_target_kind", field, "errors.transfer_target_kind");
}

export async function createMember(
  tx: Tx,
  actor: Actor,
  org: OrganizationRow,
  input: z.infer<typeof createMemberBody>,
): Promise<MemberRow> {
  assertOpenTarget(org, "organizationId");
  const { organizationId: _ignored, ...fields } = input;
  checkDates(fields);
  const row = await guardCard(
    tx,
    fields.cardNumber,
    null,
    async () =>
      (
        await tx
          .insert(members)
          .values({ organizationId: org.id, ...derived(fields) })
          .returning()
      )[0]!,
  );
  await tx.insert(memberTransfers).values({
    memberId: row.id,
    fromOrganizationId: null,
    toOrganizationId: org.id,
    transferredOn: hanoiDate(row.createdAt),
    note: "create",
  });
  await recordEvent(tx, {
    actorUserId: actor.userId,
    organizationId: org.id,
    entityType: "member",
    entityId: row.id,
    action: "create",
    after: row,
  });
  return row;
}

/**
 * Creates many members at once (a roster import): the same rows, transfers and audit events as createMember
 * for each, a thousand rows per statement. Card numbers must already be checked against the roster;
 * the unique index still refuses a race, and the whole import with it.
 */
export async function createMembers(
  tx: Tx,
  actor: Actor,
  items: { org: OrganizationRow; fields: MemberFields }[],
): Promise<MemberRow[]> {
  for (const { org, fields } of items) {
    assertOpenTarget(org, "organizationId");
    checkDates(fields);
  }
  // Ids are drawn here so the new rows can be read back (with their defaults) in the order given.
  const rows = items.map(({ org, fields }) => ({ id: randomUUID(), organizationId: org.id, ...derived(fields) }));
  try {
    await insertMany(tx, members, rows);
  } catch (error) {
    if (isUniqueViolation(error, "members_card_key"))
      throw new RuleError("card_taken", "cardNumber", "errors.card_taken", { card: "?", name: "?" });
    throw error;
  }
  const byId = new Map<string, MemberRow>();
  for (let i = 0; i < rows.length; i += 1000) {
    const ids = JSON.stringify(rows.slice(i, i + 1000).map((r) => r.id));
    for (const row of await tx
      .select()
      .from(members)
      .where(sql`${members.id} IN (SELECT value::uuid FROM jsonb_array_elements_text(${ids}::jsonb))`))
      byId.set(row.id, row);
  }
  const created = rows.map((r) => byId.get(r.id)!);
  await insertMany(
    tx,
    memberTransfers,
    created.map((row) => ({
      memberId: row.id,
      fromOrganizationId: null,
      toOrganizationId: row.organizationId,
      transferredOn: hanoiDate(row.createdAt),
      note: "create",
    })),
  );
  await recordEvents(
    tx,
    created.map((row) => ({
      actorUserId: actor.userId,
      organizationId: row.organizationId,
      entityType: "member",
      entityId: row.id,
      action: "create",
      after: row,
    })),
  );
  return created;
}

/** Returns null when nothing changed, so a re-import of the same roster writes nothing. */
export async function updateMember(
  tx: Tx,
  actor: Actor,
  before: MemberRow,
  input: MemberFields & { version: number },
): Promise<MemberRow | null> {
  if (before.leftOn) throw new ConflictError("member_left", "errors.member_left");
  const { version, ...fields } = input;
  checkDates(fields);
  const next = derived(fields);
  const changed = (Object.keys(next) as (keyof typeof next)[]).some(
    (k) => (before as Record<string, unknown>)[k] !== next[k],
  );
  if (!changed) {
    if (before.version !== version) throw new StaleVersionError();
    return null;
  }
  const row = await guardCard(
    tx,
    fields.cardNumber,
    before.id,
    async () =>
      (
        await tx
          .update(members)
          .set({ ...next, updatedAt: new Date(), version: sql`${members.version} + 1` })
          .where(and(eq(members.id, before.id), eq(members.version, version)))
          .returning()
      )[0],
  );
  if (!row) throw new StaleVersionError();
  await recordEvent(tx, {
    actorUserId: actor.userId,
    organizationId: row.organizationId,
    entityType: "member",
    entityId: row.id,
    action: "update",
    before,
    after: row,
  });
  return row;
}

export async function transferMember(
  tx: Tx,
  actor: Actor,
  before: MemberRow,
  target: OrganizationRow,
  input: z.infer<typeof transferBody>,
): Promise<MemberRow> {
  if (before.leftOn) throw new ConflictError("member_left", "errors.member_left");
  assertOpenTarget(target, "toOrganizationId");
  if (target.id === before.organizationId)
    throw new RuleError("same_organization", "toOrganizationId", "errors.same_organization");
  const [row] = await tx
    .update(members)
    .set({ organizationId: target.id, updatedAt: new Date(), version: sql`${members.version} + 1` })
    .where(and(eq(members.id, before.id), eq(members.version, input.version)))
    .returning();
  if (!row) throw new StaleVersionError();
  await tx.insert(memberTransfers).values({
    memberId: row.id,
    fromOrganizationId: before.organizationId,
    toOrganizationId: target.id,
    transferredOn: input.transferredOn,
    note: input.note,
  });
  // Both organisations' histories show the move.
  for (const organizationId of [before.organizationId, target.id]) {
    await recordEvent(tx, {
      actorUserId: actor.userId,
      organizationId,
      entityType: "member",
      entityId: row.id,
      action: "transfer",
      before: { organizationId: before.organizationId },
      after: { organizationId: target.id, transferredOn: input.transferredOn, note: input.note },
    });
  }
  return row;
}

/** Leaving the roll keeps the record: it is marked, never deleted. */
export async function markMemberLeft(
  tx: Tx,
  actor: Actor,
  before: MemberRow,
  input: z.infer<typeof leaveBody>,
): Promise<MemberRow> {
  if (before.leftOn) throw new ConflictError("member_left", "errors.member_left");
  const [row] = await tx
    .update(members)
    .set({
      leftOn: input.leftOn,
      leftReason: input.leftReason,
      updatedAt: new Date(),
      version: sql`${members.version} + 1`,
    })
    .where(and(eq(members.id, before.id), eq(members.version, input.version)))
    .returning();
  if (!row) throw new StaleVersionError();
  await recordEvent(tx, {
    actorUserId: actor.userId,
    organizationId: row.organizationId,
    entityType: "member",
    entityId: row.id,
    action: "leave",
    before,
    after: row,
  });
  return row;
}
