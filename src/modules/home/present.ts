import { z } from "zod";
import { statusSchema } from "../../core/backup/status-route.js";
import type { Wire } from "../../core/http/present.js";
import { noticeListSchema } from "../../core/outbox/present.js";
import { meSchema } from "../accounts/present.js";
import { listPeriodsSchema, myEvaluationsSchema } from "../evaluations/present.js";
import { meetingListSchema } from "../meetings/present.js";
import { memberListSchema } from "../members/present.js";
import { organizationDetailSchema, organizationListSchema, rulebookSchema } from "../organizations/present.js";
import { dashboardSchema, myTasksSchema } from "../tasks/present.js";

/**
 * The home's first screen in one answer (ADR 0163, 0186): each part is what its own route answers, so the page puts
 * each into the cache under that route's key and the cards read it from there. A part the route would refuse is
 * null, and the card asks the route itself.
 */
export const homeSchema = z.object({
  me: meSchema,
  organizations: organizationListSchema,
  notices: noticeListSchema,
  myTasks: myTasksSchema,
  /** The dashboards of the cells the home shows: those the actor runs or oversees. */
  dashboards: z.array(z.object({ organizationId: z.uuid(), dashboard: dashboardSchema })),
  /** The member's cell's next planned meeting (`/meetings?from=today&status=planned&limit=1`). */
  nextMeeting: z.object({ organizationId: z.uuid(), meetings: meetingListSchema.nullable() }).nullable(),
  /** `/api/me/evaluations`. */
  myEvaluations: myEvaluationsSchema,
  /**
   * For each organisation the actor runs: its page's detail, the membership rulebook that words its probation
   * warnings, a cell's members on probation and a đảng bộ's review periods. A đảng bộ's dashboard, cells and members
   * on probation are whole-tree reads: the page asks for them the moment this answer arrives (src/web/home-data.ts).
   */
  managed: z.array(
    z.object({
      organizationId: z.uuid(),
      detail: organizationDetailSchema.nullable(),
      probationers: memberListSchema.nullable(),
      membershipRulebook: rulebookSchema.nullable(),
      evaluationPeriods: listPeriodsSchema.nullable(),
    }),
  ),
  /** `/api/backup/status` for whoever runs the installation (the backup card, ADR 0191); null for anyone else. */
  backupStatus: statusSchema.nullable(),
});

export type Home = Wire<typeof homeSchema>;
