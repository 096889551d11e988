import type { Actor } from "../../core/access/index.js";
import type { Tx } from "../../core/db/index.js";
import { NotFoundError } from "../../core/http/errors.js";
import type { OrganizationRow } from "../organizations/store.js";
import { changeMemberStatus, createMember } from "./operations.js";
import { getMember, type MemberRow } from "./store.js";

// What the admissions module asks of the members: the probationary member a ceremony creates, and their recognition.

export interface AdmittedPerson {
  fullName: string;
  dateOfBirth: string;
  gender: "male" | "female" | null;
  unit: string | null;
  /** The đảng ủy's decision: party age counts from it (Điều lệ). */
  admissionDate: string;
  ceremonyDate: string;
}

/**
 * The candidate becomes a probationary member of the cell on the ceremony day: a member record, belonging to the
 * cell from that day, with its status history opened as probationary — through the same operation as any member.
 */
export async function admitProbationaryMember(
  tx: Tx,
  actor: Actor,
  cell: OrganizationRow,
  person: AdmittedPerson,
): Promise<MemberRow> {
  return createMember(tx, actor, cell, {
    organizationId: cell.id,
    fullName: person.fullName,
    status: "probationary",
    cardNumber: null,
    dateOfBirth: person.dateOfBirth,
    gender: person.gender,
    ethnicity: null,
    education: null,
    admissionDate: person.admissionDate,
    ceremonyDate: person.ceremonyDate,
    officialDate: null,
    phone: null,
    email: null,
    unit: person.unit,
    exemptFromActivities: false,
    joinedOn: person.ceremonyDate,
  });
}

/** Recognition as a full member from `on` (the end of the probation), written in the status history. */
export async function recognizeMember(
  tx: Tx,
  actor: Actor,
  memberId: string,
  on: string,
  reason: string,
): Promise<MemberRow> {
  const member = await getMember(tx, memberId, { forUpdate: true });
  if (!member) throw new NotFoundError("member");
  const { organizationPath: _path, organizationName: _name, ...row } = member;
  return changeMemberStatus(tx, actor, row, { change: "recognition", on, reason, version: member.version });
}
