import type { QueryClient } from "@tanstack/react-query";
import { api } from "./api";
import { BACKUP_STATUS_KEY } from "./BackupCard";
import { noticesKey } from "./notices";
import { HOME_CALL } from "../modules/home/model";
import type { Home } from "../modules/home/present";
import type { Me } from "../modules/accounts/present";
import { evaluationKeys } from "../modules/evaluations/ui/queries";
import { meetingKeys } from "../modules/meetings/ui/queries";
import { memberKeys, probationersQuery } from "../modules/members/ui/queries";
import { orgKeys } from "../modules/organizations/ui/queries";
import { dashboardQuery, partyCellsQuery, planKeys } from "../modules/plans/ui/shared";

/**
 * The home's first screen in one call (ADR 0163). Each part goes into the cache under the key of the route that
 * answers it alone, so the cards find their data there and ask nothing more; a later refresh of one card still
 * asks its own route. The server named this call as a preload in the page, so it is usually on its way already.
 */
export async function fetchHome(queryClient: QueryClient): Promise<Me> {
  const home = await api.get<Home>(HOME_CALL);
  putHome(queryClient, home);
  askWholeTreeReads(queryClient, home);
  return home.me;
}

/**
 * Puts each part of the home's answer under its own route's key. The server drawing the first screen (ADR 0191)
 * does the same with the same answer, and the page does it again with the copy sent in the HTML, so both draw alike.
 */
export function putHome(queryClient: QueryClient, home: Home): void {
  queryClient.setQueryData(orgKeys.all, home.organizations.items);
  queryClient.setQueryData(noticesKey, home.notices);
  queryClient.setQueryData(planKeys.myTasks, home.myTasks);
  for (const { organizationId, dashboard } of home.dashboards)
    queryClient.setQueryData(planKeys.dashboard(organizationId), dashboard);
  // The cards' own reads, answered in the same call (ADR 0186); a part left out (null) the card asks for itself.
  queryClient.setQueryData(evaluationKeys.mine, home.myEvaluations);
  if (home.backupStatus) queryClient.setQueryData(BACKUP_STATUS_KEY, home.backupStatus);
  if (home.nextMeeting?.meetings)
    queryClient.setQueryData(meetingKeys.next(home.nextMeeting.organizationId), home.nextMeeting.meetings);
  for (const part of home.managed) {
    const id = part.organizationId;
    if (part.detail) queryClient.setQueryData(orgKeys.detail(id), part.detail);
    if (part.probationers) queryClient.setQueryData(memberKeys.probation(id), part.probationers);
    if (part.membershipRulebook) queryClient.setQueryData(orgKeys.rulebook(id), part.membershipRulebook);
    if (part.evaluationPeriods) queryClient.setQueryData(evaluationKeys.periods(id), part.evaluationPeriods);
  }
}

/** A đảng bộ's whole-tree reads, asked by the page (never by the server drawing the first screen). */
export function askWholeTreeReads(queryClient: QueryClient, home: Home): void {
  const organizations = new Map(home.organizations.items.map((o) => [o.id, o]));
  for (const part of home.managed) {
    const id = part.organizationId;
    // A đảng bộ's dashboard, cells and members on probation are whole-tree reads, not in the call: asked now, while
    // the home renders, rather than once their cards are on the screen.
    const org = organizations.get(id);
    if (org?.kind === "party_committee") {
      void queryClient.prefetchQuery(dashboardQuery(id));
      void queryClient.prefetchInfiniteQuery(partyCellsQuery(id));
      if (org.permissions["member.view"]) void queryClient.prefetchQuery(probationersQuery(id));
    }
  }
}
