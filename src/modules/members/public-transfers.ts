import type { Actor } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import type { Tx } from "../../core/db/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import { ConflictError } from "../../core/http/errors.js";
import { and, eq, isNull } from "drizzle-orm";
import type { OrganizationRow } from "../organizations/store.js";
import { createMember, markMemberLeft } from "./operations.js";
import { members, memberStatusPeriods, memberTransfers } from "./schema.js";
import { getMember, type MemberDetailRow, type MemberRow } from "./store.js";

// What the transfers module asks of the members: the member it moves out of the đảng bộ (leaving the roll on the
// letter's day, the move written in their status history) and the member it receives from another đảng bộ.

/** The member, locked for a transfer; null when there is none. */
export async function memberForTransfer(tx: Tx, memberId: string): Promise<MemberDetailRow | null> {
  return getMember(tx, memberId, { forUpdate: true });
}

/**
 * The member leaves the đảng bộ's roll on `on`: a "left" period in the status history with the transfer as its
 * reason, through the same operation as any leaving (the record is kept, never deleted).
 */
export async function leaveByTransfer(
  tx: Tx,
  actor: Actor,
  member: MemberDetailRow,
  on: string,
  reason: string,
): Promise<MemberRow> {
  const { organizationPath: _path, organizationName: _name, ...row } = member;
  return markMemberLeft(tx, actor, row, { leftOn: on, leftReason: reason, version: member.version });
}

const audit = auditTrail<{ leave_cancelled: Change<MemberRow, MemberRow> }>("member");

/**
 * A leaving by transfer withdrawn (the letter cancelled while still valid): the member is back on the roll as if
 * they had never left. The "left" period is kept, ended on its own first day so it covers no day, with the
 * cancellation in its reason — the history reads true for every day and still shows what was recorded.
 */
export async function cancelLeavingByTransfer(
  tx: Tx,
  actor: Actor,
  memberId: string,
  leftOn: string,
  reason: string,
): Promise<MemberRow> {
  const before = await getMember(tx, memberId, { forUpdate: true });
  if (before?.leftOn !== leftOn) throw new ConflictError("member_not_left_by_transfer", "transfers.member_not_left");
  const { organizationPath: _path, organizationName: _name, ...row } = before;
  const after = await updateVersioned(tx, members, memberId, before.version, { leftOn: null, leftReason: null });
  await tx
    .update(memberStatusPeriods)
    .set({ endsOn: leftOn, reason })
    .where(
      and(
        eq(memberStatusPeriods.memberId, memberId),
        eq(memberStatusPeriods.kind, "left"),
        eq(memberStatusPeriods.startsOn, leftOn),
        isNull(memberStatusPeriods.endsOn),
      ),
    );
  await audit(
    tx,
    actor,
    "leave_cancelled",
    { organizationId: after.organizationId, entityId: memberId },
    {
      before: row,
      after,
    },
  );
  return after;
}

export interface ReceivedPerson {
  fullName: string;
  status: "full" | "probationary";
  cardNumber: string | null;
  dateOfBirth: string;
  gender: "male" | "female" | null;
  admissionDate: string;
  officialDate: string | null;
  unit: string | null;
}

/**
 * A member received from another đảng bộ: created in the cell from `joinedOn` with the status history their letter
 * implies (probationary from admission, full from the official date), the arrival noted on their first move.
 */
export async function receiveMember(
  tx: Tx,
  actor: Actor,
  cell: OrganizationRow,
  person: ReceivedPerson,
  joinedOn: string,
  note: string,
): Promise<MemberRow> {
  const row = await createMember(tx, actor, cell, {
    organizationId: cell.id,
    ...person,
    ethnicity: null,
    education: null,
    ceremonyDate: null,
    phone: null,
    email: null,
    exemptFromActivities: false,
    joinedOn,
  });
  await tx.update(memberTransfers).set({ note }).where(eq(memberTransfers.memberId, row.id));
  return row;
}
