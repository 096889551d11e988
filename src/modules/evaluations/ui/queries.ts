import type { z } from "zod";
import type {
  cellViewSchema,
  decemberViewSchema,
  formSchema,
  listPeriodsSchema,
  meetingReviewSchema,
  memberHistorySchema,
  myEvaluationsSchema,
  periodDetailSchema,
  subjectDetailSchema,
} from "../present";

// The pages' types are the server's response schemas, as they arrive.
export type Period = z.input<typeof listPeriodsSchema>["items"][number];
export type PeriodDetail = z.input<typeof periodDetailSchema>;
export type DecemberView = z.input<typeof decemberViewSchema>;
export type CellView = z.input<typeof cellViewSchema>;
export type SubjectRow = CellView["subjects"][number];
export type SubjectDetail = z.input<typeof subjectDetailSchema>;
export type AssessmentForm = z.input<typeof formSchema>;
export type MyEvaluations = z.input<typeof myEvaluationsSchema>;
export type MemberHistory = z.input<typeof memberHistorySchema>;
export type MeetingReview = z.input<typeof meetingReviewSchema>;
export type Level = NonNullable<SubjectRow["decidedLevel"]>;

export const evaluationKeys = {
  mine: ["evaluations", "mine"] as const,
  periods: (orgId: string) => ["evaluations", "periods", orgId] as const,
  period: (id: string) => ["evaluations", "period", id] as const,
  december: (id: string, page: number) => ["evaluations", "december", id, page] as const,
  cell: (periodId: string, cellId: string) => ["evaluations", "cell", periodId, cellId] as const,
  subject: (id: string) => ["evaluations", "subject", id] as const,
  form: (id: string) => ["evaluations", "form", id] as const,
  history: (memberId: string) => ["evaluations", "history", memberId] as const,
};

export const LEVEL_ORDER = ["excellent", "good", "completed", "not_completed"] as const;

/** One colour per level, the same on every page and chart. */
export const LEVEL_COLOR: Record<(typeof LEVEL_ORDER)[number], string> = {
  excellent: "teal.8",
  good: "blue.7",
  completed: "yellow.7",
  not_completed: "red.8",
};
