import { useCurrentUser } from "../../../web/auth";
import type { Organization } from "../../../web/types";
import type { Me } from "../../accounts/present";

// Who may enter the inspection pages, in a file of its own: the side menu on every screen asks it, and it must not
// bring the inspection pages' form controls into the first screen's script.

/**
 * Whether the reader may open the inspection pages of this organisation: the UBKT, the đảng ủy (its secretary,
 * deputies and members), the office over the đảng bộ; a cell's committee over its own cell. The server decides
 * what each page then shows.
 */
export function useInspectionsEntry(org: Pick<Organization, "id" | "kind" | "path">): boolean {
  return entersInspections(useCurrentUser(), org);
}

export function entersInspections(me: Me, org: Pick<Organization, "id" | "kind" | "path">): boolean {
  return me.scopes.some((s) => {
    if (org.kind === "cell") return s.organizationId === org.id && s.role === "manager";
    if (org.kind !== "party_committee") return false;
    // Paths hold every ancestor's id, so a subtree scope covers this organisation when its id is on the path.
    if (s.role === "inspector" || s.role === "office")
      return s.organizationId === org.id || (s.subtree && org.path.includes(`/${s.organizationId}/`));
    return s.organizationId === org.id && (s.role === "manager" || (s.role === "member" && !s.subtree));
  });
}
