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

/** The dashboards of the cells the home shows: those the actor runs or oversees. */
const dashboardsSchema = z.array(z.object({ organizationId: z.uuid(), dashboard: dashboardSchema }));

/**
 * For each organisation the actor runs: its page's detail, the membership rulebook that words its probation
 * warnings and a cell's members on probation. A đảng bộ's dashboard, cells and members on probation are whole-tree
 * reads: the page asks for them the moment the answer arrives (src/web/home-data.ts).
 */
const managedPartSchema = z.object({
  organizationId: z.uuid(),
  detail: organizationDetailSchema.nullable(),
  probationers: memberListSchema.nullable(),
  membershipRulebook: rulebookSchema.nullable(),
});

/**
 * What the home's first screen shows (`/api/home/first`, ADR 0192): the person, the organisations, the notices, my
 * tasks, the next meeting, my reviews and the review periods of the đảng bộ the actor runs, the backup status. The
 * server draws the first screen from this alone, and sends it while it reads the rest.
 */
export const homeFirstSchema = z.object({
  me: meSchema,
  organizations: organizationListSchema,
  notices: noticeListSchema,
  myTasks: myTasksSchema,
  /** The member's cell's next planned meeting (`/meetings?from=today&status=planned&limit=1`). */
  nextMeeting: z.object({ organizationId: z.uuid(), meetings: meetingListSchema.nullable() }).nullable(),
  /** `/api/me/evaluations`. */
  myEvaluations: myEvaluationsSchema,
  /** For each organisation the actor runs, a đảng bộ's review periods (null for a cell). */
  reviews: z.array(z.object({ organizationId: z.uuid(), evaluationPeriods: listPeriodsSchema.nullable() })),
  /** `/api/backup/status` for whoever runs the installation (the backup card, ADR 0191); null for anyone else. */
  backupStatus: statusSchema.nullable(),
});

/** The rest of the home, below its first screen (`/api/home/rest`): the cells' dashboards and the run organisations. */
export const homeRestSchema = z.object({ dashboards: dashboardsSchema, managed: z.array(managedPartSchema) });

/**
 * The whole home in one answer (ADR 0163, 0186): each part is what its own route answers, so the page puts each into
 * the cache under that route's key and the cards read it from there. A part the route would refuse is null, and the
 * card asks the route itself. It is the first screen and the rest put together (`wholeHome`).
 */
export const homeSchema = homeFirstSchema.omit({ reviews: true }).extend({
  dashboards: dashboardsSchema,
  managed: z.array(managedPartSchema.extend({ evaluationPeriods: listPeriodsSchema.nullable() })),
});

export type Home = Wire<typeof homeSchema>;
export type HomeFirst = Wire<typeof homeFirstSchema>;
export type HomeRest = Wire<typeof homeRestSchema>;
