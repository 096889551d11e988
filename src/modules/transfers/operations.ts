import { randomUUID } from "node:crypto";
import type { Actor } from "../../core/access/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import type { Tx } from "../../core/db/index.js";
import { updateVersioned } from "../../core/db/versioned.js";
import { ConflictError, RuleError } from "../../core/http/errors.js";
import { formatDate } from "../../core/i18n/index.js";
import { fill } from "../documents/model.js";
import { issueNewDocument } from "../documents/operations.js";
import { revokeIssuedDocument } from "../documents/public-transfers.js";
import { transferBlocked } from "../inspections/public-members.js";
import {
  cancelLeavingByTransfer,
  leaveByTransfer,
  memberForTransfer,
  receiveMember,
} from "../members/public-transfers.js";
import { getOrganization, type OrganizationRow } from "../organizations/store.js";
import {
  type CancelInput,
  type HostCommentInput,
  presentDeadline,
  startDeadline,
  stayCancelIssue,
  stayDurationIssue,
  type TemporaryStayInput,
  transferCancelIssue,
  type TransferInInput,
  type TransferOutInput,
} from "./model.js";
import { partyTransfers, temporaryStays } from "./schema.js";
import { overlappingStay, type StayRow, transferBooks, type TransferRow } from "./store.js";

type TransferEvents = { create: Change<null, TransferRow>; cancel: Change<TransferRow, TransferRow> };
type StayEvents = {
  create: Change<null, StayRow>;
  comment: Change<StayRow, StayRow>;
  cancel: Change<StayRow, StayRow>;
};
const transferAudit = auditTrail<TransferEvents>("party_transfer");
const stayAudit = auditTrail<StayEvents>("temporary_stay");

/** The origin of the giấy giới thiệu in the document register: documents found by it lead back to the transfer. */
export const LETTER_ORIGIN = "transfer-letter";

const notAfterToday = (value: string, field: string, today: string) => {
  if (value > today) throw new RuleError("date_in_future", field, "transfers.date_in_future");
};

/** The organisation must lie in the đảng bộ's subtree; anything else is refused on the field that named it. */
function inside(committee: OrganizationRow, org: { path: string } | null, field: string): void {
  if (!org?.path.startsWith(committee.path) || org.path === committee.path)
    throw new RuleError("outside_party_committee", field, "transfers.outside_party_committee");
}

/** The member, locked, when they belong to the đảng bộ; an unknown id is refused like a foreign one. */
async function memberInside(tx: Tx, committee: OrganizationRow, memberId: string) {
  const member = await memberForTransfer(tx, memberId);
  if (!member) throw new RuleError("outside_party_committee", "memberId", "transfers.outside_party_committee");
  inside(committee, { path: member.organizationPath }, "memberId");
  return member;
}

async function cellInside(tx: Tx, committee: OrganizationRow, id: string, field: string): Promise<OrganizationRow> {
  const org = await getOrganization(tx, id);
  inside(committee, org, field);
  if (org!.kind !== "cell") throw new RuleError("transfer_cell_only", field, "transfers.cell_only");
  if (org!.closedOn) throw new RuleError("org_closed", field, "errors.org_closed");
  return org!;
}

/**
 * The official transfer out of the đảng bộ (294-QĐ/TW §6.3): refused while the member is under inspection or has a
 * complaint pending (the inspections module answers yes or no); started within the working days the rulebook gives
 * from the job or residence decision, or with the reason it was not. The đảng ủy's giấy giới thiệu is issued through
 * the register, valid until the last day to present it; the member leaves the roll on its day.
 */
export async function transferOut(
  tx: Tx,
  actor: Actor,
  committee: OrganizationRow,
  input: TransferOutInput,
  today: string,
): Promise<TransferRow> {
  const member = await memberInside(tx, committee, input.memberId);
  if (member.leftOn) throw new ConflictError("member_left", "errors.member_left");
  notAfterToday(input.letterIssuedOn, "letterIssuedOn", today);
  if (input.decisionOn > input.letterIssuedOn)
    throw new RuleError("decision_after_letter", "decisionOn", "transfers.decision_after_letter");
  if (await transferBlocked(tx, member.id))
    throw new RuleError("transfer_blocked", "memberId", "transfers.blocked", { name: member.fullName });
  const { rules, calendar } = await transferBooks(tx, committee.path, input.letterIssuedOn, "letterIssuedOn");
  const startBy = startDeadline(rules, calendar, input.decisionOn);
  if (input.letterIssuedOn > startBy && !input.lateReason)
    throw new RuleError("transfer_start_late", "lateReason", "transfers.start_late", {
      days: rules.workingDays.start,
      date: formatDate(startBy),
    });

  const id = randomUUID();
  const presentBy = presentDeadline(rules, calendar, input.letterIssuedOn);
  const values = {
    issuerName: committee.name,
    name: member.fullName,
    dateOfBirth: member.dateOfBirth ? formatDate(member.dateOfBirth) : "…",
    admissionDate: member.admissionDate ? formatDate(member.admissionDate) : "…",
    officialPart: member.officialDate ? `; chính thức ngày ${formatDate(member.officialDate)}` : "",
    cardNumber: member.cardNumber ?? "…",
    standing: member.status === "full" ? "chính thức" : "dự bị",
    cellName: member.organizationName,
    counterpart: input.counterpart,
    reasonPart: input.reason ? ` (${input.reason})` : "",
    presentBy: formatDate(presentBy),
    presentDays: String(rules.workingDays.present),
  };
  const letter = rules.letter;
  const document = await issueNewDocument(
    tx,
    actor,
    committee,
    {
      type: rules.letterType,
      // Not a template of the register: the wording is the transfer rulebook's.
      templateKey: LETTER_ORIGIN,
      summary: fill(letter.summary, values),
      sections: letter.sections.map((s, i) => ({
        key: `s${i + 1}`,
        heading: fill(s.heading, values),
        text: fill(s.text, values),
      })),
      recipients: letter.recipients.map((r) => fill(r, values)),
      origin: LETTER_ORIGIN,
      originRef: id,
    },
    input.letterIssuedOn,
  );
  // "Số 01-GT/ĐU" as the register prints it; the number alone where a sentence names it.
  const numberText = (document.numberText ?? "").replace(/^Số\s*/u, "");
  await leaveByTransfer(
    tx,
    actor,
    member,
    input.letterIssuedOn,
    `Chuyển sinh hoạt đảng chính thức đến ${input.counterpart} (giấy giới thiệu số ${numberText})`,
  );
  const [row] = await tx
    .insert(partyTransfers)
    .values({
      id,
      direction: "out",
      partyCommitteeId: committee.id,
      organizationId: member.organizationId,
      memberId: member.id,
      counterpart: input.counterpart,
      decisionRef: input.decisionRef,
      decisionOn: input.decisionOn,
      reason: input.reason,
      letterNumber: numberText,
      letterIssuedOn: input.letterIssuedOn,
      documentId: document.id,
      effectiveOn: input.letterIssuedOn,
      lateReason: input.lateReason,
    })
    .returning();
  await transferAudit(
    tx,
    actor,
    "create",
    { organizationId: member.organizationId, entityId: id },
    {
      before: null,
      after: row!,
    },
  );
  return row!;
}

/**
 * A member received from another đảng bộ with its giấy giới thiệu: presented within the working days the rulebook
 * gives from the letter's date (or with the reason it was not), the member joins the cell's roll on the day
 * presented, with the status history the letter's dates give.
 */
export async function transferIn(
  tx: Tx,
  actor: Actor,
  committee: OrganizationRow,
  input: TransferInInput,
  today: string,
): Promise<TransferRow> {
  const cell = await cellInside(tx, committee, input.cellId, "cellId");
  notAfterToday(input.presentedOn, "presentedOn", today);
  if (input.presentedOn < input.letterIssuedOn)
    throw new RuleError("presented_before_letter", "presentedOn", "transfers.presented_before_letter");
  if (input.status === "full" && !input.officialDate)
    throw new RuleError("official_date_required", "officialDate", "transfers.official_date_required");
  if (input.status === "probationary" && input.officialDate)
    throw new RuleError("official_date_probationary", "officialDate", "transfers.official_date_probationary");
  const { rules, calendar } = await transferBooks(tx, committee.path, input.presentedOn, "presentedOn");
  const presentBy = presentDeadline(rules, calendar, input.letterIssuedOn);
  if (input.presentedOn > presentBy && !input.lateReason)
    throw new RuleError("transfer_present_late", "lateReason", "transfers.present_late", {
      days: rules.workingDays.present,
      date: formatDate(presentBy),
    });
  const member = await receiveMember(
    tx,
    actor,
    cell,
    {
      fullName: input.fullName,
      status: input.status,
      cardNumber: input.cardNumber,
      dateOfBirth: input.dateOfBirth,
      gender: input.gender,
      admissionDate: input.admissionDate,
      officialDate: input.officialDate,
      unit: input.unit,
    },
    input.presentedOn,
    `Tiếp nhận từ ${input.counterpart} ` +
      `(giấy giới thiệu số ${input.letterNumber} ngày ${formatDate(input.letterIssuedOn)})`,
  );
  const [row] = await tx
    .insert(partyTransfers)
    .values({
      direction: "in",
      partyCommitteeId: committee.id,
      organizationId: cell.id,
      memberId: member.id,
      counterpart: input.counterpart,
      letterNumber: input.letterNumber,
      letterIssuedOn: input.letterIssuedOn,
      effectiveOn: input.presentedOn,
      lateReason: input.lateReason,
    })
    .returning();
  await transferAudit(
    tx,
    actor,
    "create",
    { organizationId: cell.id, entityId: row!.id },
    {
      before: null,
      after: row!,
    },
  );
  return row!;
}

/**
 * A temporary stay: one of our members at a host cell (ours or named), or a member of another đảng bộ (named, with
 * their official cell) at one of our cells. The duration must be a temporary transfer's; the member stays on the
 * roll of the official cell, so no roster changes.
 */
export async function createStay(
  tx: Tx,
  actor: Actor,
  committee: OrganizationRow,
  input: TemporaryStayInput,
): Promise<StayRow> {
  let home: { id: string | null; name: string | null } = { id: null, name: input.homeName };
  if (input.memberId) {
    if (input.fullName) throw new RuleError("stay_member_or_person", "fullName", "transfers.member_or_person");
    const member = await memberInside(tx, committee, input.memberId);
    if (member.leftOn) throw new ConflictError("member_left", "errors.member_left");
    home = { id: member.organizationId, name: null };
  } else {
    if (!input.fullName) throw new RuleError("required", "fullName", "validation.required");
    if (!input.homeName) throw new RuleError("required", "homeName", "validation.required");
    if (!input.hostOrganizationId) throw new RuleError("required", "hostOrganizationId", "validation.required");
  }
  if (!input.hostOrganizationId && !input.hostName) throw new RuleError("required", "hostName", "validation.required");
  if (input.hostOrganizationId && input.hostName)
    throw new RuleError("stay_one_host", "hostName", "transfers.one_host");
  if (input.hostOrganizationId) {
    await cellInside(tx, committee, input.hostOrganizationId, "hostOrganizationId");
    if (input.hostOrganizationId === home.id)
      throw new RuleError("same_organization", "hostOrganizationId", "errors.same_organization");
  }
  const { rules } = await transferBooks(tx, committee.path, input.startsOn, "startsOn");
  const issue = stayDurationIssue(rules.temporary, input.purpose, input.startsOn, input.endsOn);
  if (issue)
    throw new RuleError(issue, "endsOn", `transfers.${issue}`, {
      min: rules.temporary.minMonths,
      max: input.purpose === "work" ? rules.temporary.workMonthsUnder : rules.temporary.studyMonthsMax,
    });
  if (input.memberId && (await overlappingStay(tx, input.memberId, input.startsOn, input.endsOn)))
    throw new RuleError("stay_overlaps", "startsOn", "transfers.stay_overlaps");
  const [row] = await tx
    .insert(temporaryStays)
    .values({
      partyCommitteeId: committee.id,
      memberId: input.memberId,
      fullName: input.memberId ? null : input.fullName,
      dateOfBirth: input.memberId ? null : input.dateOfBirth,
      homeOrganizationId: home.id,
      homeName: home.name,
      hostOrganizationId: input.hostOrganizationId,
      hostName: input.hostOrganizationId ? null : input.hostName,
      purpose: input.purpose,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      letterNumber: input.letterNumber,
    })
    .returning();
  const organizationId = input.hostOrganizationId ?? home.id ?? committee.id;
  await stayAudit(tx, actor, "create", { organizationId, entityId: row!.id }, { before: null, after: row! });
  return row!;
}

/** The organisation that answers for a stay's comments: the host cell when it is ours, else the official cell. */
export const stayOwner = (stay: StayRow): string =>
  stay.hostOrganizationId ?? stay.homeOrganizationId ?? stay.partyCommitteeId;

/** The host cell's comment on the member during the stay, which the official cell reads at its review. */
export async function commentOnStay(
  tx: Tx,
  actor: Actor,
  stay: StayRow,
  input: HostCommentInput,
  today: string,
): Promise<StayRow> {
  alreadyCancelled(stay);
  notAfterToday(input.commentedOn, "commentedOn", today);
  if (input.commentedOn < stay.startsOn)
    throw new RuleError("comment_before_stay", "commentedOn", "transfers.comment_before_stay", {
      date: formatDate(stay.startsOn),
    });
  const row = await updateVersioned(tx, temporaryStays, stay.id, input.version, {
    hostComment: input.comment,
    hostCommentOn: input.commentedOn,
  });
  await stayAudit(
    tx,
    actor,
    "comment",
    { organizationId: stayOwner(stay), entityId: stay.id },
    {
      before: stay,
      after: row,
    },
  );
  return row;
}

/** Transfers across the đảng bộ's edge are the đảng ủy's: they are recorded on a đảng bộ, never on a cell. */
export function expectPartyCommittee(org: OrganizationRow): OrganizationRow {
  if (org.kind !== "party_committee")
    throw new ConflictError("transfer_party_committee_only", "transfers.party_committee_only");
  return org;
}

const alreadyCancelled = (row: { cancelledOn: string | null }) => {
  if (row.cancelledOn) throw new ConflictError("already_cancelled", "transfers.already_cancelled");
};

/**
 * An official transfer out withdrawn while its giấy giới thiệu is still valid (recorded by mistake, or the move
 * called off): the transfer is kept, marked cancelled with the reason and who did it; the letter stays in the
 * register, revoked on that day for that reason; and the member
 * is back on the roll with a status history that never shows them gone. A member received from another đảng bộ is
 * on the roll already; a mistake there is corrected on the member's record.
 */
export async function cancelTransfer(
  tx: Tx,
  actor: Actor,
  transfer: TransferRow,
  input: CancelInput,
  today: string,
): Promise<TransferRow> {
  alreadyCancelled(transfer);
  if (transfer.direction !== "out")
    throw new ConflictError("transfer_in_not_cancellable", "transfers.in_not_cancellable");
  const committee = (await getOrganization(tx, transfer.partyCommitteeId))!;
  const { rules, calendar } = await transferBooks(tx, committee.path, transfer.letterIssuedOn);
  const presentBy = presentDeadline(rules, calendar, transfer.letterIssuedOn);
  const issue = transferCancelIssue(transfer, presentBy, input.cancelledOn, today);
  if (issue)
    throw new RuleError(issue, "cancelledOn", `transfers.${issue}`, {
      letter: formatDate(transfer.letterIssuedOn),
      date: formatDate(presentBy),
    });
  const row = await updateVersioned(tx, partyTransfers, transfer.id, input.version, {
    cancelledOn: input.cancelledOn,
    cancelReason: input.reason,
    cancelledBy: actor.userId,
  });
  // The letter stays in the register under its number, shown revoked on the day and for the reason.
  if (transfer.documentId)
    await revokeIssuedDocument(tx, actor, transfer.documentId, { revokedOn: input.cancelledOn, reason: input.reason });
  await cancelLeavingByTransfer(
    tx,
    actor,
    transfer.memberId,
    transfer.effectiveOn,
    `Huỷ chuyển sinh hoạt đảng (giấy giới thiệu số ${transfer.letterNumber ?? ""}): ${input.reason}`,
  );
  await transferAudit(
    tx,
    actor,
    "cancel",
    { organizationId: transfer.organizationId, entityId: transfer.id },
    { before: transfer, after: row },
  );
  return row;
}

/** A temporary stay cancelled before it began or withdrawn before its end: kept, with the reason. */
export async function cancelStay(
  tx: Tx,
  actor: Actor,
  stay: StayRow,
  input: CancelInput,
  today: string,
): Promise<StayRow> {
  alreadyCancelled(stay);
  const issue = stayCancelIssue(stay, input.cancelledOn, today);
  if (issue) throw new RuleError(issue, "cancelledOn", `transfers.${issue}`, { date: formatDate(stay.endsOn) });
  const row = await updateVersioned(tx, temporaryStays, stay.id, input.version, {
    cancelledOn: input.cancelledOn,
    cancelReason: input.reason,
    cancelledBy: actor.userId,
  });
  await stayAudit(
    tx,
    actor,
    "cancel",
    { organizationId: stayOwner(stay), entityId: stay.id },
    {
      before: stay,
      after: row,
    },
  );
  return row;
}
