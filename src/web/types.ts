/** Shapes of the API answers the UI reads (see /api/docs). Dates are ISO yyyy-mm-dd strings. */

import type { MemberInput, MemberStatus } from "../modules/members/model";
import { ORG_KINDS, POSITION_ROLES, type OrgKind, type PositionRole } from "../modules/organizations/model";

export { ORG_KINDS, POSITION_ROLES, type MemberStatus, type OrgKind, type PositionRole };
// The organisations module's answers, inferred from its response schemas (pages of other modules read them here).
export type { Organization, OrganizationDetail, RuleWarning } from "../modules/organizations/present";
export type Gender = "male" | "female";

export interface Probation {
  endsOn: string;
  daysLeft: number;
  stage: "running" | "due" | "overdue";
}

/** A list row; the personal fields are only present when the list says `detail: true`. */
export interface MemberListItem {
  id: string;
  organizationId: string;
  organizationName: string;
  fullName: string;
  status: MemberStatus;
  unit: string | null;
  exemptFromActivities: boolean;
  leftOn: string | null;
  cardNumber?: string | null;
  dateOfBirth?: string | null;
  probation?: Probation | null;
}

export interface MemberList {
  total: number;
  detail: boolean;
  items: MemberListItem[];
}

export type MemberFields = Omit<MemberInput, "version">;

export interface Transfer {
  id: string;
  memberId: string;
  fromOrganizationId: string | null;
  toOrganizationId: string;
  transferredOn: string;
  note: string | null;
}

export interface Member extends MemberFields {
  id: string;
  organizationId: string;
  organizationName: string;
  leftOn: string | null;
  leftReason: string | null;
  version: number;
  probation: Probation | null;
  transfers: Transfer[];
  permissions: { manage: boolean; account: boolean };
}

export type PlannedAction = "create" | "update" | "unchanged" | "error";

export interface RosterPlan {
  rows: { rowNumber: number; action: PlannedAction; fullName: string | null; organizationName: string | null }[];
  problems: {
    rowNumber: number;
    field: string | null;
    code: string;
    severity: "error" | "warning";
    message: { vi: string; en: string };
  }[];
  counts: Record<PlannedAction, number>;
  ready: boolean;
  format: string;
}
