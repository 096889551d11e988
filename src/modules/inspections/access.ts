import { type Actor, can, type OrgRef } from "../../core/access/index.js";
import type { ProgrammeBody } from "./model.js";

/**
 * Who may read and run inspections. Decided here, once, from the actor's scopes: the loader of every route, list,
 * count and dashboard asks these functions and nothing else (ADR 0126).
 */

const covers = (scopePath: string, subtree: boolean, scopeOrgId: string, org: OrgRef) =>
  subtree ? org.path.startsWith(scopePath) : scopeOrgId === org.id;

/** A member of the UBKT of this đảng bộ (or of one above it). Not the office, not an administrator. */
export function isInspector(actor: Actor, partyOrg: OrgRef): boolean {
  return actor.scopes.some((s) => s.role === "inspector" && covers(s.path, s.subtree, s.organizationId, partyOrg));
}

/**
 * The deciding committee: the đảng ủy of this đảng bộ — its secretary and deputies (manager on the đảng bộ itself)
 * and its members (the non-subtree member scope a đảng ủy seat gives). A cell's secretary holds manager only on the
 * cell, so is never in it; neither is the office, whose role is "office".
 */
export function isDecidingCommittee(actor: Actor, partyOrg: OrgRef): boolean {
  return actor.scopes.some(
    (s) => s.organizationId === partyOrg.id && (s.role === "manager" || (s.role === "member" && !s.subtree)),
  );
}

/** May the actor run (record the steps of) an inspection of this body? */
export function mayRun(actor: Actor, body: ProgrammeBody, owner: OrgRef): boolean {
  if (body === "inspection_committee") return isInspector(actor, owner);
  return can(actor, "plan.manage", owner);
}

export interface ConfidentialRef {
  organization: OrgRef;
  namedMemberIds: string[];
  subjectMemberId: string | null;
  subjectOrganizationId: string | null;
  concludedOn: string | null;
}

export type ConfidentialReach = "full" | "conclusion" | "none";

/**
 * What an actor reaches of a confidential case: the whole file (UBKT, deciding committee, named people), only its
 * conclusion (the subject, once concluded), or nothing at all — which answers 404, so its existence does not leak.
 * `subjectCellManager`: the actor manages the subject organisation (the subject when the subject is a cell).
 */
export function confidentialReach(actor: Actor, c: ConfidentialRef, subjectCellManager: boolean): ConfidentialReach {
  if (isInspector(actor, c.organization) || isDecidingCommittee(actor, c.organization)) return "full";
  if (actor.memberId && c.namedMemberIds.includes(actor.memberId)) return "full";
  if (!c.concludedOn) return "none";
  if (actor.memberId && actor.memberId === c.subjectMemberId) return "conclusion";
  if (c.subjectOrganizationId && subjectCellManager) return "conclusion";
  return "none";
}

/** Only the UBKT sees who made a denunciation. */
export function seesDenouncer(actor: Actor, partyOrg: OrgRef): boolean {
  return isInspector(actor, partyOrg);
}

/** Does one of the actor's overseer scopes (a đảng ủy member following a cell) cover this organisation? */
export function oversees(actor: Actor, org: OrgRef): boolean {
  return actor.scopes.some((s) => s.role === "overseer" && covers(s.path, s.subtree, s.organizationId, org));
}

/**
 * May the actor record a routine supervision of this cell for this body? Who runs the body's work over the cell
 * (the đảng ủy's managers, the UBKT), and for the đảng ủy also the member who oversees the cell: attending its
 * meeting is the overseer's own supervision (296-QĐ/TW, giám sát thường xuyên).
 */
export function mayRecordRoutine(actor: Actor, body: ProgrammeBody, owner: OrgRef, cell: OrgRef): boolean {
  if (mayRun(actor, body, owner) && mayRun(actor, body, cell)) return true;
  return body === "party_committee" && oversees(actor, cell);
}
