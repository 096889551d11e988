import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "../../core/db/index.js";
import { bulkInsertion } from "../../core/db/bulk.js";
import { insertMany, isUniqueViolation, queryRows, uuidArray } from "../../core/db/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import type { Actor } from "../../core/access/index.js";
import { auditBulkTarget, auditTrail, type Change, recordEvents } from "../../core/audit/index.js";
import { ConflictError, RuleError, StaleVersionError } from "../../core/http/errors.js";
import type { OrganizationRow } from "../organizations/store.js";
import { hanoiDate, todayIso } from "../../core/time.js";
import { members, memberStatusPeriods, memberTransfers } from "./schema.js";
import { normalizeName, vietnameseSortKey } from "./names.js";
import {
  dateOrderIssues,
  type createMemberBody,
  type leaveBody,
  type MemberInput,
  type statusChangeBody,
  type transferBody,
} from "./model.js";
import { findMemberByCard, historyOrRecord, listStatusPeriods, searchTextOf, type MemberRow } from "./store.js";
import { periodsFromRecord, planChange, type StatusKind, type StatusPeriod } from "./status-history.js";

type OrgMove = { organizationId: string; transferredOn?: string; note?: string | null };
type MemberEvents = {
  create: Change<null, MemberRow>;
  update: Change<MemberRow, MemberRow>;
  transfer: Change<{ organizationId: string }, OrgMove>;
  leave: Change<MemberRow, MemberRow>;
  status_change: Change<null, { change: string; on: string; reason: string | null }>;
};
const audit = auditTrail<MemberEvents>("member");

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
  const { organizationId: _ignored, joinedOn, ...fields } = input;
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
    transferredOn: joinedOn ?? hanoiDate(row.createdAt),
    note: "create",
  });
  await insertPeriods(tx, actor, row.id, periodsFromRecord(row), "record");
  await audit(tx, actor, "create", { organizationId: org.id, entityId: row.id }, { before: null, after: row });
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
  items: { org: OrganizationRow; fields: MemberFields; joinedOn?: string | null }[],
): Promise<MemberRow[]> {
  for (const { org, fields } of items) {
    assertOpenTarget(org, "organizationId");
    checkDates(fields);
  }
  // Every column is given here, the defaults too, so the rows stored are the rows below: the audit and the transfers
  // are built from them without reading 100,000 rows back (ADR 0180). The time is the transaction's, as `now()` would
  // give each row, at the millisecond a JavaScript date holds.
  const [clock] = await queryRows<{ ms: number }>(
    tx,
    sql`SELECT floor(extract(epoch FROM now()) * 1000)::float8 AS ms`,
  );
  const now = new Date(Number(clock!.ms));
  const created = items.map(({ org, fields }): MemberRow => {
    const d = derived(fields);
    return {
      id: randomUUID(),
      organizationId: org.id,
      fullName: d.fullName,
      sortKey: d.sortKey,
      searchText: d.searchText,
      status: d.status,
      cardNumber: d.cardNumber ?? null,
      dateOfBirth: d.dateOfBirth ?? null,
      gender: d.gender ?? null,
      ethnicity: d.ethnicity ?? null,
      education: d.education ?? null,
      admissionDate: d.admissionDate ?? null,
      ceremonyDate: d.ceremonyDate ?? null,
      officialDate: d.officialDate ?? null,
      phone: d.phone ?? null,
      email: d.email ?? null,
      unit: d.unit ?? null,
      exemptFromActivities: d.exemptFromActivities ?? false,
      leftOn: null,
      leftReason: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
  });
  const transfers = created.map((row, i) => ({
    memberId: row.id,
    fromOrganizationId: null,
    toOrganizationId: row.organizationId,
    transferredOn: items[i]!.joinedOn ?? hanoiDate(row.createdAt),
    note: "create",
  }));
  const periods = created.flatMap((row) =>
    periodsFromRecord(row).map((p) => ({ ...p, memberId: row.id, source: "record" as const, createdBy: actor.userId })),
  );
  const events = created.map((row) => ({
    actorUserId: actor.userId,
    organizationId: row.organizationId,
    entityType: "member",
    entityId: row.id,
    action: "create",
    after: row,
  }));
  // A large roster (an organisation's first) builds these tables' indexes once, after its rows (ADR 0188).
  const targets = [
    { table: members, rows: created.length },
    { table: memberTransfers, rows: transfers.length },
    { table: memberStatusPeriods, rows: periods.length },
    auditBulkTarget(events.length),
  ];
  await bulkInsertion(tx, targets, async () => {
    try {
      await insertMany(tx, members, created);
    } catch (error) {
      if (isUniqueViolation(error, "members_card_key"))
        throw new RuleError("card_taken", "cardNumber", "errors.card_taken", { card: "?", name: "?" });
      throw error;
    }
    // Each statement's triggers would mark the organisations' meetings again, 5,000 rows at a time: they are marked
    // once, below, for the whole roster (ADR 0179).
    await tx.execute(sql`SELECT set_config('chibo.defer_summary_marks', 'on', true)`);
    await insertMany(tx, memberTransfers, transfers);
    await insertMany(tx, memberStatusPeriods, periods);
    await tx.execute(sql`SELECT set_config('chibo.defer_summary_marks', 'off', true)`);
    // What the triggers mark for a new member: every meeting of the organisations on the path of the one they join.
    await tx.execute(
      sql`SELECT meeting_summaries_mark_members('{}'::uuid[], ${uuidArray([...new Set(created.map((r) => r.organizationId))])}, NULL)`,
    );
    // One statement for the whole roster; the same events as `audit` writes one by one.
    await recordEvents(tx, events);
  });
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
  const row = await guardCard(tx, fields.cardNumber, before.id, () =>
    updateVersioned(tx, members, before.id, version, next),
  );
  await recordEditedStatus(tx, actor, before, row);
  await audit(tx, actor, "update", { organizationId: row.organizationId, entityId: row.id }, { before, after: row });
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
  const row = await updateVersioned(tx, members, before.id, input.version, { organizationId: target.id });
  await tx.insert(memberTransfers).values({
    memberId: row.id,
    fromOrganizationId: before.organizationId,
    toOrganizationId: target.id,
    transferredOn: input.transferredOn,
    note: input.note,
  });
  // Both organisations' histories show the move.
  for (const organizationId of [before.organizationId, target.id]) {
    await audit(
      tx,
      actor,
      "transfer",
      { organizationId, entityId: row.id },
      {
        before: { organizationId: before.organizationId },
        after: { organizationId: target.id, transferredOn: input.transferredOn, note: input.note },
      },
    );
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
  const row = await updateVersioned(tx, members, before.id, input.version, {
    leftOn: input.leftOn,
    leftReason: input.leftReason,
  });
  await ensureHistory(tx, actor, before);
  await insertPeriods(
    tx,
    actor,
    row.id,
    [{ kind: "left", startsOn: input.leftOn, endsOn: null }],
    "change",
    input.leftReason,
  );
  await audit(tx, actor, "leave", { organizationId: row.organizationId, entityId: row.id }, { before, after: row });
  return row;
}

async function insertPeriods(
  tx: Tx,
  actor: Actor,
  memberId: string,
  periods: StatusPeriod[],
  source: "record" | "change",
  reason: string | null = null,
): Promise<void> {
  if (periods.length === 0) return;
  await tx
    .insert(memberStatusPeriods)
    .values(periods.map((p) => ({ ...p, memberId, source, reason, createdBy: actor.userId })));
}

/** The member's recorded history, written from their record first if it never was (rows seeded directly). */
async function ensureHistory(tx: Tx, actor: Actor, member: MemberRow) {
  const recorded = (await listStatusPeriods(tx, [member.id])).get(member.id) ?? [];
  if (recorded.length > 0) return recorded;
  await insertPeriods(tx, actor, member.id, historyOrRecord(recorded, member), "record");
  return (await listStatusPeriods(tx, [member.id])).get(member.id) ?? [];
}

/** Ends the open period of a kind on a day (the day of the change, exclusive) and opens the next one. */
async function switchPeriod(
  tx: Tx,
  actor: Actor,
  memberId: string,
  close: StatusKind | null,
  open: StatusKind | null,
  on: string,
  reason: string | null,
) {
  if (close)
    await tx
      .update(memberStatusPeriods)
      .set({ endsOn: on })
      .where(
        and(
          eq(memberStatusPeriods.memberId, memberId),
          eq(memberStatusPeriods.kind, close),
          isNull(memberStatusPeriods.endsOn),
        ),
      );
  if (open) await insertPeriods(tx, actor, memberId, [{ kind: open, startsOn: on, endsOn: null }], "change", reason);
}

/**
 * A status edited on the member's form is a change of today — except a recognition, which dates from the official
 * date when the form gives one. Dated changes of the past go through changeMemberStatus.
 */
async function recordEditedStatus(tx: Tx, actor: Actor, before: MemberRow, after: MemberRow) {
  if (before.status === after.status && before.exemptFromActivities === after.exemptFromActivities) return;
  const history = await ensureHistory(tx, actor, before);
  const today = todayIso();
  if (before.status !== after.status) {
    const open = history.find((p) => p.kind === before.status && p.endsOn === null);
    let on = after.status === "full" ? (after.officialDate ?? today) : today;
    // A period cannot end before it began: a correction on the day it began replaces it.
    if (open?.startsOn && on < open.startsOn) on = open.startsOn;
    await switchPeriod(tx, actor, after.id, before.status, after.status, on, null);
  }
  if (before.exemptFromActivities !== after.exemptFromActivities)
    await switchPeriod(
      tx,
      actor,
      after.id,
      after.exemptFromActivities ? null : "exempt",
      after.exemptFromActivities ? "exempt" : null,
      today,
      null,
    );
}

/**
 * A dated status change: recognition as a full member, the start or end of an exemption from activities or of a
 * suspension. It writes the history, keeps the member's current columns in step, and bumps the record's version.
 */
export async function changeMemberStatus(
  tx: Tx,
  actor: Actor,
  before: MemberRow,
  input: z.infer<typeof statusChangeBody>,
): Promise<MemberRow> {
  if (before.leftOn) throw new ConflictError("member_left", "errors.member_left");
  const history = await ensureHistory(tx, actor, before);
  const plan = planChange(history, input.change, input.on);
  if ("issue" in plan) throw new RuleError(plan.issue, "on", `errors.status_${plan.issue}`);
  const row = await updateVersioned(tx, members, before.id, input.version, plan.record);
  const closing = plan.close === null ? null : history[plan.close]!.kind;
  await switchPeriod(tx, actor, row.id, closing, plan.open, input.on, input.reason);
  await audit(
    tx,
    actor,
    "status_change",
    { organizationId: row.organizationId, entityId: row.id },
    { before: null, after: { change: input.change, on: input.on, reason: input.reason } },
  );
  return row;
}
