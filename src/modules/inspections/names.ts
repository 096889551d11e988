import type { Executor } from "../../core/db/index.js";
import { memberNames } from "../members/store.js";
import { organizationNames } from "../organizations/store.js";

/** The names pages and documents show for subjects, leads and owners. */
export async function nameLookup(ex: Executor, memberIds: (string | null)[], orgIds: (string | null)[]) {
  const members = await memberNames(
    ex,
    memberIds.filter((x): x is string => !!x),
  );
  const orgs = new Map(
    (await organizationNames(ex, [...new Set(orgIds.filter((x): x is string => !!x))])).map((o) => [o.id, o.name]),
  );
  return {
    member: (id: string | null) => (id ? (members.get(id)?.fullName ?? "") : ""),
    subject: (r: { subjectOrganizationId: string | null; subjectMemberId: string | null }) =>
      r.subjectOrganizationId
        ? (orgs.get(r.subjectOrganizationId) ?? "")
        : (members.get(r.subjectMemberId!)?.fullName ?? ""),
  };
}
