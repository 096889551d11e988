import { z } from "zod";
import type { Wire } from "../../core/http/present.js";
import { noticeListSchema } from "../../core/outbox/present.js";
import { meSchema } from "../accounts/present.js";
import { organizationListSchema } from "../organizations/present.js";
import { dashboardSchema, myTasksSchema } from "../tasks/present.js";

/**
 * The home's first screen in one answer (ADR 0163): each part is what its own route answers, so the page puts
 * each into the cache under that route's key and the cards read it from there.
 */
export const homeSchema = z.object({
  me: meSchema,
  organizations: organizationListSchema,
  notices: noticeListSchema,
  myTasks: myTasksSchema,
  /** The dashboards of the cells the home shows: those the actor runs or oversees. */
  dashboards: z.array(z.object({ organizationId: z.uuid(), dashboard: dashboardSchema })),
});

export type Home = Wire<typeof homeSchema>;
