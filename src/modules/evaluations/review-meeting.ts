// The cell's review meeting (issue 15 item 4): a meeting of the meetings module with the year-end review agenda,
// linked to the period and the cell so the review page and the meeting page lead to each other.
import { and, eq, isNull } from "drizzle-orm";
import type { Actor } from "../../core/access/index.js";
import type { Executor, Tx } from "../../core/db/index.js";
import { auditTrail, type Change } from "../../core/audit/index.js";
import { ConflictError, RuleError } from "../../core/http/errors.js";
import { createAgendaMeeting } from "../meetings/public-evaluations.js";
import { getMeeting } from "../meetings/store.js";
import { getOrganization } from "../organizations/store.js";
import type { ReviewMeetingInput } from "./model.js";
import { evaluationPeriods, evaluationReviewMeetings } from "./schema.js";
import type { PeriodRow } from "./store.js";

const linkAudit = auditTrail<{
  create: Change<null, typeof evaluationReviewMeetings.$inferSelect>;
}>("evaluation_review_meeting");

/** The review meeting of a cell in a period, with the meeting's date and status; null before one is created. */
export async function reviewMeetingOf(ex: Executor, periodId: string, cellId: string) {
  const [link] = await ex
    .select()
    .from(evaluationReviewMeetings)
    .where(
      and(
        eq(evaluationReviewMeetings.periodId, periodId),
        eq(evaluationReviewMeetings.cellId, cellId),
        isNull(evaluationReviewMeetings.deletedAt),
      ),
    );
  const meeting = link ? await getMeeting(ex, link.meetingId) : null;
  return meeting ? { id: meeting.id, date: meeting.date, status: meeting.status } : null;
}

/** The period and cell a meeting reviews, if it is a review meeting. */
export async function reviewOfMeeting(ex: Executor, meetingId: string) {
  const [row] = await ex
    .select({
      periodId: evaluationReviewMeetings.periodId,
      cellId: evaluationReviewMeetings.cellId,
      year: evaluationPeriods.year,
    })
    .from(evaluationReviewMeetings)
    .innerJoin(evaluationPeriods, eq(evaluationPeriods.id, evaluationReviewMeetings.periodId))
    .where(and(eq(evaluationReviewMeetings.meetingId, meetingId), isNull(evaluationReviewMeetings.deletedAt)));
  return row ?? null;
}

/**
 * Creates the cell's review meeting with the year-end review agenda (rulebook `meeting-agenda`): the period must
 * be open and the cell have none yet. Its minutes, attendance and votes are the meeting's; the comments and the
 * proposals recorded on the review page name it.
 */
export async function holdReviewMeeting(
  tx: Tx,
  actor: Actor,
  period: PeriodRow,
  cellId: string,
  input: ReviewMeetingInput,
) {
  if (period.state !== "open") throw new RuleError("period_closed", "period", "evaluations.period_closed");
  if (await reviewMeetingOf(tx, period.id, cellId))
    throw new ConflictError("review_meeting_exists", "evaluations.review_meeting_exists");
  const org = (await getOrganization(tx, cellId))!;
  const meeting = await createAgendaMeeting(tx, actor, org, {
    agenda: "year_end_review",
    ...input,
    values: { year: period.year },
  });
  const [link] = await tx
    .insert(evaluationReviewMeetings)
    .values({ periodId: period.id, cellId, meetingId: meeting.id, createdBy: actor.userId })
    .returning();
  await linkAudit(tx, actor, "create", { organizationId: cellId, entityId: link!.id }, { before: null, after: link! });
  return { id: meeting.id, date: meeting.date, status: meeting.status };
}
