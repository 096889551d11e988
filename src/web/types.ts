/** Shapes of the API answers the UI reads (see /api/docs). Dates are ISO yyyy-mm-dd strings. */

import type { Action } from "../core/access/index";
import type { MemberInput, MemberStatus } from "../modules/members/model";
import { ORG_KINDS, POSITION_ROLES, type OrgKind, type PositionRole } from "../modules/organizations/model";

export { ORG_KINDS, POSITION_ROLES, type MemberStatus, type OrgKind, type PositionRole };
export type Gender = "male" | "female";

/** What the signed-in person may do on an organisation: one flag per access action. */
export type Permissions = Record<Action, boolean>;

export interface Me {
  userId: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
  canBackup: boolean;
  locale: "vi" | "en";
  mustChangePassword: boolean;
  csrfToken: string;
  member: { id: string; fullName: string; organizationId: string; organizationName: string } | null;
  scopes: { role: string; organizationId: string; subtree: boolean }[];
  oversees: { organizationId: string; organizationName: string }[];
}

export interface Organization {
  id: string;
  parentId: string | null;
  path: string;
  kind: OrgKind;
  name: string;
  code: string;
  abbreviation: string;
  superiorName: string | null;
  place: string | null;
  closedOn: string | null;
  version: number;
  permissions: Permissions;
}

export interface Term {
  id: string;
  label: string;
  startsOn: string;
  endsOn: string;
}

export interface Position {
  id: string;
  memberId: string;
  fullName: string;
  role: PositionRole;
  termId: string | null;
  startsOn: string;
  endsOn: string | null;
}

export interface Oversight {
  id: string;
  memberId: string;
  fullName: string;
  organizationId: string;
  organizationName: string;
  startsOn: string;
  endsOn: string | null;
}

export interface RuleWarning {
  code: string;
  messageKey: string;
  params: Record<string, string | number>;
  source: string;
}

export interface OrganizationDetail extends Organization {
  closedReason: string | null;
  parentName: string | null;
  fullMembers: number;
  terms: Term[];
  positions: Position[];
  oversights: Oversight[];
  warnings: RuleWarning[];
  rulebook: { key: string; title: string };
}

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

export interface AuditEvent {
  id: number;
  at: string;
  actorUserId: string | null;
  actorName: string | null;
  organizationId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
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

export interface MembershipRulebook {
  title: string;
  data: { probation: { considerWithinWorkingDays: number; source: string } };
}

/** A sign-in given a role on an organisation by a grant (the office of a đảng ủy, for example). */
export interface OfficeAccount {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: "office" | "viewer";
}
