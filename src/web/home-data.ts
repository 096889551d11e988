import type { QueryClient } from "@tanstack/react-query";
import { api } from "./api";
import { noticesKey } from "./notices";
import { HOME_CALL } from "../modules/home/model";
import type { Home } from "../modules/home/present";
import type { Me } from "../modules/accounts/present";
import { orgKeys } from "../modules/organizations/ui/queries";
import { planKeys } from "../modules/plans/ui/shared";

/**
 * The home's first screen in one call (ADR 0163). Each part goes into the cache under the key of the route that
 * answers it alone, so the cards find their data there and ask nothing more; a later refresh of one card still
 * asks its own route. The server named this call as a preload in the page, so it is usually on its way already.
 */
export async function fetchHome(queryClient: QueryClient): Promise<Me> {
  const home = await api.get<Home>(HOME_CALL);
  queryClient.setQueryData(orgKeys.all, home.organizations.items);
  queryClient.setQueryData(noticesKey, home.notices);
  queryClient.setQueryData(planKeys.myTasks, home.myTasks);
  for (const { organizationId, dashboard } of home.dashboards)
    queryClient.setQueryData(planKeys.dashboard(organizationId), dashboard);
  return home.me;
}
