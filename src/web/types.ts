/** Shapes of the API answers the UI reads (see /api/docs). Dates are ISO yyyy-mm-dd strings. */

import type { MemberInput, MemberStatus } from "../modules/members/model";
import { ORG_KINDS, POSITION_ROLES, type OrgKind, type PositionRole } from "../modules/organizations/model";

export { ORG_KINDS, POSITION_ROLES, type MemberStatus, type OrgKind, type PositionRole };
// The organisations module's answers, inferred from its response schemas (pages of other modules read them here).
export type { Organization, OrganizationDetail, RuleWarning } from "../modules/organizations/present";
export type Gender = "male" | "female";

export type MemberFields = Omit<MemberInput, "version">;
export type {
  Member,
  MemberList,
  MemberListItem,
  PlannedAction,
  Probation,
  RosterPlan,
  Transfer,
} from "../modules/members/present";
