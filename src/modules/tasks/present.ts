import { z } from "zod";
import { itemsOf, timestamp, type Wire } from "../../core/http/present.js";
import type { ChecklistStage } from "../congresses/model.js";
import { MEETING_STATUSES } from "../meetings/model.js";
import { ORG_KINDS } from "../organizations/model.js";
import { PLAN_KINDS } from "../plans/model.js";
import { RESOLUTION_STATES } from "../resolutions/model.js";
import { TASK_COMMENT_KINDS, TASK_SOURCES, TASK_STATUSES } from "./model.js";

// What the tasks module answers. A field not named here never leaves the server.

export const taskSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  sourceKind: z.enum(TASK_SOURCES),
  sourceId: z.uuid().nullable(),
  planItemId: z.uuid().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  responsibleMemberId: z.uuid(),
  helperIds: z.array(z.uuid()),
  startsOn: z.string(),
  dueOn: z.string(),
  progress: z.number(),
  doneOn: z.string().nullable(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
  version: z.number(),
});

/** A task in a list: who answers for it, where, and how it stands today. */
export const listedTaskSchema = taskSchema.extend({
  responsibleName: z.string(),
  organizationName: z.string(),
  status: z.enum(TASK_STATUSES),
});

export const taskListSchema = itemsOf(listedTaskSchema);

/** My tasks: the ones I answer for and the ones I help with. */
export const myTasksSchema = itemsOf(listedTaskSchema.extend({ role: z.enum(["responsible", "helper"]) }));

export const taskUpdateSchema = z.object({
  id: z.uuid(),
  reportedOn: z.string(),
  percent: z.number(),
  note: z.string().nullable(),
  memberName: z.string().nullable(),
  evidenceName: z.string().nullable(),
  createdAt: timestamp(),
});

/** A deadline moved: from, to, why, by whom, when. */
export const taskExtensionSchema = z.object({
  id: z.uuid(),
  fromDueOn: z.string(),
  toDueOn: z.string(),
  reason: z.string(),
  byName: z.string(),
  createdAt: timestamp(),
});

/** A comment or direction on a task or on an organisation's month. */
export const taskCommentSchema = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  taskId: z.uuid().nullable(),
  month: z.string().nullable(),
  kind: z.enum(TASK_COMMENT_KINDS),
  body: z.string(),
  authorName: z.string(),
  createdAt: timestamp(),
});
export const taskCommentListSchema = itemsOf(taskCommentSchema);

export const taskDetailSchema = taskSchema.extend({
  status: z.enum(TASK_STATUSES),
  organizationName: z.string(),
  /** The plan the task serves (through its plan item), for the way back to it. */
  plan: z.object({ id: z.uuid(), title: z.string() }).nullable(),
  responsibleName: z.string().nullable(),
  helpers: z.array(z.object({ id: z.uuid(), fullName: z.string().nullable() })),
  updates: z.array(taskUpdateSchema),
  extensions: z.array(taskExtensionSchema),
  /** The reader carries the task or helps with it: the way back is "my tasks". */
  mine: z.boolean(),
  mayReport: z.boolean(),
  mayManage: z.boolean(),
  /** The reader may read and write comments and directions on it (the committee, the overseers). */
  mayComment: z.boolean(),
});

/** One row of an uploaded progress sheet, as checked: what will be written, or why it cannot be. */
const bulkRowSchema = z.union([
  z.object({
    row: z.number(),
    taskId: z.string(),
    ok: z.literal(true),
    percent: z.number(),
    note: z.string().nullable(),
    title: z.string(),
    currentProgress: z.number().nullable(),
  }),
  z.object({
    row: z.number(),
    taskId: z.string(),
    ok: z.literal(false),
    error: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    currentProgress: z.number().nullable(),
  }),
]);

export const bulkPreviewSchema = z.object({ rows: z.array(bulkRowSchema), errors: z.number(), ready: z.boolean() });

const checklistItemSchema = z.object({
  id: z.uuid(),
  itemKey: z.string(),
  title: z.string(),
  titleEn: z.string(),
  dueOn: z.string(),
  ownerMemberId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  recordKind: z.string().nullable(),
  recordId: z.uuid().nullable(),
  done: z.boolean(),
  doneOn: z.string().nullable(),
  note: z.string().nullable(),
  stage: z.enum(["done", "overdue", "due_soon", "open"] as const satisfies readonly ChecklistStage[]),
  version: z.number(),
});

/** The home page of an organisation: late work, targets at risk, programmes, resolutions, the congress checklist. */
export const dashboardSchema = z.object({
  organization: z.object({ id: z.uuid(), name: z.string(), kind: z.enum(ORG_KINDS) }),
  today: z.string(),
  /** This month's cell meeting: held or not, attendance rate, rating (cells only). */
  meeting: z
    .object({
      held: z.boolean(),
      meetingId: z.uuid().nullable(),
      date: z.string().nullable(),
      status: z.enum(MEETING_STATUSES).nullable(),
      ratePercent: z.number().nullable(),
      rating: z.string().nullable(),
    })
    .nullable(),
  tasks: z.object({
    total: z.number(),
    late: z.number(),
    atRisk: z.number(),
    done: z.number(),
    lateList: z.array(listedTaskSchema),
  }),
  targets: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      unit: z.string(),
      goal: z.number(),
      baseline: z.number(),
      latest: z.number().nullable(),
      attainment: z.number().nullable(),
      workProgress: z.number().nullable(),
      atRisk: z.boolean(),
      resolutionId: z.uuid(),
      resolutionTitle: z.string(),
      organizationId: z.uuid(),
    }),
  ),
  programmes: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      kind: z.enum(PLAN_KINDS),
      startsOn: z.string(),
      endsOn: z.string(),
      progress: z.number().nullable(),
    }),
  ),
  resolutions: z.array(
    z.object({ id: z.uuid(), title: z.string(), state: z.enum(RESOLUTION_STATES), progress: z.number().nullable() }),
  ),
  checklist: z.object({ congressId: z.uuid(), heldOn: z.string(), items: z.array(checklistItemSchema) }).nullable(),
  /** Across every visible cell; the cells themselves come a page at a time from /dashboard/cells. */
  cellSummary: z.object({ total: z.number(), congressesHeld: z.number(), checklistsComplete: z.number() }),
});

/** A page of the cells on a đảng bộ's home, each with its tasks, programme progress and checklist. */
export const dashboardCellsSchema = z.object({
  total: z.number(),
  offset: z.number(),
  items: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      late: z.number(),
      atRisk: z.number(),
      tasks: z.number(),
      progress: z.number().nullable(),
      congressHeldOn: z.string().nullable(),
      checklist: z
        .object({
          organizationId: z.uuid(),
          done: z.number(),
          total: z.number(),
          overdue: z.number(),
          complete: z.boolean(),
        })
        .nullable(),
    }),
  ),
});

export type ListedTask = Wire<typeof listedTaskSchema>;
export type MyTask = Wire<typeof myTasksSchema>["items"][number];
export type TaskDetail = Wire<typeof taskDetailSchema>;
export type TaskComment = Wire<typeof taskCommentSchema>;
export type BulkPreview = Wire<typeof bulkPreviewSchema>;
export type Dashboard = Wire<typeof dashboardSchema>;
export type DashboardCells = Wire<typeof dashboardCellsSchema>;
export type DashboardCell = DashboardCells["items"][number];
