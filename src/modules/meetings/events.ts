import { auditTrail, type Change } from "../../core/audit/index.js";
import type {
  meetingAmendments,
  meetingAttendance,
  meetingContributions,
  meetingScores,
  meetingSteps,
  meetingTasks,
  meetingVotes,
} from "./schema.js";
import type { MeetingRow } from "./store.js";

// The meeting's audit events: the history page and the tests read these action strings.

type StepRow = typeof meetingSteps.$inferSelect;
export type MeetingEvents = {
  create: Change<null, MeetingRow>;
  update: Change<null, Partial<MeetingRow>>;
  open: Change<null, Partial<MeetingRow>>;
  closed: Change<null, Partial<MeetingRow>>;
  cancelled: Change<null, Partial<MeetingRow>>;
  /** The date, time or place of a planned meeting changed (with the reason given, if any). */
  reschedule: Change<Pick<MeetingRow, "date" | "startTime" | "place" | "sequence">, Record<string, unknown>>;
  [step: `step.${string}.${string}`]: Change<null, StepRow>;
  attendance: Change<null, typeof meetingAttendance.$inferSelect>;
  "attendance.all_present": Change<null, { memberIds: string[] }>;
  "contribution.add": Change<null, typeof meetingContributions.$inferSelect>;
  "contribution.update": Change<typeof meetingContributions.$inferSelect, typeof meetingContributions.$inferSelect>;
  "task.add": Change<null, typeof meetingTasks.$inferSelect>;
  vote: Change<null, typeof meetingVotes.$inferSelect>;
  approve: Change<null, { asChair: boolean; asTaker: boolean }>;
  "approve.partial": Change<null, { asChair: boolean; asTaker: boolean }>;
  amend: Change<null, typeof meetingAmendments.$inferSelect>;
  "minutes.issue": Change<
    { minutesDocumentId: string | null },
    { minutesDocumentId: string; numberText: string | null }
  >;
  score: Change<typeof meetingScores.$inferSelect, typeof meetingScores.$inferSelect>;
};
type CalendarTokenEvents = { create: Change; revoke: Change };

export const audit = auditTrail<MeetingEvents>("meeting");
export const calendarAudit = auditTrail<CalendarTokenEvents>("calendar_token");
/** The audit reference of a record of the meeting: its organisation, and the meeting as the entity. */
export const ref = (m: { id: string; organizationId: string }) => ({
  organizationId: m.organizationId,
  entityId: m.id,
});
